export * from './integration-event';
export * from './event-bus';
export * from './in-memory-event-bus';
export * from './trace-context';
