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
  /**
   * identity-api as every app reaches it (IDENTITY_URL: its JWKS at `/jwks`) and as it names
   * itself in tokens (IDENTITY_ISSUER, the URL a browser reaches). No shared secret.
   */
  readonly identity: { readonly url: string; readonly issuer: string };
  readonly apps: readonly AppSpec[];
}

export function launchConfig(env: NodeJS.ProcessEnv = process.env): LaunchConfig {
  const postgresUrl = env['POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const rabbitmqUrl = env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
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
    identity: { url: local(ports.identity), issuer: `http://localhost:${ports.identity}` },
    apps: [
      { name: 'catalog-api', port: ports.catalog, env: { DATABASE_URL: database(env['CATALOG_DB'] ?? 'catalog') } },
      // basket reads names and prices from catalog itself (ADR 0011).
      { name: 'basket-api', port: ports.basket, env: { REDIS_URL: redisUrl, CATALOG_URL: local(ports.catalog) } },
      { name: 'ordering-api', port: ports.ordering, env: { DATABASE_URL: database(env['ORDERING_DB'] ?? 'ordering') } },
      { name: 'payment-api', port: ports.payment, env: { DATABASE_URL: database(env['PAYMENT_DB'] ?? 'payment') } },
      // The OpenID Connect provider; seeds the demo users (alice, bob, admin @example.com, Pass123$).
      {
        name: 'identity-api',
        port: ports.identity,
        env: { DATABASE_URL: database(env['IDENTITY_DB'] ?? 'identity') },
      },
      {
        name: 'api-gateway',
        port: ports.gateway,
        env: {
          CATALOG_URL: local(ports.catalog),
          BASKET_URL: local(ports.basket),
          ORDERING_URL: local(ports.ordering),
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
