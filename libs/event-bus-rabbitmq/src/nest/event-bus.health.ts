import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { EventMap } from '@eshop/event-bus';
import { RabbitMqEventBus } from '../lib/rabbitmq-event-bus';

/**
 * The bus in `/health/ready`, read from its own connection state (Terminus' built-in RabbitMQ
 * check opens a new connection on every probe; this one costs nothing).
 *
 * Readiness means "can serve my routes". A service with an outbox or a basket keeps serving
 * while the broker is away — that is what the outbox is for — so for them the bus is only
 * reported (`report`). A consume-only service is ready only while it consumes (`isConsuming`).
 */
@Injectable()
export class EventBusHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(RabbitMqEventBus) private readonly bus: RabbitMqEventBus<EventMap>,
  ) {}

  /** Always up; the details say whether the broker is connected. */
  report(key = 'rabbitmq'): HealthIndicatorResult {
    return this.health.check(key).up(this.details());
  }

  /** Down unless the bus is connected and consuming its queue. */
  isConsuming(key = 'rabbitmq'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    const details = this.details();
    return details.connected && details.consuming ? indicator.up(details) : indicator.down(details);
  }

  private details(): { connected: boolean; consuming: boolean } {
    const { connected, consuming } = this.bus.status();
    return { connected, consuming };
  }
}
