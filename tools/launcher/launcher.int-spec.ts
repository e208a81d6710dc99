import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { RabbitMqTestAdmin, startChild, testEnv, uniqueName, waitFor, type ChildApp } from '@eshop/testing';

/**
 * `npm start`'s launcher, end to end: it boots the five built apps on the local services,
 * the README walkthrough runs through the gateway, and Ctrl-C (SIGINT) leaves no process.
 * Everything is named per run (databases, exchange, queues, Redis prefix, ports).
 */
const root = join(__dirname, '..', '..');
const run = uniqueName('launch');
const base = 20_000 + Math.floor(Math.random() * 2_000) * 5;
const ports = { gateway: base, catalog: base + 1, basket: base + 2, ordering: base + 3, payment: base + 4, identity: base + 5 };
const gateway = `http://127.0.0.1:${ports.gateway}`;
const apps = ['catalog-api', 'basket-api', 'ordering-api', 'payment-api'];
// The storefront the gateway serves: a stand-in build (the real one is `npm run build:webapp`'s).
const webapp = mkdtempSync(join(tmpdir(), 'launch-webapp-'));
const storefrontPage = '<!doctype html><title>eShop</title><div id="root"></div>\n';

const env = {
  GATEWAY_PORT: String(ports.gateway),
  CATALOG_PORT: String(ports.catalog),
  BASKET_PORT: String(ports.basket),
  ORDERING_PORT: String(ports.ordering),
  PAYMENT_PORT: String(ports.payment),
  IDENTITY_PORT: String(ports.identity),
  CATALOG_DB: `${run}_catalog`,
  ORDERING_DB: `${run}_ordering`,
  PAYMENT_DB: `${run}_payment`,
  IDENTITY_DB: `${run}_identity`,
  EVENT_BUS_EXCHANGE: `${run}.events`,
  EVENT_BUS_QUEUE_PREFIX: `${run}.`,
  EVENT_BUS_RETRY_INITIAL_MS: '200',
  REDIS_KEY_PREFIX: `${run}:`,
  GRACE_PERIOD_MS: '300',
  LOG_LEVEL: 'warn',
  // Tests only: identity-api mints tokens with its real signing key (POST /dev/token), so the
  // apps verify them against its JWKS exactly as `npm start` wires them. Off under npm start.
  AUTH_DEV_TOKENS: 'true',
  WEBAPP_DIR: webapp,
  // The gateway's upstream timeout (2 s by default): on a machine busy with other test runs a
  // basket write through catalog can take longer, and this test is about the wiring.
  UPSTREAM_TIMEOUT_MS: '10000',
};

/** A token from the launched identity-api, signed with its real key. */
async function devToken(userId: string, name: string, roles: string[] = []): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${ports.identity}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, name, roles }),
  });
  if (response.status !== 200) throw new Error(`POST /dev/token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Processes whose environment carries this run's exchange: the launcher's apps. */
function processesOfThisRun(): number[] {
  const marker = `EVENT_BUS_EXCHANGE=${env.EVENT_BUS_EXCHANGE}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  const response = await fetch(`${gateway}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('npm start launcher', () => {
  let launcher: ChildApp;

  beforeAll(() => {
    mkdirSync(join(webapp, 'assets'));
    writeFileSync(join(webapp, 'index.html'), storefrontPage);
    execFileSync(process.execPath, ['tools/build.mjs'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  afterAll(async () => {
    // SIGINT: run-ts passes it on and the launcher stops its apps (a SIGKILL would orphan them).
    await launcher?.stop('SIGINT');
    const pg = new Client({ connectionString: testEnv.postgresUrl });
    await pg.connect();
    for (const db of [env.CATALOG_DB, env.ORDERING_DB, env.PAYMENT_DB, env.IDENTITY_DB]) {
      await pg.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db]);
      await pg.query(`DROP DATABASE IF EXISTS "${db}"`);
    }
    await pg.end();
    const redis = new Redis(testEnv.redisUrl);
    const keys = await redis.keys(`${env.REDIS_KEY_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    const admin = await RabbitMqTestAdmin.open();
    for (const app of apps) {
      await admin.deleteServiceQueues(`${run}.${app}`, [200, 1_000, 5_000]);
    }
    // The gateway's broadcast queue is the broker's to delete; its parking queue is durable.
    await admin.deleteQueues(`${run}.api-gateway.broadcast.parking`);
    await admin.deleteExchange(env.EVENT_BUS_EXCHANGE);
    await admin.close();
    rmSync(webapp, { recursive: true, force: true });
  }, 60_000);

  it('runs the walkthrough through the gateway, then stops everything on SIGINT', async () => {
    launcher = startChild(join(root, 'tools', 'run-ts.mjs'), env, ['tools/launcher/main.ts']);
    // Generous: six apps start at once (identity-api hashes its demo passwords) on a shared machine.
    await waitFor(() => launcher.output().includes('eShop is up'), 'launcher ready', 240_000, 200);
    expect(launcher.output()).toContain(`Gateway: http://localhost:${ports.gateway}`);
    // The shop first: the storefront line comes before the rest of the summary.
    const storefront = launcher.output().indexOf(`Storefront: http://localhost:${ports.gateway}/\n`);
    expect(storefront).toBeGreaterThan(-1);
    expect(storefront).toBeLessThan(launcher.output().indexOf('eShop is up'));
    const shop = await fetch(`${gateway}/orders`, { headers: { accept: 'text/html' } });
    expect([shop.status, shop.headers.get('content-type'), await shop.text()]).toEqual([200, 'text/html; charset=utf-8', storefrontPage]);

    // The gateway has no dev-token route; identity-api's (tests only) stands in for a sign-in.
    expect((await call('/api/auth/dev-token', { method: 'POST', body: JSON.stringify({ userId: 'walker' }) })).status).toBe(404);
    const token = await devToken('walker', 'Walker');
    const staff = await devToken('boss', 'Boss', ['admin']);
    const { body: page } = await call('/api/catalog/items?pageSize=3');
    const item = (page['data'] as Array<Record<string, number>>)[0]!;
    expect((await call('/api/basket/items', { method: 'POST', token, body: JSON.stringify({ productId: item['id'], quantity: 2 }) })).status).toBeLessThan(300);

    const newPrice = Math.round((item['price']! + 1.25) * 100) / 100;
    const change = { method: 'PUT', body: JSON.stringify({ ...item, price: newPrice }) };
    // A price change is staff's: the buyer gets 403 from catalog-api, the admin 200.
    expect((await call(`/api/catalog/items/${item['id']}`, { ...change, token })).status).toBe(403);
    expect((await call(`/api/catalog/items/${item['id']}`, { ...change, token: staff })).status).toBe(200);
    await waitFor(async () => {
      const line = ((await call('/api/basket', { token })).body['items'] as Array<Record<string, number>>)[0];
      return line?.['unitPrice'] === newPrice && line['oldUnitPrice'] === item['price'];
    }, 'basket shows the old and the new price', 60_000, 100);

    const checkout = await call('/api/basket/checkout', {
      method: 'POST',
      token,
      headers: { 'x-requestid': crypto.randomUUID() },
      body: JSON.stringify({ city: 'Redmond', street: '15703 NE 61st Ct', state: 'WA', country: 'U.S.', zipCode: '98052', cardNumber: '4012888888881881', cardHolderName: 'Walker', cardExpiration: '2030-12-31T00:00:00.000Z', cardSecurityNumber: '123', cardTypeId: 1 }),
    });
    expect(checkout.status).toBe(202);
    await waitFor(async () => {
      const orders = (await call('/api/orders', { token })).body as unknown as Array<{ status: string }>;
      return Array.isArray(orders) && orders[0]?.status === 'paid';
    }, 'the order to reach paid', 120_000, 200);

    expect(processesOfThisRun().length).toBeGreaterThanOrEqual(5);
    const code = await launcher.stop('SIGINT');
    expect(code).toBe(0);
    expect(launcher.output()).toContain('all apps stopped');
    // Exited processes can linger an instant before the kernel reaps them.
    await waitFor(() => processesOfThisRun().length === 0, 'no process of this run left', 5_000, 100);
    expect(processesOfThisRun()).toEqual([]);
  }, 480_000);
});
