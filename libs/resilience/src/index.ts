export * from './lib/resilience.errors';
export * from './lib/upstream-policy.options';
export * from './lib/upstream-policy';
export * from './lib/upstream-policies';
