import { Logger, UnauthorizedException, type ArgumentsHost } from '@nestjs/common';
import { NoHealthyInstanceError } from '@eshop/discovery';
import { CircuitOpenError, UpstreamTimeoutError, UpstreamUnavailableError } from '@eshop/resilience';
import { GatewayErrorFilter } from './gateway-error.filter';

/** A Fastify reply has `status()` and `send()`, and no Express `json()`. */
function render(exception: unknown): { status: number; body: unknown } {
  const out = { status: 0, body: undefined as unknown };
  const reply = {
    status(code: number) {
      out.status = code;
      return this;
    },
    send(body: unknown) {
      out.body = body;
      return this;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({}) }),
  } as unknown as ArgumentsHost;
  new GatewayErrorFilter().catch(exception, host);
  return out;
}

describe('GatewayErrorFilter (HttpErrorFilter on a Fastify reply)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers upstream failures with 503/504 and names the upstream in its own field', () => {
    expect(render(new CircuitOpenError('catalog-api'))).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'catalog-api is failing; calls are suspended for a while (circuit open)',
        code: 'CIRCUIT_OPEN',
        upstream: 'catalog-api',
      },
    });
    expect(render(new UpstreamTimeoutError('basket-api', 2_000)).body).toMatchObject({ statusCode: 504, upstream: 'basket-api' });
    expect(render(new NoHealthyInstanceError('ordering-api', 'none passing')).body).toMatchObject({
      statusCode: 503,
      code: 'NO_HEALTHY_INSTANCE',
      upstream: 'ordering-api',
    });
  });

  it('never shows the cause of an upstream failure to the client', () => {
    const body = render(new UpstreamUnavailableError('catalog-api', new Error('connect ECONNREFUSED 10.0.3.7:8081'))).body;
    expect(JSON.stringify(body)).not.toContain('10.0.3.7');
  });

  it('keeps the shared shape for everything else', () => {
    expect(render(new UnauthorizedException('token expired'))).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'token expired' },
    });
    expect(render(new TypeError('boom'))).toEqual({ status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' } });
  });
});
