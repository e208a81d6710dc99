import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { waitFor, type TestDatabase } from '@eshop/testing';
import type { EventTap } from './event-tap';
import type { TestSystem } from './system';

const run = promisify(execFile);

/** Messages (ready + unacknowledged) per queue of this run, per the broker. */
async function queueDepths(system: TestSystem): Promise<Map<string, number>> {
  // rabbitmqctl, not a channel's checkQueue: only the broker's count includes unacked messages.
  const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'messages', '--quiet', '--no-table-headers']);
  const depths = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const [name, count] = line.trim().split(/\s+/);
    if (name?.startsWith(`${system.run}.`)) depths.set(name, Number(count ?? 0));
  }
  return depths;
}

const sum = (depths: Map<string, number>, parking: boolean) =>
  [...depths].filter(([name]) => name.endsWith('.parking') === parking).reduce((total, [, count]) => total + count, 0);

/** Messages in the run's parking queues (they stay there: parked is settled, not in flight). */
export async function parkedMessages(system: TestSystem): Promise<number> {
  return sum(await queueDepths(system), true);
}

async function unpublishedEvents(database: TestDatabase): Promise<number> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM integration_event_log WHERE state <> 'published'`,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Waits until nothing is in flight: no event waiting in an outbox, no message ready or
 * unacknowledged in any non-parking queue of the run, no copy of the `tap` unconfirmed —
 * twice in a row, so a message between two hops is not mistaken for quiet.
 */
export async function waitUntilSettled(system: TestSystem, tap?: EventTap): Promise<void> {
  let quietBefore = false;
  await waitFor(
    async () => {
      const [depths, ...backlogs] = await Promise.all([
        queueDepths(system),
        ...system.outboxDatabases().map(unpublishedEvents),
      ]);
      const quiet = sum(depths, false) === 0 && backlogs.every((count) => count === 0) && (tap?.inFlight ?? 0) === 0;
      const settled = quiet && quietBefore;
      quietBefore = quiet;
      return settled;
    },
    'the system to settle',
    45_000,
    200,
  );
}
