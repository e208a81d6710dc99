import { ApplyPriceChangeUseCase } from './apply-price-change.use-case';
import type { PriceChange, PriceChangeRepositoryPort, PriceChangeStart } from './price-change-repository.port';

/** A store whose reverse index answers in fixed SSCAN pages, recording every call. */
class FakeStore implements PriceChangeRepositoryPort {
  readonly calls: string[] = [];
  readonly batches: string[][] = [];
  failOnBatch: number | undefined;

  constructor(
    private readonly start: PriceChangeStart,
    private readonly pages: string[][],
  ) {}

  async begin(): Promise<PriceChangeStart> {
    this.calls.push('begin');
    return this.start;
  }

  async buyersHolding(_productId: number, cursor: string) {
    this.calls.push(`sscan ${cursor}`);
    const index = Number(cursor);
    const next = index + 1 < this.pages.length ? String(index + 1) : '0';
    return { cursor: next, buyers: this.pages[index] ?? [] };
  }

  async applyToBaskets(_consumer: string, _change: PriceChange, buyers: readonly string[]) {
    if (this.batches.length === this.failOnBatch) throw new Error('redis went away');
    this.batches.push([...buyers]);
    return buyers.length;
  }

  async finish(): Promise<void> {
    this.calls.push('finish');
  }
}

const change: PriceChange = { eventId: 'e-1', productId: 7, version: 3, newPriceCents: 1_250 };

describe('ApplyPriceChangeUseCase', () => {
  it('walks the whole reverse index in batches no larger than the batch size, then finishes', async () => {
    const store = new FakeStore('apply', [['a', 'b', 'c', 'd', 'e'], [], ['f']]);
    const fanOut = new ApplyPriceChangeUseCase(store, { consumer: 'basket-api', batchSize: 2 });

    const result = await fanOut.execute(change);

    expect(store.batches).toEqual([['a', 'b'], ['c', 'd'], ['e'], ['f']]);
    expect(store.calls).toEqual(['begin', 'sscan 0', 'sscan 1', 'sscan 2', 'finish']);
    expect(result).toEqual({ outcome: 'applied', basketsChanged: 6 });
  });

  it.each(['duplicate', 'stale'] as const)('touches no basket for a %s event', async (start) => {
    const store = new FakeStore(start, [['a']]);
    const result = await new ApplyPriceChangeUseCase(store, { consumer: 'c', batchSize: 10 }).execute(change);
    expect(store.calls).toEqual(['begin']);
    expect(result).toEqual({ outcome: start, basketsChanged: 0 });
  });

  it('does not mark the event handled when a batch fails, so the redelivery finishes the work', async () => {
    const store = new FakeStore('apply', [['a', 'b', 'c']]);
    store.failOnBatch = 1;
    const fanOut = new ApplyPriceChangeUseCase(store, { consumer: 'c', batchSize: 1 });
    await expect(fanOut.execute(change)).rejects.toThrow('redis went away');
    expect(store.calls).not.toContain('finish');
  });
});
