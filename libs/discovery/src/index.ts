export * from './lib/service-resolver';
export * from './lib/discovery.errors';
export * from './lib/discovery.env';
export * from './lib/consul-registration';
export * from './lib/consul-service-watch';
export * from './lib/consul-service-resolver';
export * from './lib/static-service-resolver';
export * from './nest/discovery.module';
