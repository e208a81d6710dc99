// One run of the saga load with its measurements, shared by bench:saga and the soak: start
// the shop, create the products, sample every few seconds while the buyers run, wait until
// every accepted checkout has reached a final state, and report.
import { RabbitMqTestAdmin, fmt, median, percentile, verdict, waitFor } from '@eshop/testing';
import { createProducts, runLoad, type LoadResult, type Product } from './saga-load';
import { CpuAccount, allPostgresProcesses, backendsOf, closeProbes, finalOrders, orderOutcomes, query, rssMb, type OrderOutcome } from './saga-probes';
import { SAGA_APPS, SagaSystem, type SagaApp } from './saga-system';

export const print = (line: string) => process.stdout.write(`${line}\n`);

export interface RunOptions {
  readonly buyers: number;
  readonly seconds: number;
  readonly products: number;
  /** Units of stock per product: raised so that every order can be paid. */
  readonly stock: number;
  readonly sampleEveryMs: number;
}

export interface Sample {
  readonly atS: number;
  readonly accepted: number;
  readonly final: number;
  readonly orderingQueue: number;
  readonly rssMb: Record<SagaApp, number>;
}

export interface Rates {
  readonly whole: number;
  readonly secondHalf: number;
}

export interface RunReport {
  readonly load: LoadResult;
  readonly products: Product[];
  readonly samples: Sample[];
  readonly outcomes: OrderOutcome[];
  readonly accepted: number;
  /** Rates over the whole load and over its second half (steady state: the goal's ratio). */
  readonly acceptedPerS: Rates;
  readonly finalPerS: Rates;
  /** The shift of the final-state window: median checkout → final, s. */
  readonly finalLagS: number;
  readonly drainS: number;
  readonly paidLatencyMs: number[];
  /** CPU ms per final order, from the load's start until the last order was final. */
  readonly cpuMsPerOrder: Record<string, number>;
}

/** `--name value` from argv, as a number. */
export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** Starts the shop (ordering with GRACE_PERIOD_MS=1000), runs `work` on it and removes it, also on Ctrl-C. */
export async function withSagaSystem<T>(work: (system: SagaSystem) => Promise<T>, orderingEnv: Record<string, string> = {}): Promise<T> {
  const system = await SagaSystem.start({ GRACE_PERIOD_MS: '1000', ...orderingEnv });
  const interrupted = () => void system.stop().finally(() => process.exit(130));
  // Should this process die anyway, its apps must not outlive it.
  const orphans = () => system.kill();
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted).once('exit', orphans);
  try {
    return await work(system);
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted).off('exit', orphans);
    await closeProbes();
    await system.stop();
  }
}

/** The CPU accounts of a run: ordering-api, and the Postgres backends of each database. */
function cpuAccounts(system: SagaSystem): Record<string, CpuAccount> {
  return {
    'ordering-api': new CpuAccount(async () => [system.pid('ordering-api')]),
    'postgres (ordering db)': new CpuAccount(backendsOf(system.orderingDb)),
    'postgres (catalog db)': new CpuAccount(backendsOf(system.catalogDb)),
    'postgres (all processes, other runs too)': new CpuAccount(allPostgresProcesses),
  };
}

export async function runSaga(system: SagaSystem, options: RunOptions): Promise<RunReport> {
  const products = await createProducts(system, options.products, options.stock);
  const admin = await RabbitMqTestAdmin.open();
  const accounts = cpuAccounts(system);
  const sampleCpu = () => Promise.all(Object.values(accounts).map((account) => account.sample()));
  await sampleCpu();
  const samples: Sample[] = [];
  let accepted = 0;
  const startedAt = Date.now();
  const sampler = setInterval(() => {
    void takeSample(system, admin, startedAt, () => accepted).then((sample) => {
      samples.push(sample);
      print(sampleLine(sample));
    }, () => undefined);
    sampleCpu().catch(() => undefined); // a missed sample only coarsens the account
  }, options.sampleEveryMs);
  const load = await runLoad(system, { buyers: options.buyers, seconds: options.seconds, products, onAccepted: () => accepted++ });
  try {
    await waitForFinalStates(system, admin, accepted);
  } finally {
    clearInterval(sampler);
  }
  const drainS = (Date.now() - load.endedAt) / 1_000;
  await sampleCpu();
  await admin.close();
  const outcomes = await orderOutcomes(system.orderingDb);
  const cpuMsPerOrder = Object.fromEntries(Object.entries(accounts).map(([name, account]) => [name, account.totalMs / outcomes.length]));
  return { ...summarise(load, outcomes), load, products, samples, outcomes, drainS, cpuMsPerOrder };
}

/**
 * Every accepted checkout has its order, nothing waits in ordering's queue and every order is
 * paid or cancelled. The limit only ends a run that stopped moving.
 */
async function waitForFinalStates(system: SagaSystem, admin: RabbitMqTestAdmin, accepted: number): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await query<{ orders: string; open: string }>(
        system.orderingDb,
        `SELECT count(*) AS orders, count(*) FILTER (WHERE status NOT IN ('paid', 'cancelled')) AS open FROM orders`,
      );
      const queued = await admin.messageCount(system.orderingQueue);
      return Number(row?.orders) >= accepted && Number(row?.open) === 0 && queued === 0;
    },
    'every order to reach a final state',
    10 * 60_000,
    1_000,
  );
}

/**
 * Rates and checkout → paid latencies; accepted = every checkout that became an order. Final
 * states are counted over the load's window shifted by the median checkout → final time
 * (`finalLagS`): an order accepted at the window's end is final that much later, and under a
 * rising load those in flight would otherwise read as falling behind. A backlog in ordering
 * cannot hide in the shift: it shows as a lower final rate and in the queue samples.
 */
function summarise(
  load: LoadResult,
  outcomes: readonly OrderOutcome[],
): Pick<RunReport, 'accepted' | 'acceptedPerS' | 'finalPerS' | 'finalLagS' | 'paidLatencyMs'> {
  const rates = (times: number[], lagMs = 0): Rates => ratesOf(times, load.startedAt + lagMs, load.endedAt + lagMs);
  const sent = new Map(load.checkouts.map((checkout) => [`${checkout.buyer}/${checkout.requestId}`, checkout.sentAt]));
  const sentAt = (o: OrderOutcome) => sent.get(`${o.buyerId}/${o.requestId}`) ?? Number.NaN;
  const paidLatencyMs = outcomes
    .filter((o) => o.status === 'paid' && o.finalAt !== null)
    .map((o) => (o.finalAt ?? 0) - sentAt(o))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const lagMs = median(outcomes.filter((o) => o.finalAt !== null).map((o) => (o.finalAt ?? 0) - sentAt(o)).filter(Number.isFinite));
  return {
    accepted: outcomes.length,
    acceptedPerS: rates(outcomes.map(sentAt)),
    finalPerS: rates(outcomes.map((o) => o.finalAt ?? Number.NaN), Number.isFinite(lagMs) ? lagMs : 0),
    finalLagS: lagMs / 1_000,
    paidLatencyMs,
  };
}

/** Events per second between `from` and `to`, and over the second half of that span. */
function ratesOf(times: readonly number[], from: number, to: number): Rates {
  const mid = (from + to) / 2;
  const within = (start: number) => times.filter((t) => t >= start && t <= to).length;
  return { whole: (within(from) * 1_000) / (to - from), secondHalf: (within(mid) * 1_000) / (to - mid) };
}

async function takeSample(system: SagaSystem, admin: RabbitMqTestAdmin, startedAt: number, accepted: () => number): Promise<Sample> {
  const [orderingQueue, final] = await Promise.all([admin.messageCount(system.orderingQueue), finalOrders(system.orderingDb)]);
  const rss = Object.fromEntries(SAGA_APPS.map((app) => [app, rssMb(system.pid(app))])) as Record<SagaApp, number>;
  return { atS: Math.round((Date.now() - startedAt) / 1_000), accepted: accepted(), final, orderingQueue, rssMb: rss };
}

function sampleLine(sample: Sample): string {
  const rss = SAGA_APPS.map((app) => `${app.replace('-api', '')}=${fmt(sample.rssMb[app], 0)}`).join(' ');
  return `  t=${sample.atS}s accepted=${sample.accepted} final=${sample.final} ordering queue=${sample.orderingQueue} rss MB: ${rss}`;
}

/** The figures of issue #14 §3, with the goals. */
export function printReport(report: RunReport, options: RunOptions): boolean {
  const ratio = report.finalPerS.secondHalf / report.acceptedPerS.secondHalf;
  const perS = (rates: Rates) => `${fmt(rates.whole)}/s (second half ${fmt(rates.secondHalf)}/s)`;
  const p50 = percentile(report.paidLatencyMs, 50) / 1_000;
  const p95 = percentile(report.paidLatencyMs, 95) / 1_000;
  const statuses = new Map<string, number>();
  for (const outcome of report.outcomes) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
  const via = process.argv.includes('--direct') ? 'straight to basket/catalog' : 'through the gateway';
  print(`\nbench:saga — ${options.buyers} buyers ${via}, ${options.seconds} s, ${options.products} products, GRACE_PERIOD_MS=1000`);
  const answered = report.load.checkouts.filter((checkout) => checkout.status === 202).length;
  print(`checkouts accepted:        ${report.accepted} (${answered} answered 202, the rest lost their answer), ${perS(report.acceptedPerS)}`);
  print(`orders final:              ${perS(report.finalPerS)}, window shifted by the median checkout → final (${fmt(report.finalLagS)} s)`);
  print(`final/accepted, 2nd half:  ${fmt(ratio, 3)}   goal ≥ 0.95: ${verdict(ratio >= 0.95)}`);
  print(`checkout → paid:           p50 ${fmt(p50)} s   p95 ${fmt(p95)} s   goal p95 ≤ 15 s: ${verdict(p95 <= 15)}`);
  print(`drain after the load:      ${fmt(report.drainS)} s   statuses: ${[...statuses].map(([s, n]) => `${s}=${n}`).join(' ')}`);
  print(`price changes:             ${report.load.priceChanges}   failures: ${[...report.load.failures].map(([k, n]) => `${k}×${n}`).join(' ') || 'none'}`);
  print(`ordering queue (ready messages) over time: ${report.samples.map((s) => `${s.atS}s:${s.orderingQueue}`).join(' ')}`);
  print('CPU per order (ms):');
  for (const [name, ms] of Object.entries(report.cpuMsPerOrder)) print(`  ${name.padEnd(44)} ${fmt(ms, 2)}`);
  return ratio >= 0.95 && p95 <= 15;
}
