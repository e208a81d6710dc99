import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpErrorFilter } from '@eshop/http-edge';
import { echoRequestId, NestLogger, requestId } from '@eshop/observability';
import { useJsonBodies } from './json-body';

export interface ServiceHostOptions {
  readonly port: number;
  /** Bind address (HOST); all interfaces when omitted. */
  readonly host?: string;
  /** Largest accepted JSON body (`100kb`, `1mb`). */
  readonly bodyLimit?: string;
  /**
   * The HTTP server under Nest. Fastify costs less than half the CPU per request of Express
   * (docs/benchmarks.md, bench:catalog); Express stays for apps that mount Express-only
   * middleware (identity-api's OpenID provider).
   */
  readonly http?: 'express' | 'fastify';
}

/** A service app on either HTTP server. */
export type ServiceApp = NestExpressApplication | NestFastifyApplication;

/**
 * Starts a service the same way everywhere: pino logger, the HTTP error filter, graceful
 * shutdown on SIGTERM/SIGINT (stop consuming, finish handlers, close), then listen. The
 * event bus starts with the app (RabbitMqEventBusModule subscribes the `@EventPattern`
 * handlers at bootstrap): there is no separate microservice to connect.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  options: ServiceHostOptions,
): Promise<ServiceApp> {
  const app = await createServiceApp(module, options);
  await (options.host ? app.listen(options.port, options.host) : app.listen(options.port));
  return app;
}

type AppOptions = Pick<ServiceHostOptions, 'bodyLimit' | 'http'>;

/** The app as `bootstrapService` configures it, not yet listening (tests call `init()`). */
export function createServiceApp(module: Type<unknown> | DynamicModule, options?: AppOptions & { http?: 'express' }): Promise<NestExpressApplication>;
export function createServiceApp(module: Type<unknown> | DynamicModule, options: AppOptions & { http: 'fastify' }): Promise<NestFastifyApplication>;
export function createServiceApp(module: Type<unknown> | DynamicModule, options?: AppOptions): Promise<ServiceApp>;
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  options: AppOptions = {},
): Promise<ServiceApp> {
  const app =
    options.http === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(module, serviceFastifyAdapter(options), { bufferLogs: true })
      : await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  configureServiceApp(app, options);
  return app;
}

/** The Fastify server of a service (tests create their app on the same one). */
export function serviceFastifyAdapter(options: Pick<ServiceHostOptions, 'bodyLimit'> = {}): FastifyAdapter {
  // Express had no limit on a path segment: a too-long one is the validation's 400, not a 414.
  return new FastifyAdapter({
    bodyLimit: byteCount(options.bodyLimit ?? DEFAULT_BODY_LIMIT),
    routerOptions: { maxParamLength: 16_384 },
    // The caller's x-request-id in every log line, as on Express (LoggingModule's genReqId).
    genReqId: requestId,
  });
}

const DEFAULT_BODY_LIMIT = '100kb';
const UNITS: Record<string, number> = { b: 1, kb: 1_024, mb: 1_024 * 1_024 };

/** `100kb` → 102400, as body-parser reads it. */
function byteCount(limit: string): number {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`bodyLimit: "${limit}" is not a size such as 100kb`);
  return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1);
}

/** Logger, body parser, error filter and shutdown hooks on an app created elsewhere (e.g. by a testing module). */
export function configureServiceApp(
  app: ServiceApp,
  options: Pick<ServiceHostOptions, 'bodyLimit'> = {},
): void {
  app.useLogger(app.get(NestLogger));
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (app.getHttpAdapter().getType() === 'fastify') {
    const fastify = app as NestFastifyApplication;
    useJsonBodies(fastify, byteCount(limit));
    echoRequestId(fastify.getHttpAdapter().getInstance());
  } else {
    const express = app as NestExpressApplication;
    express.disable('x-powered-by');
    express.useBodyParser('json', { limit });
  }
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
}

/** The one `main.ts` ending: a start that fails prints why and exits non-zero. */
export function runService(name: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    process.stderr.write(`${name} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
