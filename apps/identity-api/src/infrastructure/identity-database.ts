import { DataSource, type DataSourceOptions } from 'typeorm';
import { CreateIdentity1767225600000 } from './migrations/1767225600000-create-identity.migration';
import { CreateOidcPayload1767225700000 } from './migrations/1767225700000-create-oidc-payload.migration';
import { UserEntity } from './user.entity';

export const identityEntities = [UserEntity];

/** Any fixed number: the key of the advisory lock that serialises start-up schema work. */
const STARTUP_LOCK_KEY = 4_242_005;

export function identityDataSourceOptions(url: string, applicationName = 'identity-api'): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: identityEntities,
    migrations: [CreateIdentity1767225600000, CreateOidcPayload1767225700000],
    migrationsRun: false,
    synchronize: false,
    applicationName,
  };
}

/**
 * For the TypeORM module: connect, then run pending migrations before the app serves.
 * Replicas starting at once take turns on an advisory lock; one migrates.
 */
export async function openIdentityDatabase(options: DataSourceOptions): Promise<DataSource> {
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
