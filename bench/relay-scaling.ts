// `npm run bench:relays`: do N outbox relays on one database publish N times as fast?
//
// For each relay count k (BENCH_RELAYS, default 1,2,4): BENCH_N price-change events are committed
// with the relays stopped, then k relays start at once, each in its own worker thread (its own
// event loop, pg pool and broker connection, as k catalog-api instances would have), and the
// clock runs until every row is published. The baseline in the same run: k raw amqplib
// publishers (worker threads, confirm channels) sending BENCH_N messages between them, which is
// what the broker alone takes. CPU of Postgres, RabbitMQ and this process is sampled from /proc
// for each run, so the report says which one runs out first.
//
// It creates and drops its own database, exchange and queue. Knobs (env): BENCH_N, BENCH_ROUNDS,
// BENCH_RELAYS.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { fromCents, integrationEvents, newEventIdentity, PRODUCT_PRICE_CHANGED, type IntegrationEventMap } from '@eshop/contracts';
import { newTraceparent } from '@eshop/event-bus';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { createRelayPool, outboxMigrations, OutboxRelay, OutboxWriter, resolveRelayOptions } from '@eshop/outbox';
import { createTestDatabase, fmt, median, nowMs, processCpuMs, sleep, testEnv, uniqueName, windowed } from '@eshop/testing';

const N = Number(process.env['BENCH_N'] ?? 20_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const RELAYS = (process.env['BENCH_RELAYS'] ?? '1,2,4').split(',').map(Number);
const print = (line: string) => process.stdout.write(`${line}\n`);

interface Job {
  readonly role: 'relay' | 'raw';
  readonly databaseUrl: string;
  readonly exchange: string;
  readonly count: number;
}

// ---------------------------------------------------------------- worker side

async function runRelay(job: Job, port: NonNullable<typeof parentPort>): Promise<void> {
  const bus = new RabbitMqEventBus<IntegrationEventMap>({ url: testEnv.rabbitmqUrl, registry: integrationEvents, exchange: job.exchange });
  await bus.connect();
  const options = resolveRelayOptions({ retention: { enabled: false } });
  const pool = createRelayPool(job.databaseUrl, options.concurrency);
  const relay = new OutboxRelay(pool, bus, { retention: { enabled: false } });
  port.postMessage('ready');
  await new Promise<void>((resolve) => port.once('message', () => resolve()));
  relay.start();
  await new Promise<void>((resolve) => port.once('message', () => resolve()));
  await relay.stop();
  await pool.end();
  await bus.close();
}

async function runRaw(job: Job, port: NonNullable<typeof parentPort>): Promise<void> {
  const amqp = await connect(testEnv.rabbitmqUrl);
  const channel = await amqp.createConfirmChannel();
  port.postMessage('ready');
  await new Promise<void>((resolve) => port.once('message', () => resolve()));
  await windowed(job.count, 1_000, async (i) => {
    const event = { ...newEventIdentity(), productId: (i % 1_000) + 1, newPrice: 12.5, oldPrice: 10, version: 2 };
    const properties = {
      persistent: true, messageId: event.id, type: PRODUCT_PRICE_CHANGED, contentType: 'application/json',
      timestamp: Math.floor(Date.now() / 1000), headers: { traceparent: newTraceparent(), 'x-attempt': 1 },
    };
    await new Promise<void>((resolve, reject) =>
      channel.publish(job.exchange, PRODUCT_PRICE_CHANGED, Buffer.from(JSON.stringify(event)), properties, (err) => (err ? reject(err) : resolve())),
    );
  });
  port.postMessage('done');
  await new Promise<void>((resolve) => port.once('message', () => resolve()));
  await amqp.close();
}

// ---------------------------------------------------------------- CPU from /proc

function pidsOf(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds used so far per process (pid), for the processes matching each pattern. */
function cpuSeconds(patterns: Record<string, string>): Record<string, Map<number, number>> {
  const readings: Record<string, Map<number, number>> = {};
  for (const [name, pattern] of Object.entries(patterns)) {
    readings[name] = new Map(pidsOf(pattern).map((pid) => [pid, processCpuMs(pid) / 1_000]));
  }
  return readings;
}

/**
 * Cores used between two readings. A process born during the run counts from 0; one that ended
 * during it is lost (its last reading is gone), so the figure is a lower bound.
 */
function coresUsed(before: Map<number, number> | undefined, after: Map<number, number> | undefined, seconds: number): number {
  let used = 0;
  for (const [pid, end] of after ?? []) {
    const start = before?.get(pid) ?? 0;
    if (Number.isFinite(start) && Number.isFinite(end)) used += end - start;
  }
  return used / seconds;
}

const WATCHED = { postgres: 'postgres', rabbitmq: 'beam.smp', bench: `^${process.execPath}.*relay-scaling` };

// ---------------------------------------------------------------- main side

class Rig {
  private constructor(
    readonly databaseUrl: string,
    readonly exchange: string,
    private readonly dataSource: DataSource,
    private readonly drop: () => Promise<void>,
  ) {}

  static async open(): Promise<Rig> {
    const db = await createTestDatabase('bench_relays');
    const exchange = uniqueName('bench.relays');
    const amqp = await connect(testEnv.rabbitmqUrl);
    const channel = await amqp.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(`${exchange}.sink`, { durable: true });
    await channel.bindQueue(`${exchange}.sink`, exchange, '#');
    const dataSource = new DataSource({ type: 'postgres', url: db.url, poolSize: 8, migrations: [...outboxMigrations] });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const drop = async () => {
      await dataSource.destroy();
      await channel.deleteQueue(`${exchange}.sink`);
      await channel.deleteExchange(exchange);
      await amqp.close();
      await db.drop();
    };
    const rig = new Rig(db.url, exchange, dataSource, drop);
    rig.purge = async () => void (await channel.purgeQueue(`${exchange}.sink`));
    return rig;
  }

  purge: () => Promise<void> = async () => undefined;

  /** N events in the outbox (100 per transaction; not timed), none published. */
  async fill(): Promise<void> {
    await this.dataSource.query('TRUNCATE integration_event_log');
    const writer = new OutboxWriter(integrationEvents);
    await windowed(N / 100, 4, async (t) => {
      await this.dataSource.transaction(async (manager) => {
        for (let i = 0; i < 100; i++) {
          const event = { ...newEventIdentity(), productId: ((t * 100 + i) % 1_000) + 1, newPrice: fromCents(1_250), oldPrice: 10, version: t + 2 };
          await writer.saveEvent({ name: PRODUCT_PRICE_CHANGED, event }, manager);
        }
      });
    });
  }

  async published(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM integration_event_log WHERE state = 'published'`);
    return count as number;
  }

  close(): Promise<void> {
    return this.drop();
  }
}

function startWorkers(rig: Rig, role: Job['role'], k: number): Promise<Worker[]> {
  return Promise.all(
    Array.from({ length: k }, (_, index) => {
      const count = Math.floor(N / k) + (index < N % k ? 1 : 0);
      const worker = new Worker(__filename, { workerData: { role, databaseUrl: rig.databaseUrl, exchange: rig.exchange, count } satisfies Job });
      return new Promise<Worker>((resolve, reject) => {
        worker.once('message', () => resolve(worker));
        worker.once('error', reject);
      });
    }),
  );
}

async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.postMessage('stop');
  })));
}

interface Sample { rate: number; cpu: Record<string, number> }

/** Runs `go` between two CPU readings; returns events/s and cores used per watched process group. */
async function timed(go: () => Promise<void>): Promise<Sample> {
  const before = cpuSeconds(WATCHED);
  const started = nowMs();
  await go();
  const seconds = (nowMs() - started) / 1000;
  const after = cpuSeconds(WATCHED);
  const cpu = Object.fromEntries(Object.keys(WATCHED).map((name) => [name, coresUsed(before[name], after[name], seconds)]));
  return { rate: N / seconds, cpu };
}

async function relayRound(rig: Rig, k: number): Promise<Sample> {
  await rig.fill();
  const workers = await startWorkers(rig, 'relay', k);
  const sample = await timed(async () => {
    for (const worker of workers) worker.postMessage('go');
    while ((await rig.published()) < N) await sleep(25);
  });
  await stopWorkers(workers);
  await rig.purge();
  return sample;
}

async function rawRound(rig: Rig, k: number): Promise<Sample> {
  const workers = await startWorkers(rig, 'raw', k);
  const sample = await timed(() =>
    Promise.all(workers.map((worker) => new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.postMessage('go');
    }))).then(() => undefined),
  );
  await stopWorkers(workers);
  await rig.purge();
  return sample;
}

const cores = (samples: Sample[], name: string) => fmt(median(samples.map((s) => s.cpu[name] ?? 0)), 2);

async function main(): Promise<void> {
  const rig = await Rig.open();
  try {
    const tuning = resolveRelayOptions();
    print(`relay scaling: ${N} events per run, ${ROUNDS} rounds, relay batch ${tuning.batchSize} × concurrency ${tuning.concurrency}`);
    await relayRound(rig, 1); // warm-up: not counted
    print('\n relays | relay events/s | × one relay | raw publishers msg/s | relay/raw | cores: postgres rabbitmq node (relay run)');
    let first = Number.NaN;
    for (const k of RELAYS) {
      const relays: Sample[] = [];
      const raws: Sample[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        raws.push(await rawRound(rig, k));
        relays.push(await relayRound(rig, k));
      }
      const relayRate = median(relays.map((s) => s.rate));
      const rawRate = median(raws.map((s) => s.rate));
      if (Number.isNaN(first)) first = relayRate;
      print(` ${String(k).padStart(6)} | ${fmt(relayRate, 0).padStart(14)} | ${fmt(relayRate / first, 2).padStart(11)} | ${fmt(rawRate, 0).padStart(20)} | ${fmt(relayRate / rawRate, 2).padStart(9)} | ${cores(relays, 'postgres')} ${cores(relays, 'rabbitmq')} ${cores(relays, 'bench')}`);
    }
    print(`\nmachine: ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  } finally {
    await rig.close();
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (parentPort) {
  const job = workerData as Job;
  (job.role === 'relay' ? runRelay(job, parentPort) : runRaw(job, parentPort)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
