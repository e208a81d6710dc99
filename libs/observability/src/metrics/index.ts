export * from './metrics-registry';
export * from './metrics-server';
export * from './metrics.module';
export * from './http-metrics.middleware';
export type { Gauge, Histogram } from 'prom-client';
