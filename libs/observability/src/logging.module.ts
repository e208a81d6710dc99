import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Module, RequestMethod, type DynamicModule, type LoggerService, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { levels, type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger, type Options as HttpLoggerOptions } from 'pino-http';
import { installContextManager, requestLogger, withRequestLogger } from './request-context';

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
  /** Where lines go (tests); stdout by default. */
  readonly destination?: DestinationStream;
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

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * The app's pino logger, as components inject it: inside a request the request's child
 * logger (its lines carry the request id), outside one the app's own.
 */
@Injectable()
export class ServiceLogger {
  constructor(private readonly root: Logger) {}

  get logger(): Logger {
    return requestLogger() ?? this.root;
  }

  trace(fields: object | string, message?: string): void {
    this.write('trace', fields, message);
  }

  debug(fields: object | string, message?: string): void {
    this.write('debug', fields, message);
  }

  info(fields: object | string, message?: string): void {
    this.write('info', fields, message);
  }

  warn(fields: object | string, message?: string): void {
    this.write('warn', fields, message);
  }

  error(fields: object | string, message?: string): void {
    this.write('error', fields, message);
  }

  fatal(fields: object | string, message?: string): void {
    this.write('fatal', fields, message);
  }

  private write(level: Level, fields: object | string, message: string | undefined): void {
    if (typeof fields === 'string') this.logger[level](fields);
    else this.logger[level](fields, message);
  }
}

/** Nest's own lines (`app.useLogger(app.get(NestLogger))`) written through the app's pino logger. */
@Injectable()
export class NestLogger implements LoggerService {
  constructor(private readonly pino: ServiceLogger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest passes the context (the class name) last; an error's stack comes before it
   * (`error(message, stack, context)`, as Nest's exception handlers call it).
   */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const rest = params.length > 0 ? params.slice(0, -1) : params;
    if (params.length > 0 && params[params.length - 1] !== undefined) fields['context'] = params[params.length - 1];
    const logger = this.pino.logger;
    if (message instanceof Error) {
      logger[level]({ ...fields, err: message });
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...message });
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      const error = new Error(String(message));
      error.stack = rest[0];
      logger.error({ ...fields, err: error });
    } else {
      logger[level](fields, String(message), ...rest);
    }
  }
}

const HTTP_LOGGER = Symbol('pino-http middleware');

/**
 * After pino-http: the request's logger bound for everything that handles the request. pino-http
 * keeps a `log` the request already has (Fastify's), so its own child is the last of `allLogs`.
 */
function bindRequestLogger(request: IncomingMessage & { allLogs?: Logger[] }, _response: ServerResponse, next: () => void): void {
  const logger = request.allLogs?.[request.allLogs.length - 1];
  if (logger) withRequestLogger(logger, next);
  else next();
}

/**
 * Structured JSON logs (pino) with the service name and a request id on every line:
 * the caller's `x-request-id` when it sent one, a new uuid otherwise (echoed back).
 * The request's logger travels in the process's one AsyncLocalStorage, the OpenTelemetry
 * context (request-context.ts), not in a store of its own.
 */
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    installContextManager();
    const http = options.destination ? pinoHttp(httpLoggerOptions(options), options.destination) : pinoHttp(httpLoggerOptions(options));
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: HTTP_LOGGER, useValue: http }, { provide: ServiceLogger, useValue: new ServiceLogger(http.logger) }, NestLogger],
      exports: [ServiceLogger, NestLogger],
    };
  }

  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.http, bindRequestLogger).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
