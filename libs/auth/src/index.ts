export * from './lib/buyer';
export * from './lib/auth.errors';
export * from './lib/jwt';
export * from './nest/auth.guard';
export * from './nest/auth.tokens';
export * from './nest/auth.decorators';
export * from './nest/auth.module';
