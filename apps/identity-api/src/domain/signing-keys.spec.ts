import { generateKeyPairSync } from 'node:crypto';
import { parseSigningKeySet, publicJwk, signingKeysInUse, type PrivateSigningJwk, type StoredSigningKey } from './signing-keys';

function ecKey(kid: string): Record<string, unknown> {
  return { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid };
}

describe('parseSigningKeySet', () => {
  it('accepts private EC P-256 and RSA keys, newest first, and names their algorithm', () => {
    const rsa = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'r1' };
    const keys = parseSigningKeySet(JSON.stringify({ keys: [ecKey('new'), rsa] }));
    expect(keys.map(({ kid, alg, use }) => ({ kid, alg, use }))).toEqual([
      { kid: 'new', alg: 'ES256', use: 'sig' },
      { kid: 'r1', alg: 'RS256', use: 'sig' },
    ]);
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['no keys', '{"keys":[]}', /at least one key/],
    ['public key only', JSON.stringify({ keys: [{ ...ecKey('a'), d: undefined }] }), /not a private key/],
    ['no kid', JSON.stringify({ keys: [{ ...ecKey('a'), kid: undefined }] }), /kid is required/],
    ['duplicate kid', JSON.stringify({ keys: [ecKey('a'), ecKey('a')] }), /its own kid/],
    ['symmetric key', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', d: 'x', kid: 'h' }] }), /only EC P-256/],
  ])('refuses %s', (_case, json, message) => {
    expect(() => parseSigningKeySet(json)).toThrow(message);
  });
});

describe('publicJwk', () => {
  it('drops every private member', () => {
    const [key] = parseSigningKeySet(JSON.stringify({ keys: [ecKey('a')] }));
    expect(Object.keys(publicJwk(key!)).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });
});

describe('signingKeysInUse (rotation of generated keys)', () => {
  const key = (kid: string, secondsAfterEpoch: number): StoredSigningKey => ({
    jwk: { kid } as PrivateSigningJwk,
    createdAt: new Date(secondsAfterEpoch * 1_000),
  });
  const kids = (keys: StoredSigningKey[]) => keys.map(({ jwk }) => jwk.kid);

  it('signs with the newest key', () => {
    expect(kids(signingKeysInUse([key('old', 0), key('new', 100)], new Date(101_000), 60))).toEqual(['new', 'old']);
  });

  it('keeps the previous key published until its tokens can no longer be valid', () => {
    const stored = [key('k1', 0), key('k2', 100), key('k3', 130)];
    expect(kids(signingKeysInUse(stored, new Date(150_000), 60))).toEqual(['k3', 'k2', 'k1']);
    expect(kids(signingKeysInUse(stored, new Date(170_000), 60))).toEqual(['k3', 'k2']);
    expect(kids(signingKeysInUse(stored, new Date(190_000), 60))).toEqual(['k3']);
  });
});
