import { DataSource, type DataSourceOptions } from 'typeorm';
import { outboxMigrations } from '@eshop/outbox';
import { CatalogBrandEntity } from './catalog-brand.entity';
import { CatalogItemEntity } from './catalog-item.entity';
import { CatalogTypeEntity } from './catalog-type.entity';
import { CreateCatalog1735689500000 } from './migrations/1735689500000-create-catalog.migration';
import { CreateHandledIntegrationEvent1735689700000 } from './migrations/1735689700000-create-handled-integration-event.migration';
import { CreateStockReservation1798000000000 } from './migrations/1798000000000-create-stock-reservation.migration';
import { StockReservationRetention1799300000200 } from './migrations/1799300000200-stock-reservation-retention.migration';
import { seedCatalogIfEmpty } from './seed/catalog-seed';

export const catalogEntities = [CatalogItemEntity, CatalogBrandEntity, CatalogTypeEntity];

/** Any fixed number: the key of the advisory lock that serialises start-up schema work. */
const STARTUP_LOCK_KEY = 4_242_001;

export function catalogDataSourceOptions(url: string, applicationName = 'catalog-api'): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: catalogEntities,
    // TypeORM runs them by timestamp: the library's own (outbox table, lease takeover, inbox
    // retention index) interleave with ours; stock reservations come last.
    migrations: [
      CreateCatalog1735689500000,
      CreateHandledIntegrationEvent1735689700000,
      ...outboxMigrations,
      CreateStockReservation1798000000000,
      StockReservationRetention1799300000200,
    ],
    migrationsRun: false,
    synchronize: false,
    applicationName,
  };
}

/**
 * Runs pending migrations, then (when asked) seeds an empty catalog. Instances starting at
 * once (several replicas, the API and a standalone relay) take turns on a Postgres advisory
 * lock, so exactly one of them migrates and the others find the work done.
 */
export async function prepareCatalogDatabase(
  dataSource: DataSource,
  options: { readonly seed: boolean },
): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
    if (options.seed) await dataSource.transaction((manager) => seedCatalogIfEmpty(manager));
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

/** The standalone relay's start: migrate (no seed), so the outbox table exists, then disconnect. */
export async function migrateCatalogDatabase(url: string, applicationName: string): Promise<void> {
  const dataSource = await new DataSource(catalogDataSourceOptions(url, applicationName)).initialize();
  try {
    await prepareCatalogDatabase(dataSource, { seed: false });
  } finally {
    await dataSource.destroy();
  }
}

/** For the TypeORM module: connect, then migrate and seed before the app serves. */
export async function openCatalogDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  await prepareCatalogDatabase(dataSource, { seed: true });
  return dataSource;
}
