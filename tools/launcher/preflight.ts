import { connect } from 'amqplib';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { LaunchConfig } from './launcher.config';

const HOW_TO_START = 'docker compose up -d postgres redis rabbitmq';

/**
 * Checks that Postgres, Redis and RabbitMQ answer. Returns one line per missing service,
 * saying how to start it; an empty list means all is well.
 */
export async function missingServices(config: LaunchConfig): Promise<string[]> {
  const checks: Array<[string, string, () => Promise<unknown>]> = [
    ['PostgreSQL', config.postgresUrl, () => withPg(config.postgresUrl, (c) => c.query('SELECT 1'))],
    ['Redis', config.redisUrl, () => pingRedis(config.redisUrl)],
    ['RabbitMQ', config.rabbitmqUrl, async () => (await connect(config.rabbitmqUrl)).close()],
  ];
  const results = await Promise.all(
    checks.map(async ([name, url, check]) => {
      try {
        await check();
        return undefined;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `${name} is not reachable at ${redact(url)} (${reason}); start it with: ${HOW_TO_START}`;
      }
    }),
  );
  return results.filter((line): line is string => line !== undefined);
}

/** Creates each database that does not exist yet; returns the ones it created. */
export async function ensureDatabases(postgresUrl: string, names: readonly string[]): Promise<string[]> {
  return withPg(postgresUrl, async (client) => {
    const created: string[] = [];
    for (const name of names) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        created.push(name);
      }
    }
    return created;
  });
}

async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
