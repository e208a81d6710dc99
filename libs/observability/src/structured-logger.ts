import type { PinoLogger } from 'nestjs-pino';

/** The `(fields, message)` logger the event bus and the outbox accept (pino's signature). */
export interface StructuredLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * The event bus and the outbox log through a minimal `(fields, message)` interface; this
 * binds it to the app's pino logger, so their lines carry the service name like the rest.
 */
export function structuredLogger(pino: PinoLogger, context: string): StructuredLogger {
  return {
    debug: (fields, message) => pino.debug({ context, ...fields }, message),
    info: (fields, message) => pino.info({ context, ...fields }, message),
    warn: (fields, message) => pino.warn({ context, ...fields }, message),
    error: (fields, message) => pino.error({ context, ...fields }, message),
  };
}
