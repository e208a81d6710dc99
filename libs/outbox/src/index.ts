export * from './lib/outbox.types';
export * from './lib/outbox.errors';
export * from './lib/outbox-writer';
export * from './lib/outbox-relay';
export * from './lib/outbox-relay.options';
export * from './lib/relay-pool';
export { OutboxStore, type ClaimedEvent } from './lib/outbox-store';
export * from './lib/integration-event-log.migration';
export * from './nest/outbox.module';
