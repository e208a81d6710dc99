import { InMemoryEventBus } from './in-memory-event-bus';
import type { EventSchemaRegistry } from './integration-event';
import { isTraceparent } from './trace-context';

interface Ping {
  id: string;
  creationDate: string;
  n: number;
}
type Events = { Ping: Ping };

const registry: EventSchemaRegistry<Events> = {
  has: (name): name is 'Ping' => name === 'Ping',
  parse: (_name, data) => {
    const ping = data as Ping;
    if (typeof ping.n !== 'number') throw new Error('n: required');
    return ping;
  },
};
const ping = (n: number): Ping => ({ id: `id-${n}`, creationDate: new Date(0).toISOString(), n });

describe('InMemoryEventBus', () => {
  it('delivers to every subscriber in order and records what was published', async () => {
    const bus = new InMemoryEventBus<Events>(registry);
    const seen: string[] = [];
    await bus.subscribe('Ping', async (e) => void seen.push(`a${e.n}`));
    await bus.subscribe('Ping', async (e, ctx) => void seen.push(`b${e.n}@${ctx.attempt}`));
    await bus.publish('Ping', ping(1));
    expect(seen).toEqual(['a1', 'b1@1']);
    expect(bus.publishedOf('Ping')).toEqual([ping(1)]);
    expect(isTraceparent(bus.published[0]?.traceparent)).toBe(true);
  });

  it('validates like the real bus: an invalid event is not published', async () => {
    const bus = new InMemoryEventBus<Events>(registry);
    await expect(bus.publish('Ping', { id: 'x', creationDate: '' } as Ping)).rejects.toThrow('n: required');
    expect(bus.published).toEqual([]);
  });

  it('records handler failures without failing the publisher', async () => {
    const bus = new InMemoryEventBus<Events>();
    await bus.subscribe('Ping', async () => {
      throw new Error('boom');
    });
    await expect(bus.publish('Ping', ping(2))).resolves.toBeUndefined();
    expect(bus.failures.map((f) => (f.error as Error).message)).toEqual(['boom']);
  });

  it('can simulate a redelivery', async () => {
    const bus = new InMemoryEventBus<Events>();
    const contexts: boolean[] = [];
    const handler = async (_e: Ping, ctx: { redelivered: boolean }) => void contexts.push(ctx.redelivered);
    await bus.subscribe('Ping', handler);
    await bus.deliver('Ping', ping(3), { redelivered: true, attempt: 2 });
    expect(contexts).toEqual([true]);
  });
});
