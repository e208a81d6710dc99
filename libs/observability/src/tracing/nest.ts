// What @eshop/observability exports of tracing: the Nest-free entry point (`@eshop/tracing`)
// and the Nest module that flushes spans at shutdown.
export * from './index';
export * from './tracing-shutdown.module';
