import type { EntityManager } from 'typeorm';
import { centsFromDecimal, decimalFromCents } from '@eshop/contracts';
import type { PaymentLedgerPort } from '../application/payment-unit-of-work.port';
import type { Payment, PaymentState } from '../domain/payment-ledger';

/** Any fixed number: the first key of the per-order transaction locks (the order id is the second). */
const ORDER_LOCK_SPACE = 4_242_084;

/** The `payment` table, through a transaction's EntityManager. */
export class PaymentLedgerRepository implements PaymentLedgerPort {
  constructor(private readonly manager: EntityManager) {}

  /**
   * A transaction-scoped advisory lock on the order first: a row lock could not serialise
   * StockConfirmed and Cancelled of an order that has no row yet (both would insert).
   */
  async findForUpdate(orderId: number): Promise<Payment | null> {
    await this.manager.query('SELECT pg_advisory_xact_lock($1, $2)', [ORDER_LOCK_SPACE, orderId]);
    const [row] = (await this.manager.query('SELECT amount::text AS amount, state FROM payment WHERE order_id = $1', [
      orderId,
    ])) as Array<{ amount: string; state: PaymentState }>;
    return row ? { orderId, amountCents: centsFromDecimal(row.amount), state: row.state } : null;
  }

  async save(payment: Payment): Promise<void> {
    await this.manager.query(
      `INSERT INTO payment (order_id, amount, state) VALUES ($1, $2, $3)
       ON CONFLICT (order_id) DO UPDATE SET amount = excluded.amount, state = excluded.state, updated_at = now()`,
      [payment.orderId, decimalFromCents(payment.amountCents), payment.state],
    );
  }
}
