import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { isKindedError, type ErrorKind } from '@eshop/domain-errors';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  timeout: HttpStatus.GATEWAY_TIMEOUT,
};

/** Express replies have `json`, Fastify replies `send`; the filter serves both. */
interface ReplyLike {
  status(code: number): { json?(body: unknown): void; send?(body: unknown): void };
}

/**
 * The one place errors become HTTP: `{statusCode, error, message}`. Domain errors (and
 * library errors with `code` and `kind`) map by kind, HttpExceptions keep their status, body-parser errors (bad
 * JSON, too large) keep theirs, and anything else is a logged 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const { statusCode, message, code, details } = this.describe(exception);
    const error = HttpStatus[statusCode]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
    const body = { statusCode, error: capitalize(error), message, ...(code ? { code } : {}), ...(details ? { details } : {}) };
    const out = reply.status(statusCode);
    if (out.json) out.json(body);
    else out.send?.(body);
  }

  private describe(exception: unknown): Described {
    if (isKindedError(exception)) {
      return { statusCode: STATUS_BY_KIND[exception.kind], message: exception.message, code: exception.code };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const health = healthReport(response);
      if (health) return { statusCode: exception.getStatus(), ...health };
      // Nest turns body-parser's SyntaxError into a bare BadRequestException(err.message).
      if (exception.getStatus() === 400 && JSON_PARSE_ERROR.test(exception.message)) {
        return { statusCode: 400, message: `body: malformed JSON (${exception.message})` };
      }
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? String((response as { message: unknown }).message)
          : exception.message;
      return { statusCode: exception.getStatus(), message };
    }
    if (isDependencyOutage(exception)) {
      this.logger.warn(`dependency unavailable: ${(exception as Error).message}`);
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, message: 'a dependency is unavailable; retry later' };
    }
    const status = (exception as { status?: unknown; type?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser: malformed JSON (400), payload too large (413), bad charset (415).
      return { statusCode: status, message: describeParserError(exception) };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal error' };
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const OUTAGE_MESSAGE = /^(Connection is closed\.|Connection terminated( unexpectedly)?|Stream isn't writeable)/;

/**
 * A database, cache or broker that is down is not the client's fault nor a bug: 503, so
 * clients and the gateway retry later. ioredis gives up with MaxRetriesPerRequestError,
 * pg and sockets with a network code or a "connection terminated" message.
 */
function isDependencyOutage(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const code = (exception as { code?: unknown }).code;
  const driverCode = (exception as { driverError?: { code?: unknown } }).driverError?.code;
  return (
    exception.name === 'MaxRetriesPerRequestError' ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    (typeof driverCode === 'string' && NETWORK_CODES.has(driverCode)) ||
    OUTAGE_MESSAGE.test(exception.message)
  );
}

const JSON_PARSE_ERROR = /in JSON at position|Unexpected end of JSON input|is not valid JSON/;

interface Described {
  statusCode: number;
  message: string;
  code?: string;
  details?: unknown;
}

/**
 * Terminus reports an unready app as a 503 whose body is its report (`{status, info, error,
 * details}`) with no message. The contract wants the body to name what is down.
 */
function healthReport(response: unknown): { message: string; details: unknown } | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const report = response as { status?: unknown; error?: unknown; details?: unknown };
  if (report.status !== 'error' || typeof report.details !== 'object') return undefined;
  const down = Object.keys((report.error as Record<string, unknown> | undefined) ?? {});
  return { message: `not ready: ${down.join(', ') || 'unknown'}`, details: report.details };
}

function describeParserError(exception: unknown): string {
  const type = (exception as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return 'body: malformed JSON';
  if (type === 'entity.too.large') return 'body: too large';
  return exception instanceof Error ? exception.message : 'bad request';
}

function capitalize(text: string): string {
  return text.replace(/\b\w/g, (c) => c.toUpperCase());
}
