export * from './zod-validation.pipe';
export * from './http-error.filter';
