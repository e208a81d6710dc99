import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { integrationEvents, PRODUCT_PRICE_CHANGED, type IntegrationEventMap } from '@eshop/contracts';
import type { DeliveryContext } from '@eshop/event-bus';
import { HEADERS, RabbitMqEventBus, parkingQueueName, type RabbitMqEventBusOptions } from '@eshop/event-bus-rabbitmq';
import { RabbitMqTestAdmin, priceChangedEvent, testEnv, uniqueName, waitFor } from '@eshop/testing';
import { runCli } from './cli';
import type { ParkedMessage } from './parked-message';

/** The CLI against what the real bus writes: a RabbitMqEventBus (quorum queues, as deployed) parks. */
type Bus = RabbitMqEventBus<IntegrationEventMap>;
const RETRY_DELAY_MS = 50;
const ERROR = 'catalog price rejected by rule 7';

let admin: RabbitMqTestAdmin;
let exchange: string;
let queue: string;
let buses: Bus[];

beforeEach(async () => {
  admin = await RabbitMqTestAdmin.open();
  exchange = uniqueName('test.ops');
  queue = `${exchange}.basket-api`;
  buses = [];
});

afterEach(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await admin.deleteServiceQueues(queue, [RETRY_DELAY_MS]);
  await admin.deleteExchange(exchange);
  await admin.close();
});

function bus(overrides: Partial<RabbitMqEventBusOptions<IntegrationEventMap>> = {}): Bus {
  const created = new RabbitMqEventBus<IntegrationEventMap>({
    url: testEnv.rabbitmqUrl,
    registry: integrationEvents,
    exchange,
    retry: { maxRetries: 1, initialDelayMs: RETRY_DELAY_MS },
    publishTimeoutMs: 5_000,
    shutdownTimeoutMs: 5_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    ...overrides,
  });
  buses.push(created);
  return created;
}

type Handled = Array<{ id: string; context: DeliveryContext }>;

/**
 * Parks `count` events for real: a consumer whose handler throws while `state.broken`
 * (afterwards it records what it is handed), and a publisher.
 */
async function parkThroughTheBus(count: number): Promise<{ state: { broken: boolean }; handled: Handled; ids: string[] }> {
  const state = { broken: true };
  const handled: Handled = [];
  const consuming = bus({ queue });
  await consuming.subscribe(PRODUCT_PRICE_CHANGED, async (event, context) => {
    if (state.broken) throw new Error(ERROR);
    handled.push({ id: event.id, context });
  });
  await consuming.connect();
  await consuming.startConsuming();
  const ids = await publish(count);
  await waitFor(async () => (await parkedCount()) === count, `${count} parked messages`);
  return { state, handled, ids };
}

async function publish(count: number): Promise<string[]> {
  const publisher = bus();
  await publisher.connect();
  const events = Array.from({ length: count }, () => priceChangedEvent());
  for (const event of events) await publisher.publish(PRODUCT_PRICE_CHANGED, event);
  return events.map((event) => event.id);
}

const parkedCount = () => admin.messageCount(parkingQueueName(queue));

/** Runs a command line in-process, as `npm run ops -- …` would. */
async function ops(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { RABBITMQ_URL: testEnv.rabbitmqUrl }, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function listed(): Promise<ParkedMessage[]> {
  const { code, out, err } = await ops('parked', 'list', '--queue', queue, '--json');
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return (JSON.parse(out) as { messages: ParkedMessage[] }).messages;
}

describe('ops parked (against the real bus and broker)', () => {
  it('lists what the bus parked, with the handler error, and neither loses nor reorders a message', async () => {
    const { ids } = await parkThroughTheBus(3);
    // What the browse relies on (see parked-messages.ts): a quorum parking queue, as
    // deployed, with no delivery limit, so giving messages back can never drop one.
    const { stdout } = await promisify(execFile)('rabbitmqctl', ['list_queues', 'name', 'type', 'arguments', '--quiet', '--no-table-headers']);
    const [, type, args] = stdout.split('\n').find((line) => line.startsWith(`${parkingQueueName(queue)}\t`))?.split('\t') ?? [];
    expect(type).toBe('quorum');
    expect(args).not.toMatch(/x-delivery-limit/);

    const first = await listed();
    expect(first.map((m) => m.messageId).sort()).toEqual([...ids].sort());
    expect(first[0]).toMatchObject({
      event: PRODUCT_PRICE_CHANGED,
      attempt: 2,
      reason: 'handler failed 2 times',
      error: `Error: ${ERROR}`,
      parkedFrom: queue,
    });
    expect(Date.parse(first[0]?.parkedAt ?? '')).not.toBeNaN();

    // A partial listing is the case that would rotate a quorum queue if given back early.
    const table = await ops('parked', 'list', '--queue', queue, '--limit', '1');
    expect(table.code).toBe(0);
    const lines = table.out.split('\n');
    expect(lines[0]).toMatch(/^MESSAGE ID\s+EVENT\s+ATTEMPT\s+PARKED AT\s+ERROR$/);
    expect(lines[1]).toMatch(new RegExp(`^${first[0]?.messageId}  ${PRODUCT_PRICE_CHANGED}  2 +\\S+Z  Error: ${ERROR}$`));
    expect(lines.at(-1)).toBe(`1 of 3 parked messages in ${parkingQueueName(queue)}`);

    const again = await listed();
    expect(again.map((m) => m.messageId)).toEqual(first.map((m) => m.messageId));
    expect(again.map((m) => m.deliveryCount)).toEqual(first.map((m) => m.deliveryCount + 2));
    expect(await parkedCount()).toBe(3);
  });

  it('replays one message to the fixed consumer as attempt 1; the others stay parked, in order', async () => {
    const { state, handled } = await parkThroughTheBus(3);
    const before = (await listed()).map((m) => m.messageId ?? '');
    state.broken = false; // the cause is fixed

    const replay = await ops('parked', 'replay', '--queue', queue, '--id', before[1] ?? '');
    expect(replay).toMatchObject({ code: 0, err: '' });
    expect(replay.out.split('\n').at(-1)).toBe(`replayed 1 message from ${parkingQueueName(queue)} to ${queue} (attempt 1)`);
    await waitFor(() => handled.length === 1, 'the replayed message handled');
    expect(handled[0]).toMatchObject({ id: before[1], context: { attempt: 1, messageId: before[1] } });
    expect((await listed()).map((m) => m.messageId)).toEqual([before[0], before[2]]);

    const unknown = await ops('parked', 'replay', '--queue', queue, '--id', before[1] ?? '');
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toBe(`ops: no message with id "${before[1]}" in "${parkingQueueName(queue)}" (2 looked at)`);
    expect(await parkedCount()).toBe(2);

    const all = await ops('parked', 'replay', '--queue', queue, '--all', '--json');
    expect(all.code).toBe(0);
    expect((JSON.parse(all.out) as { replayed: ParkedMessage[] }).replayed.map((m) => m.messageId)).toEqual([before[0], before[2]]);
    await waitFor(() => handled.length === 3, 'every replayed message handled');
    expect(await parkedCount()).toBe(0);
  });

  it('purges by id, then all; refuses a missing service queue without touching the parked ones', async () => {
    await parkThroughTheBus(3);
    await Promise.all(buses.map((b) => b.close())); // nobody re-declares the queue deleted below
    const ids = (await listed()).map((m) => m.messageId ?? '');

    const one = await ops('parked', 'purge', '--queue', queue, '--id', ids[0] ?? '', '--json');
    expect(one.code).toBe(0);
    expect((JSON.parse(one.out) as { purged: ParkedMessage[] }).purged).toEqual([expect.objectContaining({ messageId: ids[0], error: `Error: ${ERROR}` })]);
    expect((await listed()).map((m) => m.messageId)).toEqual(ids.slice(1));

    await admin.deleteQueues(queue);
    expect(await ops('parked', 'replay', '--queue', queue, '--all')).toEqual({ code: 1, out: '', err: `ops: no service queue "${queue}" to replay into` });
    expect(await parkedCount()).toBe(2);

    const rest = await ops('parked', 'purge', '--queue', queue, '--all');
    expect({ code: rest.code, summary: rest.out.split('\n').at(-1) }).toEqual({ code: 0, summary: `purged 2 messages from ${parkingQueueName(queue)}` });
    expect(await parkedCount()).toBe(0);
  });

  it('reads and replays a message the broker parked past the delivery limit', async () => {
    const declaring = bus({ queue, deliveryLimit: 1 });
    await declaring.subscribe(PRODUCT_PRICE_CHANGED, async () => undefined);
    await declaring.connect();
    await declaring.close(); // the queues and binding stay; nobody consumes
    const [id] = await publish(1);
    // A consumer that dies on every delivery (requeue without ack), as a crash loop would.
    const connection = await connect(testEnv.rabbitmqUrl);
    const channel = await connection.createChannel();
    await channel.consume(queue, (message) => message && channel.nack(message, false, true));
    try {
      await waitFor(async () => (await parkedCount()) === 1, 'parked by the broker');
    } finally {
      await connection.close();
    }

    expect(await listed()).toEqual([
      expect.objectContaining({ messageId: id, reason: 'dead-lettered by the broker: delivery_limit', parkedFrom: queue }),
    ]);
    expect((await ops('parked', 'replay', '--queue', queue, '--id', id ?? '')).code).toBe(0);
    const [replayed] = await admin.drain(queue);
    expect(replayed?.properties.messageId).toBe(id);
    expect(replayed?.properties.headers?.[HEADERS.attempt]).toBe(1);
    expect(replayed?.properties.headers).not.toHaveProperty('x-death');
    expect(await parkedCount()).toBe(0);
  });
});
