/**
 * The runtime contract of architecture §3, as the deployment must honour it. For apps whose
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
  /** The gateway calls the APIs over HTTP; these are its upstreams. */
  readonly upstreams?: readonly string[];
  /** Variables the contract names for this app beyond the common ones. */
  readonly extraVariables?: readonly string[];
}

export const contractApps: Readonly<Record<string, ContractApp>> = {
  'api-gateway': {
    port: 8080,
    upstreams: ['catalog-api', 'basket-api', 'ordering-api'],
    extraVariables: ['CATALOG_URL', 'BASKET_URL', 'ORDERING_URL', 'AUTH_DEV_TOKENS'],
  },
  'catalog-api': { port: 8081, database: 'catalog', extraVariables: ['DATABASE_URL'] },
  'basket-api': { port: 8082, usesRedis: true, extraVariables: ['REDIS_URL'] },
  'ordering-api': { port: 8083, database: 'ordering', extraVariables: ['DATABASE_URL'] },
  'payment-api': { port: 8084 },
};

export const contractDatabases = ['catalog', 'ordering'];

/** libs/config commonEnv + eventBusEnv: every app reads these. */
export const commonVariables = [
  'PORT',
  'RABBITMQ_URL',
  'JWT_SECRET',
  'LOG_LEVEL',
  'DISCOVERY',
  'CONSUL_URL',
  'EVENT_BUS_EXCHANGE',
  'EVENT_BUS_QUEUE',
  'EVENT_BUS_MAX_RETRIES',
  'EVENT_BUS_RETRY_INITIAL_MS',
  'EVENT_BUS_PREFETCH',
];

/** Read by Node itself, not by the app's schema: allowed in any deployment. */
export const runtimeVariables = ['NODE_ENV', 'NODE_OPTIONS'];

/** Upstream variable the gateway reads for each API under static discovery. */
export const upstreamVariable = (app: string): string =>
  `${app.replace(/-api$/, '').toUpperCase()}_URL`;

/**
 * What a deployment must set for an app, whatever the app's defaults: the secret, the broker,
 * its data store, the port its probes target, the discovery mode, and what that mode needs.
 */
export function contractRequiredVariables(app: string, discovery: Discovery): string[] {
  const contract = contractApps[app];
  const required = ['PORT', 'JWT_SECRET', 'RABBITMQ_URL', 'DISCOVERY'];
  if (!contract) return required;
  if (contract.database) required.push('DATABASE_URL');
  if (contract.usesRedis) required.push('REDIS_URL');
  if (discovery === 'consul') required.push('CONSUL_URL');
  else for (const upstream of contract.upstreams ?? []) required.push(upstreamVariable(upstream));
  return required;
}
