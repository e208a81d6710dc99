import {
  BadRequestException,
  NotFoundException,
  ServiceUnavailableException,
  type ArgumentsHost,
} from '@nestjs/common';
import { DomainError } from '@eshop/domain-errors';
import { HttpErrorFilter } from './http-error.filter';

class PriceConflict extends DomainError {
  readonly code = 'STALE_VERSION';
  readonly kind = 'conflict' as const;
}

class UpstreamTimeout extends Error {
  readonly code = 'UPSTREAM_TIMEOUT';
  readonly kind = 'timeout' as const;
}

function render(exception: unknown): { status: number; body: unknown } {
  const out = { status: 0, body: undefined as unknown };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({
      getResponse: () => ({
        status: (code: number) => ({ json: (body: unknown) => Object.assign(out, { status: code, body }) }),
      }),
    }),
  } as unknown as ArgumentsHost;
  new HttpErrorFilter().catch(exception, host);
  return out;
}

describe('HttpErrorFilter', () => {
  it('maps domain and library errors by kind, with their code', () => {
    expect(render(new PriceConflict('item 3 changed since version 2'))).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'item 3 changed since version 2', code: 'STALE_VERSION' },
    });
    expect(render(new UpstreamTimeout('catalog did not answer within 2000 ms')).status).toBe(504);
  });

  it('keeps HttpException statuses and body-parser errors, and hides anything else', () => {
    expect(render(new NotFoundException('order 9 not found')).body).toMatchObject({ statusCode: 404, message: 'order 9 not found' });
    const parseError = Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' });
    expect(render(parseError).body).toMatchObject({ statusCode: 400, message: 'body: malformed JSON' });
    expect(render(new BadRequestException('Unexpected end of JSON input')).body).toMatchObject({
      message: 'body: malformed JSON (Unexpected end of JSON input)',
    });
    const notReady = new ServiceUnavailableException({
      status: 'error',
      info: { postgres: { status: 'up' } },
      error: { rabbitmq: { status: 'down' } },
      details: { postgres: { status: 'up' }, rabbitmq: { status: 'down' } },
    });
    expect(render(notReady).body).toMatchObject({ statusCode: 503, message: 'not ready: rabbitmq', details: { rabbitmq: { status: 'down' } } });
    const redisDown = Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' });
    const pgDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(render(redisDown).status).toBe(503);
    expect(render(pgDown).body).toMatchObject({ statusCode: 503, message: 'a dependency is unavailable; retry later' });
    expect(render(new TypeError('x is undefined')).body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  });
});
