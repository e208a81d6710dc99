import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { loadConfig } from '@eshop/config';
import {
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_SUCCEEDED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { configureServiceApp } from '@eshop/service-host';
import { EventProbe, RabbitMqTestAdmin, testEnv, uniqueName, waitFor } from '@eshop/testing';
import { paymentApiConfigSchema } from '../payment-api.config';
import { PaymentApiModule } from '../payment-api.module';

const RETRY_DELAYS = [100, 500];

// payment-api in-process on real RabbitMQ: the test plays ordering (publishes StockConfirmed)
// and a probe sees the payment results.
describe('payment-api', () => {
  let exchange: string;
  let probe: EventProbe;
  let publisher: RabbitMqEventBus<IntegrationEventMap>;
  const apps: INestApplication[] = [];

  beforeEach(async () => {
    exchange = uniqueName('test.payment');
    probe = await EventProbe.open(testEnv.rabbitmqUrl, exchange);
    publisher = new RabbitMqEventBus({ url: testEnv.rabbitmqUrl, registry: integrationEvents, exchange });
    await publisher.connect();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await publisher.close();
    await probe.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(`${exchange}.payment-api`, RETRY_DELAYS);
    await admin.deleteExchange(exchange);
    await admin.close();
  });

  async function startPayment(env: Record<string, string> = {}): Promise<INestApplication> {
    const config = loadConfig(paymentApiConfigSchema, {
      JWT_SECRET: 'payment-test-secret-0123456789',
      LOG_LEVEL: 'silent',
      // A free port each: two instances run in this process.
      METRICS_PORT: '0',
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: exchange,
      EVENT_BUS_QUEUE: `${exchange}.payment-api`,
      EVENT_BUS_MAX_RETRIES: String(RETRY_DELAYS.length),
      EVENT_BUS_RETRY_INITIAL_MS: String(RETRY_DELAYS[0]),
      ...env,
    });
    // The real module in a Nest testing module, configured like production, initialised
    // (the bus subscribes its handlers) but not listening: supertest asks it for readiness.
    const moduleRef = await Test.createTestingModule({ imports: [PaymentApiModule.register(config)] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
    configureServiceApp(app);
    await app.init();
    apps.push(app);
    await waitFor(async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200, 'payment ready');
    return app;
  }

  const stockConfirmed = (orderId: number) => ({
    ...newEventIdentity(),
    orderId,
    orderStatus: 'stockconfirmed' as const,
    buyerName: 'Alice', buyerId: 'buyer-1',
  });
  const resultsFor = (name: string, orderId: number) => probe.of(name, (body) => body['orderId'] === orderId);

  it('answers every copy with the same result event, across two instances and a restart', async () => {
    await Promise.all([startPayment(), startPayment()]);
    const event = stockConfirmed(11);
    const copies = [event, event, event, stockConfirmed(11), stockConfirmed(11)];
    await Promise.all(copies.map((copy) => publisher.publish(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, copy)));
    await waitFor(() => resultsFor(ORDER_PAYMENT_SUCCEEDED, 11).length === 5, 'five payment results');

    await Promise.all(apps.splice(0).map((app) => app.close()));
    await startPayment();
    await publisher.publish(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, event);
    await waitFor(() => resultsFor(ORDER_PAYMENT_SUCCEEDED, 11).length === 6, 'the result after the restart');

    const results = resultsFor(ORDER_PAYMENT_SUCCEEDED, 11);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(results.every((r) => r.body.id === r.messageId)).toBe(true);
    expect(resultsFor(ORDER_PAYMENT_FAILED, 11)).toEqual([]);
  });

  it('publishes OrderPaymentFailed when PAYMENT_SUCCEEDS=false, with its own id per order', async () => {
    await startPayment({ PAYMENT_SUCCEEDS: 'false' });
    await publisher.publish(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, stockConfirmed(12));
    await publisher.publish(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, stockConfirmed(13));
    const failed12 = await probe.next(ORDER_PAYMENT_FAILED, (body) => body['orderId'] === 12);
    const failed13 = await probe.next(ORDER_PAYMENT_FAILED, (body) => body['orderId'] === 13);
    expect(failed13.messageId).not.toBe(failed12.messageId);
    expect(probe.of(ORDER_PAYMENT_SUCCEEDED)).toEqual([]);
  });
});
