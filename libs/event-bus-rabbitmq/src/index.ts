export * from './lib/rabbitmq-event-bus';
export * from './lib/rabbitmq-event-bus.options';
export * from './lib/event-bus.errors';
export { HEADERS } from './lib/message-headers';
export { parkingQueueName, retryQueueName, type QueueType, type SubscriberQueue } from './lib/topology';
export * from './nest/rabbitmq-event-bus.module';
export * from './nest/rabbitmq.context';
export * from './nest/event-handler.explorer';
export * from './nest/event-bus.health';
