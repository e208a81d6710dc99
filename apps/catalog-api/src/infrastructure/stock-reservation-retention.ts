import type { RowRetentionTarget } from '@eshop/outbox';

/**
 * Retention of finished stock reservations (libs/outbox RowRetention): `released`,
 * `cancelled` and `taken` are final (domain/stock-reservation.ts), their lines go with them
 * (ON DELETE CASCADE). `reserved` (units held) and `rejected` (its Cancelled still to come)
 * are never deleted. The window (STOCK_RESERVATION_RETENTION_HOURS, 7 days by default) must
 * outlast every copy of a saga event: a record deleted earlier could let a late validation
 * hold units for an order already cancelled.
 */
export const STOCK_RESERVATION_RETENTION: RowRetentionTarget = {
  table: 'stock_reservation',
  keyColumns: ['order_id'],
  timestampColumn: 'updated_at',
  onlyStates: { column: 'state', values: ['released', 'cancelled', 'taken'] },
};
