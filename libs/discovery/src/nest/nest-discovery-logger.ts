import { Logger } from '@nestjs/common';
import type { DiscoveryLogger } from '../lib/discovery-logger';

/** Discovery's structured logger, written through Nest's logger (pino in the apps). */
export class NestDiscoveryLogger implements DiscoveryLogger {
  private readonly logger = new Logger('Discovery');

  info(fields: Record<string, unknown>, message: string): void {
    this.logger.log({ ...fields, msg: message });
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.logger.warn({ ...fields, msg: message });
  }
}
