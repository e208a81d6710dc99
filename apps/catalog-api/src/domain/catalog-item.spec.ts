import { replaceCatalogItem } from './catalog-item';
import { trailRunner } from './catalog-item.fixture';
import { CatalogItemVersionConflictError } from './catalog.errors';

const current = trailRunner;
const { id: _id, version: _version, ...data } = current;

describe('replaceCatalogItem', () => {
  it('moves the version on and reports a price change with the new version', () => {
    const { item, priceChange } = replaceCatalogItem(current, 3, { ...data, priceCents: 10_999 });
    expect(item).toMatchObject({ id: 7, version: 4, priceCents: 10_999 });
    expect(priceChange).toEqual({ productId: 7, oldPriceCents: 12_999, newPriceCents: 10_999, version: 4 });
  });

  it('reports no price change when the price stays', () => {
    const { item, priceChange } = replaceCatalogItem(current, 3, { ...data, name: 'Trail Runner 2' });
    expect(item).toMatchObject({ version: 4, name: 'Trail Runner 2' });
    expect(priceChange).toBeUndefined();
  });

  it('refuses a stale version', () => {
    expect(() => replaceCatalogItem(current, 2, data)).toThrow(CatalogItemVersionConflictError);
    expect(() => replaceCatalogItem(current, 4, data)).toThrow('is at version 3, not 4');
  });
});
