import type { IntegrationEvent, PublishOptions } from '@eshop/event-bus';
import { waitFor } from '@eshop/testing';
import type { OutboxPublisher } from '../lib/outbox.types';
import { type OutboxFixture, priceChanged, useOutboxFixture } from './outbox-fixture';

/**
 * Wraps a real bus and records, across relays, which event is being published by whom, so
 * the test can tell whether two relays ever held the same row at the same time. The short
 * pause before delegating widens each publish so overlapping claims would show.
 */
class WatchedPublisher implements OutboxPublisher {
  readonly published: string[] = [];

  constructor(
    private readonly name: string,
    private readonly inner: OutboxPublisher,
    private readonly inFlight: Map<string, string>,
    private readonly overlaps: string[],
  ) {}

  async publishValidated(name: string, event: IntegrationEvent, options?: PublishOptions): Promise<void> {
    const holder = this.inFlight.get(event.id);
    if (holder) this.overlaps.push(`${event.id}: ${holder} and ${this.name}`);
    this.inFlight.set(event.id, this.name);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2));
      await this.inner.publishValidated(name, event, options);
      this.published.push(event.id);
    } finally {
      if (this.inFlight.get(event.id) === this.name) this.inFlight.delete(event.id);
    }
  }
}

describe('two relays on one table', () => {
  const fixture = useOutboxFixture('outbox_two');
  let fx: OutboxFixture;
  beforeEach(() => (fx = fixture()));

  it('publish every row exactly once between them, never the same row at the same time', async () => {
    const inFlight = new Map<string, string>();
    const overlaps: string[] = [];
    const publishers = ['relay-a', 'relay-b'].map((name) => {
      const bus = fx.bus();
      return { bus, watched: new WatchedPublisher(name, bus, inFlight, overlaps) };
    });
    await Promise.all(publishers.map(({ bus }) => bus.connect()));
    for (const { watched } of publishers) {
      fx.relay(watched, { batchSize: 10, concurrency: 2, pollIntervalMs: 50 }).start();
    }

    const events = Array.from({ length: 600 }, () => priceChanged());
    for (let i = 0; i < events.length; i += 20) await fx.save(events.slice(i, i + 20));

    await waitFor(
      async () => (await fx.rows()).every((row) => row.state === 'published'),
      'every row published',
      30_000,
    );
    const [a, b] = publishers.map(({ watched }) => watched.published);
    expect(overlaps).toEqual([]);
    expect(a?.length).toBeGreaterThan(0);
    expect(b?.length).toBeGreaterThan(0);
    expect([...(a ?? []), ...(b ?? [])].sort()).toEqual(events.map((e) => e.id).sort());
    const delivered = (await fx.drain()).map((m) => String(m.properties.messageId));
    expect(delivered.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('never publish the same row at the same time when one of them loses its liveness session mid-stream', async () => {
    const inFlight = new Map<string, string>();
    const overlaps: string[] = [];
    const [a, b] = ['relay-a', 'relay-b'].map((name) => {
      const bus = fx.bus();
      const watched = new WatchedPublisher(name, bus, inFlight, overlaps);
      const relay = fx.relay(watched, { batchSize: 10, concurrency: 2, pollIntervalMs: 50, livenessReconnectMs: 50 });
      return { bus, watched, relay };
    });
    if (!a || !b) throw new Error('two relays');
    await Promise.all([a.bus.connect(), b.bus.connect()]);
    a.relay.start();
    await waitFor(() => a.relay.status().alive, 'relay-a alive');
    const [keyOfA] = await fx.liveKeys();
    b.relay.start();

    const events = Array.from({ length: 400 }, () => priceChanged());
    for (let i = 0; i < events.length; i += 20) {
      await fx.save(events.slice(i, i + 20));
      if (i === 200) await fx.killLiveness(keyOfA as number);
    }

    await waitFor(
      async () => (await fx.rows()).every((row) => row.state === 'published'),
      'every row published',
      30_000,
    );
    expect(overlaps).toEqual([]);
    await waitFor(() => a.relay.status().alive, 'relay-a to hold a new lock');
    expect(await fx.liveKeys()).not.toContain(keyOfA);
    const delivered = new Set((await fx.drain()).map((m) => String(m.properties.messageId)));
    expect([...delivered].sort()).toEqual(events.map((e) => e.id).sort());
  });
});
