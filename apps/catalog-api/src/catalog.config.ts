import { z } from 'zod';
import { booleanFlag, commonEnv, eventBusEnv, outboxEnv, port, url } from '@eshop/config';


/** Every variable catalog-api reads, validated once at start (see .env.example). */
export const catalogConfigSchema = z.object({
  PORT: port(8081),
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres@localhost:5432/catalog'),
  // What this instance advertises to Consul (DISCOVERY=consul); default: the host name.
  SERVICE_ADDRESS: z.string().trim().min(1).optional(),
  ...commonEnv,
  ...eventBusEnv('catalog-api'),
  // The transactional outbox relay (docs/patterns/outbox.md).
  ...outboxEnv,
  // Test-only: the relay SIGKILLs itself after a publish confirms, before marking the row.
  OUTBOX_TEST_CRASH_AFTER_PUBLISH: booleanFlag(false),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;

/** `main.js relay` serves no HTTP and checks no tokens: no PORT, no JWT_SECRET. */
export const catalogRelayConfigSchema = catalogConfigSchema.omit({ PORT: true, JWT_SECRET: true });

export type CatalogRelayConfig = z.infer<typeof catalogRelayConfigSchema>;
