import {
  Controller,
  Inject,
  Injectable,
  Module,
  type INestApplication,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  PRODUCT_PRICE_CHANGED,
  type IntegrationEventMap,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { RabbitMqTestAdmin, testEnv, uniqueName, waitFor } from '@eshop/testing';
import {
  EVENT_BUS,
  HEADERS,
  RabbitMqContext,
  RabbitMqEventBusModule,
  connectEventBus,
  parkingQueueName,
} from '../index';

const exchange = uniqueName('test.nest');
const queue = `${exchange}.basket-api`;
const FAILING_PRODUCT = 666;

/** What the handlers saw, for the assertions. */
@Injectable()
class Journal implements OnApplicationBootstrap {
  bootstraps = 0;
  onApplicationBootstrap(): void {
    this.bootstraps += 1;
  }
  readonly handled: Array<{ productId: number; attempt: number }> = [];
  readonly attemptsOfFailing: number[] = [];
}

@Controller()
class PriceChangedController {
  constructor(private readonly journal: Journal) {}

  @EventPattern(PRODUCT_PRICE_CHANGED)
  async onPriceChanged(
    @Payload() event: ProductPriceChangedIntegrationEvent,
    @Ctx() context: RabbitMqContext,
  ): Promise<void> {
    if (event.productId === FAILING_PRODUCT) {
      this.journal.attemptsOfFailing.push(context.delivery.attempt);
      throw new Error(`no such product ${event.productId}`);
    }
    this.journal.handled.push({ productId: event.productId, attempt: context.delivery.attempt });
  }
}

/** A publisher gets the bus injected by token, as an application service would. */
@Injectable()
class PriceAnnouncer {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus<IntegrationEventMap>) {}

  announce(event: ProductPriceChangedIntegrationEvent): Promise<void> {
    return this.bus.publish(PRODUCT_PRICE_CHANGED, event);
  }
}

@Module({
  imports: [
    RabbitMqEventBusModule.forRootAsync({
      useFactory: () => ({
        url: testEnv.rabbitmqUrl,
        exchange,
        queue,
        connectionName: exchange,
        retry: { maxRetries: 2, initialDelayMs: 50, multiplier: 2 },
      }),
    }),
  ],
  controllers: [PriceChangedController],
  providers: [Journal, PriceAnnouncer],
})
class TestServiceModule {}

function priceChanged(productId: number): ProductPriceChangedIntegrationEvent {
  return {
    id: crypto.randomUUID(),
    creationDate: new Date().toISOString(),
    productId,
    newPrice: 9.99,
    oldPrice: 10,
    version: 1,
  };
}

describe('Nest hybrid app on the RabbitMQ custom transport', () => {
  let app: INestApplication;
  let admin: RabbitMqTestAdmin;

  beforeAll(async () => {
    admin = await RabbitMqTestAdmin.open();
    const moduleRef = await Test.createTestingModule({ imports: [TestServiceModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.enableShutdownHooks();
    connectEventBus(app);
    await app.startAllMicroservices();
    await app.init();
    await waitFor(async () => (await admin.messageCount(queue)) === 0, 'queue declared');
  });

  afterAll(async () => {
    await app.close();
    await admin.deleteServiceQueues(queue, [50, 100]);
    await admin.deleteExchange(exchange);
    await admin.close();
  });

  it('binds the queue from the @EventPattern handlers and delivers to them', async () => {
    await app.get(PriceAnnouncer).announce(priceChanged(1));
    const journal = app.get(Journal);
    await waitFor(() => journal.handled.length === 1, 'handler call');
    expect(journal.handled).toEqual([{ productId: 1, attempt: 1 }]);
    // The hybrid microservice must not run the app's lifecycle hooks a second time.
    expect(journal.bootstraps).toBe(1);
  });

  it('retries a throwing handler, then parks the message with the original error', async () => {
    const event = priceChanged(FAILING_PRODUCT);
    await app.get(PriceAnnouncer).announce(event);
    await waitFor(async () => (await admin.messageCount(parkingQueueName(queue))) === 1, 'parking');

    expect(app.get(Journal).attemptsOfFailing).toEqual([1, 2, 3]);
    const [parked] = await admin.drain(parkingQueueName(queue));
    expect(parked?.properties.messageId).toBe(event.id);
    // Not Nest's generic "Internal server error": the handler's own message is kept.
    expect(parked?.properties.headers?.[HEADERS.parkedError]).toBe(
      `Error: no such product ${FAILING_PRODUCT}`,
    );
  });
});
