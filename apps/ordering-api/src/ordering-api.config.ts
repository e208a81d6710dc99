import { z } from 'zod';
import { commonEnv, eventBusEnv, outboxEnv, port, url } from '@eshop/config';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable ordering-api reads, validated once at start (see .env.example). */
export const orderingApiConfigSchema = z.object({
  PORT: port(8083),
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres@localhost:5432/ordering'),
  ...commonEnv,
  ...eventBusEnv('ordering-api'),
  // The grace period: how long a new order stays `submitted` (the buyer may still cancel)
  // before stock validation starts; the worker looks for expired ones every interval. A
  // look is one index probe, so 1 s costs nothing and keeps the interval out of the saga's latency.
  GRACE_PERIOD_MS: z.coerce.number().int().min(0).default(60_000),
  GRACE_PERIOD_CHECK_INTERVAL_MS: positiveInt(1_000),
  GRACE_PERIOD_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
  // Retention of the idempotency keys of commands (client_request): kept long after any client
  // could still retry a request (its retries last seconds to minutes); at least an hour.
  CLIENT_REQUEST_RETENTION_HOURS: positiveInt(168),
  CLIENT_REQUEST_RETENTION_INTERVAL_MS: positiveInt(300_000),
  // The transactional outbox relay (docs/patterns/outbox.md): every event ordering publishes.
  ...outboxEnv,
});

export type OrderingApiConfig = z.infer<typeof orderingApiConfigSchema>;
