import { randomUUID } from 'node:crypto';
import {
  ORDER_PAYMENT_SUCCEEDED,
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  ORDER_STOCK_CONFIRMED,
  newEventIdentity,
} from '@eshop/contracts';
import { describeTokenChecks, sendTo, uniqueName } from '@eshop/testing';
import { OrderingRun, checkoutEvent, identity } from './ordering-fixture';

// ordering-api verifies tokens itself: the shared case table; shipping is the staff route.
describe('ordering-api access tokens', () => {
  let run: OrderingRun;
  beforeAll(async () => {
    run = await OrderingRun.start({ GRACE_PERIOD_MS: '200' });
  }, 120_000);
  afterAll(() => run?.stop());

  /** A buyer's order through the saga to `paid` (the test plays catalog and payment). */
  async function paidOrder(): Promise<number> {
    const buyer = uniqueName('buyer');
    const orderId = await run.checkout({ userId: buyer, basket: { ...checkoutEvent().basket, buyerId: buyer } });
    const ofOrder = (body: Record<string, unknown>) => body['orderId'] === orderId;
    await run.probe.next(ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION, ofOrder);
    await run.publisher.publish(ORDER_STOCK_CONFIRMED, { ...newEventIdentity(), orderId });
    await run.probe.next(ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED, ofOrder);
    await run.publisher.publish(ORDER_PAYMENT_SUCCEEDED, { ...newEventIdentity(), orderId });
    await run.waitForStatus(orderId, 'paid', identity.tokenSync({ sub: buyer }));
    return orderId;
  }

  describeTokenChecks(
    () => ({
      identity,
      send: sendTo(run.app.getHttpServer()),
      protectedRoute: { method: 'GET', path: '/api/orders', buyerStatus: 200 },
      staffRoute: async () => ({
        method: 'PUT',
        path: '/api/orders/ship',
        headers: { 'x-requestid': randomUUID() },
        body: { orderNumber: await paidOrder() },
        status: 200,
      }),
    }),
    { staffRoutes: true },
  );
});
