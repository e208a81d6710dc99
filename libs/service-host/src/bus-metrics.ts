import { Inject, Injectable } from '@nestjs/common';
import type { EventMap } from '@eshop/event-bus';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { ServiceMetrics } from '@eshop/observability';

/** `eshop_bus_connected` (0/1), read from the bus at every scrape. */
@Injectable()
export class BusMetrics {
  constructor(
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    @Inject(RabbitMqEventBus) bus: RabbitMqEventBus<EventMap>,
  ) {
    metrics.gauge('eshop_bus_connected', 'Whether the event bus is connected to the broker (1) or not (0).', () =>
      bus.status().connected ? 1 : 0,
    );
  }
}
