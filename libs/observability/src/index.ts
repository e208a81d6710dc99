export * from './logging.module';
export * from './health.module';
