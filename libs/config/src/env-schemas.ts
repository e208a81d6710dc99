import { z } from 'zod';

/** Building blocks for app config schemas, so every app reads the common variables alike. */
export const port = (defaultPort: number) =>
  z.coerce.number().int().min(1).max(65_535).default(defaultPort);

export const url = (protocols: readonly string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    }, `must be a ${protocols.join('/')} URL`);

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'on');

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** Variables every app reads (architecture §3). */
export const commonEnv = {
  RABBITMQ_URL: url(['amqp', 'amqps'], 'amqp://guest:guest@localhost:5672'),
  // No default: a well-known secret would let anyone mint tokens.
  JWT_SECRET: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
  LOG_LEVEL: logLevel,
  DISCOVERY: z.enum(['static', 'consul']).default('static'),
  CONSUL_URL: url(['http', 'https'], 'http://localhost:8500'),
};
