import { randomUUID } from 'node:crypto';
import { silentLogger } from '@eshop/logger';
import { sleep, waitFor } from '@eshop/testing';
import { IntegrationEventInbox, type IntegrationEventInboxOptions } from '../nest/integration-event-inbox';
import { type OutboxFixture, useOutboxFixture } from './outbox-fixture';

const HOUR = 3_600_000;

describe('IntegrationEventInbox retention', () => {
  const fixture = useOutboxFixture('outbox_inbox');
  let fx: OutboxFixture;
  beforeEach(() => (fx = fixture()));

  /** Records `count` handled events for `consumer`, handled `ago` (an interval) before now. */
  async function handled(consumer: string, count: number, ago: string): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await fx.dataSource.query(
      `INSERT INTO handled_integration_event (consumer, event_id, event_name, handled_at)
       SELECT $1, id, 'ProductPriceChangedIntegrationEvent', now() - $3::interval FROM unnest($2::uuid[]) AS id`,
      [consumer, ids, ago],
    );
    return ids;
  }

  const newInbox = (retention: IntegrationEventInboxOptions['retention'] = {}) =>
    new IntegrationEventInbox(fx.dataSource, { retention, logger: silentLogger });

  const remaining = async () =>
    (
      await fx.dataSource.query<Array<{ consumer: string; event_id: string }>>(
        'SELECT consumer, event_id FROM handled_integration_event ORDER BY consumer, event_id',
      )
    ).map((row) => `${row.consumer}:${row.event_id}`);

  it('deletes records past the window in batches, for every consumer, and keeps the recent ones', async () => {
    const inbox = newInbox({ maxAgeMs: 7 * 24 * HOUR, batchSize: 3 });
    await handled('catalog.stock', 5, '8 days');
    await handled('ordering.paid', 2, '8 days');
    const keep = [...(await handled('catalog.stock', 2, '6 days')), ...(await handled('ordering.paid', 1, '1 minute'))];

    expect(await inbox.purgeHandled()).toBe(7);

    expect((await remaining()).map((r) => r.split(':')[1]).sort()).toEqual([...keep].sort());
  });

  it('still knows a recent copy after a purge, and handles again a copy arriving after the window', async () => {
    const inbox = newInbox();
    const [recent] = await handled('ordering.paid', 1, '1 hour');
    const [ancient] = await handled('ordering.paid', 1, '30 days');
    await inbox.purgeHandled();
    const work = jest.fn(async () => 'done');

    expect(await inbox.handleOnce('ordering.paid', { id: recent as string }, 'E', work)).toEqual({ handled: false });
    expect(await inbox.handleOnce('ordering.paid', { id: ancient as string }, 'E', work)).toEqual({
      handled: true,
      result: 'done',
    });
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs on its own timer from application bootstrap until module destroy', async () => {
    const inbox = newInbox({ intervalMs: 50 });
    await handled('catalog.stock', 3, '8 days');
    inbox.onApplicationBootstrap();
    await waitFor(async () => (await remaining()).length === 0, 'the timer to purge');

    await inbox.onModuleDestroy();
    await handled('catalog.stock', 2, '8 days');
    await sleep(300); // six intervals: a timer still running would have purged them
    expect(await remaining()).toHaveLength(2);
  });

  it('refuses a window too short to outlast redeliveries, and can be switched off', async () => {
    expect(() => newInbox({ maxAgeMs: 60_000 })).toThrow(RangeError);
    const off = newInbox({ enabled: false, intervalMs: 50 });
    await handled('catalog.stock', 1, '8 days');
    off.onApplicationBootstrap();
    await sleep(300);
    expect(await remaining()).toHaveLength(1);
    await off.onModuleDestroy();
  });
});
