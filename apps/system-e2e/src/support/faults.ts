import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { testEnv, waitFor } from '@eshop/testing';

const run = promisify(execFile);

/**
 * The local ports of the AMQP connections (to :5672) that the processes `pids` hold open.
 * The apps name their connections with fixed names ('basket-api', 'catalog-api'), shared by
 * every run on this broker, so a run's connections are found by their owning process instead.
 */
async function amqpPortsOf(pids: readonly number[]): Promise<Set<string>> {
  const { stdout } = await run('ss', ['-tnpH', 'state', 'established', '( dport = :5672 )']);
  const ports = new Set<string>();
  const owners = new Set<number>();
  for (const line of stdout.split('\n')) {
    const pid = /pid=(\d+)/.exec(line)?.[1];
    if (pid === undefined || !pids.includes(Number(pid))) continue;
    const local = line.trim().split(/\s+/)[2] ?? '';
    ports.add(local.slice(local.lastIndexOf(':') + 1));
    owners.add(Number(pid));
  }
  return owners.size === pids.length ? ports : new Set();
}

/**
 * Closes, from the broker's side (as a network cut or broker restart would), every AMQP
 * connection held by the processes `pids`, matching the broker's `peer_port` with the
 * processes' local ports, once every one of them is connected (so a second cut does not
 * land while one is still reconnecting from the first). Returns how many it closed.
 */
export async function cutBrokerConnections(pids: readonly number[]): Promise<number> {
  const targets = await waitFor(async () => {
    const ports = await amqpPortsOf(pids);
    if (ports.size === 0) return undefined;
    const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'peer_port', '--quiet', '--no-table-headers']);
    const pidsOnBroker = stdout
      .split('\n')
      .map((line) => line.trim().split('\t'))
      .filter(([pid, port]) => pid && port && ports.has(port.trim()))
      .map(([pid]) => pid as string);
    // The broker lists a connection only after its AMQP handshake: wait for all of them.
    return pidsOnBroker.length === ports.size ? pidsOnBroker : undefined;
  }, 'every process to be connected to the broker', 20_000, 50);
  for (const pid of targets) {
    await run('rabbitmqctl', ['close_connection', pid, 'system-e2e: forced cut']).catch(() => undefined);
  }
  return targets.length;
}

/** Terminates the outbox relay's sessions on `database` (its pool's application_name). */
export async function terminateRelaySessions(database: string): Promise<number> {
  const client = new Client({ connectionString: testEnv.postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
       WHERE datname = $1 AND application_name = 'outbox-relay'`,
      [database],
    );
    return rows.filter((row) => row.ok).length;
  } finally {
    await client.end();
  }
}
