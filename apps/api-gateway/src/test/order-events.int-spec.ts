import { randomUUID } from 'node:crypto';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION as AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED as CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID as PAID,
  ORDER_STATUS_CHANGED_TO_SHIPPED as SHIPPED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED as STOCK_CONFIRMED,
} from '@eshop/contracts';
import { RabbitMqTestAdmin, uniqueName, waitFor } from '@eshop/testing';
import { buyerToken, OrderingPublisher, SseClient, StreamingGateway } from './order-events.fixture';

const exchange = uniqueName('test.sse');
const auth = (buyerId: string) => ({ authorization: `Bearer ${buyerToken(buyerId)}` });

/**
 * Live order status through the gateway: two instances, each with its own broadcast queue on
 * this run's exchange, fed by the real status events published on the bus.
 */
describe('GET /api/orders/events (live order status, server-sent events)', () => {
  let a: StreamingGateway;
  let b: StreamingGateway;
  let ordering: OrderingPublisher;
  let bClosed = false;
  const clients: SseClient[] = [];
  const open = async (gateway: StreamingGateway, headers: Record<string, string>) => {
    const client = await SseClient.open(gateway.url, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const env = (instance: string, extra: Record<string, string>) => ({
      EVENT_BUS_EXCHANGE: exchange,
      // Names the connection and the broadcast parking queue of the instance.
      EVENT_BUS_QUEUE: `${exchange}.api-gateway-${instance}`,
      EVENT_BUS_QUEUE_TYPE: 'classic',
      SSE_HEARTBEAT_MS: '200',
      SSE_RETRY_MS: '1500',
      ...extra,
    });
    [a, b] = await Promise.all([StreamingGateway.start(env('a', { SSE_MAX_STREAMS_PER_BUYER: '3' })), StreamingGateway.start(env('b', { SSE_MAX_STREAMS: '3' }))]);
    ordering = new OrderingPublisher(exchange);
    await ordering.bus.connect();
    // Broadcast queues get only what is published while they exist.
    await waitFor(() => a.broadcasting && b.broadcasting, 'both gateways consuming their broadcast queues');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    // The server notices a client leaving a moment later: each test starts with no stream open.
    await waitFor(async () => (await a.openStreams()) === 0 && (bClosed || (await b.openStreams()) === 0), 'streams closed');
  });

  afterAll(async () => {
    await Promise.all([a?.app.close(), bClosed ? undefined : b?.app.close(), ordering?.bus.close()]);
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteQueues(`${exchange}.api-gateway-a.broadcast.parking`, `${exchange}.api-gateway-b.broadcast.parking`);
    await admin.deleteExchange(exchange);
    await admin.close();
  });

  it('streams every change of the buyer’s orders to their streams on either instance, and nothing of another buyer’s', async () => {
    const aliceOnA = await open(a, auth('alice'));
    const aliceOnB = await open(b, auth('alice'));
    const bobOnA = await open(a, auth('bob'));
    expect(aliceOnA.response.status).toBe(200);
    expect(aliceOnA.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(aliceOnA.response.headers.get('cache-control')).toContain('no-cache');
    // The security headers every answer carries are kept on the hijacked stream.
    expect(aliceOnA.response.headers.get('x-content-type-options')).toBe('nosniff');
    await waitFor(async () => (await a.openStreams()) === 2 && (await b.openStreams()) === 1, 'streams counted');

    const ids = [
      await ordering.statusChanged(AWAITING_VALIDATION, 'alice', 41),
      await ordering.statusChanged(STOCK_CONFIRMED, 'alice', 41),
      await ordering.statusChanged(PAID, 'alice', 41),
      await ordering.statusChanged(SHIPPED, 'alice', 41),
      await ordering.statusChanged(CANCELLED, 'alice', 42),
    ];
    // Published last: once Bob has it, gateway a has dealt with every change of Alice's before it.
    const bobs = await ordering.statusChanged(AWAITING_VALIDATION, 'bob', 43);

    await waitFor(() => aliceOnA.messages.length === 5 && aliceOnB.messages.length === 5 && bobOnA.messages.length === 1, 'every stream');
    for (const stream of [aliceOnA, aliceOnB]) {
      expect(stream.ids).toEqual(ids);
      expect(stream.messages.map((m) => [m.data['orderId'], m.data['status']])).toEqual([
        [41, 'awaitingvalidation'],
        [41, 'stockconfirmed'],
        [41, 'paid'],
        [41, 'shipped'],
        [42, 'cancelled'],
      ]);
      // No `event:` field: a browser's onmessage gets every message.
      expect(stream.messages.every((m) => m.event === undefined)).toBe(true);
    }
    expect(aliceOnA.messages[2]?.data).toEqual({ orderId: 41, status: 'paid', buyerId: 'alice', occurredAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(String(aliceOnA.messages[2]?.data['occurredAt'])))).toBe(false);
    expect(bobOnA.messages).toEqual([{ id: bobs, event: undefined, data: expect.objectContaining({ orderId: 43, buyerId: 'bob' }) }]);
  });

  it('resumes after Last-Event-ID from what the instance holds; an unknown id replays nothing', async () => {
    const first = await open(a, auth('carol'));
    const e1 = await ordering.statusChanged(AWAITING_VALIDATION, 'carol', 51);
    const e2 = await ordering.statusChanged(STOCK_CONFIRMED, 'carol', 51);
    await waitFor(() => first.messages.length === 2, 'two changes');
    first.close();
    await waitFor(async () => (await a.openStreams()) === 0, 'the stream closed on the server too');
    // Missed by that stream while it was away; other tabs of Carol's show when each instance has them.
    const [tabOnA, tabOnB] = [await open(a, auth('carol')), await open(b, auth('carol'))];
    const e3 = await ordering.statusChanged(PAID, 'carol', 51);
    const e4 = await ordering.statusChanged(AWAITING_VALIDATION, 'carol', 52);
    await waitFor(() => tabOnA.ids.includes(e4) && tabOnB.ids.includes(e4), 'both instances have e4');

    const resumed = await open(a, { ...auth('carol'), 'last-event-id': e1 });
    await waitFor(() => resumed.messages.length >= 3, 'replay');
    expect(resumed.ids.slice(0, 3)).toEqual([e2, e3, e4]);
    resumed.close();

    // The other instance holds the same changes (its own broadcast queue got them all).
    const onB = await open(b, { ...auth('carol'), 'last-event-id': e3 });
    await waitFor(() => onB.messages.length >= 1, 'replay on b');
    expect(onB.ids[0]).toBe(e4);
    await waitFor(async () => (await a.openStreams()) === 1, 'the resumed stream closed');

    const unknown = await open(a, { ...auth('carol'), 'last-event-id': randomUUID() });
    const fresh = await ordering.statusChanged(CANCELLED, 'carol', 52);
    await waitFor(() => unknown.messages.length > 0, 'a live change');
    expect(unknown.ids).toEqual([fresh]);
  });

  it('refuses a Last-Event-ID that is not an event id, naming the header', async () => {
    const refused = await SseClient.open(a.url, { ...auth('carol'), 'last-event-id': 'not-an-id' });
    expect(refused.response.status).toBe(400);
    expect(await refused.response.json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^Last-Event-ID:/) });
  });

  it('sends a retry hint and heartbeat comments', async () => {
    const idle = await open(a, auth('dave'));
    await waitFor(() => idle.comments.filter((c) => c === 'heartbeat').length >= 2, 'heartbeats');
    expect(idle.retry).toBe(1500);
    expect(idle.messages).toEqual([]);
  });

  it('ends a stream when the access token that opened it expires; a stream on a longer token stays open', async () => {
    const shortLived = await open(a, { authorization: `Bearer ${buyerToken('erin', 3)}` });
    const longLived = await open(a, auth('erin'));
    expect(shortLived.response.status).toBe(200);
    await waitFor(() => shortLived.ended, 'the stream on the 3-second token to end', 20_000);
    // Heartbeats keep arriving on the other one after the first has ended.
    const heartbeats = longLived.comments.length;
    await waitFor(() => longLived.comments.length > heartbeats, 'a heartbeat on the stream that is still open');
    expect(longLived.ended).toBe(false);
  });

  it('answers 401 when signed out, before any stream opens', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer not-a-token' }];
    for (const headers of attempts) {
      const refused = await SseClient.open(a.url, headers);
      expect(refused.response.status).toBe(401);
      expect(refused.response.headers.get('content-type')).toContain('application/json');
    }
    expect(await a.openStreams()).toBe(0);
  });

  it('caps streams per buyer (429) and per instance (503), with a message saying so', async () => {
    for (let tab = 0; tab < 3; tab++) expect((await open(a, auth('erin'))).response.status).toBe(200);
    const fourth = await SseClient.open(a.url, auth('erin'));
    expect(fourth.response.status).toBe(429);
    expect(await fourth.response.json()).toMatchObject({ statusCode: 429, message: expect.stringContaining('at most 3') });
    // Another buyer is not held back by Erin's tabs.
    expect((await open(a, auth('frank'))).response.status).toBe(200);

    for (const buyer of ['f1', 'f2', 'f3']) expect((await open(b, auth(buyer))).response.status).toBe(200);
    const full = await SseClient.open(b.url, auth('f4'));
    expect(full.response.status).toBe(503);
    expect(full.response.headers.get('retry-after')).toBe('5');
    expect(await full.response.json()).toMatchObject({ code: 'ORDER_EVENTS_CAPACITY', message: expect.stringContaining('maximum of 3 streams') });
  });

  it('ends every stream on shutdown, and app.close() does not wait for the clients', async () => {
    const streams = [await open(b, auth('gina')), await open(b, auth('hank'))];
    await waitFor(async () => (await b.openStreams()) === 2, 'two streams open');

    bClosed = true;
    await b.app.close();

    await waitFor(() => streams.every((s) => s.ended), 'the streams ended by the server');
  });
});
