import { z } from 'zod';
import { commonEnv, eventBusEnv, port, url } from '@eshop/config';
import { discoveryEnv } from '@eshop/discovery';

/** basket-api's environment, validated once at start. */
export const basketApiConfigSchema = z.object({
  PORT: port(8082),
  REDIS_URL: url(['redis', 'rediss'], 'redis://localhost:6379'),
  // Redis Cluster instead of REDIS_URL's single node: seed nodes `host:port,host:port`.
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/, 'must be host:port[,host:port...]')
    .optional(),
  // Every key starts with it: tests and the bench run side by side with a unique prefix.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 characters of letters, digits, : _ . -')
    .default('basket:'),
  // Baskets one Lua call updates during a price-change fan-out: bigger is faster, smaller
  // keeps each script (which blocks Redis while it runs) short.
  PRICE_CHANGE_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
  // How long a checkout's units wait for OrderStarted before they go back to the basket:
  // longer than ordering ever lags, or a late order carries units the buyer has again.
  CHECKOUT_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(15 * 60 * 1000),
  // How often the sweeper looks for checkouts past that timeout.
  CHECKOUT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  // Where basket reads product names and prices (DISCOVERY=static; Consul finds it otherwise).
  CATALOG_URL: discoveryEnv.CATALOG_URL,
  // A basket line's picture URL is `<PICTURE_BASE_URL>/<catalog pictureFileName>`.
  PICTURE_BASE_URL: z.string().max(200).default('/pictures'),
  ...commonEnv,
  ...eventBusEnv('basket-api'),
});

export type BasketApiConfig = z.infer<typeof basketApiConfigSchema>;
