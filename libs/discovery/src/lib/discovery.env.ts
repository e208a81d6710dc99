import { hostname } from 'node:os';
import { url } from '@eshop/config';
import { z } from 'zod';

/** The upstreams the gateway calls, and the variable naming each one's static URL. */
export const STATIC_URL_VARIABLES = {
  'catalog-api': 'CATALOG_URL',
  'basket-api': 'BASKET_URL',
  'ordering-api': 'ORDERING_URL',
} as const;

export type UpstreamService = keyof typeof STATIC_URL_VARIABLES;

/** The contract's defaults (architecture §3): every service on localhost, its own port. */
export const DEFAULT_STATIC_URLS: Readonly<Record<UpstreamService, string>> = {
  'catalog-api': 'http://localhost:8081',
  'basket-api': 'http://localhost:8082',
  'ordering-api': 'http://localhost:8083',
};

/**
 * Discovery variables, to spread into an app's config schema next to `commonEnv` (which
 * has DISCOVERY and CONSUL_URL). SERVICE_ADDRESS is what this instance advertises to Consul.
 */
export const discoveryEnv = {
  SERVICE_ADDRESS: z.string().trim().min(1).optional(),
  CATALOG_URL: url(['http', 'https'], DEFAULT_STATIC_URLS['catalog-api']),
  BASKET_URL: url(['http', 'https'], DEFAULT_STATIC_URLS['basket-api']),
  ORDERING_URL: url(['http', 'https'], DEFAULT_STATIC_URLS['ordering-api']),
};

export function staticUrlsFromConfig(
  config: Readonly<Record<(typeof STATIC_URL_VARIABLES)[UpstreamService], string>>,
): Record<UpstreamService, string> {
  return {
    'catalog-api': config.CATALOG_URL,
    'basket-api': config.BASKET_URL,
    'ordering-api': config.ORDERING_URL,
  };
}

/**
 * The address other services reach this instance at: `SERVICE_ADDRESS` when set, else the
 * host name. In docker compose and on Kubernetes the container's host name resolves to it
 * on the shared network; on a laptop with several copies set SERVICE_ADDRESS=127.0.0.1.
 */
export function advertisedAddress(serviceAddress: string | undefined = process.env['SERVICE_ADDRESS']): string {
  const configured = serviceAddress?.trim();
  return configured ? configured : hostname();
}
