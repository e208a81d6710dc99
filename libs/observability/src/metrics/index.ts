export * from './metrics-registry';
export * from './metrics-server';
export * from './metrics.module';
export * from './http-metrics.middleware';
