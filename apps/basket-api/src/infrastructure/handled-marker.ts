/**
 * How long "event X handled by consumer Y" is remembered: 7 days. Redeliveries after a
 * crash come within seconds and bus retries within a minute (1 s, 5 s, 25 s); 7 days also
 * covers a person replaying a parked message after a long weekend. Past that a replay is
 * still harmless: an older price change is refused by the product's applied version, and
 * the same one changes no line (each already has its version). See
 * docs/adr/0004-basket-idempotency-in-redis.md.
 */
export const HANDLED_MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;
