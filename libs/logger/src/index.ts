export * from './structured-logger';
