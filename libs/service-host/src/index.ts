export * from './bootstrap-service';
export * from './service-host.module';
export * from './service-modules';
export * from './token-verification';
