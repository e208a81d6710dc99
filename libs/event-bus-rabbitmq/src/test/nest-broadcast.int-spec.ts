import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventPattern } from '@nestjs/microservices';
import {
  ORDER_STARTED,
  PRODUCT_PRICE_CHANGED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
  type OrderStartedIntegrationEvent,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqTestAdmin, priceChangedEvent, testEnv, uniqueName, waitFor } from '@eshop/testing';
import { Broadcast, RabbitMqEventBus, RabbitMqEventBusModule } from '../index';

const exchange = uniqueName('test.nest-broadcast');
const queue = `${exchange}.basket-api`;

@Injectable()
class Journal {
  readonly broadcast: string[] = [];
  readonly competing: string[] = [];
}

/** `@Broadcast()` on the class: every method of it is a broadcast subscription. */
@Broadcast()
@Injectable()
class PriceBroadcastHandler {
  constructor(private readonly journal: Journal) {}

  @EventPattern(PRODUCT_PRICE_CHANGED)
  handle(event: ProductPriceChangedIntegrationEvent): void {
    this.journal.broadcast.push(event.id);
  }
}

/** A plain handler in the same app stays on the service queue, shared with the other instance. */
@Injectable()
class OrderStartedHandler {
  constructor(private readonly journal: Journal) {}

  @EventPattern(ORDER_STARTED)
  handle(event: OrderStartedIntegrationEvent): void {
    this.journal.competing.push(event.id);
  }
}

@Module({
  imports: [
    RabbitMqEventBusModule.forRootAsync<IntegrationEventMap>({
      registry: integrationEvents,
      useFactory: () => ({ url: testEnv.rabbitmqUrl, exchange, queue, queueType: 'classic', connectionName: exchange }),
    }),
  ],
  providers: [Journal, PriceBroadcastHandler, OrderStartedHandler],
})
class InstanceModule {}

describe('@Broadcast() handlers of a Nest app', () => {
  const instances: INestApplicationContext[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const moduleRef = await Test.createTestingModule({ imports: [InstanceModule] }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      instances.push(app);
    }
    await waitFor(() => instances.every((app) => app.get(RabbitMqEventBus).status().broadcasting), 'broadcast queues consumed');
    await waitFor(() => instances.every((app) => app.get(RabbitMqEventBus).status().consuming), 'service queue consumed');
  });

  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(queue, [1_000, 5_000, 25_000]);
    await admin.deleteExchange(exchange);
    await admin.close();
  });

  it('delivers a broadcast event to every instance, and a service-queue event to one of them', async () => {
    const bus = instances[0]?.get(RabbitMqEventBus) as RabbitMqEventBus<IntegrationEventMap>;
    const price = priceChangedEvent();
    const started = { ...newEventIdentity(), userId: 'buyer-1', orderId: 7 };
    await bus.publish(PRODUCT_PRICE_CHANGED, price);
    await bus.publish(ORDER_STARTED, started);

    const journals = instances.map((app) => app.get(Journal));
    await waitFor(() => journals.every((j) => j.broadcast.length === 1), 'the price change on both instances');
    await waitFor(() => journals.flatMap((j) => j.competing).length === 1, 'OrderStarted on one instance');
    expect(journals.map((j) => j.broadcast)).toEqual([[price.id], [price.id]]);
    expect(journals.flatMap((j) => j.competing)).toEqual([started.id]);
  });
});
