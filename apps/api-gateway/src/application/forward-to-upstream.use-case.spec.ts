import type { ServiceResolver } from '@eshop/discovery';
import type { UpstreamPolicies } from '@eshop/resilience';
import { UpstreamServerError } from '../domain/gateway.errors';
import type { Upstream } from '../domain/upstreams';
import { ForwardToUpstreamUseCase, isDeliberateUnavailable } from './forward-to-upstream.use-case';
import type { UpstreamClient, UpstreamResponse } from './upstream.port';

const reply = (status: number, body: unknown): UpstreamResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

/** A policy that runs the call once and counts what the breaker would see as failures. */
function forwardingTo(answer: UpstreamResponse) {
  const failures: unknown[] = [];
  const policies = {
    for: () => ({
      execute: async <T>(call: (signal: AbortSignal) => Promise<T>) => {
        try {
          return await call(new AbortController().signal);
        } catch (error) {
          failures.push(error);
          throw error;
        }
      },
    }),
  } as unknown as UpstreamPolicies<Upstream>;
  const resolver = { resolve: async () => ({ url: 'http://basket.test' }) } as unknown as ServiceResolver;
  const client: UpstreamClient = { send: async () => answer };
  return { useCase: new ForwardToUpstreamUseCase(resolver, policies, client), failures };
}

const checkout = { method: 'POST', path: '/api/basket/checkout', headers: {} };

describe('ForwardToUpstreamUseCase: a 503 the service chose to give', () => {
  it("relays the service's own message and is no failure of the upstream", async () => {
    const answer = reply(503, { statusCode: 503, error: 'Service Unavailable', message: 'checkout not accepted: the event bus is unavailable' });
    const { useCase, failures } = forwardingTo(answer);
    await expect(useCase.execute('basket-api', checkout)).resolves.toBe(answer);
    expect(failures).toEqual([]);
  });

  it.each([
    ['a 503 without the error shape', reply(503, { upstream: 'basket-api' })],
    ['a 503 that is not JSON', reply(503, '<html>busy</html>')],
    ['a 500 in the error shape', reply(500, { statusCode: 500, message: 'boom' })],
    ['a 502', reply(502, '')],
  ])('counts %s as the upstream failing', async (_name, answer) => {
    const { useCase, failures } = forwardingTo(answer);
    await expect(useCase.execute('basket-api', checkout)).rejects.toBeInstanceOf(UpstreamServerError);
    expect(failures).toHaveLength(1);
  });

  it('tells the shapes apart', () => {
    expect(isDeliberateUnavailable(reply(503, { statusCode: 503, message: 'database unavailable' }))).toBe(true);
    expect(isDeliberateUnavailable(reply(503, { statusCode: '503', message: 'x' }))).toBe(false);
    expect(isDeliberateUnavailable(reply(200, { statusCode: 503, message: 'x' }))).toBe(false);
  });
});
