import { ORDER_STATUS_CHANGED_TO_PAID } from '@eshop/contracts';
import { freePort, RabbitMqTestAdmin, uniqueName, waitFor, type IdentityApiProcess } from '@eshop/testing';
import { SESSION_COOKIE } from '../api/session-cookies';
import { Browser, signIn } from './bff-browser';
import { BffGateway, DEMO_PASSWORD, startIdentityApi } from './bff.fixture';
import { OrderingPublisher, SseClient } from './order-events.fixture';

const exchange = uniqueName('test.sse-session');

/** The storefront's way in: `new EventSource('/api/orders/events')` with the session cookie only. */
describe('GET /api/orders/events with a browser session (real identity-api, real Redis and RabbitMQ)', () => {
  let identity: IdentityApiProcess;
  let gateway: BffGateway;
  let ordering: OrderingPublisher;

  beforeAll(async () => {
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    identity = await startIdentityApi(gatewayUrl);
    const env = {
      ...BffGateway.env(gatewayUrl, identity, 'http://127.0.0.1:9'),
      EVENT_BUS_EXCHANGE: exchange,
      EVENT_BUS_QUEUE: `${exchange}.api-gateway`,
      SSE_HEARTBEAT_MS: '200', // a session's stream re-checks its session on each heartbeat
    };
    gateway = await new BffGateway(port, env).start();
    ordering = new OrderingPublisher(exchange);
    await ordering.bus.connect();
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await identity?.stop();
    await ordering?.bus.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteExchange(exchange);
    await admin.close();
  });

  it("streams the signed-in buyer's changes on the session cookie, ends the stream on sign-out, and answers 401 after", async () => {
    const browser = new Browser(gateway.url);
    await signIn(browser, gateway.url, 'alice@example.com', DEMO_PASSWORD);
    const me = JSON.parse((await browser.go(`${gateway.url}/auth/me`)).text) as { user: { id: string }; csrfToken: string };
    const cookie = `${SESSION_COOKIE}=${browser.cookie(SESSION_COOKIE) ?? ''}`;

    const stream = await SseClient.open(gateway.url, { cookie });
    expect(stream.response.status).toBe(200);
    // The first publish may precede the broadcast queue's binding (a new gateway): publish until one arrives.
    const published: string[] = [];
    await waitFor(async () => {
      published.push(await ordering.statusChanged(ORDER_STATUS_CHANGED_TO_PAID, me.user.id, 61));
      return stream.messages.length > 0;
    }, 'a change of Alice’s order', 20_000, 250);
    expect(published).toContain(stream.messages[0]?.id);
    expect(stream.messages[0]?.data).toMatchObject({ orderId: 61, status: 'paid', buyerId: me.user.id });
    expect(stream.ended).toBe(false);

    // Signing out ends the open stream: nothing more of Alice's reaches a signed-out browser.
    await browser.go(`${gateway.url}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken, accept: 'application/json' } });
    await waitFor(() => stream.ended, 'the stream to end after sign-out', 20_000);
    const signedOut = await SseClient.open(gateway.url, { cookie });
    expect(signedOut.response.status).toBe(401);
  });
});
