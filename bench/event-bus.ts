/* eslint-disable no-console */
/**
 * `npm run bench:bus` — our RabbitMQ event bus against raw amqplib on the same broker, in
 * one run: confirmed publish throughput (a publish outside any trace, and one from inside a
 * caller's trace, as the apps publish), consume throughput, and publish→handler latency
 * at a steady 500 msg/s. Goals (issue #2): publish and consume ≥ 0.9 × raw; p50 latency
 * within 2 ms of raw. Each figure is the median of ROUNDS alternating rounds, after each side
 * has published and consumed BENCH_WARMUP_MESSAGES (default: a round's BENCH_MESSAGES) unmeasured.
 */
import { randomUUID } from 'node:crypto';
import { context, type Context } from '@opentelemetry/api';
import { connect, type ChannelModel } from 'amqplib';
import {
  integrationEvents,
  newEventIdentity,
  PRODUCT_PRICE_CHANGED,
  type IntegrationEventMap,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { fmt, median, nowMs, paced, percentile, verdict, windowed } from '@eshop/testing';
import { callerContexts, traceparents } from './trace-ids';

const URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const WINDOW = 256; // publishes in flight
const PREFETCH = 100;
const RATE = 500;
const LATENCY_SECONDS = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 6);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 4);
// Messages each side publishes and consumes before the measured rounds, so that no measured
// round is a process's first (with BENCH_ROUNDS=1 the consume figure used to be a cold run). It
// did not change bench:tracing's ratios at 0.1 (docs/benchmarks.md, 2026-12-01 evening).
const WARMUP = Number(process.env['BENCH_WARMUP_MESSAGES'] ?? MESSAGES);
const run = `bench_bus_${randomUUID().slice(0, 8)}`;
const exchange = `${run}.events`;

const event = (i: number): ProductPriceChangedIntegrationEvent => ({
  ...newEventIdentity(),
  productId: (i % 1000) + 1,
  newPrice: 10 + (i % 100) / 100,
  oldPrice: 10,
  version: i + 1,
});

// Both sides on the same queue type: quorum (the bus' default) unless BENCH_QUEUE_TYPE=classic.
const QUEUE_TYPE = process.env['BENCH_QUEUE_TYPE'] === 'classic' ? 'classic' : 'quorum';

type Bus = RabbitMqEventBus<IntegrationEventMap>;
const newBus = (queue?: string): Bus =>
  new RabbitMqEventBus<IntegrationEventMap>({
    url: URL,
    registry: integrationEvents,
    exchange,
    prefetch: PREFETCH,
    queueType: QUEUE_TYPE,
    connectionName: `${run}:${queue ?? 'publisher'}`,
    ...(queue ? { queue } : {}),
  });

async function setupQueue(admin: ChannelModel, queue: string): Promise<void> {
  const ch = await admin.createChannel();
  await ch.assertExchange(exchange, 'topic', { durable: true });
  await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': QUEUE_TYPE } });
  await ch.bindQueue(queue, exchange, PRODUCT_PRICE_CHANGED);
  await ch.close();
}

async function purge(admin: ChannelModel, queue: string): Promise<void> {
  const ch = await admin.createChannel();
  await ch.purgeQueue(queue);
  await ch.close();
}

/** Raw amqplib: confirm channel, same properties and JSON body as the bus sends. */
async function rawPublish(conn: ChannelModel, count: number): Promise<number> {
  const ch = await conn.createConfirmChannel();
  const headers = traceparents(count); // made before the clock starts: the bus' header costs are its own
  const start = nowMs();
  await windowed(count, WINDOW, (i) => {
    const e = event(i);
    return new Promise<void>((resolve, reject) => {
      ch.publish(exchange, PRODUCT_PRICE_CHANGED, Buffer.from(JSON.stringify(e)), {
        persistent: true, messageId: e.id, type: PRODUCT_PRICE_CHANGED, contentType: 'application/json',
        timestamp: Math.floor(Date.now() / 1000), headers: { traceparent: headers[i], 'x-attempt': 1 },
      }, (err) => (err ? reject(err) : resolve()));
    });
  });
  const seconds = (nowMs() - start) / 1000;
  await ch.close();
  return count / seconds;
}

/** `count` confirmed publishes, each a root of its own or, given `callers`, inside `callers[i]`. */
async function busPublish(bus: Bus, count: number, callers?: readonly Context[]): Promise<number> {
  const publish = (i: number) => bus.publish(PRODUCT_PRICE_CHANGED, event(i));
  const start = nowMs();
  await windowed(count, WINDOW, callers ? (i) => context.with(callers[i] as Context, publish, undefined, i) : publish);
  return count / ((nowMs() - start) / 1000);
}

async function rawConsume(conn: ChannelModel, queue: string, count: number): Promise<number> {
  const ch = await conn.createChannel();
  await ch.prefetch(PREFETCH);
  let seen = 0;
  const start = nowMs();
  await new Promise<void>((resolve) => {
    void ch.consume(queue, (m) => {
      if (!m) return;
      JSON.parse(m.content.toString());
      ch.ack(m);
      if (++seen === count) resolve();
    });
  });
  const rate = count / ((nowMs() - start) / 1000);
  await ch.close();
  return rate;
}

async function busConsume(queue: string, count: number): Promise<number> {
  const bus = newBus(queue);
  let seen = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await bus.subscribe(PRODUCT_PRICE_CHANGED, async () => {
    if (++seen === count) done();
  });
  await bus.connect();
  const start = nowMs();
  await bus.startConsuming();
  await finished;
  const rate = count / ((nowMs() - start) / 1000);
  await bus.close();
  return rate;
}

async function fill(conn: ChannelModel, count: number): Promise<void> {
  await rawPublish(conn, count);
}

/** Latency from the publish call to the handler, at a steady rate, same process. */
async function rawLatency(conn: ChannelModel, queue: string): Promise<number[]> {
  const pub = await conn.createConfirmChannel();
  const sub = await conn.createChannel();
  await sub.prefetch(PREFETCH);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = RATE * LATENCY_SECONDS;
  const all = new Promise<void>((resolve) => {
    void sub.consume(queue, (m) => {
      if (!m) return;
      const e = JSON.parse(m.content.toString()) as { id: string };
      latencies.push(nowMs() - (sentAt.get(e.id) ?? Number.NaN));
      sub.ack(m);
      if (latencies.length === total) resolve();
    });
  });
  await paced(total, RATE, (i) => {
    const e = event(i);
    sentAt.set(e.id, nowMs());
    pub.publish(exchange, PRODUCT_PRICE_CHANGED, Buffer.from(JSON.stringify(e)), { persistent: true, messageId: e.id, type: PRODUCT_PRICE_CHANGED, contentType: 'application/json' }, () => undefined);
  });
  await all;
  await pub.close();
  await sub.close();
  return latencies.sort((a, b) => a - b);
}

async function busLatency(queue: string): Promise<number[]> {
  const publisher = newBus();
  const consumer = newBus(queue);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = RATE * LATENCY_SECONDS;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  await consumer.subscribe(PRODUCT_PRICE_CHANGED, async (e) => {
    latencies.push(nowMs() - (sentAt.get(e.id) ?? Number.NaN));
    if (latencies.length === total) done();
  });
  await Promise.all([publisher.connect(), consumer.connect()]);
  await consumer.startConsuming();
  const confirms: Array<Promise<void>> = [];
  await paced(total, RATE, (i) => {
    const e = event(i);
    sentAt.set(e.id, nowMs());
    confirms.push(publisher.publish(PRODUCT_PRICE_CHANGED, e));
  });
  await all;
  await Promise.all(confirms);
  await Promise.all([publisher.close(), consumer.close()]);
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const admin = await connect(URL);
  const conn = await connect(URL, { noDelay: true });
  const sink = `${run}.sink`;
  const rawQ = `${run}.raw`;
  const busQ = `${run}.bus`;
  try {
    await setupQueue(admin, sink);
    const pub = { raw: [] as number[], bus: [] as number[], inTrace: [] as number[] };
    const publisher = newBus();
    await publisher.connect();
    await rawPublish(conn, WARMUP);
    await busPublish(publisher, WARMUP);
    await busPublish(publisher, WARMUP, callerContexts(WARMUP));
    await purge(admin, sink);
    for (let r = 0; r < ROUNDS; r++) {
      pub.raw.push(await rawPublish(conn, MESSAGES));
      await purge(admin, sink);
      // The two kinds of bus publish alternate which goes first, as the consumes below do.
      const callers = callerContexts(MESSAGES); // made before the clock starts, like raw's headers
      for (const inTrace of r % 2 === 0 ? [false, true] : [true, false]) {
        if (inTrace) pub.inTrace.push(await busPublish(publisher, MESSAGES, callers));
        else pub.bus.push(await busPublish(publisher, MESSAGES));
        await purge(admin, sink);
      }
    }
    await publisher.close();

    // Both queues bound, filled by the same publishes; the order alternates per round so
    // neither side always meets a broker still busy writing the previous fill to disk.
    const con = { raw: [] as number[], bus: [] as number[] };
    const unbind = await admin.createChannel();
    await unbind.unbindQueue(sink, exchange, PRODUCT_PRICE_CHANGED);
    await unbind.close();
    await setupQueue(admin, rawQ);
    // The bus declares its own queue (with its dead-letter arguments) and binding.
    const declarer = newBus(busQ);
    await declarer.subscribe(PRODUCT_PRICE_CHANGED, async () => undefined);
    await declarer.connect();
    await declarer.close();
    await fill(conn, WARMUP);
    await rawConsume(conn, rawQ, WARMUP);
    await busConsume(busQ, WARMUP);
    for (let r = 0; r < ROUNDS; r++) {
      await fill(conn, MESSAGES);
      if (r % 2 === 0) {
        con.raw.push(await rawConsume(conn, rawQ, MESSAGES));
        con.bus.push(await busConsume(busQ, MESSAGES));
      } else {
        con.bus.push(await busConsume(busQ, MESSAGES));
        con.raw.push(await rawConsume(conn, rawQ, MESSAGES));
      }
    }
    const unbindRaw = await admin.createChannel();
    await unbindRaw.unbindQueue(rawQ, exchange, PRODUCT_PRICE_CHANGED);
    await unbindRaw.close();

    const lat = { raw: await rawLatency(conn, busQ), bus: await busLatency(busQ) };

    const publishRatio = median(pub.bus) / median(pub.raw);
    const inTraceRatio = median(pub.inTrace) / median(pub.raw);
    const consumeRatio = median(con.bus) / median(con.raw);
    const p50Delta = percentile(lat.bus, 50) - percentile(lat.raw, 50);
    console.log(`\nevent bus vs raw amqplib — ${QUEUE_TYPE} queues, ${MESSAGES} messages/round, ${ROUNDS} rounds (median), window ${WINDOW}, prefetch ${PREFETCH}`);
    console.log(`publish (confirmed) msg/s   raw ${fmt(median(pub.raw), 0)}   bus ${fmt(median(pub.bus), 0)}   ratio ${fmt(publishRatio, 2)}  goal ≥ 0.90 ${verdict(publishRatio >= 0.9)}`);
    console.log(`publish in a trace msg/s    raw ${fmt(median(pub.raw), 0)}   bus ${fmt(median(pub.inTrace), 0)}   ratio ${fmt(inTraceRatio, 2)}  (confirmed, each from inside a caller's trace)`);
    console.log(`consume (ack) msg/s         raw ${fmt(median(con.raw), 0)}   bus ${fmt(median(con.bus), 0)}   ratio ${fmt(consumeRatio, 2)}  goal ≥ 0.90 ${verdict(consumeRatio >= 0.9)}`);
    console.log(`latency @${RATE}/s p50 ms      raw ${fmt(percentile(lat.raw, 50), 2)}   bus ${fmt(percentile(lat.bus, 50), 2)}   delta ${fmt(p50Delta, 2)}  goal ≤ 2 ms ${verdict(p50Delta <= 2)}`);
    console.log(`latency @${RATE}/s p99 ms      raw ${fmt(percentile(lat.raw, 99), 2)}   bus ${fmt(percentile(lat.bus, 99), 2)}`);
  } finally {
    const ch = await admin.createChannel();
    for (const q of [sink, rawQ, busQ, `${busQ}.parking`, `${busQ}.retry.1000`, `${busQ}.retry.5000`, `${busQ}.retry.25000`]) {
      await ch.deleteQueue(q).catch(() => undefined);
    }
    await ch.deleteExchange(exchange).catch(() => undefined);
    await admin.close();
    await conn.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
