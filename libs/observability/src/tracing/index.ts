// Entry point `@eshop/tracing` (tsconfig path → this file). It must load nothing but
// @opentelemetry/* so that an app can start tracing before Nest, pg, amqplib or ioredis load.
export * from './start-tracing';
export * from './spans';
export * from './traceparent';
export * from './messaging-spans';
