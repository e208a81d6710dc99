import { z } from 'zod';
import { booleanFlag, commonEnv, eventBusEnv, outboxEnv, port, url } from '@eshop/config';
import { integrationEvents } from '@eshop/contracts';
import type { OutboxPart } from '@eshop/service-host';

/** Every variable catalog-api reads, validated once at start (see .env.example). */
export const catalogApiConfigSchema = z.object({
  PORT: port(8081),
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres@localhost:5432/catalog'),
  ...commonEnv,
  ...eventBusEnv('catalog-api'),
  // The transactional outbox relay (docs/patterns/outbox.md).
  ...outboxEnv,
  // Retention of finished stock reservations (docs/adr/0013): at least an hour.
  STOCK_RESERVATION_RETENTION_HOURS: z.coerce.number().int().positive().default(168),
  STOCK_RESERVATION_RETENTION_INTERVAL_MS: z.coerce.number().int().positive().default(300_000),
  // Test-only: the relay SIGKILLs itself after a publish confirms, before marking the row.
  OUTBOX_TEST_CRASH_AFTER_PUBLISH: booleanFlag(false),
});

export type CatalogApiConfig = z.infer<typeof catalogApiConfigSchema>;

/** `main.js relay` serves no HTTP and checks no tokens: no PORT, no identity provider. */
export const catalogApiRelayConfigSchema = catalogApiConfigSchema.omit({ PORT: true, IDENTITY_URL: true, IDENTITY_ISSUER: true });

export type CatalogApiRelayConfig = z.infer<typeof catalogApiRelayConfigSchema>;

/** The catalog's outbox; `relay` decides whether this process also runs the relay. */
export function catalogApiOutbox(config: CatalogApiRelayConfig, relay: boolean): OutboxPart {
  return {
    schemas: integrationEvents,
    databaseUrl: config.DATABASE_URL,
    env: config,
    relay,
    ...(config.OUTBOX_TEST_CRASH_AFTER_PUBLISH ? { relayOverrides: { afterPublish: crashNow } } : {}),
  };
}

/**
 * OUTBOX_TEST_CRASH_AFTER_PUBLISH: die like a killed process (no shutdown hooks, no marking)
 * right after the broker confirmed a batch. Only the crash-recovery test sets it.
 */
function crashNow(): void {
  process.kill(process.pid, 'SIGKILL');
}
