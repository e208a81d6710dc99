import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HttpErrorFilter } from '@eshop/http-edge';
import { Logger } from 'nestjs-pino';

export interface ServiceHostOptions {
  readonly port: number;
  /** Bind address (HOST); all interfaces when omitted. */
  readonly host?: string;
  /** Largest accepted JSON body. */
  readonly bodyLimit?: string;
}

/**
 * Starts a service the same way everywhere: pino logger, the HTTP error filter, graceful
 * shutdown on SIGTERM/SIGINT (stop consuming, finish handlers, close), then listen. The
 * event bus starts with the app (RabbitMqEventBusModule subscribes the `@EventPattern`
 * handlers at bootstrap): there is no separate microservice to connect.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  options: ServiceHostOptions,
): Promise<NestExpressApplication> {
  const app = await createServiceApp(module, options);
  await (options.host ? app.listen(options.port, options.host) : app.listen(options.port));
  return app;
}

/** The app as `bootstrapService` configures it, not yet listening (tests call `init()`). */
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  options: Pick<ServiceHostOptions, 'bodyLimit'> = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  configureServiceApp(app, options);
  return app;
}

/** Logger, body parser, error filter and shutdown hooks on an app created elsewhere (e.g. by a testing module). */
export function configureServiceApp(
  app: NestExpressApplication,
  options: Pick<ServiceHostOptions, 'bodyLimit'> = {},
): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: options.bodyLimit ?? '100kb' });
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
