import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What `npm start` runs: the five apps of the contract with their local defaults (the
 * ports and variables in README.md). Every value can be overridden by the environment.
 */
export interface AppSpec {
  readonly name: string;
  readonly port: number;
  readonly env: Record<string, string>;
}

export interface LaunchConfig {
  readonly postgresUrl: string;
  readonly redisUrl: string;
  readonly rabbitmqUrl: string;
  readonly jwtSecret: string;
  readonly apps: readonly AppSpec[];
}

/** Where this checkout keeps its development signing secret (git-ignored). */
export const devSecretFile = (root: string): string => join(root, '.eshop', 'dev-jwt-secret');

/**
 * The secret `npm start` signs with: JWT_SECRET when set, else one drawn at random the first
 * time and kept in `.eshop/` of this checkout, so `npm run token` and the apps agree without
 * a secret written in the repository.
 */
export function devJwtSecret(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['JWT_SECRET'];
  if (fromEnv) return fromEnv;
  const file = devSecretFile(root);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export function launchConfig(root: string, env: NodeJS.ProcessEnv = process.env): LaunchConfig {
  const postgresUrl = env['POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const rabbitmqUrl = env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
  const jwtSecret = devJwtSecret(root, env);
  const database = (name: string) => {
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const port = (variable: string, fallback: number) => Number(env[variable] ?? fallback);
  const ports = {
    gateway: port('GATEWAY_PORT', 8080),
    catalog: port('CATALOG_PORT', 8081),
    basket: port('BASKET_PORT', 8082),
    ordering: port('ORDERING_PORT', 8083),
    payment: port('PAYMENT_PORT', 8084),
    identity: port('IDENTITY_PORT', 8085),
  };
  const local = (p: number) => `http://127.0.0.1:${p}`;
  return {
    postgresUrl,
    redisUrl,
    rabbitmqUrl,
    jwtSecret,
    apps: [
      { name: 'catalog-api', port: ports.catalog, env: { DATABASE_URL: database(env['CATALOG_DB'] ?? 'catalog') } },
      // basket reads names and prices from catalog itself (ADR 0011).
      { name: 'basket-api', port: ports.basket, env: { REDIS_URL: redisUrl, CATALOG_URL: local(ports.catalog) } },
      { name: 'ordering-api', port: ports.ordering, env: { DATABASE_URL: database(env['ORDERING_DB'] ?? 'ordering') } },
      { name: 'payment-api', port: ports.payment, env: {} },
      // The OpenID Connect provider; seeds the demo users (alice, bob, admin @example.com, Pass123$).
      {
        name: 'identity-api',
        port: ports.identity,
        env: { DATABASE_URL: database(env['IDENTITY_DB'] ?? 'identity'), IDENTITY_ISSUER: `http://localhost:${ports.identity}` },
      },
      {
        name: 'api-gateway',
        port: ports.gateway,
        env: {
          CATALOG_URL: local(ports.catalog),
          BASKET_URL: local(ports.basket),
          ORDERING_URL: local(ports.ordering),
          IDENTITY_URL: local(ports.identity),
        },
      },
    ],
  };
}

/** The databases `npm start` creates when missing. */
export function databasesOf(config: LaunchConfig): string[] {
  return config.apps
    .map((app) => app.env['DATABASE_URL'])
    .filter((url): url is string => url !== undefined)
    .map((url) => new URL(url).pathname.slice(1));
}
