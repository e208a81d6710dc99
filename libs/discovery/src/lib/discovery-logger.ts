/** Minimal structured logger (pino's argument order), the same shape as the bus logger. */
export interface DiscoveryLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export const silentDiscoveryLogger: DiscoveryLogger = {
  info: () => undefined,
  warn: () => undefined,
};
