import { z } from 'zod';

/** Building blocks for app config schemas, so every app reads the common variables alike. */
export const port = (defaultPort: number) =>
  z.coerce.number().int().min(1).max(65_535).default(defaultPort);

const hasProtocol = (protocols: readonly string[]) => (value: string) => {
  try {
    return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
  } catch {
    return false;
  }
};

export const url = (protocols: readonly string[], fallback: string) =>
  z.string().default(fallback).refine(hasProtocol(protocols), `must be a ${protocols.join('/')} URL`);

/** A URL with no default (the app derives one when it is unset). */
export const optionalUrl = (protocols: readonly string[]) =>
  z.string().refine(hasProtocol(protocols), `must be a ${protocols.join('/')} URL`).optional();

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'on');

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** Variables every app reads (docs/deployment.md lists them). */
export const commonEnv = {
  RABBITMQ_URL: url(['amqp', 'amqps'], 'amqp://guest:guest@localhost:5672'),
  LOG_LEVEL: logLevel,
  // Prometheus metrics on their own port (default PORT + 1000); 0 picks a free one (tests).
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  // OpenTelemetry's standard variables, read by the SDK itself (docs/patterns/observability.md):
  // without an endpoint nothing is exported.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_TRACES_SAMPLER: z.string().min(1).optional(),
  OTEL_TRACES_SAMPLER_ARG: z.string().min(1).optional(),
  // Bind address: loopback for a local run (npm start); the image sets 0.0.0.0 for containers.
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  // The issuer named in access tokens (contract: identity's URL as a browser reaches it).
  IDENTITY_ISSUER: url(['http', 'https'], 'http://localhost:8085'),
  // Where this app reaches identity-api from inside (its JWKS at `${IDENTITY_URL}/jwks`); default: the issuer.
  IDENTITY_URL: optionalUrl(['http', 'https']),
  DISCOVERY: z.enum(['static', 'consul']).default('static'),
  CONSUL_URL: url(['http', 'https'], 'http://localhost:8500'),
  // How often a registered instance checks that Consul still lists it, and registers again if not.
  CONSUL_VERIFY_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  // What this instance advertises to Consul (DISCOVERY=consul); the host name when unset.
  SERVICE_ADDRESS: z.string().trim().min(1).optional(),
};
export type CommonEnv = z.infer<z.ZodObject<typeof commonEnv>>;

/**
 * Event-bus variables. The contract fixes the exchange (`eshop.events`) and the queue (the
 * service name); tests override both so that parallel runs never share a queue.
 */
export const eventBusEnv = (service: string) => ({
  EVENT_BUS_EXCHANGE: z.string().min(1).default('eshop.events'),
  EVENT_BUS_QUEUE: z.string().min(1).default(service),
  EVENT_BUS_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
  EVENT_BUS_RETRY_INITIAL_MS: z.coerce.number().int().min(1).default(1_000),
  EVENT_BUS_PREFETCH: z.coerce.number().int().min(1).max(1_000).default(50),
  // Replicated quorum queues by default; a queue's type cannot change in place (docs/patterns/event-bus-topology.md).
  EVENT_BUS_QUEUE_TYPE: z.enum(['quorum', 'classic']).default('quorum'),
});
export type EventBusEnv = z.infer<z.ZodObject<ReturnType<typeof eventBusEnv>>>;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The transactional outbox relay of a service that owns one (docs/patterns/outbox.md). */
export const outboxEnv = {
  OUTBOX_RELAY: booleanFlag(true),
  OUTBOX_BATCH_SIZE: positiveInt(1_000),
  OUTBOX_CONCURRENCY: positiveInt(4),
  OUTBOX_POLL_INTERVAL_MS: positiveInt(1_000),
  OUTBOX_LISTEN: booleanFlag(true),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).default(30_000),
  // A claim whose relay's session is gone may be taken over this long after it was made (docs/adr/0002).
  OUTBOX_ORPHAN_GRACE_MS: z.coerce.number().int().min(500).default(5_000),
  OUTBOX_MAX_ATTEMPTS: positiveInt(20),
  OUTBOX_RETENTION_HOURS: positiveInt(168),
};
export type OutboxEnv = z.infer<z.ZodObject<typeof outboxEnv>>;
