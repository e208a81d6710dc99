import { z } from 'zod';
import { booleanFlag, commonEnv, port, url } from '@eshop/config';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A comma-separated list of values (redirect URIs, cookie keys). */
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== ''));

/**
 * Every variable identity-api reads, validated once at start (see .env.example). It takes
 * the common variables it uses one by one: it has no broker and verifies no bearer tokens
 * (it issues them), so RABBITMQ_URL and IDENTITY_URL are not its business.
 */
export const identityApiConfigSchema = z.object({
  PORT: port(8085),
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres@localhost:5432/identity'),
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  HOST: commonEnv.HOST,
  // Prometheus scrape port (default PORT + 1000), never the public port.
  METRICS_PORT: commonEnv.METRICS_PORT,
  DISCOVERY: commonEnv.DISCOVERY,
  CONSUL_URL: commonEnv.CONSUL_URL,
  SERVICE_ADDRESS: commonEnv.SERVICE_ADDRESS,
  // The issuer in every token; the URL a browser reaches (contract, no trailing slash).
  IDENTITY_ISSUER: commonEnv.IDENTITY_ISSUER.transform((value) => value.replace(/\/+$/, '')),
  // Production: a JSON JWKS with private keys, newest first (docs/adr/0010-identity-provider.md).
  // Unset: a key generated at first start and kept in the database (development).
  IDENTITY_SIGNING_KEYS: z.string().trim().min(1).optional(),
  // Keys that sign the provider's cookies, newest first. Unset: generated and kept in the database.
  IDENTITY_COOKIE_KEYS: z
    .string()
    .optional()
    .transform((value) => value?.split(',').map((key) => key.trim()).filter((key) => key.length >= 32))
    .refine((keys) => keys === undefined || keys.length > 0, 'must list keys of at least 32 characters'),
  // The gateway, a confidential client (backend-for-frontend).
  IDENTITY_GATEWAY_CLIENT_ID: z.string().trim().min(1).default('eshop-gateway'),
  IDENTITY_GATEWAY_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').default('eshop-gateway-dev-secret'),
  IDENTITY_GATEWAY_REDIRECT_URIS: list('http://localhost:8080/auth/callback'),
  IDENTITY_GATEWAY_POST_LOGOUT_REDIRECT_URIS: list('http://localhost:8080/'),
  // A public client (PKCE, no secret) for command-line tools such as `npm run token`.
  IDENTITY_CLI_CLIENT_ID: z.string().trim().min(1).default('eshop-cli'),
  IDENTITY_CLI_REDIRECT_URIS: list('http://127.0.0.1:8089/callback'),
  IDENTITY_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3_600).default(300),
  IDENTITY_DEMO_USERS: booleanFlag(true),
  // Behind a TLS-terminating proxy or ingress: trust X-Forwarded-* (client address, https).
  IDENTITY_TRUST_PROXY: booleanFlag(false),
  // Brute-force protection (docs/patterns/identity.md): failures before a lockout, first lockout.
  IDENTITY_SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
  IDENTITY_SIGNIN_MAX_FAILURES_PER_ADDRESS: positiveInt(20),
  IDENTITY_SIGNIN_LOCKOUT_SECONDS: positiveInt(30),
  // Tests only: POST /dev/token mints access tokens for any user id.
  AUTH_DEV_TOKENS: booleanFlag(false),
});

export type IdentityApiConfig = z.infer<typeof identityApiConfigSchema>;

/** The validated configuration, for adapters that read it (the composition root provides it). */
export const IDENTITY_API_CONFIG = Symbol('IDENTITY_API_CONFIG');
