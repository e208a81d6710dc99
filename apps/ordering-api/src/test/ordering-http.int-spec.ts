import { randomUUID } from 'node:crypto';
import { ORDER_STATUS_CHANGED_TO_CANCELLED } from '@eshop/contracts';
import { uniqueName } from '@eshop/testing';
import { OrderingRun, adminToken, tokenFor, type HttpMethod, type OrderView } from './ordering-fixture';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF';

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
  const put = (path: string, token: string, body: object, requestId: string = randomUUID()) =>
    run.http('put', path, token).set('x-requestid', requestId).send(body);

  it('requires a token on every route', async () => {
    for (const [method, path] of [
      ['get', '/api/orders'],
      ['get', '/api/orders/1'],
      ['get', '/api/orders/cardtypes'],
      ['put', '/api/orders/cancel'],
      ['put', '/api/orders/ship'],
    ] as const) {
      await run.http(method, path, null).expect(401);
    }
  });

  it.each<[HttpMethod, string, object | string | undefined, Record<string, string>, string]>([
    ['get', '/api/orders/abc', undefined, {}, 'id: must be a positive integer'],
    ['get', '/api/orders/0', undefined, {}, 'id: must be a positive integer'],
    ['get', '/api/orders/2147483648', undefined, {}, 'id: '],
    ['get', '/api/orders?page=2', undefined, {}, 'page: unknown field'],
    ['get', '/api/orders?pageSize=0', undefined, {}, 'pageSize: '],
    ['get', '/api/orders?pageSize=101', undefined, {}, 'pageSize: '],
    ['get', '/api/orders?pageSize=abc', undefined, {}, 'pageSize: must be a whole number'],
    ['get', '/api/orders?pageSize=', undefined, {}, 'pageSize: must be a whole number'],
    ['get', '/api/orders?pageIndex=-1', undefined, {}, 'pageIndex: must be a whole number'],
    ['get', '/api/orders?pageIndex=1.5', undefined, {}, 'pageIndex: must be a whole number'],
    ['get', '/api/orders?pageIndex=1000001', undefined, {}, 'pageIndex: '],
    ['get', '/api/orders?pageIndex=1&pageIndex=2', undefined, {}, 'pageIndex: '],
    ['get', '/api/orders/cardtypes?all=1', undefined, {}, 'all: unknown field'],
    ['put', '/api/orders/cancel', { orderNumber: 1 }, {}, 'x-requestid: header is required'],
    ['put', '/api/orders/ship', { orderNumber: 1 }, { 'x-requestid': 'not-a-uuid' }, 'x-requestid: must be a uuid'],
    ['put', '/api/orders/cancel', { orderNumber: 1 }, { 'x-requestid': NIL_UUID }, 'x-requestid: must be a fresh uuid'],
    ['put', '/api/orders/ship', { orderNumber: 1 }, { 'x-requestid': MAX_UUID }, 'x-requestid: must be a fresh uuid'],
    ['put', '/api/orders/cancel', {}, { 'x-requestid': randomUUID() }, 'orderNumber: '],
    ['put', '/api/orders/ship', { orderNumber: '7' }, { 'x-requestid': randomUUID() }, 'orderNumber: '],
    ['put', '/api/orders/cancel', { orderNumber: 1.5 }, { 'x-requestid': randomUUID() }, 'orderNumber: '],
    ['put', '/api/orders/cancel', { orderNumber: 1, force: true }, { 'x-requestid': randomUUID() }, 'force: unknown field'],
    ['put', '/api/orders/cancel', '{"orderNumber": ', { 'x-requestid': randomUUID() }, 'body: malformed JSON'],
  ])('%s %s %j → 400 naming the problem', async (method, path, body, headers, message) => {
    // Shipping is staff's: a buyer would get 403 before the input is read.
    const test = run.http(method, path, path.endsWith('/ship') ? adminToken() : undefined).set(headers).type('json');
    const response = await (body === undefined ? test : test.send(body)).expect(400);
    expect((response.body as { message: string }).message).toContain(message);
  });

  it('answers 404 for an unknown order on every route that names one', async () => {
    const token = tokenFor('nobody');
    await run.http('get', '/api/orders/424242', token).expect(404);
    const cancel = await put('/api/orders/cancel', token, { orderNumber: 424242 }).expect(404);
    expect(cancel.body).toMatchObject({ code: 'ORDER_NOT_FOUND', message: 'order 424242 not found' });
    await put('/api/orders/ship', adminToken(), { orderNumber: 424242 }).expect(404);
  });

  it("shows a buyer their orders only: another buyer's order is 404 everywhere; shipping is staff's (403)", async () => {
    const { orderId, token } = await newOrder();
    const stranger = tokenFor(uniqueName('stranger'));
    await run.http('get', `/api/orders/${orderId}`, stranger).expect(404);
    await put('/api/orders/cancel', stranger, { orderNumber: orderId }).expect(404);
    const ship = await put('/api/orders/ship', token, { orderNumber: orderId }).expect(403);
    expect(ship.body).toMatchObject({ message: 'requires role admin' });
    await run.http('get', '/api/orders', stranger).expect(200, []);
    await run.waitForStatus(orderId, 'submitted', token);
  });

  it('lists the orders and returns one with items, total, address and status history', async () => {
    const { orderId, token } = await newOrder();
    const list = await run.http('get', '/api/orders', token).expect(200);
    expect(list.body).toEqual([
      { orderNumber: orderId, date: expect.stringMatching(/^\d{4}-/), status: 'submitted', total: 60.07 },
    ]);
    const { body } = (await run.http('get', `/api/orders/${orderId}`, token).expect(200)) as { body: OrderView };
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

  it('cancels once per x-requestid; a repeat answers the same; a reused id for another order is 409', async () => {
    const { orderId, token } = await newOrder();
    const requestId = randomUUID();
    const answer = { orderNumber: orderId, status: 'cancelled' };
    await put('/api/orders/cancel', token, { orderNumber: orderId }, requestId).expect(200, answer);
    await put('/api/orders/cancel', token, { orderNumber: orderId }, requestId).expect(200, answer);
    const events = await run.outbox(ORDER_STATUS_CHANGED_TO_CANCELLED);
    expect(events.filter((e) => e.payload['orderId'] === orderId).map((e) => e.payload)).toEqual([
      expect.objectContaining({ orderStatus: 'cancelled', buyerName: 'Bea Buyer', reason: 'cancelled by the buyer' }),
    ]);

    const again = await put('/api/orders/cancel', token, { orderNumber: orderId }).expect(409);
    expect(again.body).toMatchObject({
      code: 'ORDER_STATUS_TRANSITION_NOT_ALLOWED',
      message: `order ${orderId} is cancelled: it cannot become cancelled`,
    });
    const reused = await put('/api/orders/cancel', token, { orderNumber: orderId + 1_000_000 }, requestId).expect(409);
    expect(reused.body).toMatchObject({ code: 'REQUEST_ID_REUSED' });
  });

  it("scopes x-requestid to its buyer: another buyer's id is a new request of one's own", async () => {
    const [g, h] = [await newOrder(), await newOrder()];
    const requestId = randomUUID();
    await put('/api/orders/cancel', g.token, { orderNumber: g.orderId }, requestId).expect(200);
    await put('/api/orders/cancel', h.token, { orderNumber: h.orderId }, requestId).expect(200, {
      orderNumber: h.orderId,
      status: 'cancelled',
    });
    // H's own reuse of the id for something else is H's 409; it says nothing of G.
    const reused = await put('/api/orders/cancel', h.token, { orderNumber: g.orderId }, requestId).expect(409);
    expect(reused.body).toMatchObject({ code: 'REQUEST_ID_REUSED' });
    expect(JSON.stringify(reused.body)).not.toContain(g.buyer);
    const rows = await run.sql<{ buyer_id: string }>('SELECT buyer_id FROM client_request WHERE request_id = $1', [requestId]);
    expect(rows.map((row) => row.buyer_id).sort()).toEqual([g.buyer, h.buyer].sort());
  });

  it('refuses to ship an order that is not paid (409), and remembers nothing of the refusal', async () => {
    const { orderId } = await newOrder();
    const admin = adminToken(uniqueName('admin'));
    const requestId = randomUUID();
    const refused = await put('/api/orders/ship', admin, { orderNumber: orderId }, requestId).expect(409);
    expect(refused.body).toMatchObject({
      message: `order ${orderId} is submitted: it cannot become shipped (only a paid order can be shipped)`,
    });
    // The refusal rolled back with its request id: the same id may now be used for another order.
    await put('/api/orders/ship', admin, { orderNumber: 424242 }, requestId).expect(404);
  });

  it('takes no basket lines from anyone: the draft is the gateway\'s, made from basket-api\'s lines', async () => {
    // A route that priced whatever lines its caller sent would let any caller inside the
    // network draft an order at its own prices (docs/security.md).
    const line = { productId: 4, productName: 'FREE', unitPrice: 0.01, quantity: 2, pictureUrl: '' };
    await run.http('post', '/api/orders/draft', tokenFor('drafter')).send({ items: [line] }).expect(404);
  });

  it('lists the card types', async () => {
    await run.http('get', '/api/orders/cardtypes').expect(200, [
      { id: 1, name: 'Amex' },
      { id: 2, name: 'Visa' },
      { id: 3, name: 'MasterCard' },
    ]);
  });
});
