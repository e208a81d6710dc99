/**
 * The runtime contract (README.md, docs/deployment.md), as the deployment must honour it. For apps whose
 * config schema exists, the schema is the source of truth for variable names; this table
 * covers the apps still being written and what a deployment must set even where the app
 * has a default (defaults point at localhost, which is wrong inside a container).
 */
export type Discovery = 'consul' | 'static';

export interface ContractApp {
  readonly port: number;
  /** Postgres database the app owns (its DATABASE_URL names it). */
  readonly database?: string;
  readonly usesRedis?: boolean;
  /** The APIs the app calls over HTTP (the gateway; basket-api reads catalog-api, ADR 0011). */
  readonly upstreams?: readonly string[];
  /** false: no broker (RABBITMQ_URL), and no bearer tokens to verify against identity-api's keys (IDENTITY_URL). */
  readonly usesBroker?: boolean;
  readonly verifiesTokens?: boolean;
  /** Published on the host by docker compose (a browser reaches it). */
  readonly published?: boolean;
  /** Variables the contract names for this app beyond the common ones. */
  readonly extraVariables?: readonly string[];
}

export const contractApps: Readonly<Record<string, ContractApp>> = {
  'api-gateway': {
    port: 8080,
    // Browser sessions (ADR 0012) live in Redis.
    usesRedis: true,
    upstreams: ['catalog-api', 'basket-api', 'ordering-api'],
    extraVariables: ['CATALOG_URL', 'BASKET_URL', 'ORDERING_URL', 'REDIS_URL', 'PUBLIC_URL', 'GATEWAY_CLIENT_SECRET'],
    published: true,
  },
  'catalog-api': { port: 8081, database: 'catalog', extraVariables: ['DATABASE_URL'] },
  'basket-api': { port: 8082, usesRedis: true, upstreams: ['catalog-api'], extraVariables: ['REDIS_URL', 'CATALOG_URL'] },
  'ordering-api': { port: 8083, database: 'ordering', extraVariables: ['DATABASE_URL'] },
  // The payment ledger (docs/adr/0013-payment-ledger-and-refunds.md).
  'payment-api': { port: 8084, database: 'payment', extraVariables: ['DATABASE_URL'] },
  // The OpenID Connect provider: issues tokens, verifies none, has no broker.
  'identity-api': {
    port: 8085,
    database: 'identity',
    usesBroker: false,
    verifiesTokens: false,
    published: true,
    extraVariables: ['DATABASE_URL', 'IDENTITY_SIGNING_KEYS', 'IDENTITY_COOKIE_KEYS', 'IDENTITY_GATEWAY_CLIENT_SECRET', 'IDENTITY_TRUST_PROXY', 'IDENTITY_DEMO_USERS'],
  },
};

export const IDENTITY_APP = 'identity-api';

export const contractDatabases = ['catalog', 'ordering', 'payment', 'identity'];

/** The apps that publish or consume integration events: all but identity-api. */
export const brokerApps = (apps: readonly string[]): string[] =>
  apps.filter((app) => contractApps[app]?.usesBroker !== false);

/** libs/config commonEnv + eventBusEnv: every app reads these. */
export const commonVariables = [
  'PORT',
  'RABBITMQ_URL',
  'IDENTITY_ISSUER',
  'IDENTITY_URL',
  'LOG_LEVEL',
  'DISCOVERY',
  'CONSUL_URL',
  'EVENT_BUS_EXCHANGE',
  'EVENT_BUS_QUEUE',
  'EVENT_BUS_MAX_RETRIES',
  'EVENT_BUS_RETRY_INITIAL_MS',
  'EVENT_BUS_PREFETCH',
];

/**
 * Read by Node or the OpenTelemetry SDK itself, whether or not the app's schema names them
 * (libs/config commonEnv does; an app that picks its variables one by one may not): allowed
 * in any deployment.
 */
export const runtimeVariables = [
  'NODE_ENV',
  'NODE_OPTIONS',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
];

/**
 * Where the apps that verify tokens fetch identity-api's keys (`${IDENTITY_URL}/jwks`,
 * libs/auth AccessTokenVerifier, libs/service-host tokenVerification); identity-api itself
 * never reads it.
 */
export const IDENTITY_URL_VARIABLE = 'IDENTITY_URL';

/** Variables a deployment may set for an app beyond its schema's. */
export function contractOptionalVariables(app: string): string[] {
  return contractApps[app]?.verifiesTokens === false ? [] : [IDENTITY_URL_VARIABLE];
}

/** Upstream variable the gateway reads for each API under static discovery. */
export const upstreamVariable = (app: string): string =>
  `${app.replace(/-api$/, '').toUpperCase()}_URL`;

/**
 * What a deployment must set for an app, whatever the app's defaults: identity-api as the app
 * reaches it and as tokens name it (their defaults point at localhost), the broker,
 * its data store, the port its probes target, the discovery mode, and what that mode needs.
 */
export function contractRequiredVariables(app: string, discovery: Discovery): string[] {
  const contract = contractApps[app];
  const required = ['PORT', 'DISCOVERY'];
  if (contract?.verifiesTokens !== false) required.push(IDENTITY_URL_VARIABLE, 'IDENTITY_ISSUER');
  if (contract?.usesBroker !== false) required.push('RABBITMQ_URL');
  if (!contract) return required;
  if (contract.database) required.push('DATABASE_URL');
  if (contract.usesRedis) required.push('REDIS_URL');
  if (discovery === 'consul') required.push('CONSUL_URL');
  else for (const upstream of contract.upstreams ?? []) required.push(upstreamVariable(upstream));
  return required;
}
