import type { RowRetentionTarget } from '@eshop/outbox';

/**
 * Retention of ordering's command idempotency keys (libs/outbox RowRetention). The window
 * (CLIENT_REQUEST_RETENTION_HOURS, 7 days by default, at least an hour) must outlast every
 * retry of a request: the storefront's and the gateway's (seconds), basket redelivering a
 * checkout (minutes). A request id presented again after its key is gone runs again.
 * Walks the `client_request_created_at` index.
 */
export const CLIENT_REQUEST_RETENTION: RowRetentionTarget = {
  table: 'client_request',
  keyColumns: ['buyer_id', 'request_id'],
  timestampColumn: 'created_at',
};
