import { z } from 'zod';
import { booleanFlag, commonEnv, eventBusEnv, port, url } from '@eshop/config';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable catalog-api reads, validated once at start (see .env.example). */
export const catalogConfigSchema = z.object({
  PORT: port(8081),
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres@localhost:5432/catalog'),
  // What this instance advertises to Consul (DISCOVERY=consul); default: the host name.
  SERVICE_ADDRESS: z.string().trim().min(1).optional(),
  ...commonEnv,
  ...eventBusEnv('catalog-api'),
  // The transactional outbox relay (docs/patterns/outbox.md).
  OUTBOX_RELAY: booleanFlag(true),
  OUTBOX_BATCH_SIZE: positiveInt(1_000),
  OUTBOX_CONCURRENCY: positiveInt(4),
  OUTBOX_POLL_INTERVAL_MS: positiveInt(1_000),
  OUTBOX_LISTEN: booleanFlag(true),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),
  OUTBOX_MAX_ATTEMPTS: positiveInt(20),
  OUTBOX_RETENTION_HOURS: positiveInt(168),
  // Test-only: the relay SIGKILLs itself after a publish confirms, before marking the row.
  OUTBOX_TEST_CRASH_AFTER_PUBLISH: booleanFlag(false),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;

/** `main.js relay` serves no HTTP and checks no tokens: no PORT, no JWT_SECRET. */
export const catalogRelayConfigSchema = catalogConfigSchema.omit({ PORT: true, JWT_SECRET: true });

export type CatalogRelayConfig = z.infer<typeof catalogRelayConfigSchema>;
