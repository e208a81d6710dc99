// The load of bench:saga and the soak (issue #14): N buyers in a loop (add 1–3 products,
// check out, repeat) and an admin changing a price every second, through the gateway
// (or, with --direct, straight to basket-api and catalog-api).
import { randomInt, randomUUID } from 'node:crypto';
import type { SagaSystem } from './saga-system';

export interface Product {
  readonly id: number;
  readonly initialStock: number;
}

/**
 * One checkout as the buyer saw it. `units` is what the basket held (product id → units); a
 * checkout answered 202 took them, one that timed out or failed with a 5xx may have (its order
 * in ordering's tables decides), any other answer did not.
 */
export interface Checkout {
  readonly buyer: string;
  readonly requestId: string;
  /** Epoch ms when the checkout request was sent. */
  readonly sentAt: number;
  readonly status: number;
  readonly units: ReadonlyMap<number, number>;
  /**
   * Adds whose answer was lost (a 504…) in this round or the one before, by product. The
   * buyer then read its basket, but such an add can still land after that read (basket-api
   * finishes what the gateway gave up on), even after the next checkout: the order may hold
   * up to this many more units of the product than `units` says.
   */
  readonly lostAdds: ReadonlyMap<number, number>;
}

export interface LoadResult {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly checkouts: Checkout[];
  /** Units each buyer added that no accepted checkout took (still in the basket). */
  readonly leftInBasket: Map<string, Map<number, number>>;
  /** Per buyer, adds of the last two rounds whose answer was lost: the basket may hold these many more. */
  readonly lostAddsAtEnd: Map<string, ReadonlyMap<number, number>>;
  /** Non-2xx answers and transport errors, by `<step> <status>`. */
  readonly failures: Map<string, number>;
  readonly priceChanges: number;
}

const ADDRESS_AND_CARD = {
  street: '1 Bench Road',
  city: 'Loadville',
  state: 'WA',
  country: 'U.S.',
  zipCode: '98000',
  cardNumber: '4111111111111111',
  cardHolderName: 'Bench Buyer',
  cardExpiration: '2031-06-30T00:00:00.000Z',
  cardSecurityNumber: '321',
  cardTypeId: 1,
};

type Call = { status: number; body: unknown };

/** Through the gateway, or (`--direct`) straight to the service that owns the path. */
function baseUrl(system: SagaSystem, path: string): string {
  if (!system.direct) return system.url('api-gateway');
  return system.url(path.startsWith('/api/basket') ? 'basket-api' : 'catalog-api');
}

async function call(system: SagaSystem, token: string, method: string, path: string, body?: unknown, headers = {}): Promise<Call> {
  try {
    const response = await fetch(`${baseUrl(system, path)}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return { status: 0, body: undefined }; // connection refused, reset or unparsable: counted as a failure
  }
}

/** `count` products with `stock` units each (admin writes through the gateway). */
export async function createProducts(system: SagaSystem, count: number, stock: number): Promise<Product[]> {
  const admin = await system.token('bench-admin', ['admin']);
  const products: Product[] = [];
  for (let n = 0; n < count; n++) {
    const body = { name: `Saga item ${n}`, price: 10 + n, catalogTypeId: 1, catalogBrandId: 1, availableStock: stock };
    const reply = await call(system, admin, 'POST', '/api/catalog/items', body);
    if (reply.status !== 201) throw new Error(`create item: ${reply.status} ${JSON.stringify(reply.body)}`);
    products.push({ id: (reply.body as { id: number }).id, initialStock: stock });
  }
  return products;
}

export interface LoadOptions {
  readonly buyers: number;
  readonly seconds: number;
  readonly products: readonly Product[];
  /** Called on every 202 (a live count for the sampler). */
  readonly onAccepted: () => void;
}

/** Runs the buyers and the admin until `seconds` are over; each buyer finishes its round. */
export async function runLoad(system: SagaSystem, options: LoadOptions): Promise<LoadResult> {
  const startedAt = Date.now();
  const deadline = startedAt + options.seconds * 1_000;
  const result: LoadResult = {
    startedAt,
    endedAt: 0,
    checkouts: [],
    leftInBasket: new Map(),
    lostAddsAtEnd: new Map(),
    failures: new Map(),
    priceChanges: 0,
  };
  const fail = (what: string) => result.failures.set(what, (result.failures.get(what) ?? 0) + 1);
  const buyers = Array.from({ length: options.buyers }, (_, n) => `${system.run}-buyer-${n}`);
  const loops = buyers.map((buyer) => buyerLoop(system, buyer, options, deadline, result, fail));
  const [changes] = await Promise.all([adminLoop(system, options.products, deadline, fail), ...loops]);
  return { ...result, endedAt: Date.now(), priceChanges: changes };
}

async function buyerLoop(
  system: SagaSystem,
  buyer: string,
  { products, onAccepted }: LoadOptions,
  deadline: number,
  result: LoadResult,
  fail: (what: string) => void,
): Promise<void> {
  const token = await system.token(buyer);
  let pending = new Map<number, number>();
  let lostAdds = new Map<number, number>();
  let lostAddsBefore = new Map<number, number>();
  result.leftInBasket.set(buyer, pending);
  while (Date.now() < deadline) {
    for (const product of pick(products, randomInt(1, 4))) {
      const added = await call(system, token, 'POST', '/api/basket/items', { productId: product.id, quantity: 1 });
      if (added.status === 200) pending.set(product.id, (pending.get(product.id) ?? 0) + 1);
      else fail(`add ${added.status}`);
      if (lostAnswer(added.status)) {
        lostAdds.set(product.id, (lostAdds.get(product.id) ?? 0) + 1);
        pending = await basketUnits(system, token);
      }
    }
    const requestId = randomUUID();
    const sentAt = Date.now();
    const reply = await call(system, token, 'POST', '/api/basket/checkout', ADDRESS_AND_CARD, { 'x-requestid': requestId });
    const lost = merged(lostAddsBefore, lostAdds);
    result.checkouts.push({ buyer, requestId, sentAt, status: reply.status, units: new Map(pending), lostAdds: lost });
    if (reply.status === 202) onAccepted();
    else fail(`checkout ${reply.status}`);
    // A lost answer leaves it open whether basket took the units (the order, if any, tells
    // later): the basket says what is left, as it would tell a real client.
    if (reply.status === 202) {
      pending = new Map();
      lostAddsBefore = lostAdds;
      lostAdds = new Map();
    }
    else if (lostAnswer(reply.status)) pending = await basketUnits(system, token);
    result.leftInBasket.set(buyer, pending);
    result.lostAddsAtEnd.set(buyer, merged(lostAddsBefore, lostAdds));
  }
}

/** Units per product of both maps, added up. */
function merged(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Map<number, number> {
  const sum = new Map(a);
  for (const [product, count] of b) sum.set(product, (sum.get(product) ?? 0) + count);
  return sum;
}

/** A timeout or a 5xx: the request may or may not have taken effect. */
const lostAnswer = (status: number) => status === 0 || status >= 500;

/** What the buyer's basket holds now (product id → units); asks for up to a minute. */
async function basketUnits(system: SagaSystem, token: string): Promise<Map<number, number>> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const reply = await call(system, token, 'GET', '/api/basket');
    const items = (reply.body as { items?: Array<{ productId: number; quantity: number }> } | undefined)?.items;
    if (reply.status === 200 && items) return new Map(items.map((item) => [item.productId, item.quantity]));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('basket-api did not answer GET /api/basket for a minute');
}

/**
 * Every second: one product's price changes. A PUT names the version it read; stock moves
 * bump the version too, so a 409 is expected under load: read again and retry (5 tries).
 */
async function adminLoop(system: SagaSystem, products: readonly Product[], deadline: number, fail: (what: string) => void): Promise<number> {
  const token = await system.token('bench-admin', ['admin']);
  let changes = 0;
  for (let next = Date.now(); next < deadline; next += 1_000) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    const path = `/api/catalog/items/${pick(products, 1)[0]?.id}`;
    const price = randomInt(500, 5_000) / 100;
    let status = 409;
    for (let attempt = 0; attempt < 5 && status === 409; attempt++) {
      const read = await call(system, token, 'GET', path);
      status = read.status === 200 ? (await call(system, token, 'PUT', path, { ...replaceable(read.body), price })).status : read.status;
    }
    if (status === 200) changes++;
    else fail(`price-change ${status}`);
  }
  return changes;
}

/** The fields a PUT replaces (an item as read, without id). */
const REPLACEABLE = ['name', 'description', 'price', 'pictureFileName', 'catalogTypeId', 'catalogBrandId', 'availableStock',
  'restockThreshold', 'maxStockThreshold', 'onReorder', 'version'];
function replaceable(item: unknown): Record<string, unknown> {
  const fields = Object.entries(item as Record<string, unknown>).filter(([key]) => REPLACEABLE.includes(key));
  return Object.fromEntries(fields);
}

function pick<T>(items: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < Math.min(count, items.length)) chosen.add(items[randomInt(items.length)] as T);
  return [...chosen];
}
