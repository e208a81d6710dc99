import { join, resolve } from 'node:path';
import { z } from 'zod';
import { booleanFlag, commonEnv, eventBusEnv, port, url } from '@eshop/config';
import { discoveryEnv } from '@eshop/discovery';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalInt = z.coerce.number().int().positive().optional();

/**
 * Every variable the gateway reads, validated once at start (see .env.example). The
 * resilience values apply to each upstream separately (one breaker and one bulkhead per
 * upstream); the timeout can be set per upstream. Tests set short ones.
 */
export const apiGatewayConfigSchema = z.object({
  PORT: port(8080),
  ...commonEnv,
  // The broker (RABBITMQ_URL, in commonEnv) feeds live order status: the gateway consumes the
  // OrderStatusChangedTo… events on a broadcast queue of its own and publishes nothing. Not a
  // readiness dependency. EVENT_BUS_EXCHANGE as every app; EVENT_BUS_QUEUE names nothing the
  // gateway consumes, only its broadcast parking queue (`<EVENT_BUS_QUEUE>.broadcast.parking`).
  ...eventBusEnv('api-gateway'),
  // GET /api/orders/events (server-sent events): heartbeat comment interval, the `retry:` hint,
  // open streams per instance (503 beyond) and per buyer (429 beyond), and the per-buyer buffer
  // `Last-Event-ID` resumes from (that many recent changes, for that many buyers).
  SSE_HEARTBEAT_MS: positiveInt(15_000),
  SSE_RETRY_MS: positiveInt(3_000),
  SSE_MAX_STREAMS: positiveInt(10_000),
  SSE_MAX_STREAMS_PER_BUYER: positiveInt(5),
  SSE_REPLAY_PER_BUYER: positiveInt(50),
  SSE_REPLAY_BUYERS: positiveInt(10_000),
  ...discoveryEnv,
  // Largest accepted request body (a full basket PUT is well under 256 KiB).
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10 * 1_048_576).default(262_144),
  // Behind an ingress or load balancer: take the client address from X-Forwarded-For.
  TRUST_PROXY: booleanFlag(false),
  // Backend-for-frontend (docs/adr/0012): the gateway signs browsers in at identity-api as a
  // confidential OIDC client and keeps their tokens in a Redis session. PUBLIC_URL is the
  // origin browsers reach the gateway at (the redirect URI is PUBLIC_URL/auth/callback).
  PUBLIC_URL: url(['http', 'https'], 'http://localhost:8080').transform((value) => value.replace(/\/+$/, '')),
  REDIS_URL: url(['redis', 'rediss'], 'redis://localhost:6379'),
  GATEWAY_CLIENT_ID: z.string().trim().min(1).default('eshop-gateway'),
  // identity-api's IDENTITY_GATEWAY_CLIENT_SECRET; the same development default as there.
  GATEWAY_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').default('eshop-gateway-dev-secret'),
  // A browser session's absolute lifetime; its access token is refreshed this long before it expires.
  SESSION_TTL_SECONDS: positiveInt(8 * 3_600),
  SESSION_REFRESH_MARGIN_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  // Per client address and route class, as token buckets: on average MAX per WINDOW, at most
  // BURST at once (default: a tenth of MAX). Reads are GET/HEAD; writes, tighter, the rest.
  RATE_LIMIT_WINDOW_MS: positiveInt(60_000),
  RATE_LIMIT_MAX: positiveInt(600),
  RATE_LIMIT_BURST: optionalInt,
  RATE_LIMIT_WRITE_MAX: positiveInt(120),
  RATE_LIMIT_WRITE_BURST: optionalInt,
  // Per attempt; a read is tried RETRY_MAX_ATTEMPTS times at most (docs/patterns/gateway-resilience.md).
  UPSTREAM_TIMEOUT_MS: positiveInt(2_000),
  CATALOG_TIMEOUT_MS: optionalInt,
  BASKET_TIMEOUT_MS: optionalInt,
  ORDERING_TIMEOUT_MS: optionalInt,
  BREAKER_FAILURE_RATIO: z.coerce.number().gt(0).lt(1).default(0.5),
  BREAKER_SAMPLING_MS: positiveInt(10_000),
  BREAKER_MIN_RPS: z.coerce.number().positive().default(1),
  BREAKER_HALF_OPEN_AFTER_MS: positiveInt(5_000),
  BULKHEAD_MAX_CONCURRENT: positiveInt(100),
  BULKHEAD_MAX_QUEUE: z.coerce.number().int().min(0).default(50),
  RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(5).default(2),
  RETRY_INITIAL_DELAY_MS: positiveInt(50),
  // The storefront's build (apps/webapp, `npm run build:webapp`), served at / (infrastructure/storefront.ts).
  // Default: the `webapp` folder beside the bundle's own, i.e. dist/apps/webapp for
  // dist/apps/api-gateway/main.js, and /app/webapp in the image (deploy/Dockerfile).
  WEBAPP_DIR: z.string().trim().min(1).default(join(__dirname, '..', 'webapp')).transform((dir) => resolve(dir)),
});

export type ApiGatewayConfig = z.infer<typeof apiGatewayConfigSchema>;

/** Injection token of the validated config. */
export const API_GATEWAY_CONFIG = Symbol('API_GATEWAY_CONFIG');
