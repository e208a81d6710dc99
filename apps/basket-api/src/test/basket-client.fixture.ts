import type { Server } from 'node:http';
import { TestIdentityProvider, type TestTokenClaims } from '@eshop/testing';
import request from 'supertest';

/** The identity provider this test file's basket-api trusts (tokens signed synchronously). */
export const identity = TestIdentityProvider.shared;

/** A token of this file's provider (any name: tests of what a token name may hold). */
export const tokenOf = (claims: TestTokenClaims) => identity.tokenSync(claims);

/** A staff token (role `admin`); basket has no staff routes, it must treat one as a buyer. */
export const adminToken = (id = 'admin-1', name = 'Admin') => identity.tokenSync({ sub: id, name, roles: ['admin'] });

/** What supertest can call: an app's HTTP server (in this process) or a base URL (a child). */
export type HttpTarget = Server | string;

/** `Authorization` header value for a buyer (name = `name of <id>`). */
export function authorizationOf(buyerId: string): string {
  return `Bearer ${tokenOf({ sub: buyerId, name: `name of ${buyerId}` })}`;
}

export interface HttpReply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface BasketView {
  buyerId: string;
  items: Array<{
    id: string;
    productId: number;
    productName: string;
    unitPrice: number;
    oldUnitPrice: number;
    quantity: number;
    pictureUrl: string;
  }>;
}

type Method = 'get' | 'put' | 'post' | 'delete';

/** Speaks HTTP (supertest) to one basket-api as one buyer, or with a raw Authorization header. */
export class BasketClient {
  constructor(
    private readonly target: HttpTarget,
    private readonly authorization: string | undefined,
  ) {}

  static as(target: HttpTarget, buyerId: string): BasketClient {
    return new BasketClient(target, authorizationOf(buyerId));
  }

  get(): Promise<HttpReply<BasketView>> {
    return this.send('get', '/api/basket');
  }

  put(body: unknown): Promise<HttpReply<BasketView>> {
    return this.send('put', '/api/basket', body);
  }

  addItem(body: unknown): Promise<HttpReply<BasketView>> {
    return this.send('post', '/api/basket/items', body);
  }

  delete(): Promise<HttpReply> {
    return this.send('delete', '/api/basket');
  }

  checkout(body: unknown, requestId?: string): Promise<HttpReply> {
    return this.send('post', '/api/basket/checkout', body, requestId ? { 'x-requestid': requestId } : {});
  }

  /** `body` is sent as JSON; a string is sent as it is, as `application/json` (malformed JSON). */
  async send<T>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply<T>> {
    const test = request(this.target)[method](path).set({
      ...(this.authorization ? { authorization: this.authorization } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    });
    const response = await (body === undefined ? test : test.send(typeof body === 'string' ? body : JSON.stringify(body)));
    return { status: response.status, body: (response.text ? JSON.parse(response.text) : undefined) as T };
  }
}

/** `GET /health/ready` answers 200 and the event bus consumes the service queue. */
export async function isReady(target: HttpTarget): Promise<boolean> {
  // Readiness only reports the broker: a test that publishes also waits for the consumer.
  const reply = await request(target).get('/health/ready');
  const bus = (reply.body as { details?: { rabbitmq?: { consuming?: boolean } } }).details?.rabbitmq;
  return reply.status === 200 && bus?.consuming === true;
}
