import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import { startChild, waitFor, type ChildApp, type RabbitMqTestAdmin } from '@eshop/testing';
import type { BasketLine } from '../domain/basket';
import {
  BasketClient,
  identity,
  TestRun,
  basketEnv,
  basketStore,
  isReady,
  priceChanged,
  type Bus,
  type Redis,
  type RunNames,
} from './basket-app.fixture';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');
const BASKETS = 20_000;
const WATCHED = 80;
const BYSTANDER = 81;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The built app runs as a child process and is killed with SIGKILL in the middle of a
// multi-basket price change: no shutdown hook runs, the message is unacked, the broker
// redelivers it to the restarted app, which must finish without applying anything twice.
describe('price change interrupted by SIGKILL', () => {
  let run: TestRun;
  let names: RunNames;
  let redis: Redis;
  let admin: RabbitMqTestAdmin;
  let publisher: Bus;
  const children: ChildApp[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, ['tools/build.mjs', 'basket-api'], { cwd: workspaceRoot });
  });

  beforeEach(async () => {
    run = await TestRun.open('basket_crash');
    ({ names, redis, admin, publisher } = run);
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop('SIGKILL')));
    await run.close();
  });

  async function startApp(): Promise<{ child: ChildApp; url: string }> {
    const port = await freePort();
    const env = basketEnv(names, {
      ...(await identity.listen()).env(),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // Small batches and one message at a time make the fan-out long enough to interrupt.
      PRICE_CHANGE_BATCH_SIZE: '5',
      EVENT_BUS_PREFETCH: '1',
    });
    const child = startChild(join(workspaceRoot, 'dist/apps/basket-api/main.js'), env);
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    // Ready and consuming: readiness alone only reports the broker.
    await waitFor(() => isReady(url), 'ready and consuming', 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${child.output()}`);
    });
    return { child, url };
  }

  async function readAll(buyers: string[]): Promise<Array<BasketLine | undefined>[]> {
    const { baskets } = basketStore(redis, names);
    const result: Array<BasketLine | undefined>[] = [];
    for (let i = 0; i < buyers.length; i += 1_000) {
      const chunk = await Promise.all(buyers.slice(i, i + 1_000).map((buyer) => baskets.find(buyer)));
      for (const basket of chunk) {
        result.push([WATCHED, BYSTANDER].map((id) => basket.lines.find((l) => l.productId === id)));
      }
    }
    return result;
  }

  it('leaves every basket updated exactly once after a kill and a restart', async () => {
    const { baskets, keys } = basketStore(redis, names);
    const buyers = Array.from({ length: BASKETS }, (_, i) => `buyer-${i}`);
    const line = (productId: number, cents: number) => ({
      productId, productName: `product ${productId}`, unitPriceCents: cents, quantity: 2, pictureUrl: '', version: 1,
    });
    for (let i = 0; i < buyers.length; i += 1_000) {
      await Promise.all(
        buyers.slice(i, i + 1_000).map((b) => baskets.replace(b, [line(WATCHED, 1_000), line(BYSTANDER, 500)])),
      );
    }

    const first = await startApp();
    const event = priceChanged(WATCHED, 2, 12, 10);
    await publisher.publish(PRODUCT_PRICE_CHANGED, event);
    // Kill once a good share of the baskets is done (the whole fan-out takes seconds here),
    // judged by a sample: the index hands out buyers in no order related to their names.
    const watchedSample = buyers.filter((_, i) => i % 20 === 0);
    const doneInSample = async () => {
      const raws = await Promise.all(watchedSample.map((buyer) => redis.hget(keys.basket(buyer), String(WATCHED))));
      return raws.filter((raw) => raw !== null && (JSON.parse(raw) as { version: number }).version === 2).length;
    };
    await waitFor(async () => (await doneInSample()) >= watchedSample.length / 10, 'a tenth of the fan-out', 20_000, 2);
    await first.child.stop('SIGKILL');

    const afterKill = await readAll(buyers);
    const changedBeforeKill = afterKill.filter(([watched]) => watched?.unitPriceCents === 1_200).length;
    // The kill really came mid-way: some baskets changed, not all, and the event is not done.
    expect(changedBeforeKill).toBeGreaterThan(0);
    expect(changedBeforeKill).toBeLessThan(BASKETS);
    expect(await redis.exists(keys.handled(names.queue, event.id, { productId: WATCHED }))).toBe(0);

    const second = await startApp();
    await waitFor(async () => redis.exists(keys.handled(names.queue, event.id, { productId: WATCHED })), 'the redelivery to finish', 60_000);
    // What buyers see over HTTP, for a sample…
    const sample = buyers.filter((_, i) => i % 400 === 0);
    const views = await Promise.all(sample.map((b) => BasketClient.as(second.url, b).get()));
    for (const { body } of views) {
      expect(body.items.map((i) => [i.productId, i.unitPrice, i.oldUnitPrice, i.quantity])).toEqual([
        [WATCHED, 12, 10, 2],
        [BYSTANDER, 5, 5, 2],
      ]);
    }
    await second.child.stop('SIGTERM');

    // …and the same data for every basket: changed once (twice would show oldUnitPrice 12).
    const finalLines = await readAll(buyers);
    const wrong = finalLines.filter(
      ([watched, bystander]) =>
        watched?.unitPriceCents !== 1_200 ||
        watched.oldUnitPriceCents !== 1_000 ||
        bystander?.unitPriceCents !== 500 ||
        bystander.oldUnitPriceCents !== 500,
    );
    expect(wrong).toEqual([]);
    expect(await admin.messageCount(names.queue)).toBe(0);
    expect(await admin.messageCount(`${names.queue}.parking`)).toBe(0);
  });
});
