import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import type { OutboxMessage } from '@eshop/outbox';
import type { CatalogItem } from '../domain/catalog-item';
import { trailRunner } from '../domain/catalog-item.fixture';
import {
  CatalogItemNotFoundError,
  CatalogItemVersionConflictError,
  UnknownCatalogReferenceError,
} from '../domain/catalog.errors';
import type { CatalogTransaction, CatalogUnitOfWork } from './catalog-unit-of-work.port';
import { UpdateCatalogItemUseCase } from './update-catalog-item.use-case';

const notUsed = (): never => {
  throw new Error('not used');
};

/** An in-memory unit of work: writes become visible only when the work resolves (commit). */
class FakeUnitOfWork implements CatalogUnitOfWork {
  items = new Map<number, CatalogItem>();
  events: OutboxMessage[] = [];
  /** Runs just before a conditional write compares versions: another writer, in between. */
  beforeWrite: (() => void) | undefined;

  async run<T>(work: (tx: CatalogTransaction) => Promise<T>): Promise<T> {
    const items = new Map(this.items);
    const events: OutboxMessage[] = [];
    const tx: CatalogTransaction = {
      typeExists: async (id) => id <= 8,
      brandExists: async (id) => id <= 7,
      insertItem: notUsed,
      deleteItem: async (id) => items.delete(id),
      lockStock: notUsed,
      adjustStock: notUsed,
      lockReservation: notUsed,
      insertReservation: notUsed,
      setReservationState: notUsed,
      addEvent: async (message) => void events.push(message),
    };
    const result = await work(tx);
    [this.items, this.events] = [items, [...this.events, ...events]];
    return result;
  }

  async findItem(id: number): Promise<CatalogItem | null> {
    return this.items.get(id) ?? null;
  }

  async replaceIfUnchanged(item: CatalogItem, expectedVersion: number, event?: OutboxMessage): Promise<boolean> {
    this.beforeWrite?.();
    this.beforeWrite = undefined;
    if (this.items.get(item.id)?.version !== expectedVersion) return false;
    this.items.set(item.id, item);
    if (event) this.events.push(event);
    return true;
  }

  runOnce(): never {
    throw new Error('not used');
  }
}

const item = trailRunner;
const { id: _id, version: _version, ...data } = item;

describe('UpdateCatalogItemUseCase', () => {
  let unitOfWork: FakeUnitOfWork;
  let useCase: UpdateCatalogItemUseCase;

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    unitOfWork.items.set(item.id, item);
    useCase = new UpdateCatalogItemUseCase(unitOfWork);
  });

  it('commits a price change together with its ProductPriceChanged event, in currency units', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const updated = await useCase.execute({ id: 7, version: 3, data: { ...data, priceCents: 10_950 }, traceparent });

    expect(updated).toMatchObject({ version: 4, priceCents: 10_950 });
    expect(unitOfWork.items.get(7)).toEqual(updated);
    expect(unitOfWork.events).toEqual([
      {
        name: PRODUCT_PRICE_CHANGED,
        event: expect.objectContaining({ productId: 7, oldPrice: 129.99, newPrice: 109.5, version: 4 }),
        traceparent,
      },
    ]);
  });

  it('writes no event when the price stays', async () => {
    await useCase.execute({ id: 7, version: 3, data: { ...data, name: 'Trail Runner 2' } });
    expect(unitOfWork.items.get(7)).toMatchObject({ name: 'Trail Runner 2', version: 4 });
    expect(unitOfWork.events).toEqual([]);
  });

  it('answers 409 when another writer moved the item on between its read and its write, and writes nothing', async () => {
    const other = { ...item, availableStock: 1, version: 4 };
    unitOfWork.beforeWrite = () => unitOfWork.items.set(7, other);
    await expect(useCase.execute({ id: 7, version: 3, data: { ...data, priceCents: 10_950 } })).rejects.toThrow(
      CatalogItemVersionConflictError,
    );
    expect(unitOfWork.items.get(7)).toBe(other);
    expect(unitOfWork.events).toEqual([]);
  });

  it('answers 404 when the item was deleted between its read and its write', async () => {
    unitOfWork.beforeWrite = () => unitOfWork.items.delete(7);
    await expect(useCase.execute({ id: 7, version: 3, data: { ...data, priceCents: 10_950 } })).rejects.toThrow(CatalogItemNotFoundError);
    expect(unitOfWork.events).toEqual([]);
  });

  it.each([
    ['a stale version', { id: 7, version: 2, data }, CatalogItemVersionConflictError],
    ['an unknown item', { id: 8, version: 1, data }, CatalogItemNotFoundError],
    ['an unknown brand', { id: 7, version: 3, data: { ...data, catalogBrandId: 99, priceCents: 1 } }, UnknownCatalogReferenceError],
  ])('refuses %s and changes nothing', async (_, command, error) => {
    await expect(useCase.execute(command)).rejects.toThrow(error);
    expect(unitOfWork.items.get(7)).toEqual(item);
    expect(unitOfWork.events).toEqual([]);
  });
});
