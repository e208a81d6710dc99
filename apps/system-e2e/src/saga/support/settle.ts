import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { waitFor } from '@eshop/testing';
import type { SagaSystem } from './saga-system';

const run = promisify(execFile);

/** Messages (ready + unacknowledged) in every queue of this run, per the broker. */
async function messagesInQueues(system: SagaSystem): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'messages', '--quiet', '--no-table-headers']);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([name]) => name?.startsWith(`${system.run}.`))
    .reduce((sum, [, count]) => sum + Number(count ?? 0), 0);
}

async function unpublishedEvents(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
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
 * Waits until nothing is left in flight: no event waiting in an outbox, no message ready or
 * unacknowledged in any queue of the run, nothing held by `extra` (a test's own publisher) —
 * twice in a row, so a message between two hops is not mistaken for quiet. Call it once the
 * saga reached its final status: then every copy of every event has been handled.
 */
export async function waitUntilSettled(system: SagaSystem, extra: () => number = () => 0): Promise<void> {
  let quietBefore = false;
  await waitFor(
    async () => {
      const counts = await Promise.all([
        messagesInQueues(system),
        unpublishedEvents(system.catalogDb.url),
        unpublishedEvents(system.orderingDb.url),
      ]);
      const quiet = counts.every((count) => count === 0) && extra() === 0;
      const settled = quiet && quietBefore;
      quietBefore = quiet;
      return settled;
    },
    'the system to settle',
    30_000,
    100,
  );
}
