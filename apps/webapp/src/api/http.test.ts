// @vitest-environment node
// (Pure logic: no DOM needed, and jsdom costs seconds per file.)
import { describe, expect, it, vi } from 'vitest';
import { ApiError, describeLoadFailure, parseFieldErrors } from './api-error';
import { createStorefrontApi } from './storefront-api';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('API client', () => {
  it('maps a 503 CIRCUIT_OPEN to an explained failure', async () => {
    const api = createStorefrontApi(() =>
      Promise.resolve(json(503, { statusCode: 503, error: 'Service unavailable', message: 'circuit open for catalog', code: 'CIRCUIT_OPEN', upstream: 'catalog' })),
    );
    const error = await failureOf(api.catalogItems({ pageIndex: 0, pageSize: 12 }));
    expect(error.status).toBe(503);
    expect(error.circuitOpen).toBe(true);
    expect(describeLoadFailure(error, 'catalog')).toBe(
      'The catalog is unavailable right now. Try again in a moment. (the gateway stopped calling a failing service for a few seconds)',
    );
  });

  it('explains a plain 5xx and no answer at all', async () => {
    const down = await failureOf(createStorefrontApi(() => Promise.resolve(json(502, { message: 'bad gateway' }))).basket());
    expect(down.circuitOpen).toBe(false);
    expect(describeLoadFailure(down, 'basket')).toBe('The basket is unavailable right now. Try again in a moment.');
    const offline = await failureOf(createStorefrontApi(() => Promise.reject(new TypeError('Failed to fetch'))).basket());
    expect(offline.status).toBe(0);
    expect(describeLoadFailure(offline, 'basket')).toMatch(/cannot be reached/);
  });

  it('marks a 401 as "sign in required"', async () => {
    const error = await failureOf(createStorefrontApi(() => Promise.resolve(json(401, { statusCode: 401, message: 'sign in' }))).orders());
    expect(error.signInRequired).toBe(true);
  });

  it('reads the fields a 400 names', async () => {
    const message = 'zipCode: Too big: expected string to have <=20 characters; cardExpiration: the card has expired';
    const error = await failureOf(createStorefrontApi(() => Promise.resolve(json(400, { statusCode: 400, message }))).orders());
    expect(error.fieldErrors).toEqual({ zipCode: 'Too big: expected string to have <=20 characters', cardExpiration: 'the card has expired' });
    expect(parseFieldErrors('the basket is empty')).toEqual({});
  });

  it('survives an error body that is not JSON', async () => {
    const error = await failureOf(createStorefrontApi(() => Promise.resolve(new Response('<html>', { status: 500, statusText: 'Internal Server Error' }))).orders());
    expect(error.status).toBe(500);
    expect(error.message).toBe('Internal Server Error');
  });

  it('treats 401 from /auth/me as signed out and sends the CSRF token on writes only', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const answers = [
      json(200, { user: { id: 'a', name: 'Alice', roles: [] }, csrfToken: 'csrf-1' }),
      json(200, { buyerId: 'a', items: [] }),
      json(200, { buyerId: 'a', items: [] }),
      new Response(null, { status: 202 }),
    ];
    const fetchFn = vi.fn((url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(answers.shift() as Response);
    });
    const api = createStorefrontApi(fetchFn);
    expect(await api.me()).toEqual({ id: 'a', name: 'Alice', roles: [] });
    await api.basket();
    await api.addToBasket(5, 1);
    await api.checkout(
      { street: 's', city: 'c', state: 's', country: 'c', zipCode: 'z', cardNumber: '4111111111111111', cardHolderName: 'A', cardExpiration: '2099-01-31T23:59:59.000Z', cardSecurityNumber: '123', cardTypeId: 2 },
      'b9f6b0de-1f3c-4a8e-9a53-2a3f5f1c9e10',
    );
    const headers = (index: number) => (calls[index]?.init?.headers ?? {}) as Record<string, string>;
    expect(headers(1)['x-csrf-token']).toBeUndefined();
    expect(calls[2]).toMatchObject({ url: '/api/basket/items', init: { method: 'POST', body: '{"productId":5,"quantity":1}' } });
    expect(headers(2)['x-csrf-token']).toBe('csrf-1');
    expect(headers(3)['x-requestid']).toBe('b9f6b0de-1f3c-4a8e-9a53-2a3f5f1c9e10');

    const signedOut = createStorefrontApi(() => Promise.resolve(json(401, { statusCode: 401, message: 'no session' })));
    expect(await signedOut.me()).toBeNull();
  });

  it('builds the catalog filter routes', async () => {
    const urls: string[] = [];
    const api = createStorefrontApi((url) => {
      urls.push(url);
      return Promise.resolve(json(200, { pageIndex: 0, pageSize: 12, count: 0, data: [] }));
    });
    await api.catalogItems({ pageIndex: 1, pageSize: 12 });
    await api.catalogItems({ pageIndex: 0, pageSize: 12, typeId: 3 });
    await api.catalogItems({ pageIndex: 0, pageSize: 12, typeId: 3, brandId: 2 });
    await api.catalogItems({ pageIndex: 0, pageSize: 12, brandId: 2 });
    expect(urls).toEqual([
      '/api/catalog/items?pageIndex=1&pageSize=12',
      '/api/catalog/items/type/3/brand?pageIndex=0&pageSize=12',
      '/api/catalog/items/type/3/brand/2?pageIndex=0&pageSize=12',
      '/api/catalog/items/type/all/brand/2?pageIndex=0&pageSize=12',
    ]);
  });
});
