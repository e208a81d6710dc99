import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  UnauthorizedException,
  type CanActivate,
  type INestApplication,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ORDER_STARTED,
  PRODUCT_PRICE_CHANGED,
  integrationEvents,
  type IntegrationEventMap,
  type OrderStartedIntegrationEvent,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { RabbitMqTestAdmin, testEnv, uniqueName, waitFor } from '@eshop/testing';
import {
  EVENT_BUS,
  HEADERS,
  RabbitMqContext,
  RabbitMqEventBus,
  RabbitMqEventBusModule,
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
  readonly ordersStarted: string[] = [];
  guardCalls = 0;
}

/** An HTTP guard for every route, as AuthModule installs one: deliveries must never meet it. */
@Injectable()
class RejectEverythingGuard implements CanActivate {
  constructor(private readonly journal: Journal) {}
  canActivate(): boolean {
    this.journal.guardCalls += 1;
    throw new UnauthorizedException('HTTP only');
  }
}

@Controller('ping')
class PingController {
  @Get()
  ping(): string {
    return 'pong';
  }
}

/** A handler class is a plain provider: `@EventPattern` with `@Payload()` and `@Ctx()`. */
@Injectable()
class PriceChangedIntegrationEventHandler {
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

/** Without parameter decorators the method gets `(event, context)`. */
@Injectable()
class OrderStartedIntegrationEventHandler {
  constructor(private readonly journal: Journal) {}

  @EventPattern(ORDER_STARTED)
  async handle(event: OrderStartedIntegrationEvent, context: RabbitMqContext): Promise<void> {
    this.journal.ordersStarted.push(`${event.orderId}#${context.delivery.attempt}`);
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
    RabbitMqEventBusModule.forRootAsync<IntegrationEventMap>({
      registry: integrationEvents,
      useFactory: () => ({
        url: testEnv.rabbitmqUrl,
        exchange,
        queue,
        connectionName: exchange,
        retry: { maxRetries: 2, initialDelayMs: 50, multiplier: 2 },
      }),
    }),
  ],
  controllers: [PingController],
  providers: [
    Journal,
    PriceAnnouncer,
    PriceChangedIntegrationEventHandler,
    OrderStartedIntegrationEventHandler,
    { provide: APP_GUARD, useClass: RejectEverythingGuard },
  ],
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

describe('@EventPattern handlers of a Nest app, registered on the bus', () => {
  let app: INestApplication;
  let admin: RabbitMqTestAdmin;

  beforeAll(async () => {
    admin = await RabbitMqTestAdmin.open();
    const moduleRef = await Test.createTestingModule({ imports: [TestServiceModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.enableShutdownHooks();
    await app.init();
    // Consuming starts after the queue is declared and bound to every handler's event.
    await waitFor(() => app.get(RabbitMqEventBus).status().consuming, 'consuming');
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
    // Lifecycle hooks ran once; the HTTP guard never saw a delivery.
    expect(journal.bootstraps).toBe(1);
    expect(journal.guardCalls).toBe(0);
  });

  it('calls a handler without parameter decorators with (event, context)', async () => {
    const orderId = 4242;
    const bus = app.get<EventBus<IntegrationEventMap>>(EVENT_BUS);
    await bus.publish(ORDER_STARTED, {
      id: crypto.randomUUID(),
      creationDate: new Date().toISOString(),
      userId: 'buyer-1',
      orderId,
    });
    const journal = app.get(Journal);
    await waitFor(() => journal.ordersStarted.length === 1, 'OrderStarted handled');
    expect(journal.ordersStarted).toEqual([`${orderId}#1`]);
  });

  it('retries a throwing handler, then parks the message with the original error', async () => {
    const event = priceChanged(FAILING_PRODUCT);
    await app.get(PriceAnnouncer).announce(event);
    await waitFor(async () => (await admin.messageCount(parkingQueueName(queue))) === 1, 'parking');

    expect(app.get(Journal).attemptsOfFailing).toEqual([1, 2, 3]);
    const [parked] = await admin.drain(parkingQueueName(queue));
    expect(parked?.properties.messageId).toBe(event.id);
    // The handler's own error, not a wrapper: no exception filter sits between them.
    expect(parked?.properties.headers?.[HEADERS.parkedError]).toBe(
      `Error: no such product ${FAILING_PRODUCT}`,
    );
  });
});
