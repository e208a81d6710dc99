import type { PinoLogger } from 'nestjs-pino';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { EventBusModuleOptions, RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { relayOptionsFromEnv, type OutboxModuleOptions } from '@eshop/outbox';
import type { OrderingConfig } from '../ordering.config';
import { structuredLogger } from '@eshop/observability';

/** The event bus of ordering-api: consumes its queue; publishes only through the outbox relay. */
export function orderingBusOptions(config: OrderingConfig, pino: PinoLogger): EventBusModuleOptions {
  return {
    url: config.RABBITMQ_URL,
    exchange: config.EVENT_BUS_EXCHANGE,
    queue: config.EVENT_BUS_QUEUE,
    prefetch: config.EVENT_BUS_PREFETCH,
    retry: { maxRetries: config.EVENT_BUS_MAX_RETRIES, initialDelayMs: config.EVENT_BUS_RETRY_INITIAL_MS },
    // A publish must give up well before the relay's lease ends, or another relay could
    // take the row over while this one still waits for the confirm.
    publishTimeoutMs: Math.min(10_000, Math.floor(config.OUTBOX_LEASE_MS / 2)),
    reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
    connectionName: 'ordering-api',
    logger: structuredLogger(pino, 'EventBus'),
  };
}

/** Ordering's outbox; with OUTBOX_RELAY=on (default) this process also runs a relay. */
export function orderingOutboxOptions(
  config: OrderingConfig,
  bus: RabbitMqEventBus<IntegrationEventMap>,
  pino: PinoLogger,
): OutboxModuleOptions {
  const logger = structuredLogger(pino, 'OutboxRelay');
  if (!config.OUTBOX_RELAY) return { schemas: integrationEvents, logger };
  return {
    schemas: integrationEvents,
    logger,
    relay: {
      databaseUrl: config.DATABASE_URL,
      publisher: bus,
      options: {
        ...relayOptionsFromEnv(config, () => bus.status().connected),
      },
    },
  };
}
