import {
  GRACE_PERIOD_CONFIRMED,
  ORDER_PAYMENT_SUCCEEDED,
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STOCK_REJECTED,
  newEventIdentity,
} from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import { Order } from '../domain/order';
import { OrderNotFoundError } from '../domain/order.errors';
import { AdvanceOrderSagaUseCase } from './advance-order-saga.use-case';
import type { HandledEvent, OrderingTransaction, UnitOfWorkPort } from './unit-of-work.port';

/** The unit of work as the use case sees it, in memory: what it saved, and which events it handled. */
class FakeUnitOfWork implements UnitOfWorkPort {
  readonly handled = new Set<string>();
  readonly saved: OutboxMessage[] = [];

  constructor(private readonly order: Order | null) {}

  run<T>(work: (tx: OrderingTransaction) => Promise<T>): Promise<T> {
    const tx: OrderingTransaction = {
      orders: {
        insert: () => Promise.reject(new Error('not in this test')),
        findForUpdate: async () => this.order,
        findLocked: async () => (this.order ? [this.order] : []),
        saveStatus: async () => undefined,
        saveStatuses: async () => undefined,
        saveRefund: async () => undefined,
      },
      requests: { register: async () => ({ kind: 'new' }), attachOrder: async () => undefined },
      gracePeriods: { claimExpired: async () => [] },
      saveEvents: async (messages) => void this.saved.push(...messages),
    };
    return work(tx);
  }

  async runOnce<T>(event: HandledEvent, work: (tx: OrderingTransaction) => Promise<T>) {
    const key = `${event.consumer}/${event.eventId}`;
    if (this.handled.has(key)) return { handled: false } as const;
    const result = await this.run(work);
    this.handled.add(key);
    return { handled: true, result } as const;
  }
}

function submitted(): Order {
  const order = Order.submit({
    buyerId: 'alice',
    buyerName: 'Alice',
    address: { street: 's', city: 'c', state: 'st', country: 'co', zipCode: 'z' },
    lines: [{ productId: 4, productName: 'p', unitPriceCents: 100, units: 1, pictureUrl: '' }],
  });
  order.saved(7);
  return order;
}

function awaitingValidation(): Order {
  const order = submitted();
  order.confirmGracePeriod();
  return order;
}

describe('AdvanceOrderSagaUseCase', () => {
  it('moves the order and writes the next event; the same event again is a duplicate', async () => {
    const unitOfWork = new FakeUnitOfWork(awaitingValidation());
    const saga = new AdvanceOrderSagaUseCase(unitOfWork);
    const rejected = { ...newEventIdentity(), orderId: 7, orderStockItems: [{ productId: 4, hasStock: false }] };

    expect(await saga.execute(ORDER_STOCK_REJECTED, rejected)).toEqual({ kind: 'applied' });
    expect(await saga.execute(ORDER_STOCK_REJECTED, rejected)).toEqual({ kind: 'duplicate' });
    expect(unitOfWork.saved.map((message) => [message.name, message.event])).toEqual([
      [ORDER_STATUS_CHANGED_TO_CANCELLED, expect.objectContaining({ orderId: 7, reason: 'stock rejected: not enough stock for product 4' })],
    ]);
  });

  it('still moves a submitted order on a GracePeriodConfirmed written before the worker moved orders itself', async () => {
    const unitOfWork = new FakeUnitOfWork(submitted());
    const outcome = await new AdvanceOrderSagaUseCase(unitOfWork).execute(GRACE_PERIOD_CONFIRMED, { ...newEventIdentity(), orderId: 7 });
    expect(outcome).toEqual({ kind: 'applied' });
    expect(unitOfWork.saved.map((message) => message.name)).toEqual([ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION]);
  });

  it('records a move the state machine forbids as ignored, writing nothing', async () => {
    const unitOfWork = new FakeUnitOfWork(awaitingValidation());
    const outcome = await new AdvanceOrderSagaUseCase(unitOfWork).execute(ORDER_PAYMENT_SUCCEEDED, { ...newEventIdentity(), orderId: 7 });
    expect(outcome).toEqual({ kind: 'ignored', reason: 'order 7 is awaitingvalidation: it cannot become paid' });
    expect(unitOfWork.saved).toEqual([]);
  });

  it('throws for an order it never had (the bus retries, then parks)', async () => {
    const saga = new AdvanceOrderSagaUseCase(new FakeUnitOfWork(null));
    await expect(saga.execute(ORDER_PAYMENT_SUCCEEDED, { ...newEventIdentity(), orderId: 9 })).rejects.toThrow(OrderNotFoundError);
  });
});
