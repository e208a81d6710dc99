import { DataSource, type DataSourceOptions } from 'typeorm';
import { outboxMigrations } from '@eshop/outbox';
import { CreateOrdering1735690000000 } from './migrations/1735690000000-create-ordering.migration';
import { ClientRequestPerBuyer1796000000000 } from './migrations/1796000000000-client-request-per-buyer.migration';
import { OrdersBuyerNewest1798000000000 } from './migrations/1798000000000-orders-buyer-newest.migration';
import { OrderTraceparent1799600000000 } from './migrations/1799600000000-order-traceparent.migration';
import { OrderRefundedAmount1799700000000 } from './migrations/1799700000000-order-refunded-amount.migration';
import { ClientRequestRetention1799700000001 } from './migrations/1799700000001-client-request-retention.migration';

/** Any fixed number: the key of the advisory lock that serialises start-up schema work. */
const STARTUP_LOCK_KEY = 4_242_003;

export function orderingDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entities: the repositories speak SQL (one statement per step, see order.repository.ts).
    entities: [],
    migrations: [
      CreateOrdering1735690000000,
      ClientRequestPerBuyer1796000000000,
      OrdersBuyerNewest1798000000000,
      OrderTraceparent1799600000000,
      OrderRefundedAmount1799700000000,
      ClientRequestRetention1799700000001,
      ...outboxMigrations,
    ],
    migrationsRun: false,
    synchronize: false,
    applicationName: 'ordering-api',
  };
}

/**
 * Connects and runs pending migrations before the app serves. Instances starting at once
 * take turns on a Postgres advisory lock: exactly one migrates, the others find it done.
 */
export async function openOrderingDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}
