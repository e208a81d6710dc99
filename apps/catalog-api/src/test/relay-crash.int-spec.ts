import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  createTestDatabase,
  startChild,
  testEnv,
  uniqueName,
  waitFor,
  type ChildApp,
  type TestDatabase,
} from '@eshop/testing';
import { CatalogApp, ExchangeProbe, outboxRows } from './catalog-fixture';

const workspaceRoot = join(__dirname, '../../../..');
const mainJs = join(workspaceRoot, 'dist/apps/catalog-api/main.js');

/**
 * A relay process killed between "the broker confirmed" and "the row is marked published"
 * (OUTBOX_TEST_CRASH_AFTER_PUBLISH makes it SIGKILL itself at exactly that point) leaves the
 * row in_progress under a lease. Another relay takes it over when the lease expires and
 * publishes it again: delivered twice (consumers deduplicate by event id), never zero times.
 */
describe('standalone relay killed between publish and mark', () => {
  let db: TestDatabase;
  let exchange: string;
  let probe: ExchangeProbe;
  let catalog: CatalogApp;
  const children: ChildApp[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, ['tools/build.mjs', 'catalog-api'], { cwd: workspaceRoot });
  });
  beforeEach(async () => {
    db = await createTestDatabase('catalog_crash');
    exchange = uniqueName('test.catalog');
    probe = await ExchangeProbe.open(testEnv.rabbitmqUrl, exchange);
    // The API without its relay: events wait in the table for the standalone relays.
    catalog = await CatalogApp.start({
      DATABASE_URL: db.url,
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      EVENT_BUS_EXCHANGE: exchange,
      OUTBOX_RELAY: 'off',
    });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop('SIGKILL')));
    await catalog.close();
    await probe.close();
    await db.drop();
  });

  const relay = (extra: Record<string, string> = {}) => {
    const child = startChild(
      mainJs,
      {
        DATABASE_URL: db.url,
        RABBITMQ_URL: testEnv.rabbitmqUrl,
        EVENT_BUS_EXCHANGE: exchange,
        LOG_LEVEL: 'warn',
        OUTBOX_LEASE_MS: '1000',
        OUTBOX_POLL_INTERVAL_MS: '200',
        ...extra,
      },
      ['relay'],
    );
    children.push(child);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.process.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    return { child, exited };
  };

  it('is recovered by another relay: the event arrives twice, never zero times', async () => {
    const read = await catalog.http('get', '/api/catalog/items/12').expect(200);
    const { id: _id, ...item } = read.body as { id: number; price: number };
    await catalog.http('put', '/api/catalog/items/12').send({ ...item, price: 5.55 }).expect(200);
    const [row] = await outboxRows(db.url);
    expect(row).toMatchObject({ state: 'not_published' });

    const doomed = relay({ OUTBOX_TEST_CRASH_AFTER_PUBLISH: 'on' });
    expect(await doomed.exited).toBe('SIGKILL');
    // It died after the broker confirmed and before marking the row.
    const first = await probe.drain();
    expect(first.map((m) => m.properties.messageId)).toEqual([row?.event_id]);
    expect((await outboxRows(db.url))[0]).toMatchObject({ state: 'in_progress', attempts: 1 });

    const survivor = relay();
    await waitFor(
      async () => (await outboxRows(db.url))[0]?.state === 'published',
      'the survivor to take the row over once the lease expired',
      20_000,
    );
    expect((await outboxRows(db.url))[0]).toMatchObject({ attempts: 2 });
    const second = await probe.drain();
    expect(second.map((m) => m.properties.messageId)).toEqual([row?.event_id]);
    expect(second[0]?.content.toString()).toBe(first[0]?.content.toString());

    // A graceful stop: Nest runs the shutdown hooks, then re-raises the signal.
    await survivor.child.stop('SIGTERM');
    expect(await survivor.exited).toBe('SIGTERM');
    expect(survivor.child.output()).not.toMatch(/"level":50/);
  });
});
