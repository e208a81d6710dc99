import type { MigrationInterface } from 'typeorm';
import { HandledIntegrationEventRetention1797000000001 } from './handled-integration-event.migration';
import { CreateIntegrationEventLog1735689600000 } from './integration-event-log.migration';
import { OutboxLeaseTakeover1797000000000 } from './lease-takeover.migration';
import { OutboxFailedIndex1799400000000 } from './outbox-failed-index.migration';

/**
 * Every migration of libs/outbox, in order: the outbox table, its lease takeover, the
 * inbox's table and retention index, the index of failed outbox rows. A service spreads it
 * into its TypeORM `migrations` (`[...ownMigrations, ...outboxMigrations]`); TypeORM runs them
 * by the timestamp in their names, so the inbox migration comes after a service's own
 * `handled_integration_event`.
 */
export const outboxMigrations: Array<new () => MigrationInterface> = [
  CreateIntegrationEventLog1735689600000,
  OutboxLeaseTakeover1797000000000,
  HandledIntegrationEventRetention1797000000001,
  OutboxFailedIndex1799400000000,
];
