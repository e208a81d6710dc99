import type { PinoLogger } from 'nestjs-pino';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { EventBusModuleOptions, RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { relayOptionsFromEnv, type OutboxModuleOptions } from '@eshop/outbox';
import type { CatalogRelayConfig } from '../catalog.config';
import { structuredLogger } from '@eshop/observability';

/**
 * The event bus of a catalog process. The API consumes from the service queue once
 * catalog.subscriptions.ts lists a handler; until then, and always in a standalone relay,
 * the bus only publishes (and declares no queue).
 */
export function catalogBusOptions(
  config: CatalogRelayConfig,
  pino: PinoLogger,
  process: { readonly connectionName: string; readonly consumes: boolean },
): EventBusModuleOptions {
  return {
    url: config.RABBITMQ_URL,
    exchange: config.EVENT_BUS_EXCHANGE,
    ...(process.consumes ? { queue: config.EVENT_BUS_QUEUE } : {}),
    prefetch: config.EVENT_BUS_PREFETCH,
    retry: { maxRetries: config.EVENT_BUS_MAX_RETRIES, initialDelayMs: config.EVENT_BUS_RETRY_INITIAL_MS },
    // A publish must give up well before the relay's lease ends, or another relay could
    // take the row over while this one still waits for the confirm.
    publishTimeoutMs: Math.min(10_000, Math.floor(config.OUTBOX_LEASE_MS / 2)),
    reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
    connectionName: process.connectionName,
    logger: structuredLogger(pino, 'EventBus'),
  };
}

/** The outbox of catalog-api; `relay` decides whether this process runs the relay. */
export function catalogOutboxOptions(
  config: CatalogRelayConfig,
  bus: RabbitMqEventBus<IntegrationEventMap>,
  pino: PinoLogger,
  relay: boolean,
): OutboxModuleOptions {
  const logger = structuredLogger(pino, 'OutboxRelay');
  if (!relay) return { schemas: integrationEvents, logger };
  return {
    schemas: integrationEvents,
    logger,
    relay: {
      databaseUrl: config.DATABASE_URL,
      publisher: bus,
      options: {
        ...relayOptionsFromEnv(config, () => bus.status().connected),
        ...(config.OUTBOX_TEST_CRASH_AFTER_PUBLISH ? { afterPublish: crashNow } : {}),
      },
    },
  };
}

/**
 * OUTBOX_TEST_CRASH_AFTER_PUBLISH: die like a killed process (no shutdown hooks, no marking)
 * right after the broker confirmed a batch. Only the crash-recovery test sets it.
 */
function crashNow(): void {
  process.kill(process.pid, 'SIGKILL');
}
