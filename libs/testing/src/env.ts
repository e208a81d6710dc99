import { randomBytes } from 'node:crypto';

/** Local services, overridable for other machines. */
export const testEnv = {
  rabbitmqUrl: process.env['TEST_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
  postgresUrl: process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
};

/** A name no other test run uses: `<prefix>-<random>` (lowercase, safe for DB names). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}
