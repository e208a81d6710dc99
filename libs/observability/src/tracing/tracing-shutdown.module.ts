import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from './start-tracing';

class TracingShutdown implements OnApplicationShutdown {
  /** After every other shutdown hook ran: the spans of the last deliveries are flushed too. */
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}

/**
 * Flushes the spans still buffered when the app closes (SIGTERM: Nest's shutdown hooks run,
 * then the process ends by the signal, so no `beforeExit` would). Import it once per app;
 * it does nothing when tracing is off. Not part of `@eshop/tracing`: that entry must not
 * load Nest before the instrumentations are registered.
 */
@Module({ providers: [TracingShutdown] })
export class TracingShutdownModule {}
