import { InvalidSigningKeysError } from './identity.errors';

export type SigningAlgorithm = 'ES256' | 'RS256';

/** A private JSON Web Key as the provider needs it (RFC 7517), with its algorithm and id. */
export interface PrivateSigningJwk {
  readonly kid: string;
  readonly kty: 'EC' | 'RSA';
  readonly alg: SigningAlgorithm;
  readonly use: 'sig';
  readonly d: string;
  readonly [member: string]: unknown;
}

export interface StoredSigningKey {
  readonly jwk: PrivateSigningJwk;
  readonly createdAt: Date;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * IDENTITY_SIGNING_KEYS: a JWKS (`{"keys":[…]}`) of private ES256/RS256 keys, newest
 * first. The first key signs; the others are only published, so tokens they signed keep
 * verifying until they expire (rotation, docs/adr/0010-identity-provider.md).
 */
export function parseSigningKeySet(json: string): PrivateSigningJwk[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidSigningKeysError('IDENTITY_SIGNING_KEYS: not JSON');
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new InvalidSigningKeysError('IDENTITY_SIGNING_KEYS: needs {"keys":[…]} with at least one key');
  const checked = keys.map((key, index) => checkKey(key, index));
  const kids = new Set(checked.map((key) => key.kid));
  if (kids.size !== checked.length) throw new InvalidSigningKeysError('IDENTITY_SIGNING_KEYS: every key needs its own kid');
  return checked;
}

function checkKey(key: unknown, index: number): PrivateSigningJwk {
  const jwk = (typeof key === 'object' && key !== null ? key : {}) as Record<string, unknown>;
  const where = `IDENTITY_SIGNING_KEYS key ${index}`;
  if (typeof jwk['kid'] !== 'string' || jwk['kid'] === '') throw new InvalidSigningKeysError(`${where}: kid is required`);
  if (typeof jwk['d'] !== 'string') throw new InvalidSigningKeysError(`${where}: not a private key (no "d")`);
  const alg = algorithmOf(jwk);
  if (!alg) throw new InvalidSigningKeysError(`${where}: only EC P-256 (ES256) and RSA (RS256) keys are accepted`);
  return { ...jwk, kid: jwk['kid'], kty: jwk['kty'] as 'EC' | 'RSA', d: jwk['d'], alg, use: 'sig' };
}

function algorithmOf(jwk: Record<string, unknown>): SigningAlgorithm | undefined {
  if (jwk['kty'] === 'EC' && jwk['crv'] === 'P-256' && (jwk['alg'] ?? 'ES256') === 'ES256') return 'ES256';
  if (jwk['kty'] === 'RSA' && (jwk['alg'] ?? 'RS256') === 'RS256') return 'RS256';
  return undefined;
}

/** The public half of a key, as the JWKS document serves it. */
export function publicJwk(jwk: PrivateSigningJwk): Record<string, unknown> {
  return Object.fromEntries(Object.entries(jwk).filter(([member]) => !PRIVATE_MEMBERS.includes(member)));
}

/**
 * Generated keys (development) rotate in the database: the newest signs; an older key stays
 * published until `overlapSeconds` after its successor was created (the longest a token it
 * signed can still be valid), then it is dropped. Returns the keys to load, newest first.
 */
export function signingKeysInUse(
  stored: readonly StoredSigningKey[],
  now: Date,
  overlapSeconds: number,
): StoredSigningKey[] {
  const newestFirst = [...stored].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return newestFirst.filter((_key, index) => {
    if (index === 0) return true;
    const successor = newestFirst[index - 1]!;
    return now.getTime() < successor.createdAt.getTime() + overlapSeconds * 1_000;
  });
}
