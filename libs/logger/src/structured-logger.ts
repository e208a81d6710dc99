/**
 * The one logger interface of the plain-TypeScript libraries (event bus, outbox, discovery,
 * resilience): pino's `(fields, message)` argument order, so a pino logger satisfies it as
 * it is. libs/observability binds it to the app's pino logger; tests pass `silentLogger`.
 */
export interface StructuredLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Logs nothing: the default of every library, so a test or a bench stays quiet. */
export const silentLogger: StructuredLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
