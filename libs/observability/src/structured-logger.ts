import type { StructuredLogger } from '@eshop/logger';
import type { ServiceLogger } from './logging.module';

/**
 * The event bus and the outbox log through a minimal `(fields, message)` interface; this
 * binds it to the app's pino logger, so their lines carry the service name like the rest.
 */
export function structuredLogger(pino: ServiceLogger, context: string): StructuredLogger {
  return {
    debug: (fields, message) => pino.debug({ context, ...fields }, message),
    info: (fields, message) => pino.info({ context, ...fields }, message),
    warn: (fields, message) => pino.warn({ context, ...fields }, message),
    error: (fields, message) => pino.error({ context, ...fields }, message),
  };
}
