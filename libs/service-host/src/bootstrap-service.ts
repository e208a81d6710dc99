import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { connectEventBus } from '@eshop/event-bus-rabbitmq';
import { HttpErrorFilter } from '@eshop/http-edge';
import { Logger } from 'nestjs-pino';

export interface ServiceHostOptions {
  readonly port: number;
  /** Consume integration events: the app's `@EventPattern` handlers (hybrid app). */
  readonly consumesEvents: boolean;
  /** Largest accepted JSON body. */
  readonly bodyLimit?: string;
}

/**
 * Starts a service the same way everywhere: pino logger, the HTTP error filter, graceful
 * shutdown on SIGTERM/SIGINT (stop consuming, finish handlers, close), the event-bus
 * transport when the app consumes events, then listen.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  options: ServiceHostOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '100kb' });
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  if (options.consumesEvents) {
    connectEventBus(app);
    await app.startAllMicroservices();
  }
  await app.listen(options.port);
  return app;
}
