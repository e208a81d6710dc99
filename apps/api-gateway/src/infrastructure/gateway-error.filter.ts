import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyReply } from 'fastify';
import { isKindedError } from '@eshop/domain-errors';
import { HttpErrorFilter } from '@eshop/http-edge';

const REFUSED_WITHOUT_CALL = new Set(['CIRCUIT_OPEN', 'BULKHEAD_REJECTED']);

/**
 * The shared `HttpErrorFilter` on Fastify. That filter answers with `reply.status().json()`,
 * Express' API; a Fastify reply has `send()`, so it gets a reply that speaks both. On top,
 * an upstream failure's body names the upstream in its own field, and its cause (refused,
 * reset, which status) is logged: the client's message deliberately leaves it out.
 */
@Catch()
export class GatewayErrorFilter implements ExceptionFilter {
  private readonly inner = new HttpErrorFilter();
  private readonly logger = new Logger('GatewayErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const upstream = upstreamOf(exception);
    if (upstream && isKindedError(exception)) {
      const detail = (exception as Error & { detail?: unknown }).detail;
      const fields = { upstream, code: exception.code, cause: describe(exception.cause ?? detail), msg: exception.message };
      // Refused without a call: the breaker logged its opening once; one line per refusal would flood.
      if (REFUSED_WITHOUT_CALL.has(exception.code)) this.logger.debug(fields);
      else this.logger.warn(fields);
    }
    const expressLike = {
      status: (statusCode: number) => ({
        json: (body: Record<string, unknown>) => void reply.status(statusCode).send(upstream ? { ...body, upstream } : body),
      }),
    };
    const request = host.switchToHttp().getRequest<unknown>();
    this.inner.catch(exception, new ExecutionContextHost([request, expressLike, undefined]));
  }
}

/** Resilience errors carry `upstream`, discovery's `service`. */
function upstreamOf(exception: unknown): string | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { upstream, service } = exception as Error & { upstream?: unknown; service?: unknown };
  if (typeof upstream === 'string') return upstream;
  return typeof service === 'string' ? service : undefined;
}

function describe(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
}
