import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { EventMap } from '@eshop/event-bus';
import { RabbitMqEventBus } from '../lib/rabbitmq-event-bus';

/**
 * Readiness of the bus from its own connection state. Terminus' built-in RabbitMQ check
 * opens a new connection on every probe; this one costs nothing.
 */
@Injectable()
export class EventBusHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(RabbitMqEventBus) private readonly bus: RabbitMqEventBus<EventMap>,
  ) {}

  isHealthy(key = 'rabbitmq'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    const { connected, consuming, queue } = this.bus.status();
    const details = { connected, consuming, queue: queue ?? null };
    return connected ? indicator.up(details) : indicator.down(details);
  }
}
