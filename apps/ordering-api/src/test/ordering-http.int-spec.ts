import { randomUUID } from 'node:crypto';
import { ORDER_STATUS_CHANGED_TO_CANCELLED } from '@eshop/contracts';
import { uniqueName } from '@eshop/testing';
import { OrderingRun, tokenFor, type OrderView } from './ordering-fixture';

const item = (productId: number, unitPrice: number, quantity: number) => ({
  productId,
  productName: `product ${productId}`,
  unitPrice,
  quantity,
  pictureUrl: '',
});

// The routes of the contract against ordering-api in-process (real Postgres and RabbitMQ).
// The grace period is long here: orders stay `submitted` unless a test moves them.
describe('ordering HTTP routes', () => {
  let run: OrderingRun;
  beforeAll(async () => {
    run = await OrderingRun.start({ GRACE_PERIOD_MS: '600000' });
  });
  afterAll(() => run?.stop());

  async function newOrder() {
    const buyer = uniqueName('buyer');
    const orderId = await run.checkout({ userId: buyer, userName: 'Bea Buyer' });
    return { orderId, buyer, token: tokenFor(buyer, 'Bea Buyer') };
  }
  const put = (path: string, token: string, body: unknown, requestId: string | null = randomUUID()) =>
    run.request('PUT', path, { token, body, headers: requestId ? { 'x-requestid': requestId } : {} });

  it('requires a token on every route', async () => {
    for (const [method, path] of [
      ['GET', '/api/orders'],
      ['GET', '/api/orders/1'],
      ['GET', '/api/orders/cardtypes'],
      ['PUT', '/api/orders/cancel'],
      ['PUT', '/api/orders/ship'],
      ['POST', '/api/orders/draft'],
    ] as const) {
      expect(await run.request(method, path, { token: null })).toMatchObject({ status: 401 });
    }
  });

  it.each([
    ['GET', '/api/orders/abc', undefined, {}, 'id: must be a positive integer'],
    ['GET', '/api/orders/0', undefined, {}, 'id: must be a positive integer'],
    ['GET', '/api/orders/2147483648', undefined, {}, 'id: '],
    ['GET', '/api/orders?page=2', undefined, {}, 'page: unknown field'],
    ['GET', '/api/orders/cardtypes?all=1', undefined, {}, 'all: unknown field'],
    ['PUT', '/api/orders/cancel', { orderNumber: 1 }, {}, 'x-requestid: header is required'],
    ['PUT', '/api/orders/ship', { orderNumber: 1 }, { 'x-requestid': 'not-a-uuid' }, 'x-requestid: must be a uuid'],
    ['PUT', '/api/orders/cancel', {}, { 'x-requestid': randomUUID() }, 'orderNumber: '],
    ['PUT', '/api/orders/ship', { orderNumber: '7' }, { 'x-requestid': randomUUID() }, 'orderNumber: '],
    ['PUT', '/api/orders/cancel', { orderNumber: 1.5 }, { 'x-requestid': randomUUID() }, 'orderNumber: '],
    ['PUT', '/api/orders/cancel', { orderNumber: 1, force: true }, { 'x-requestid': randomUUID() }, 'force: unknown field'],
    ['PUT', '/api/orders/cancel', '{"orderNumber": ', { 'x-requestid': randomUUID() }, 'body: malformed JSON'],
    ['POST', '/api/orders/draft', {}, {}, 'items: '],
    ['POST', '/api/orders/draft', { items: [] }, {}, 'items: a draft needs at least one item'],
    ['POST', '/api/orders/draft', { items: [item(1, 1.001, 1)] }, {}, 'items.0.unitPrice: must have at most two decimals'],
    ['POST', '/api/orders/draft', { items: [item(1, 1, 0)] }, {}, 'items.0.quantity: '],
    ['POST', '/api/orders/draft', { items: [{ ...item(1, 1, 1), extra: 1 }] }, {}, 'extra: unknown field'],
    ['POST', '/api/orders/draft', { buyerId: 'someone-else', items: [item(1, 1, 1)] }, {}, 'buyerId: must be the caller (or left out)'],
    ['POST', '/api/orders/draft', { items: [item(1, 1, 1), item(1, 2, 1)] }, {}, 'items.1.unitPrice: product 1 appears twice at different prices'],
  ])('%s %s %j → 400 naming the problem', async (method, path, body, headers, message) => {
    const response = await run.request<{ message: string }>(method, path, { body, headers });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
  });

  it('answers 404 for an unknown order on every route that names one', async () => {
    const token = tokenFor('nobody');
    expect((await run.request('GET', '/api/orders/424242', { token })).status).toBe(404);
    expect(await put('/api/orders/cancel', token, { orderNumber: 424242 })).toMatchObject({
      status: 404,
      body: { code: 'ORDER_NOT_FOUND', message: 'order 424242 not found' },
    });
    expect((await put('/api/orders/ship', token, { orderNumber: 424242 })).status).toBe(404);
  });

  it("shows a buyer their orders only: another buyer's order is 404 everywhere", async () => {
    const { orderId, token } = await newOrder();
    const stranger = tokenFor(uniqueName('stranger'));
    expect((await run.request('GET', `/api/orders/${orderId}`, { token: stranger })).status).toBe(404);
    expect((await put('/api/orders/cancel', stranger, { orderNumber: orderId })).status).toBe(404);
    expect((await put('/api/orders/ship', stranger, { orderNumber: orderId })).status).toBe(404);
    expect((await run.request('GET', '/api/orders', { token: stranger })).body).toEqual([]);
    await run.waitForStatus(orderId, 'submitted', token);
  });

  it('lists the orders and returns one with items, total, address and status history', async () => {
    const { orderId, token } = await newOrder();
    const list = await run.request('GET', '/api/orders', { token });
    expect(list).toEqual({
      status: 200,
      body: [{ orderNumber: orderId, date: expect.stringMatching(/^\d{4}-/), status: 'submitted', total: 60.07 }],
    });
    const { body } = await run.request<OrderView>('GET', `/api/orders/${orderId}`, { token });
    expect(body).toMatchObject({
      orderNumber: orderId,
      status: 'submitted',
      total: 60.07,
      description: null,
      buyerName: 'Bea Buyer',
      street: '15703 NE 61st Ct',
      zipCode: '98052',
      items: [
        { productId: 3, productName: 'Trail shoe', unitPrice: 19.99, units: 3, pictureUrl: 'shoe.png' },
        { productId: 8, productName: 'Camp mug', unitPrice: 0.1, units: 1, pictureUrl: '' },
      ],
      statusHistory: [{ status: 'submitted', date: expect.stringMatching(/^\d{4}-/) }],
    });
  });

  it('cancels once per x-requestid; a repeat answers the same; a reused id for another command is 409', async () => {
    const { orderId, token } = await newOrder();
    const requestId = randomUUID();
    const first = await put('/api/orders/cancel', token, { orderNumber: orderId }, requestId);
    const repeat = await put('/api/orders/cancel', token, { orderNumber: orderId }, requestId);
    expect(first).toEqual({ status: 200, body: { orderNumber: orderId, status: 'cancelled' } });
    expect(repeat).toEqual(first);
    const events = await run.outbox(ORDER_STATUS_CHANGED_TO_CANCELLED);
    expect(events.filter((e) => e.payload['orderId'] === orderId).map((e) => e.payload)).toEqual([
      expect.objectContaining({ orderStatus: 'cancelled', buyerName: 'Bea Buyer', reason: 'cancelled by the buyer' }),
    ]);

    expect(await put('/api/orders/cancel', token, { orderNumber: orderId })).toMatchObject({
      status: 409,
      body: { code: 'ORDER_STATUS_TRANSITION_NOT_ALLOWED', message: `order ${orderId} is cancelled: it cannot become cancelled` },
    });
    expect(await put('/api/orders/ship', token, { orderNumber: orderId }, requestId)).toMatchObject({
      status: 409,
      body: { code: 'REQUEST_ID_REUSED' },
    });
  });

  it('refuses to ship an order that is not paid (409), and remembers nothing of the refusal', async () => {
    const { orderId, token } = await newOrder();
    const requestId = randomUUID();
    const refused = await put('/api/orders/ship', token, { orderNumber: orderId }, requestId);
    expect(refused).toMatchObject({
      status: 409,
      body: { message: `order ${orderId} is submitted: it cannot become shipped (only a paid order can be shipped)` },
    });
    // The refusal rolled back with its request id: the same id may now be used to cancel.
    expect((await put('/api/orders/cancel', token, { orderNumber: orderId }, requestId)).status).toBe(200);
  });

  it('computes a draft from a basket body without storing anything', async () => {
    const token = tokenFor('drafter');
    const response = await run.request('POST', '/api/orders/draft', {
      token,
      body: { buyerId: 'drafter', items: [{ id: 'x', ...item(4, 19.99, 2), oldUnitPrice: 21 }, item(5, 0.1, 3), item(4, 19.99, 1)] },
    });
    expect(response).toEqual({
      status: 200,
      body: {
        items: [
          { productId: 4, productName: 'product 4', unitPrice: 19.99, units: 3, pictureUrl: '' },
          { productId: 5, productName: 'product 5', unitPrice: 0.1, units: 3, pictureUrl: '' },
        ],
        total: 60.27,
      },
    });
    expect(await run.sql('SELECT 1 FROM orders WHERE buyer_id = $1', ['drafter'])).toEqual([]);
  });

  it('lists the card types', async () => {
    expect((await run.request('GET', '/api/orders/cardtypes')).body).toEqual([
      { id: 1, name: 'Amex' },
      { id: 2, name: 'Visa' },
      { id: 3, name: 'MasterCard' },
    ]);
  });
});
