import { Logger } from '@nestjs/common';
import type { BusLogger } from '@eshop/event-bus-rabbitmq';

/** The event bus' structured logger, written through Nest's logger (pino in the app). */
export class NestBusLogger implements BusLogger {
  private readonly logger = new Logger('EventBus');

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
