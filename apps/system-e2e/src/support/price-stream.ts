import { waitFor } from '@eshop/testing';
import type { CatalogItem, Reply, Shop } from './shop';

/** One product's price changes as the client saw them. */
export class ProductRun {
  /** Catalog version → price, for every change catalog confirmed (HTTP 200). */
  readonly committed = new Map<number, number>();
  /** Prices sent that got no answer: they may or may not have committed. */
  readonly uncertain: number[] = [];
  sent = 0;

  constructor(readonly initial: CatalogItem) {}

  get id(): number {
    return this.initial.id;
  }

  /** Every price the product may have had, the initial one included. */
  knownPrices(): Set<number> {
    return new Set([this.initial.price, ...this.committed.values(), ...this.uncertain]);
  }

  lastCommittedVersion(): number {
    return Math.max(this.initial.version, ...this.committed.keys());
  }
}

/** A fault to inject once `atChange` price changes (over all products) were answered. */
export interface Fault {
  readonly atChange: number;
  readonly inject: () => Promise<void>;
}

/**
 * Sends `perProduct` price changes to every product, one product's changes in sequence
 * (each PUT carries the version the previous answer returned), products in parallel.
 * Prices only go up by a cent, so every price of a product is distinct. After a change
 * without an answer the item is read again once catalog answers.
 */
export async function streamPriceChanges(
  shop: Shop,
  products: readonly ProductRun[],
  perProduct: number,
  faults: readonly Fault[] = [],
): Promise<void> {
  let answered = 0;
  const pending = [...faults].sort((a, b) => a.atChange - b.atChange);
  // Faults run one after the other, alongside the stream (which does not wait for them).
  let injected = Promise.resolve();
  const progress = () => {
    answered++;
    while (pending[0] && pending[0].atChange <= answered) injected = injected.then((pending.shift() as Fault).inject);
  };
  await Promise.all(products.map((product) => streamOne(shop, product, perProduct, progress)));
  await injected;
}

async function streamOne(shop: Shop, product: ProductRun, perProduct: number, progress: () => void): Promise<void> {
  let item: CatalogItem | undefined = product.initial;
  let cents = Math.round(product.initial.price * 100);
  while (product.sent < perProduct) {
    item ??= await waitFor(() => shop.item(product.id).catch(() => undefined), `item ${product.id} readable`, 90_000, 100);
    const price = ++cents / 100;
    product.sent++;
    const reply: Reply<CatalogItem> | undefined = await shop.changePrice(item, price).catch(() => undefined);
    if (reply?.status === 200) {
      product.committed.set(reply.body.version, price);
      item = reply.body;
    } else if (reply === undefined || reply.status >= 500) {
      product.uncertain.push(price);
      item = undefined;
    } else {
      throw new Error(`price change of ${product.id}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    progress();
  }
}
