import type { Basket, BasketLineInput, CatalogProduct } from '../domain/basket';
import { UnknownProductError } from '../domain/basket.errors';
import { AddBasketItemUseCase } from './add-basket-item.use-case';
import type { BasketRepositoryPort } from './basket-repository.port';
import type { CatalogItemsPort } from './catalog-items.port';
import { ReplaceBasketUseCase } from './replace-basket.use-case';

class FakeCatalog implements CatalogItemsPort {
  readonly reads: number[][] = [];
  constructor(private readonly products: CatalogProduct[]) {}
  async findByIds(productIds: readonly number[]) {
    this.reads.push([...productIds]);
    return new Map(this.products.filter((p) => productIds.includes(p.productId)).map((p) => [p.productId, p]));
  }
}

class FakeBaskets implements BasketRepositoryPort {
  readonly writes: Array<[string, BasketLineInput[]]> = [];
  async find(buyerId: string): Promise<Basket> {
    return { buyerId, lines: [] };
  }
  async replace(_buyerId: string, lines: readonly BasketLineInput[]) {
    this.writes.push(['replace', [...lines]]);
  }
  async add(_buyerId: string, line: BasketLineInput) {
    this.writes.push(['add', [line]]);
  }
  async delete() {
    this.writes.push(['delete', []]);
  }
}

const mug: CatalogProduct = { productId: 1, productName: 'Mug', unitPriceCents: 1_999, pictureUrl: '/p/1.png', version: 7 };

describe('basket writes take catalog’s data', () => {
  it('replace: one catalog read for all lines; lines carry catalog’s name, price, picture and version', async () => {
    const catalog = new FakeCatalog([mug, { ...mug, productId: 2, productName: 'Cap', unitPriceCents: 500 }]);
    const baskets = new FakeBaskets();
    await new ReplaceBasketUseCase(baskets, catalog).execute('b', [{ productId: 2, quantity: 3 }, { productId: 1, quantity: 1 }]);
    expect(catalog.reads).toEqual([[2, 1]]);
    expect(baskets.writes).toEqual([
      ['replace', [{ ...mug, productId: 2, productName: 'Cap', unitPriceCents: 500, quantity: 3 }, { ...mug, quantity: 1 }]],
    ]);
  });

  it('replace with no lines empties the basket without asking catalog', async () => {
    const catalog = new FakeCatalog([]);
    const baskets = new FakeBaskets();
    await new ReplaceBasketUseCase(baskets, catalog).execute('b', []);
    expect([catalog.reads, baskets.writes]).toEqual([[], [['replace', []]]]);
  });

  it('writes nothing for a product catalog does not sell', async () => {
    const baskets = new FakeBaskets();
    const add = new AddBasketItemUseCase(baskets, new FakeCatalog([mug]));
    await expect(add.execute('b', { productId: 9, quantity: 1 })).rejects.toThrow(UnknownProductError);
    await expect(add.execute('b', { productId: 9, quantity: 1 })).rejects.toThrow('productId: product 9 is not in the catalog');
    expect(baskets.writes).toEqual([]);
  });
});
