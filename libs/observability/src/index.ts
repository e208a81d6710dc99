export * from './logging.module';
export * from './request-context';
export * from './request-id';
export * from './health.module';
export * from './structured-logger';
export * from './nest-structured-logger';
export * from './metrics';
export * from './tracing/nest';
