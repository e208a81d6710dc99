import { readFile } from 'node:fs/promises';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { GRACE_PERIOD_CONFIRMED, ORDER_PAYMENT_SUCCEEDED, ORDER_STOCK_CONFIRMED, integrationEvents, newEventIdentity } from '@eshop/contracts';
import { IntegrationEventInbox, OutboxWriter } from '@eshop/outbox';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { AdvanceOrderSagaUseCase } from '../application/advance-order-saga.use-case';
import { CreateOrderUseCase } from '../application/create-order.use-case';
import { GracePeriodWorker } from '../application/grace-period.worker';
import { ORDER_COLUMNS } from '../infrastructure/order.repository';
import { openOrderingDatabase, orderingDataSourceOptions } from '../infrastructure/ordering-database';
import { TypeOrmUnitOfWork } from '../infrastructure/typeorm-unit-of-work';
import { checkoutEvent } from './ordering-fixture';

/**
 * Ordering's cost per order across the saga, measured: N orders' events go through the real
 * use cases (the ones the @EventPattern handlers call) and the grace-period worker, on real
 * Postgres, with `concurrency` events in flight at once (as the bus' prefetch allows). Every
 * statement the app sends goes through TypeORM's query runner, so a logger counts them;
 * `START TRANSACTION` counts transactions. The outbox relay (its own pool) does not run here:
 * its claim and mark statements are per batch, not per order.
 *
 * `SAGA_COST_ORDERS=500 SAGA_COST_REPORT=1 npx jest saga-cost` prints the table and plans.
 */
const ORDERS = Number(process.env['SAGA_COST_ORDERS'] ?? 30);
const CONCURRENCY = Number(process.env['SAGA_COST_CONCURRENCY'] ?? 8);
const GRACE_BATCH = 100;

class StatementCounter implements TypeOrmLogger {
  statements = 0;
  transactions = 0;
  logQuery(query: string): void {
    if (query === 'START TRANSACTION') this.transactions++;
    else if (query !== 'COMMIT' && query !== 'ROLLBACK') this.statements++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

interface PhaseCost {
  readonly phase: string;
  readonly statementsPerOrder: number;
  readonly transactionsPerOrder: number;
  readonly ms: number;
  /** CPU per order of this process (the use cases, TypeORM, pg) and of its Postgres backends. */
  readonly nodeCpuMsPerOrder: number;
  readonly postgresCpuMsPerOrder: number;
}

/** CPU ms so far of this data source's Postgres backends (same machine: /proc/<pid>/stat). */
async function postgresCpuMs(source: DataSource): Promise<Map<number, number>> {
  const rows: Array<{ pid: number }> = await source.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ordering-api'`,
  );
  const usage = new Map<number, number>();
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ') ?? [];
    if (fields.length > 12) usage.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
  }
  return usage;
}
const CLOCK_TICKS = 100;
const round = (value: number) => Math.round(value * 100) / 100;

function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

describe('ordering cost per order across the saga (measured)', () => {
  let db: TestDatabase;
  let source: DataSource;
  const counter = new StatementCounter();
  const costs: PhaseCost[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('ordering_cost');
    source = await openOrderingDatabase({ ...orderingDataSourceOptions(db.url), logger: counter, logging: true });
  });
  afterAll(async () => {
    await source?.destroy();
    await db?.drop();
  });

  async function measure(phase: string, work: () => Promise<unknown>): Promise<void> {
    const pgCpu = await postgresCpuMs(source);
    const [statements, transactions, started, nodeCpu] = [counter.statements, counter.transactions, performance.now(), process.cpuUsage()];
    await work();
    const [ms, nodeUsed] = [Math.round(performance.now() - started), process.cpuUsage(nodeCpu)];
    const [phaseStatements, phaseTransactions] = [counter.statements - statements, counter.transactions - transactions];
    const pgUsed = cpuSince(pgCpu, await postgresCpuMs(source));
    costs.push({
      phase,
      statementsPerOrder: phaseStatements / ORDERS,
      transactionsPerOrder: phaseTransactions / ORDERS,
      ms,
      nodeCpuMsPerOrder: round((nodeUsed.user + nodeUsed.system) / 1000 / ORDERS),
      postgresCpuMsPerOrder: round(pgUsed / ORDERS),
    });
  }

  it('takes N orders from checkout to paid and reports statements, transactions and outbox rows per order', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(source, new IntegrationEventInbox(source), new OutboxWriter(integrationEvents));
    const createOrder = new CreateOrderUseCase(unitOfWork);
    const saga = new AdvanceOrderSagaUseCase(unitOfWork);
    const worker = new GracePeriodWorker(unitOfWork, { gracePeriodMs: 0, intervalMs: 1_000, batchSize: GRACE_BATCH });
    const checkouts = Array.from({ length: ORDERS }, (_, i) => checkoutEvent({ userId: `cost-buyer-${i % 40}` }));

    await measure('checkout accepted → order created', () =>
      inParallel(checkouts, CONCURRENCY, (event) => createOrder.execute(event)),
    );
    const orderIds: number[] = (await source.query('SELECT id FROM orders ORDER BY id')).map((row: { id: number }) => row.id);
    expect(orderIds).toHaveLength(ORDERS);
    await measure('grace period over (worker) → GracePeriodConfirmed', () => worker.confirmExpired());
    await measure('grace period confirmed → awaitingvalidation', () =>
      inParallel(orderIds, CONCURRENCY, (orderId: number) => saga.execute(GRACE_PERIOD_CONFIRMED, { ...newEventIdentity(), orderId })),
    );
    await measure('stock confirmed → stockconfirmed', () =>
      inParallel(orderIds, CONCURRENCY, (orderId: number) => saga.execute(ORDER_STOCK_CONFIRMED, { ...newEventIdentity(), orderId })),
    );
    await measure('payment succeeded → paid', () =>
      inParallel(orderIds, CONCURRENCY, (orderId: number) => saga.execute(ORDER_PAYMENT_SUCCEEDED, { ...newEventIdentity(), orderId })),
    );

    const [{ paid }] = await source.query(`SELECT count(*)::int AS paid FROM orders WHERE status = 'paid'`);
    expect(paid).toBe(ORDERS);
    const outbox: Array<{ event_name: string; n: number }> = await source.query(
      'SELECT event_name, count(*)::int AS n FROM integration_event_log GROUP BY 1 ORDER BY 1',
    );
    const total = {
      statements: costs.reduce((sum, cost) => sum + cost.statementsPerOrder, 0),
      transactions: costs.reduce((sum, cost) => sum + cost.transactionsPerOrder, 0),
      outboxRows: outbox.reduce((sum, row) => sum + row.n, 0) / ORDERS,
      ms: costs.reduce((sum, cost) => sum + cost.ms, 0),
      nodeCpuMsPerOrder: round(costs.reduce((sum, cost) => sum + cost.nodeCpuMsPerOrder, 0)),
      postgresCpuMsPerOrder: round(costs.reduce((sum, cost) => sum + cost.postgresCpuMsPerOrder, 0)),
    };
    if (process.env['SAGA_COST_REPORT']) await report(source, { orders: ORDERS, costs, total, outbox });
    // Regression bounds of the measured cost (see /tmp/ordering-cost.md for the figures).
    expect(total.statements).toBeLessThanOrEqual(19);
    expect(total.transactions).toBeLessThanOrEqual(4.1);
  });
});

/** The statements of every saga step and of the buyer's list, as the repositories send them. */
const HOT_QUERIES: ReadonlyArray<[string, string]> = [
  ['load an order (saga step)', `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = 1000 FOR UPDATE OF o`],
  [
    'grace-period claim',
    `SELECT id FROM orders WHERE status = 'submitted' AND grace_period_confirmed_at IS NULL
     AND order_date <= now() ORDER BY order_date LIMIT 100 FOR UPDATE SKIP LOCKED`,
  ],
  ['buyer page', `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.buyer_id = 'filler-7' ORDER BY o.order_date DESC, o.id DESC LIMIT 20 OFFSET 0`],
];

/** Enough rows (50 000 orders of 500 buyers) for the planner to show the plans of a real table. */
const FILLER = `INSERT INTO orders (buyer_id, buyer_name, street, city, state, country, zip_code, status, order_date)
  SELECT 'filler-' || (g % 500), 'F', 's', 'c', 'st', 'co', 'z', 'paid', now() - g * interval '1 second'
  FROM generate_series(1, 50000) AS g`;

async function report(source: DataSource, figures: Record<string, unknown>): Promise<void> {
  const lines = Object.entries(figures).flatMap(([key, value]) =>
    Array.isArray(value) ? [`${key}:`, ...value.map((item) => `  ${JSON.stringify(item)}`)] : [`${key}: ${JSON.stringify(value)}`],
  );
  await source.query(FILLER);
  await source.query('ANALYZE');
  for (const [name, sql] of HOT_QUERIES) {
    const rows: Array<{ 'QUERY PLAN': string }> = await source.query(`EXPLAIN ${sql}`);
    lines.push(`plan of ${name}:`, ...rows.map((row) => `  ${row['QUERY PLAN']}`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
