import type { Buyer } from '@eshop/auth';
import type { UserCheckoutAcceptedIntegrationEvent } from '@eshop/contracts';
import type { RedisClient } from '../infrastructure/redis/redis.tokens';
import { AddBasketItemUseCase } from '../application/add-basket-item.use-case';
import type { CatalogItemsPort } from '../application/catalog-items.port';
import { CheckoutBasketUseCase } from '../application/checkout-basket.use-case';
import { CompleteCheckoutUseCase } from '../application/complete-checkout.use-case';
import { GetBasketUseCase } from '../application/get-basket.use-case';
import { ReturnExpiredCheckoutsWorker } from '../application/return-expired-checkouts.worker';
import type { CatalogProduct } from '../domain/basket';
import type { BasketKeys } from '../infrastructure/basket-keys';
import { BasketRepository } from '../infrastructure/basket.repository';
import { CheckoutRepository } from '../infrastructure/checkout.repository';
import { type Flight, Flights, gatedCheckouts, scheduledBus, seededRandom, startCheckout } from './checkout-flight.fixture';

// Randomized interleavings of adds, checkouts (each step of one: take, publish confirmed /
// failed / crashed, mark published / give back), ordering creating orders, OrderStarted
// deliveries and redeliveries, lost events and the sweeper, on real Redis through the use
// cases. Model of time: a publish settles within PUBLISH_MS and ordering starts the order of
// a delivered checkout within LAG_MS, both well inside the checkout timeout.

const TIMEOUT_MS = 1_000;
const PUBLISH_MS = 150;
const LAG_MS = 400;
const OPS = 30;
const PRODUCTS: CatalogProduct[] = [1, 2, 3].map((id) => ({
  productId: id, productName: `p${id}`, unitPriceCents: 100 * id, pictureUrl: `/p/${id}`, version: 1,
}));

/** `request-id`: OrderStarted names its checkout (contract change); `oldest`: today's contract. */
export interface Mode { readonly name: 'request-id' | 'oldest'; readonly faults: boolean }
export const MODES: Mode[] = [{ name: 'request-id', faults: true }, { name: 'oldest', faults: false }];

const catalog: CatalogItemsPort = {
  findByIds: (ids) => Promise.resolve(new Map(PRODUCTS.filter((p) => ids.includes(p.productId)).map((p) => [p.productId, p]))),
};

interface Order { readonly event: UserCheckoutAcceptedIntegrationEvent; readonly startedId: string; readonly due: number }

export class Schedule {
  private readonly rng: () => number;
  private readonly flights = new Flights();
  private readonly all: Flight[] = [];
  private readonly inbox: Array<{ event: UserCheckoutAcceptedIntegrationEvent; at: number }> = [];
  private readonly orders = new Map<string, Order>();
  private readonly added = new Map<string, number>();
  private readonly buyers: Buyer[];
  readonly log: string[] = [];
  readonly counts: Record<string, number> = {};
  private now = 0;
  private ids = 0;
  private readonly checkout: CheckoutBasketUseCase;

  constructor(
    private readonly seed: number,
    private readonly mode: Mode,
    private readonly redis: RedisClient,
    private readonly keys: BasketKeys,
  ) {
    this.rng = seededRandom(seed);
    this.buyers = [0, 1].map((i): Buyer => ({ id: `${mode.name}-${seed}-b${i}`, name: `buyer ${i}`, roles: [] }));
    const gated = gatedCheckouts(this.repository, this.flights);
    this.checkout = new CheckoutBasketUseCase(gated, scheduledBus(this.flights), { timeoutMs: TIMEOUT_MS, now: () => this.now });
  }

  private get repository() {
    return new CheckoutRepository(this.redis, this.keys);
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.rng() * items.length)];
  }

  private count(what: string) {
    this.counts[what] = (this.counts[what] ?? 0) + 1;
    this.log.push(`${this.now} ${what}`);
  }

  async run(): Promise<void> {
    for (let i = 0; i < OPS; i += 1) {
      this.now += Math.floor(this.rng() * 100);
      await this.forceDue();
      await this.randomStep();
    }
    await this.assertUnits('before the drain');
    await this.drain();
    await this.assertUnits('after the drain');
    await this.assertSettled();
  }

  private async randomStep(): Promise<void> {
    const r = this.rng();
    const live = (stage: Flight['stage']) => this.all.filter((f) => f.stage === stage);
    if (r < 0.3) return this.add();
    if (r < 0.42) return this.startCheckout(`r${this.seed}x${(this.ids += 1)}`);
    if (r < 0.47) return this.retryCheckout();
    if (r < 0.6) return this.settlePublish(this.pick(live('publishing')));
    if (r < 0.72) return this.openGate(this.pick(live('finishing')));
    if (r < 0.8) return this.createOrder(this.pick(this.inbox));
    if (r < 0.9) return this.deliverOrderStarted(this.pick([...this.orders.values()]));
    if (r < 0.95) return this.sweep();
    if (!this.mode.faults) return this.sweep();
    if (r < 0.98) return this.crash(this.pick([...live('publishing'), ...live('finishing')]));
    return this.lose(this.pick(this.inbox));
  }

  private async add(): Promise<void> {
    const buyer = this.pick(this.buyers) as Buyer;
    const product = this.pick(PRODUCTS) as CatalogProduct;
    const quantity = 1 + Math.floor(this.rng() * 3);
    const adding = new AddBasketItemUseCase(new BasketRepository(this.redis, this.keys), catalog);
    try {
      await adding.execute(buyer.id, { productId: product.productId, quantity });
    } catch {
      return this.count('add refused (line full)');
    }
    const key = `${buyer.id}|${product.productId}`;
    this.added.set(key, (this.added.get(key) ?? 0) + quantity);
    this.count(`add ${key} +${quantity}`);
  }

  private async startCheckout(requestId: string, buyer = this.pick(this.buyers) as Buyer): Promise<void> {
    const flight = await startCheckout(this.checkout, this.flights, buyer, requestId, this.now);
    this.all.push(flight);
    this.count(`checkout ${buyer.id} ${requestId}: ${flight.stage === 'done' ? flight.outcome : flight.stage}`);
  }

  private async retryCheckout(): Promise<void> {
    const earlier = this.pick(this.all);
    if (earlier) await this.startCheckout(earlier.requestId, this.buyers.find((b) => b.id === earlier.buyer));
  }

  private async settlePublish(flight: Flight | undefined, confirm = this.rng() < 0.75): Promise<void> {
    if (!flight?.publish || !flight.event) return;
    const next = flight.arm();
    if (confirm) {
      flight.delivered = true;
      this.inbox.push({ event: flight.event, at: this.now });
      flight.publish.resolve();
    } else flight.publish.reject(new Error('broker did not confirm'));
    await next;
    this.count(`publish ${flight.requestId} ${confirm ? 'confirmed' : 'failed'}`);
  }

  private async openGate(flight: Flight | undefined): Promise<void> {
    if (!flight?.gate) return;
    const next = flight.arm();
    flight.gate.resolve();
    await next;
    this.count(`checkout ${flight.requestId} ends: ${flight.outcome}`);
  }

  /** A crash of the instance: the checkout never goes on; a publish under way may have arrived. */
  private crash(flight: Flight | undefined): void {
    if (!flight?.event) return;
    if (flight.stage === 'publishing' && this.rng() < 0.5) {
      flight.delivered = true;
      this.inbox.push({ event: flight.event, at: this.now });
    }
    const arrived = flight.delivered;
    flight.stage = 'crashed';
    this.count(`crash in ${flight.requestId} (event arrived: ${arrived})`);
  }

  private lose(message: { event: UserCheckoutAcceptedIntegrationEvent } | undefined): void {
    if (!message) return;
    this.inbox.splice(this.inbox.indexOf(message as (typeof this.inbox)[number]), 1);
    this.count(`event of ${message.event.requestId} lost`);
  }

  /** Ordering: one order per buyer and request id (a second event for it makes none). */
  private createOrder(message: { event: UserCheckoutAcceptedIntegrationEvent; at: number } | undefined): void {
    if (!message) return;
    this.inbox.splice(this.inbox.indexOf(message), 1);
    const key = `${message.event.userId}|${message.event.requestId}`;
    if (this.orders.has(key)) return this.count(`ordering: ${key} duplicate request`);
    this.orders.set(key, { event: message.event, startedId: `os-${this.mode.name}-${this.seed}-${(this.ids += 1)}`, due: message.at + LAG_MS });
    this.count(`ordering: order for ${key}`);
  }

  private async deliverOrderStarted(order: Order | undefined): Promise<void> {
    if (!order) return;
    const completing = new CompleteCheckoutUseCase(this.repository, { consumer: 'basket-test' });
    const requestId = this.mode.name === 'request-id' ? order.event.requestId : undefined;
    const outcome = await completing.execute(order.startedId, order.event.userId, requestId);
    this.orders.set(`${order.event.userId}|${order.event.requestId}`, { ...order, due: Infinity });
    this.count(`OrderStarted ${order.startedId} for ${order.event.requestId}: ${outcome}`);
    if (outcome === 'late' || outcome === 'no-checkout') throw new Error(`OrderStarted answered ${outcome}`);
  }

  private async sweep(): Promise<void> {
    const worker = new ReturnExpiredCheckoutsWorker(this.repository, { intervalMs: 1_000, batchSize: 7 });
    const returned = await worker.returnExpired(this.now);
    this.count('sweep');
    for (let i = 0; i < returned; i += 1) this.count('checkout given back by the sweeper');
  }

  /** What the model of time forces: overdue publishes settle, overdue orders start. */
  private async forceDue(): Promise<void> {
    for (const flight of this.all.filter((f) => f.startedAt + PUBLISH_MS <= this.now)) {
      if (flight.stage === 'publishing') await this.settlePublish(flight);
      if (flight.stage === 'finishing') await this.openGate(flight);
    }
    for (const message of this.inbox.filter((m) => m.at + LAG_MS / 2 <= this.now)) this.createOrder(message);
    for (const order of [...this.orders.values()].filter((o) => o.due <= this.now)) await this.deliverOrderStarted(order);
  }

  private async drain(): Promise<void> {
    this.now += PUBLISH_MS;
    await this.forceDue();
    this.now += LAG_MS;
    await this.forceDue();
    this.now += TIMEOUT_MS + 1;
    await this.sweep();
  }

  private async assertUnits(when: string): Promise<void> {
    for (const buyer of this.buyers) {
      const basket = await new GetBasketUseCase(new BasketRepository(this.redis, this.keys)).execute(buyer.id);
      const held = new Map(basket.lines.map((line) => [line.productId, line.quantity]));
      if (basket.lines.some((line) => line.quantity <= 0)) throw new Error(`${when}: a line of ${buyer.id} with no units`);
      const elsewhere = when === 'after the drain' ? this.orderedUnits(buyer.id) : await this.reservedUnits(buyer.id);
      for (const { productId } of PRODUCTS) {
        const expected = this.added.get(`${buyer.id}|${productId}`) ?? 0;
        const found = (held.get(productId) ?? 0) + (elsewhere.get(productId) ?? 0);
        if (found !== expected) throw new Error(`${when}: ${buyer.id} product ${productId}: ${found} units accounted for, ${expected} added`);
      }
    }
  }

  /** Units in the orders ordering created (each at most once per request id). */
  private orderedUnits(buyerId: string): Map<number, number> {
    const units = new Map<number, number>();
    for (const order of this.orders.values()) {
      if (order.event.userId !== buyerId) continue;
      for (const item of order.event.basket.items) units.set(item.productId, (units.get(item.productId) ?? 0) + item.quantity);
    }
    return units;
  }

  /** Units in the buyer's checkouts that were not given back (open or started), as Redis has them. */
  private async reservedUnits(buyerId: string): Promise<Map<number, number>> {
    const units = new Map<number, number>();
    const requestIds = new Set(this.all.filter((f) => f.buyer === buyerId).map((f) => f.requestId));
    for (const requestId of requestIds) {
      const [state, lines] = await this.redis.hmget(this.keys.checkout(buyerId, requestId), 'state', 'lines');
      if (state !== 'open' && state !== 'started') continue;
      for (const line of JSON.parse(lines ?? '[]') as Array<{ productId: number; quantity: number }>) {
        units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
      }
    }
    return units;
  }

  private async assertSettled(): Promise<void> {
    for (const buyer of this.buyers) {
      if ((await this.redis.zcard(this.keys.openCheckouts(buyer.id))) > 0) throw new Error(`${buyer.id} has open checkouts after the drain`);
    }
  }
}
