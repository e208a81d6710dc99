import {
  integrationEvents,
  PRODUCT_PRICE_CHANGED,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { RabbitMqTestAdmin, testEnv, uniqueName } from '@eshop/testing';
import { RabbitMqEventBus } from '../lib/rabbitmq-event-bus';
import { retryDelays, type RabbitMqEventBusOptions } from '../lib/rabbitmq-event-bus.options';

export type Bus = RabbitMqEventBus<IntegrationEventMap>;
type BusOverrides = Partial<Omit<RabbitMqEventBusOptions<IntegrationEventMap>, 'registry'>>;

/** Per-test topology: a unique exchange and queue names, deleted by `cleanup()`. */
export class BusFixture {
  readonly exchange = uniqueName('test.events');
  private readonly buses: Bus[] = [];
  private readonly queues = new Map<string, number[]>();
  admin!: RabbitMqTestAdmin;

  async init(): Promise<this> {
    this.admin = await RabbitMqTestAdmin.open();
    return this;
  }

  queueName(service: string): string {
    return `${this.exchange}.${service}`;
  }

  bus(service: string | undefined, overrides: BusOverrides = {}): Bus {
    const queue = service ? this.queueName(service) : undefined;
    const retry = { maxRetries: 2, initialDelayMs: 50, multiplier: 2, ...overrides.retry };
    if (queue) this.queues.set(queue, retryDelays(retry));
    const bus = new RabbitMqEventBus<IntegrationEventMap>({
      url: testEnv.rabbitmqUrl,
      registry: integrationEvents,
      exchange: this.exchange,
      publishTimeoutMs: 5_000,
      shutdownTimeoutMs: 5_000,
      reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
      connectionName: `${this.exchange}:${service ?? 'publisher'}`,
      ...overrides,
      ...(queue ? { queue } : {}),
      retry,
    });
    this.buses.push(bus);
    return bus;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.buses.map((bus) => bus.close()));
    for (const [queue, delays] of this.queues) await this.admin.deleteServiceQueues(queue, delays);
    await this.admin.deleteExchange(this.exchange);
    await this.admin.close();
  }
}

export { priceChangedEvent as priceChanged } from '@eshop/testing';

export { PRODUCT_PRICE_CHANGED };
