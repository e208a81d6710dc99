import {
  ORDER_PAYMENT_FAILED,
  ORDER_PAYMENT_SUCCEEDED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { InMemoryEventBus } from '@eshop/event-bus';
import { ProcessPaymentUseCase } from './process-payment.use-case';

const stockConfirmed = (orderId: number) => ({
  ...newEventIdentity(),
  orderId,
  orderStatus: 'stockconfirmed' as const,
  buyerName: 'Alice', buyerId: 'buyer-1',
});

describe('ProcessPaymentUseCase', () => {
  it('publishes a schema-valid success, with the same event id for a redelivery', async () => {
    const bus = new InMemoryEventBus<IntegrationEventMap>(integrationEvents);
    const handler = new ProcessPaymentUseCase(bus, { succeeds: true });
    const event = stockConfirmed(5);
    await handler.execute(event, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    await handler.execute(event);
    await handler.execute({ ...event, id: newEventIdentity().id });
    const published = bus.publishedOf(ORDER_PAYMENT_SUCCEEDED);
    expect(published.map((e) => e.orderId)).toEqual([5, 5, 5]);
    expect(new Set(published.map((e) => e.id)).size).toBe(1);
    expect(bus.published[0]?.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(bus.publishedOf(ORDER_PAYMENT_FAILED)).toEqual([]);
  });

  it('publishes a failure when the policy says so', async () => {
    const bus = new InMemoryEventBus<IntegrationEventMap>(integrationEvents);
    await new ProcessPaymentUseCase(bus, { succeeds: false }).execute(stockConfirmed(6));
    expect(bus.publishedOf(ORDER_PAYMENT_FAILED).map((e) => e.orderId)).toEqual([6]);
    expect(bus.publishedOf(ORDER_PAYMENT_SUCCEEDED)).toEqual([]);
  });
});
