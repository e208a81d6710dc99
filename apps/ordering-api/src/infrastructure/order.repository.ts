import type { EntityManager } from 'typeorm';
import { centsFromDecimal, decimalFromCents } from '@eshop/contracts';
import type { OrderPage, OrderReaderPort, OrderRepositoryPort } from '../application/order-repository.port';
import { Order, type StatusChange } from '../domain/order';
import type { OrderStatus } from '../domain/order-status';

/** An `orders` row with its lines and history folded in as JSON (see ORDER_COLUMNS). */
interface OrderRow {
  id: number;
  buyer_id: string;
  buyer_name: string;
  street: string;
  city: string;
  state: string;
  country: string;
  zip_code: string;
  status: OrderStatus;
  description: string | null;
  order_date: Date;
  refunded_amount: string;
  lines: Array<{ productId: number; productName: string; unitPrice: string; units: number; pictureUrl: string }>;
  history: Array<{ status: OrderStatus; at: string; reason: string | null }>;
}

/**
 * The order, its lines and its history in ONE statement (one round trip instead of three):
 * the saga loads an order on every step. `unit_price` travels as text, so numeric(12,2)
 * becomes cents exactly.
 */
export const ORDER_COLUMNS = `o.id, o.buyer_id, o.buyer_name, o.street, o.city, o.state, o.country, o.zip_code,
  o.status, o.description, o.order_date, o.refunded_amount::text AS refunded_amount,
  (SELECT coalesce(json_agg(json_build_object('productId', i.product_id, 'productName', i.product_name,
     'unitPrice', i.unit_price::text, 'units', i.units, 'pictureUrl', i.picture_url) ORDER BY i.product_id), '[]')
   FROM order_item i WHERE i.order_id = o.id) AS lines,
  (SELECT coalesce(json_agg(json_build_object('status', c.status, 'at', c.changed_at, 'reason', c.reason)
     ORDER BY c.id), '[]')
   FROM order_status_change c WHERE c.order_id = o.id) AS history`;

/**
 * Orders in and out of Postgres, through one EntityManager: a transaction's (the unit of
 * work makes one per transaction) or, for the reads, the data source's own. Every method is
 * one statement: a saga step costs its round trips, so each is counted (saga-cost.int-spec).
 */
export class OrderRepository implements OrderRepositoryPort, OrderReaderPort {
  constructor(private readonly manager: EntityManager) {}

  /** The order, its lines and its first history entry, in one statement. */
  async insert(order: Order, traceparent?: string): Promise<number> {
    const { lines, address, ...rest } = order.snapshot();
    const [row] = (await this.manager.query(
      `WITH o AS (
         INSERT INTO orders (buyer_id, buyer_name, street, city, state, country, zip_code, status, description, order_date, traceparent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $19) RETURNING id
       ), l AS (
         INSERT INTO order_item (order_id, product_id, product_name, unit_price, units, picture_url)
         SELECT o.id, l.* FROM o, unnest($11::int[], $12::text[], $13::numeric[], $14::int[], $15::text[]) AS l
       ), h AS (
         INSERT INTO order_status_change (order_id, status, reason, changed_at)
         SELECT o.id, h.* FROM o, unnest($16::text[], $17::text[], $18::timestamptz[]) AS h
       )
       SELECT id FROM o`,
      [
        rest.buyerId,
        rest.buyerName,
        ...[address.street, address.city, address.state, address.country, address.zipCode],
        rest.status,
        rest.description ?? null,
        rest.orderDate,
        lines.map((line) => line.productId),
        lines.map((line) => line.productName),
        lines.map((line) => decimalFromCents(line.unitPriceCents)),
        lines.map((line) => line.units),
        lines.map((line) => line.pictureUrl),
        ...changeArrays(order.takeNewStatusChanges()),
        traceparent ?? null,
      ],
    )) as Array<{ id: number }>;
    if (!row) throw new Error('the order insert returned no id');
    order.saved(row.id);
    return row.id;
  }

  async findForUpdate(id: number): Promise<Order | null> {
    const [order] = await this.select('o.id = $1 FOR UPDATE OF o', [id]);
    return order ?? null;
  }

  async findLocked(ids: readonly number[]): Promise<Order[]> {
    if (ids.length === 0) return [];
    return this.select('o.id = ANY($1::int[]) ORDER BY o.id', [ids]);
  }

  saveStatus(order: Order): Promise<void> {
    return this.saveStatuses([order]);
  }

  /** The statuses and the new history entries of any number of orders, in one statement. */
  async saveStatuses(orders: readonly Order[]): Promise<void> {
    if (orders.length === 0) return;
    const moved = orders.map((order) => ({ ...order.snapshot(), id: order.savedId() }));
    const changes = orders.flatMap((order) => order.takeNewStatusChanges().map((change) => ({ id: order.savedId(), change })));
    await this.manager.query(
      `WITH moved AS (
         UPDATE orders o SET status = m.status, description = m.description
         FROM unnest($1::int[], $2::text[], $3::text[]) AS m(id, status, description) WHERE o.id = m.id
       )
       INSERT INTO order_status_change (order_id, status, reason, changed_at)
       SELECT * FROM unnest($4::int[], $5::text[], $6::text[], $7::timestamptz[])`,
      [
        moved.map((order) => order.id),
        moved.map((order) => order.status),
        moved.map((order) => order.description ?? null),
        changes.map(({ id }) => id),
        ...changeArrays(changes.map(({ change }) => change)),
      ],
    );
  }

  /** The order's refunded amount, after `order.recordRefund`. */
  async saveRefund(order: Order): Promise<void> {
    await this.manager.query('UPDATE orders SET refunded_amount = $2 WHERE id = $1', [
      order.savedId(),
      decimalFromCents(order.refundedCents),
    ]);
  }

  /** Walks the `orders_buyer_newest` index from the page's start: no sort, no full list. */
  listOfBuyer(buyerId: string, page: OrderPage): Promise<Order[]> {
    return this.select('o.buyer_id = $1 ORDER BY o.order_date DESC, o.id DESC LIMIT $2 OFFSET $3', [
      buyerId,
      page.size,
      page.index * page.size,
    ]);
  }

  async findOfBuyer(id: number, buyerId: string): Promise<Order | null> {
    const [order] = await this.select('o.id = $1 AND o.buyer_id = $2', [id, buyerId]);
    return order ?? null;
  }

  private async select(where: string, params: unknown[]): Promise<Order[]> {
    const rows = (await this.manager.query(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${where}`, params)) as OrderRow[];
    return rows.map(toOrder);
  }
}

function changeArrays(changes: readonly StatusChange[]): [string[], Array<string | null>, Date[]] {
  return [changes.map((c) => c.status), changes.map((c) => c.reason ?? null), changes.map((c) => c.at)];
}

function toOrder(row: OrderRow): Order {
  return Order.rehydrate({
    id: row.id,
    buyerId: row.buyer_id,
    buyerName: row.buyer_name,
    address: { street: row.street, city: row.city, state: row.state, country: row.country, zipCode: row.zip_code },
    lines: row.lines.map(({ unitPrice, ...line }) => ({ ...line, unitPriceCents: centsFromDecimal(unitPrice) })),
    status: row.status,
    orderDate: row.order_date,
    description: row.description ?? undefined,
    refundedCents: centsFromDecimal(row.refunded_amount),
    history: row.history.map((change) => ({
      status: change.status,
      at: new Date(change.at),
      ...(change.reason === null ? {} : { reason: change.reason }),
    })),
  });
}
