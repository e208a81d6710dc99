import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { levels } from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';

export interface LoggingOptions {
  readonly service: string;
  readonly level: string;
  /**
   * Log a request as `{id, method, url, remoteAddress}` and a response as `{statusCode}`,
   * without headers. pino-http serialises (and redacts) the request into a child logger on
   * every request, whether a line is written or not; its headers were most of that work
   * (the gateway, docs/adr/0007).
   */
  readonly leanRequests?: boolean;
}

interface SerializedRequest {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly url?: unknown;
  readonly remoteAddress?: unknown;
}

/** pino-http's serialised request and response in, the lean fields out. */
const LEAN_SERIALIZERS = {
  req: ({ id, method, url, remoteAddress }: SerializedRequest) => ({ id, method, url, remoteAddress }),
  res: ({ statusCode }: { readonly statusCode?: unknown }) => ({ statusCode }),
};

/** Whether lines at info (the access log) can be written at `level`. */
function logsInfo(level: string): boolean {
  const value = levels.values[level];
  const info = levels.values['info'];
  return value === undefined || info === undefined || value <= info;
}

/** pino-http's options for LoggingModule (exported for its spec). */
export function httpLoggerOptions(options: LoggingOptions): HttpLoggerOptions {
  return {
    level: options.level,
    base: { service: options.service },
    genReqId: (request: IncomingMessage, response) => {
      const incoming = request.headers['x-request-id'];
      const id = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
      response.setHeader('x-request-id', id);
      return id;
    },
    // One line per answered request at info; above info it could never be written, so the
    // per-request 'finish' listeners are not set up at all.
    autoLogging: logsInfo(options.level) && { ignore: (request) => request.url?.startsWith('/health') ?? false },
    // Credentials never reach a log line: bearer tokens, the browser's cookies and the session
    // cookie the gateway sets on sign-in. Lean requests and responses carry no headers at all
    // (every `req` and `res` field of every line goes through the serializers), so there is
    // nothing to redact, and the redaction pass on each request's child logger is saved.
    ...(options.leanRequests
      ? { serializers: LEAN_SERIALIZERS }
      : { redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] }),
  };
}

/**
 * Structured JSON logs (pino) with the service name and a request id on every line:
 * the caller's `x-request-id` when it sent one, a new uuid otherwise (echoed back).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(options) })],
    };
  }
}
