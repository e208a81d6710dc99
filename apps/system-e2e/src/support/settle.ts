import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { waitFor } from '@eshop/testing';
import type { FaultSystem } from './system';

const run = promisify(execFile);

/** Messages (ready + unacknowledged) per queue of this run, per the broker. */
export async function queueDepths(system: FaultSystem): Promise<Map<string, number>> {
  const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'messages', '--quiet', '--no-table-headers']);
  const depths = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const [name, count] = line.trim().split(/\s+/);
    if (name?.startsWith(`${system.run}.`)) depths.set(name, Number(count ?? 0));
  }
  return depths;
}

/** Messages anywhere in the run's queues except the parking queues (which keep theirs). */
export async function messagesInFlight(system: FaultSystem): Promise<number> {
  let sum = 0;
  for (const [name, count] of await queueDepths(system)) if (!name.endsWith('.parking')) sum += count;
  return sum;
}

/** Outbox rows by state other than 'published'. */
export async function outboxBacklog(system: FaultSystem): Promise<Record<string, number>> {
  const client = new Client({ connectionString: system.catalogDb.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; n: string }>(
      `SELECT state, count(*) AS n FROM integration_event_log WHERE state <> 'published' GROUP BY state`,
    );
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
  } finally {
    await client.end();
  }
}

/**
 * Waits until nothing is in flight: no outbox row left to publish, no message ready or
 * unacknowledged in any non-parking queue of the run, nothing held by `extra` — twice in a
 * row, so a message between two hops is not mistaken for quiet.
 */
export async function waitUntilSettled(system: FaultSystem, extra: () => number = () => 0): Promise<void> {
  let quietBefore = false;
  await waitFor(
    async () => {
      const backlog = Object.values(await outboxBacklog(system)).reduce((a, b) => a + b, 0);
      const quiet = backlog === 0 && (await messagesInFlight(system)) === 0 && extra() === 0;
      const settled = quiet && quietBefore;
      quietBefore = quiet;
      return settled;
    },
    'the system to settle',
    45_000,
    200,
  );
}
