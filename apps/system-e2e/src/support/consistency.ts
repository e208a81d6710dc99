import { PRODUCT_PRICE_CHANGED } from '@eshop/contracts';
import type { EventTap } from './event-tap';
import { ProductRun } from './price-stream';
import type { Shop } from './shop';

/** The products and baskets one scenario works on (no other scenario touches them). */
export interface Fixture {
  readonly name: string;
  readonly products: ProductRun[];
  readonly buyers: string[];
}

/** Creates `products` items and `baskets` buyers whose baskets hold every one of them. */
export async function createFixture(shop: Shop, name: string, products: number, baskets: number): Promise<Fixture> {
  const items = await Promise.all(Array.from({ length: products }, (_, n) => shop.createProduct({ price: 10 + n })));
  const buyers = Array.from({ length: baskets }, (_, n) => `${name}-buyer-${n}`);
  for (const buyer of buyers) for (const item of items) await shop.addToBasket(buyer, item);
  return { name, products: items.map((item) => new ProductRun(item)), buyers };
}

/** Price changes sent so far over the fixture's products (where in the stream a fault hit). */
export function sentSoFar(fixture: Fixture): number {
  return fixture.products.reduce((sum, product) => sum + product.sent, 0);
}

export interface Counts {
  sent: number;
  committed: number;
  uncertain: number;
  delivered: number;
  duplicatesSeen: number;
  lost: number;
  phantom: number;
  lines: number;
  mismatched: number;
}

/**
 * Compares the end state with what the client saw. Per product: catalog's final state is
 * the last committed change (or a later unanswered one); every committed version was
 * published (else `lost`); nothing was published that the client did not send (`phantom`).
 * Per basket line: unitPrice is catalog's final price, oldUnitPrice an earlier price of
 * the product (else `mismatched`, with the detail in `problems`).
 */
export async function checkConsistency(
  shop: Shop,
  probe: EventTap,
  fixture: Fixture,
): Promise<{ counts: Counts; problems: string[] }> {
  const counts: Counts = {
    sent: 0, committed: 0, uncertain: 0, delivered: 0, duplicatesSeen: 0, lost: 0, phantom: 0, lines: 0, mismatched: 0,
  };
  const problems: string[] = [];
  const finals = new Map<number, { price: number; version: number }>();
  for (const product of fixture.products) {
    const final = await shop.item(product.id);
    finals.set(product.id, final);
    const known = product.knownPrices();
    counts.sent += product.sent;
    counts.committed += product.committed.size;
    counts.uncertain += product.uncertain.length;
    if (final.version < product.lastCommittedVersion() || !known.has(final.price)) {
      problems.push(`product ${product.id}: catalog has v${final.version} at ${final.price}`);
    }
    const events = probe.of(PRODUCT_PRICE_CHANGED, (body) => body['productId'] === product.id);
    const ids = new Set(events.map((event) => event.body.id));
    counts.delivered += ids.size;
    counts.duplicatesSeen += events.length - ids.size;
    const versions = new Set(events.map((event) => Number(event.body['version'])));
    counts.lost += [...product.committed.keys()].filter((version) => !versions.has(version)).length;
    counts.phantom += events.filter((event) => !known.has(Number(event.body['newPrice']))).length;
  }
  for (const buyer of fixture.buyers) {
    const lines = await shop.basket(buyer);
    for (const product of fixture.products) {
      const line = lines.find((candidate) => candidate.productId === product.id);
      const final = finals.get(product.id);
      counts.lines++;
      const earlier = product.knownPrices();
      earlier.delete(final?.price ?? NaN);
      if (!line || !final || line.unitPrice !== final.price || !earlier.has(line.oldUnitPrice)) {
        counts.mismatched++;
        problems.push(`${buyer} product ${product.id}: ${JSON.stringify(line)} vs catalog ${final?.price}`);
      }
    }
  }
  return { counts, problems };
}

export function summary(name: string, counts: Counts, extra: Record<string, number> = {}): string {
  const fields = { ...counts, ...extra };
  return `[scenario] ${name}: ${Object.entries(fields).map(([key, value]) => `${key}=${value}`).join(' ')}`;
}
