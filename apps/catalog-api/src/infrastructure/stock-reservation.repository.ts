import type { EntityManager } from 'typeorm';
import type { OrderStockItem } from '../domain/order-stock';
import type { ReservationState, StockReservation } from '../domain/stock-reservation';

/**
 * The SQL of stock reservations, run with the unit of work's EntityManager (one transaction).
 * Plain statements rather than entities: each step is one or two set-based statements.
 */
export class StockReservationRepository {
  constructor(private readonly manager: EntityManager) {}

  async lockStock(ids: readonly number[]): Promise<ReadonlyMap<number, number>> {
    const rows: Array<{ id: number; available_stock: number }> = await this.manager.query(
      `SELECT id, available_stock FROM catalog_item WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`,
      [[...ids]],
    );
    return new Map(rows.map((row) => [row.id, row.available_stock]));
  }

  async adjustStock(changes: readonly OrderStockItem[]): Promise<void> {
    if (changes.length === 0) return;
    await this.manager.query(
      `UPDATE catalog_item AS item
          SET available_stock = item.available_stock + change.units, version = item.version + 1
         FROM unnest($1::int[], $2::int[]) AS change (product_id, units)
        WHERE item.id = change.product_id`,
      [changes.map((change) => change.productId), changes.map((change) => change.units)],
    );
  }

  async lockReservation(orderId: number): Promise<StockReservation | undefined> {
    // A transaction-scoped advisory lock on the order: it exists before the order's record does.
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('catalog.stock_reservation:' || $1, 0))`, [
      String(orderId),
    ]);
    const [header]: Array<{ state: ReservationState }> = await this.manager.query(
      `SELECT state FROM stock_reservation WHERE order_id = $1`,
      [orderId],
    );
    if (!header) return undefined;
    const lines: Array<{ product_id: number; units: number }> = await this.manager.query(
      `SELECT product_id, units FROM stock_reservation_line WHERE order_id = $1 ORDER BY product_id`,
      [orderId],
    );
    return { orderId, state: header.state, lines: lines.map((line) => ({ productId: line.product_id, units: line.units })) };
  }

  async insertReservation({ orderId, state, lines }: StockReservation): Promise<void> {
    await this.manager.query(`INSERT INTO stock_reservation (order_id, state) VALUES ($1, $2)`, [orderId, state]);
    if (lines.length === 0) return;
    await this.manager.query(
      `INSERT INTO stock_reservation_line (order_id, product_id, units)
       SELECT $1, line.product_id, line.units FROM unnest($2::int[], $3::int[]) AS line (product_id, units)`,
      [orderId, lines.map((line) => line.productId), lines.map((line) => line.units)],
    );
  }

  async setReservationState(orderId: number, state: ReservationState): Promise<void> {
    await this.manager.query(`UPDATE stock_reservation SET state = $2, updated_at = now() WHERE order_id = $1`, [
      orderId,
      state,
    ]);
  }
}
