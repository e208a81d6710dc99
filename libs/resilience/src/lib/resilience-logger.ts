/**
 * Minimal structured logger (pino's argument order); the event bus and outbox loggers have
 * the same shape, so one adapter over Nest's logger serves all of them.
 */
export interface ResilienceLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
