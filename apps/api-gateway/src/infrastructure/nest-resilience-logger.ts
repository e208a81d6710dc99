import { Logger } from '@nestjs/common';
import type { ResilienceLogger } from '@eshop/resilience';

/** Breaker transitions and retries, as structured lines through Nest's logger (pino). */
export class NestResilienceLogger implements ResilienceLogger {
  private readonly logger = new Logger('Resilience');

  debug(fields: Record<string, unknown>, message: string): void {
    this.logger.debug({ ...fields, msg: message });
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.logger.log({ ...fields, msg: message });
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.logger.warn({ ...fields, msg: message });
  }
}
