import { connect, type ChannelModel, type ConfirmChannel, type GetMessage, type Options } from 'amqplib';
import { parkingQueueName } from '@eshop/event-bus-rabbitmq';
import type { Selection } from './args';
import { OpsError } from './ops-error';
import { describeParked, replayProperties, type ParkedMessage } from './parked-message';

/*
 * How the parking queue is read without losing or reordering anything.
 *
 * AMQP 0-9-1 cannot peek: a message is read by taking it. Every command takes messages with
 * basic.get and manual ack, so until a message is acked the broker still owns it, and a
 * crash, a lost connection or an error at any point gives every unacked message back.
 *
 * - Only what is meant to go is acked: `list` acks nothing; `replay` acks a message only
 *   after the broker confirmed its copy in the service queue (a crash between the two leaves
 *   it twice, never zero times: consumers are idempotent); `purge` acks the selected ones.
 * - The rest is given back with one nack-requeue, in delivery order, after the WHOLE queue
 *   (as deep as it was at the start) was taken. That keeps the order: a quorum queue
 *   (RabbitMQ 3.x, checked on 3.10) puts a requeued message at its back, so giving back the
 *   first N would rotate the queue, while giving back all of them in order restores it.
 *   Classic queues requeue in place, where the same walk is right too. A message parked
 *   meanwhile ends up ahead of the given-back ones (its `x-parked-at` still tells). The cost:
 *   the client holds the whole queue in memory, fine for a queue a human reads.
 * - Quorum queues count each give-back in `x-delivery-count`. The parking queue has no
 *   delivery limit and no dead-letter target (topology.ts of the bus), so the count only
 *   grows (shown in `--json`). RabbitMQ 4.0–4.2 give quorum queues a default limit of 20:
 *   see README before such an upgrade.
 * - "Take, republish a copy to the tail, ack" would avoid the count, but a read would
 *   rewrite the queue, and reorder it if interrupted.
 */

const CONFIRM_TIMEOUT_MS = 10_000;

interface Session {
  readonly channel: ConfirmChannel;
  readonly queue: string;
  readonly parking: string;
  /** Ready messages when the command started: the walk takes at most this many. */
  readonly depth: number;
}

const isNotFound = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 404;

/** Ready messages of `queue`, or undefined when it does not exist (no queue is ever created). */
async function queueDepth(connection: ChannelModel, queue: string): Promise<number | undefined> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined); // a 404 closes this channel; the rejection reports it
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

async function withParkingQueue<T>(
  url: string,
  queue: string,
  needsServiceQueue: boolean,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const connection = await connect(url, { clientProperties: { connection_name: `eshop-ops ${queue}` } });
  connection.on('error', () => undefined); // surfaces as the failing operation's rejection
  try {
    const parking = parkingQueueName(queue);
    const depth = await queueDepth(connection, parking);
    if (depth === undefined) throw new OpsError(`no queue "${parking}": is "${queue}" a service queue of the bus?`);
    if (needsServiceQueue && (await queueDepth(connection, queue)) === undefined) {
      throw new OpsError(`no service queue "${queue}" to replay into`);
    }
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    // The channel is closed before the connection: its close handshake flushes the acks and
    // the final nack, which closing the connection at once could drop (a dropped ack leaves
    // a replayed message parked too: a duplicate). On an error, closing it gives every
    // unacked message back.
    let result: T;
    try {
      result = await work({ channel, queue, parking, depth });
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
    await channel.close();
    return result;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

type Outcome = 'settled' | 'kept';

/** Takes every message once (see the top of the file), then gives back the kept ones. */
async function walk(session: Session, visit: (message: GetMessage) => Promise<Outcome>): Promise<number> {
  let taken = 0;
  let kept = 0;
  while (taken < session.depth) {
    const message = await session.channel.get(session.parking, { noAck: false });
    if (message === false) break;
    taken += 1;
    if ((await visit(message)) === 'kept') kept += 1;
  }
  if (kept > 0) session.channel.nackAll(true);
  return taken;
}

export interface ParkedListing {
  readonly parking: string;
  /** Messages seen (the whole queue, unless another client holds some right now). */
  readonly total: number;
  readonly messages: readonly ParkedMessage[];
}

export function listParked(url: string, queue: string, limit: number): Promise<ParkedListing> {
  return withParkingQueue(url, queue, false, async (session) => {
    const messages: ParkedMessage[] = [];
    const total = await walk(session, async (message) => {
      if (messages.length < limit) messages.push(describeParked(message));
      return 'kept';
    });
    return { parking: session.parking, total, messages };
  });
}

function publishConfirmed(channel: ConfirmChannel, queue: string, content: Buffer, options: Options.Publish): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new OpsError(`no publish confirm within ${CONFIRM_TIMEOUT_MS} ms`)), CONFIRM_TIMEOUT_MS);
    channel.publish('', queue, content, options, (error: unknown) => {
      clearTimeout(timer);
      if (error) reject(new OpsError(`the broker did not confirm the copy to "${queue}"`));
      else resolve();
    });
  });
}

/** Copies a parked message to its service queue through the default exchange, confirmed. */
async function replayOne(session: Session, message: GetMessage): Promise<void> {
  let returned = false;
  const onReturn = () => (returned = true);
  // The broker sends basic.return before the confirm of an unroutable mandatory publish: a
  // confirm alone would report success for a copy that reached no queue.
  session.channel.on('return', onReturn);
  try {
    await publishConfirmed(session.channel, session.queue, message.content, replayProperties(message, new Date()));
  } finally {
    session.channel.off('return', onReturn);
  }
  if (returned) throw new OpsError(`the copy reached no queue (is "${session.queue}" gone?)`);
}

export interface ParkedChange {
  readonly parking: string;
  /** The messages replayed or purged. */
  readonly changed: readonly ParkedMessage[];
  /** Messages seen in the parking queue, changed ones included. */
  readonly seen: number;
}

const selects = (selection: Selection, message: GetMessage): boolean =>
  'all' in selection || message.properties.messageId === selection.id;

async function settleSelected(url: string, queue: string, selection: Selection, replay: boolean): Promise<ParkedChange> {
  const verb = replay ? 'replayed' : 'purged';
  const changed: ParkedMessage[] = [];
  const result = await withParkingQueue(url, queue, replay, async (session) => {
    const seen = await walk(session, async (message) => {
      if (!selects(selection, message)) return 'kept';
      if (replay) {
        await replayOne(session, message).catch((error: unknown) => {
          const why = error instanceof Error ? error.message : String(error);
          throw new OpsError(`${why}; stopped after ${changed.length} ${verb}, the rest stays parked`);
        });
      }
      session.channel.ack(message);
      changed.push(describeParked(message));
      return 'settled';
    });
    return { parking: session.parking, changed, seen };
  });
  // Every copy of the id goes (the bus delivers at least once, so a message can be parked
  // twice); none at all is an operator's typo, reported after the queue was given back.
  if ('id' in selection && changed.length === 0) {
    throw new OpsError(`no message with id "${selection.id}" in "${result.parking}" (${result.seen} looked at)`);
  }
  return result;
}

/** Moves the selected parked messages back to the service queue, attempt reset to 1. */
export function replayParked(url: string, queue: string, selection: Selection): Promise<ParkedChange> {
  return settleSelected(url, queue, selection, true);
}

/** Deletes the selected parked messages for good. */
export function purgeParked(url: string, queue: string, selection: Selection): Promise<ParkedChange> {
  return settleSelected(url, queue, selection, false);
}
