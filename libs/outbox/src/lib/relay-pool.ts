import { Pool, type PoolConfig } from 'pg';
import { silentLogger, type StructuredLogger } from '@eshop/logger';

/**
 * The connection pool of one relay: `concurrency` workers, the LISTEN connection and the
 * retention run. A relay gets its own pool, so it can never starve the service's requests.
 *
 * Its sessions commit asynchronously (`synchronous_commit = off`): a claim or a mark then
 * returns without waiting for the WAL flush, which takes a disk sync off the path of every
 * event. This is safe because every relay write may be lost without losing an event: a lost
 * claim or back-off leaves the row claimable, a lost "published" mark gets the row
 * published again (a duplicate, which at-least-once delivery allows). The business
 * transaction that writes the event keeps the database's own (synchronous) setting.
 */
export function createRelayPool(
  connectionString: string,
  concurrency: number,
  logger: StructuredLogger = silentLogger,
  extra: PoolConfig = {},
): Pool {
  const pool = new Pool({
    connectionString,
    max: concurrency + 2,
    keepAlive: true,
    application_name: 'outbox-relay',
    options: '-c synchronous_commit=off',
    ...extra,
  });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'outbox pool connection error'));
  return pool;
}
