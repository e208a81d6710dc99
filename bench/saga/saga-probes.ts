// What bench:saga and the soak read while the load runs: CPU and RSS from /proc, ordering's
// queue depth from the broker (a passive declare, no management plugin), Postgres backends'
// CPU, the orders' progress from ordering's own tables, and (the soak) V8's heap from /metrics.
import { readFileSync, readdirSync } from 'node:fs';
import { Pool } from 'pg';
import { processCpuMs, processRssMb, type TestDatabase } from '@eshop/testing';

/** user + system CPU of a process so far, ms; NaN once it is gone. */
export const cpuMs = (pid: number): number => processCpuMs(pid);
export const rssMb = processRssMb;

/** V8's used heap (prom-client's `nodejs_heap_size_used_bytes`) from an app's `/metrics`, MB; NaN when the app does not answer. */
export async function heapUsedMb(metricsUrl: string): Promise<number> {
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
    const value = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1];
    return value === undefined ? Number.NaN : Number(value) / 2 ** 20;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU of a set of processes that come and go (Postgres backends): every sample adds, per
 * pid, what it used since the pid was last seen (a new pid counts from 0: a backend forked
 * during the run did all its work in it). Work of a pid that ended between samples is lost,
 * so the figure is a lower bound.
 */
export class CpuAccount {
  private readonly last = new Map<number, number>();
  private baseline = true;
  totalMs = 0;

  constructor(private readonly pids: () => Promise<number[]>) {}

  async sample(): Promise<void> {
    for (const pid of await this.pids()) {
      const now = cpuMs(pid);
      if (!Number.isFinite(now)) continue;
      if (!this.baseline) this.totalMs += now - (this.last.get(pid) ?? 0);
      this.last.set(pid, now);
    }
    this.baseline = false;
  }
}

/** The backends serving `database` (pg_stat_activity, as the superuser the tests use). */
export function backendsOf(database: TestDatabase): () => Promise<number[]> {
  return async () =>
    (await query<{ pid: number }>(database, 'SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).map(
      (row) => row.pid,
    );
}

/** Every process called `postgres` on this machine (other runs' backends included). */
export async function allPostgresProcesses(): Promise<number[]> {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** One small pool per database for every probe: no connection per sample on a busy server. */
const pools = new Map<string, Pool>();

export async function query<T>(database: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  let pool = pools.get(database.url);
  if (!pool) {
    pool = new Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined); // a backend ended (the database dropped): the next query reconnects
    pools.set(database.url, pool);
  }
  return (await pool.query(sql, params)).rows as T[];
}

export async function closeProbes(): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.end()));
  pools.clear();
}

/** Orders that reached a final state (paid or cancelled) so far. */
export async function finalOrders(ordering: TestDatabase): Promise<number> {
  const [row] = await query<{ n: string }>(ordering, `SELECT count(*) AS n FROM orders WHERE status IN ('paid', 'cancelled')`);
  return Number(row?.n ?? 0);
}

export interface OrderOutcome {
  readonly buyerId: string;
  readonly requestId: string;
  readonly orderId: number;
  readonly status: string;
  /** Epoch ms the order reached its final state, when it has. */
  readonly finalAt: number | null;
}

/** Every order with the checkout request it came from and when it was paid or cancelled. */
export async function orderOutcomes(ordering: TestDatabase): Promise<OrderOutcome[]> {
  const rows = await query<{ buyer_id: string; request_id: string; order_id: number; status: string; final_at: Date | null }>(
    ordering,
    `SELECT r.buyer_id, r.request_id, o.id AS order_id, o.status,
            (SELECT max(c.changed_at) FROM order_status_change c
              WHERE c.order_id = o.id AND c.status IN ('paid', 'cancelled')) AS final_at
       FROM orders o JOIN client_request r ON r.order_id = o.id AND r.command = 'create-order'`,
  );
  return rows.map((row) => ({
    buyerId: row.buyer_id,
    requestId: row.request_id,
    orderId: row.order_id,
    status: row.status,
    finalAt: row.final_at === null ? null : row.final_at.getTime(),
  }));
}

/** Outbox rows not yet published. */
export async function unpublishedRows(database: TestDatabase): Promise<number> {
  const [row] = await query<{ n: string }>(database, `SELECT count(*) AS n FROM integration_event_log WHERE state <> 'published'`);
  return Number(row?.n ?? 0);
}
