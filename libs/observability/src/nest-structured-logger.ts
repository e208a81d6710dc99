import { Logger } from '@nestjs/common';
import type { StructuredLogger } from '@eshop/logger';

/**
 * The `(fields, message)` logger written through Nest's logger (pino once the app's
 * LoggingModule is up), for components built before the pino logger can be injected.
 */
export class NestStructuredLogger implements StructuredLogger {
  private readonly logger: Logger;

  constructor(context = 'EventBus') {
    this.logger = new Logger(context);
  }

  debug(fields: Record<string, unknown>, message: string): void {
    this.logger.debug({ ...fields, msg: message });
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.logger.log({ ...fields, msg: message });
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.logger.warn({ ...fields, msg: message });
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.logger.error({ ...fields, msg: message });
  }
}
