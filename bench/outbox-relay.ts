// `npm run bench:outbox`: the outbox relay against raw amqplib on the same broker, in one run.
//
//   1. throughput: N price changes are committed (relay stopped), then the relay drains them;
//      events/s from relay start to the last broker confirm, versus raw amqplib publishing
//      the same N messages on a confirm channel (all in flight, then waiting for confirms).
//   2. latency at a steady rate (BENCH_RATE changes/s for BENCH_SECONDS): commit → confirm
//      with LISTEN/NOTIFY and with polling only, versus raw publish → confirm at that rate.
//
// It creates and drops its own database, exchange and queue. Knobs (env): BENCH_N,
// BENCH_ROUNDS, BENCH_RATE, BENCH_SECONDS, BENCH_BATCH, BENCH_CONCURRENCY, BENCH_POLL_MS.
import { connect, type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { DataSource } from 'typeorm';
import {
  fromCents,
  integrationEvents,
  newEventIdentity,
  PRODUCT_PRICE_CHANGED,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { newTraceparent, type IntegrationEvent, type PublishOptions } from '@eshop/event-bus';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import {
  outboxMigrations,
  createRelayPool,
  OutboxRelay,
  OutboxWriter,
  resolveRelayOptions,
  type OutboxPublisher,
  type OutboxRelayOverrides,
} from '@eshop/outbox';
import { createTestDatabase, testEnv, uniqueName, type TestDatabase } from '@eshop/testing';
import type { Pool } from 'pg';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const N = env('BENCH_N', 10_000);
const ROUNDS = env('BENCH_ROUNDS', 5);
const RATE = env('BENCH_RATE', 200);
const SECONDS = env('BENCH_SECONDS', 10);
// The relay's own defaults unless overridden, so the figures describe what services run.
const relayTuning: OutboxRelayOverrides = {
  ...(process.env['BENCH_BATCH'] ? { batchSize: env('BENCH_BATCH', 0) } : {}),
  ...(process.env['BENCH_CONCURRENCY'] ? { concurrency: env('BENCH_CONCURRENCY', 0) } : {}),
  retention: { enabled: false },
};
const POLL_MS = env('BENCH_POLL_MS', 1_000);
const ITEMS = 1_000;

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const print = (line: string) => process.stdout.write(`${line}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const ms = (value: number) => `${value.toFixed(2)} ms`;
const summary = (values: number[]) =>
  `p50 ${ms(percentile(values, 50))}  p99 ${ms(percentile(values, 99))}  max ${ms(Math.max(...values))}`;

/** A real bus that notes when each event's confirm came back. */
class TimedPublisher implements OutboxPublisher {
  readonly confirmedAt = new Map<string, number>();
  onConfirm: (() => void) | undefined;
  constructor(private readonly inner: OutboxPublisher) {}
  async publishValidated(name: string, event: IntegrationEvent, options?: PublishOptions): Promise<void> {
    await this.inner.publishValidated(name, event, options);
    this.confirmedAt.set(event.id, now());
    this.onConfirm?.();
  }
}

/** What both sides share: a database with the outbox, an exchange with a sink queue, a bus. */
class BenchRig {
  private readonly writer = new OutboxWriter(integrationEvents);
  private readonly pools: Pool[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly dataSource: DataSource,
    readonly amqp: ChannelModel,
    private readonly admin: Channel,
    private readonly raw: ConfirmChannel,
    readonly bus: RabbitMqEventBus<IntegrationEventMap>,
    private readonly exchange: string,
  ) {}

  static async open(): Promise<BenchRig> {
    const db = await createTestDatabase('bench_outbox');
    const exchange = uniqueName('bench.outbox');
    const amqp = await connect(testEnv.rabbitmqUrl);
    const admin = await amqp.createChannel();
    await admin.assertExchange(exchange, 'topic', { durable: true });
    await admin.assertQueue(`${exchange}.sink`, { durable: true });
    await admin.bindQueue(`${exchange}.sink`, exchange, '#');
    const dataSource = new DataSource({ type: 'postgres', url: db.url, poolSize: 8, migrations: [...outboxMigrations] });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query(`CREATE TABLE bench_item (id int PRIMARY KEY, price numeric(12,2) NOT NULL, version int NOT NULL)`);
    await dataSource.query(`INSERT INTO bench_item SELECT g, 10.00, 1 FROM generate_series(1, ${ITEMS}) g`);
    const bus = new RabbitMqEventBus<IntegrationEventMap>({ url: testEnv.rabbitmqUrl, registry: integrationEvents, exchange });
    await bus.connect();
    return new BenchRig(db, dataSource, amqp, admin, await amqp.createConfirmChannel(), bus, exchange);
  }

  /** One price change committed with its event, as catalog-api does it; returns when committed. */
  async commitPriceChange(i: number): Promise<{ id: string; committedAt: number }> {
    const productId = (i % ITEMS) + 1;
    const cents = 1_000 + (i % 5_000);
    const event = await this.dataSource.transaction(async (manager) => {
      const [[row]] = await manager.query(
        `UPDATE bench_item SET price = $2::numeric / 100, version = version + 1 WHERE id = $1 RETURNING version`,
        [productId, cents],
      );
      const changed = { ...newEventIdentity(), productId, newPrice: fromCents(cents), oldPrice: 10, version: row.version };
      await this.writer.saveEvent({ name: PRODUCT_PRICE_CHANGED, event: changed }, manager);
      return changed;
    });
    return { id: event.id, committedAt: now() };
  }

  /** The baseline: plain amqplib on a confirm channel, same body size and properties as the bus. */
  rawPublish(i: number): Promise<void> {
    const event = { ...newEventIdentity(), productId: (i % ITEMS) + 1, newPrice: 12.5, oldPrice: 10, version: 2 };
    const properties = {
      persistent: true, messageId: event.id, type: PRODUCT_PRICE_CHANGED, contentType: 'application/json',
      timestamp: Math.floor(Date.now() / 1000), headers: { traceparent: newTraceparent(), 'x-attempt': 1 },
    };
    return new Promise<void>((resolve, reject) =>
      this.raw.publish(this.exchange, PRODUCT_PRICE_CHANGED, Buffer.from(JSON.stringify(event)), properties, (err) => (err ? reject(err) : resolve())),
    );
  }

  relay(publisher: OutboxPublisher, overrides: OutboxRelayOverrides = {}): OutboxRelay {
    const pool = createRelayPool(this.db.url, resolveRelayOptions(relayTuning).concurrency);
    this.pools.push(pool);
    return new OutboxRelay(pool, publisher, { ...relayTuning, ...overrides });
  }

  async purge(): Promise<void> {
    await this.admin.purgeQueue(`${this.exchange}.sink`);
  }

  async close(): Promise<void> {
    await this.bus.close();
    await Promise.all(this.pools.map((pool) => pool.end()));
    await this.dataSource.destroy();
    await this.admin.deleteQueue(`${this.exchange}.sink`);
    await this.admin.deleteExchange(this.exchange);
    await this.amqp.close();
    await this.db.drop();
  }
}

/** Throughput in alternating rounds, so that a noisy neighbour hits both sides alike. */
async function measureThroughput(rig: BenchRig): Promise<void> {
  const rates = { raw: [] as number[], relay: [] as number[], commit: [] as number[] };
  await drainRound(rig, Math.min(N, 2_000)); // warm-up (JIT, connections, caches): not counted
  for (let round = 0; round < ROUNDS; round++) {
    const { raw, relay, commit } = await drainRound(rig, N);
    rates.raw.push(raw);
    rates.relay.push(relay);
    rates.commit.push(commit);
  }
  const [{ unpublished }] = await rig.dataSource.query(`SELECT count(*)::int AS unpublished FROM integration_event_log WHERE state <> 'published'`);
  const [raw, relayed] = [percentile(rates.raw, 50), percentile(rates.relay, 50)];
  const ratios = rates.relay.map((relay, i) => relay / (rates.raw[i] ?? NaN));
  const list = (values: number[], digits = 0) => values.map((v) => v.toFixed(digits)).join(' / ');
  print(`\nthroughput: ${N} events per round, ${ROUNDS} rounds (median; every round)`);
  print(`  commits (8 concurrent tx, change + event each)  ${percentile(rates.commit, 50).toFixed(0)} tx/s`);
  print(`  raw amqplib confirmed publish                 ${raw.toFixed(0)} msg/s      (${list(rates.raw)})`);
  print(`  outbox relay, commit → confirm                ${relayed.toFixed(0)} events/s   (${list(rates.relay)})`);
  print(`  relay / raw, per round: ${list(ratios, 2)}; median ${percentile(ratios, 50).toFixed(2)} (goal ≥ 0.80)`);
  print(`  rows left unpublished: ${unpublished}`);
}

/** One round: raw amqplib, then the relay, on n events each; rates in events/s. */
async function drainRound(rig: BenchRig, n: number): Promise<{ raw: number; relay: number; commit: number }> {
  // Raw amqplib: n confirmed publishes, all in flight, then wait for every confirm.
  let started = now();
  await Promise.all(Array.from({ length: n }, (_, i) => rig.rawPublish(i)));
  const raw = n / ((now() - started) / 1000);
  await rig.purge();
  // Relay: commit n price changes (8 transactions at a time, relay stopped) ...
  started = now();
  for (let i = 0; i < n; i += 8) {
    await Promise.all(Array.from({ length: Math.min(8, n - i) }, (_, k) => rig.commitPriceChange(i + k)));
  }
  const commit = n / ((now() - started) / 1000);
  // ... then time one relay from its start to the last confirm.
  const timed = new TimedPublisher(rig.bus);
  const drained = new Promise<void>((resolve) => (timed.onConfirm = () => timed.confirmedAt.size >= n && resolve()));
  const relay = rig.relay(timed);
  started = now();
  relay.start();
  await drained;
  const relayRate = n / ((now() - started) / 1000);
  await relay.stop();
  await rig.purge();
  return { raw, relay: relayRate, commit };
}

/** Commit → confirm through a relay at the steady rate. */
async function relayLatency(rig: BenchRig, overrides: OutboxRelayOverrides): Promise<number[]> {
  const publisher = new TimedPublisher(rig.bus);
  const relay = rig.relay(publisher, overrides);
  relay.start();
  await sleep(200);
  const commits: Array<{ id: string; committedAt: number }> = [];
  await steady(RATE * SECONDS, RATE, async (i) => void commits.push(await rig.commitPriceChange(i)));
  while (publisher.confirmedAt.size < commits.length) await sleep(20);
  await relay.stop();
  await rig.purge();
  return commits.map((c) => (publisher.confirmedAt.get(c.id) ?? NaN) - c.committedAt);
}

async function measureLatency(rig: BenchRig): Promise<void> {
  const rawLatencies: number[] = [];
  await steady(RATE * SECONDS, RATE, async (i) => {
    const sentAt = now();
    await rig.rawPublish(i);
    rawLatencies.push(now() - sentAt);
  });
  await rig.purge();
  const notified = await relayLatency(rig, { listen: true, pollIntervalMs: POLL_MS });
  const polled = await relayLatency(rig, { listen: false, pollIntervalMs: POLL_MS });
  const p99 = (values: number[]) => percentile(values, 99);
  print(`\nlatency at ${RATE}/s for ${SECONDS}s (${RATE * SECONDS} events each)`);
  print(`  raw amqplib publish → confirm                 ${summary(rawLatencies)}`);
  print(`  relay commit → confirm, LISTEN/NOTIFY         ${summary(notified)}   p99 − raw p99 = ${ms(p99(notified) - p99(rawLatencies))} (goal ≤ 10 ms)`);
  print(`  relay commit → confirm, polling every ${POLL_MS} ms  ${summary(polled)}   p99 NOTIFY / polling = ${(p99(notified) / p99(polled)).toFixed(3)}`);
}

async function main(): Promise<void> {
  const rig = await BenchRig.open();
  try {
    const tuning = resolveRelayOptions(relayTuning);
    print(`outbox relay bench: relay batch ${tuning.batchSize} × concurrency ${tuning.concurrency}, poll ${POLL_MS} ms`);
    await measureThroughput(rig);
    await measureLatency(rig);
  } finally {
    await rig.close();
  }
}

/** Starts `count` operations at `rate` per second on a fixed schedule, then waits for all. */
async function steady(count: number, rate: number, operation: (i: number) => Promise<void>): Promise<void> {
  const start = now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    running.push(operation(i));
  }
  await Promise.all(running);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
