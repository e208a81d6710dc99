export * from './env';
export * from './wait-for';
export * from './rabbitmq-admin';
export * from './postgres';
export * from './child-app';
export * from './broker-control';
export * from './event-probe';
export * from './bundle-for-test';
