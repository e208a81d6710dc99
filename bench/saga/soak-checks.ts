// The soak's consistency checks (issue #14 §4), read from the services' own stores and APIs
// after the system has settled.
import { RabbitMqTestAdmin, fmt, median, waitFor } from '@eshop/testing';
import { query, unpublishedRows } from './saga-probes';
import { heapFloor, type HeapWatch } from './heap-watch';
import type { RunReport, Sample } from './saga-run';
import { unitsVerdict } from './units-verdict';
import { SAGA_APPS, type SagaSystem } from './saga-system';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const check = (name: string, ok: boolean, detail: string): Check => ({ name, ok, detail });
const key = (buyer: string, requestId: string) => `${buyer}/${requestId}`;

/** Nothing waiting in an outbox or a service queue, twice in a row a second apart. */
export async function waitUntilSettled(system: SagaSystem): Promise<void> {
  const admin = await RabbitMqTestAdmin.open();
  let quietBefore = false;
  try {
    await waitFor(async () => {
      const depths = await Promise.all(system.queues().map(({ queue }) => admin.messageCount(queue).catch(() => 0)));
      const rows = await Promise.all([unpublishedRows(system.catalogDb), unpublishedRows(system.orderingDb)]);
      const quiet = [...depths, ...rows].every((count) => count === 0);
      const settled = quiet && quietBefore;
      quietBefore = quiet;
      return settled;
    }, 'the system to settle', 5 * 60_000, 1_000);
  } finally {
    await admin.close();
  }
}

const isUncertainOrAccepted = (status: number | undefined) => status !== undefined && (status === 202 || status === 0 || status >= 500);

/** One order per accepted checkout, carrying exactly the units the basket held. */
async function ordersMatchCheckouts(system: SagaSystem, report: RunReport): Promise<Check[]> {
  const orders = new Map(report.outcomes.map((o) => [key(o.buyerId, o.requestId), o.orderId]));
  const lines = await query<{ order_id: number; product_id: number; units: number }>(
    system.orderingDb,
    'SELECT order_id, product_id, units FROM order_item',
  );
  const unitsOf = new Map<number, Map<number, number>>();
  for (const line of lines) unitsOf.set(line.order_id, (unitsOf.get(line.order_id) ?? new Map()).set(line.product_id, line.units));
  const accepted = report.load.checkouts.filter((c) => c.status === 202);
  const sent = new Map(report.load.checkouts.map((c) => [key(c.buyer, c.requestId), c]));
  const withoutOrder = accepted.filter((c) => !orders.has(key(c.buyer, c.requestId))).length;
  // An order may come of a checkout whose answer was lost (timeout, 5xx), of no other.
  const foreign = [...orders.keys()].filter((k) => !isUncertainOrAccepted(sent.get(k)?.status)).length;
  const ordered = report.load.checkouts.filter((c) => orders.has(key(c.buyer, c.requestId)));
  const verdicts = ordered.map((c) => unitsVerdict(c, unitsOf.get(orders.get(key(c.buyer, c.requestId)) ?? -1) ?? new Map()));
  const wrongUnits = verdicts.filter((v) => v === 'wrong').length;
  const lateAdds = verdicts.filter((v) => v === 'late adds').length;
  return [
    check('one order per accepted checkout', withoutOrder === 0 && foreign === 0,
      `${accepted.length} answered 202, ${orders.size} orders (${orders.size - accepted.length} of checkouts whose answer was lost), ` +
        `${withoutOrder} accepted without an order, ${foreign} orders of a checkout refused or never sent`),
    check(
      'order lines = the units checked out',
      wrongUnits === 0,
      `${wrongUnits} orders differ from their checkout; ${lateAdds} hold units of adds whose answer was lost, within their count`,
    ),
  ];
}

/** Per product: available + reserved + sold = initial, and sold = the units of paid orders. */
async function stockAddsUp(system: SagaSystem, report: RunReport): Promise<Check> {
  const ids = report.products.map((product) => product.id);
  const stock = await query<{ id: number; available: number; reserved: string; taken: string }>(
    system.catalogDb,
    `SELECT i.id, i.available_stock AS available,
            coalesce(sum(l.units) FILTER (WHERE r.state = 'reserved'), 0) AS reserved,
            coalesce(sum(l.units) FILTER (WHERE r.state = 'taken'), 0) AS taken
       FROM catalog_item i
       LEFT JOIN stock_reservation_line l ON l.product_id = i.id
       LEFT JOIN stock_reservation r ON r.order_id = l.order_id
      WHERE i.id = ANY($1::int[]) GROUP BY i.id`,
    [ids],
  );
  const paid = await query<{ product_id: number; units: string }>(
    system.orderingDb,
    `SELECT i.product_id, sum(i.units) AS units FROM order_item i JOIN orders o ON o.id = i.order_id
      WHERE o.status = 'paid' GROUP BY i.product_id`,
  );
  const paidUnits = new Map(paid.map((row) => [row.product_id, Number(row.units)]));
  const initial = new Map(report.products.map((product) => [product.id, product.initialStock]));
  const wrong = stock.filter((row) => {
    const total = row.available + Number(row.reserved) + Number(row.taken);
    return total !== initial.get(row.id) || Number(row.taken) !== (paidUnits.get(row.id) ?? 0);
  });
  const sold = stock.reduce((sum, row) => sum + Number(row.taken), 0);
  return check('stock: available + reserved + sold = initial; sold = paid units', wrong.length === 0 && stock.length === ids.length,
    `${stock.length} products, ${sold} units sold, ${wrong.length} that do not add up${wrong.length ? `: ${JSON.stringify(wrong.slice(0, 3))}` : ''}`);
}

/** A sample of orders read back through ordering's API: total = Σ unitPrice × units (in cents). */
async function totalsAddUp(system: SagaSystem, report: RunReport, sample = 200): Promise<Check> {
  const picked = report.outcomes.filter((_, n) => n % Math.max(1, Math.floor(report.outcomes.length / sample)) === 0);
  let wrong = 0;
  for (const order of picked) {
    const response = await fetch(`${system.url('ordering-api')}/api/orders/${order.orderId}`, {
      headers: { authorization: `Bearer ${await system.token(order.buyerId)}` },
    });
    const body = (await response.json()) as { total: number; items: Array<{ unitPrice: number; units: number }> };
    const cents = body.items.reduce((sum, item) => sum + Math.round(item.unitPrice * 100) * item.units, 0);
    if (response.status !== 200 || Math.round(body.total * 100) !== cents) wrong++;
  }
  return check('order total = sum of its lines', wrong === 0, `${picked.length} orders read, ${wrong} wrong`);
}

/** Units a buyer added but no accepted checkout took are still in the basket, nothing else. */
async function basketsHoldTheRest(system: SagaSystem, report: RunReport): Promise<Check> {
  let wrong = 0;
  for (const [buyer, left] of report.load.leftInBasket) {
    const response = await fetch(`${system.url('basket-api')}/api/basket`, {
      headers: { authorization: `Bearer ${await system.token(buyer)}` },
    });
    const items = ((await response.json()) as { items: Array<{ productId: number; quantity: number }> }).items;
    const held = new Map(items.map((item) => [item.productId, item.quantity]));
    const lostAdds = report.load.lostAddsAtEnd.get(buyer) ?? new Map<number, number>();
    if (unitsVerdict({ units: left, lostAdds }, held) === 'wrong') wrong++;
  }
  return check('every unit added is in one order or still in the basket', wrong === 0, `${report.load.leftInBasket.size} baskets, ${wrong} differ`);
}

async function nothingParkedOrUnpublished(system: SagaSystem): Promise<Check[]> {
  const admin = await RabbitMqTestAdmin.open();
  const parked = await Promise.all(system.queues().map(({ parking }) => admin.messageCount(parking).catch(() => 0)));
  await admin.close();
  const unpublished = (await unpublishedRows(system.catalogDb)) + (await unpublishedRows(system.orderingDb));
  const parkedTotal = parked.reduce((sum, n) => sum + n, 0);
  return [
    check('parked messages = 0', parkedTotal === 0, `${parkedTotal} parked`),
    check('unpublished outbox rows = 0 after settling', unpublished === 0, `${unpublished} unpublished`),
  ];
}

/**
 * The live heap of each app must not grow: the floor of its used heap (heap-watch.ts) over the
 * last third of the run against the middle third, checked from 10 minutes on (each third then
 * holds two or more of basket-api's major GCs). Too few heap reads in a third is a failure,
 * not a pass. RSS is reported only: V8 lets old space fill with garbage between major GCs and
 * keeps the pages, so under load RSS follows the garbage, not the live objects (basket-api:
 * RSS 212 → 339 MB with a flat floor; docs/benchmarks.md).
 */
export function memoryGrowth(heaps: HeapWatch, samples: readonly Sample[], minutes: number, limitMb = 20): Check[] {
  const checked = minutes >= 10;
  return SAGA_APPS.flatMap((app) => {
    const heap = heaps.of(app);
    const endMs = (heap.at(-1)?.atMs ?? 0) + 1;
    const middle = heapFloor(heap, endMs / 3, (2 * endMs) / 3);
    const last = heapFloor(heap, (2 * endMs) / 3, endMs);
    const growth = last.mb - middle.mb;
    const enough = middle.count >= 3 && last.count >= 3;
    const rss = samples.map((sample) => sample.rssMb[app]);
    const third = Math.max(1, Math.floor(rss.length / 3));
    const rssGrowth = median(rss.slice(-5)) - median(rss.slice(third, third + 5));
    return [
      check(
        `${app} live heap flat (floor ≤ +${limitMb} MB)${checked ? '' : ' [reported only: run < 10 min]'}`,
        enough ? !checked || growth <= limitMb : !checked,
        enough
          ? `${fmt(growth)} MB (floor of the middle third ${fmt(middle.mb, 0)} MB, of the last ${fmt(last.mb, 0)} MB)`
          : `only ${middle.count} and ${last.count} heap reads in the middle and last thirds from ${heaps.where(app)}`,
      ),
      check(`${app} RSS [reported only]`, true, `${fmt(rssGrowth)} MB over the last two thirds (${fmt(rss[0] ?? NaN, 0)} → ${fmt(rss.at(-1) ?? NaN, 0)} MB)`),
    ];
  });
}

export async function consistencyChecks(system: SagaSystem, report: RunReport): Promise<Check[]> {
  await waitUntilSettled(system);
  const statuses = report.outcomes.filter((o) => o.status !== 'paid').length;
  return [
    ...(await ordersMatchCheckouts(system, report)),
    check('every order paid (stock raised, payment succeeds)', statuses === 0, `${statuses} orders not paid`),
    await stockAddsUp(system, report),
    await totalsAddUp(system, report),
    await basketsHoldTheRest(system, report),
    ...(await nothingParkedOrUnpublished(system)),
  ];
}
