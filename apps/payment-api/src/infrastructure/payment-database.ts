import { DataSource, type DataSourceOptions } from 'typeorm';
import { outboxMigrations } from '@eshop/outbox';
import { CreatePayment1799300000100 } from './migrations/1799300000100-create-payment.migration';

/** Any fixed number: the key of the advisory lock that serialises start-up schema work. */
const MIGRATION_LOCK_KEY = 4_242_004;

export function paymentDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entities: the ledger repository speaks SQL.
    entities: [],
    migrations: [...outboxMigrations, CreatePayment1799300000100],
    migrationsRun: false,
    synchronize: false,
    applicationName: 'payment-api',
  };
}

/** Connects, then migrates under an advisory lock: of instances starting at once, one migrates. */
export async function openPaymentDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const session = dataSource.createQueryRunner();
  await session.connect();
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await session.release();
  }
  return dataSource;
}
