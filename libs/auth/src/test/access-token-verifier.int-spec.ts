import { generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { TestIdentityProvider, waitFor } from '@eshop/testing';
import { AccessTokenVerifier } from '../lib/access-token-verifier';
import { IdentityUnavailableError, InvalidTokenError } from '../lib/auth.errors';

/** Every way a token can be wrong, against a JWKS served over HTTP like identity-api's. */
describe('AccessTokenVerifier (JWKS)', () => {
  let idp: TestIdentityProvider;
  let verifier: AccessTokenVerifier;
  beforeEach(async () => {
    idp = await TestIdentityProvider.start();
    verifier = new AccessTokenVerifier({ jwksUrl: `${idp.url}/jwks`, issuer: idp.issuer, audience: 'eshop-api' });
  });
  afterEach(() => idp.stop());

  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof InvalidTokenError ? error.code : (error as Error).name),
    );

  it('returns the buyer with name and roles from a valid token', async () => {
    const token = await idp.token({ sub: 'admin-1', name: 'Admin', roles: ['admin'] });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'admin-1', name: 'Admin', roles: ['admin'] });
  });

  it('refuses expired, foreign-issuer, foreign-audience, no-exp and future-iat tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await codeOf(verifier.verify(await idp.token({ sub: 'a' }, { expiresInSeconds: -120 })))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(verifier.verify(await idp.token({ sub: 'a' }, { issuer: 'https://evil.example' })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verifier.verify(await idp.token({ sub: 'a' }, { audience: 'another-api' })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verifier.verify(await idp.token({ sub: 'a' }, { withoutExpiry: true })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verifier.verify(await idp.token({ sub: 'a' }, { issuedAt: now + 3_600, expiresInSeconds: 7_200 })))).toBe('TOKEN_INVALID');
  });

  it('refuses alg none, an unknown key, and HS256 signed with the public key (algorithm confusion)', async () => {
    const unsigned = new UnsecuredJWT({ roles: ['admin'] }).setSubject('a').setIssuer(idp.issuer).setAudience('eshop-api').setExpirationTime('5m').encode();
    expect(await codeOf(verifier.verify(unsigned))).toBe('TOKEN_INVALID');

    const stranger = await generateKeyPair('ES256');
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'not-published' })
      .setSubject('a').setIssuer(idp.issuer).setAudience('eshop-api').setExpirationTime('5m')
      .sign(stranger.privateKey);
    expect(await codeOf(verifier.verify(forged))).toBe('TOKEN_INVALID');

    const jwks = (await (await fetch(`${idp.url}/jwks`)).json()) as { keys: JWK[] };
    const publicKey = JSON.stringify(jwks.keys[0]);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: jwks.keys[0]?.kid })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'a', iss: idp.issuer, aud: 'eshop-api', exp: Math.floor(Date.now() / 1000) + 300, roles: ['admin'] })).toString('base64url');
    const mac = createHmac('sha256', publicKey).update(`${header}.${body}`).digest('base64url');
    expect(await codeOf(verifier.verify(`${header}.${body}.${mac}`))).toBe('TOKEN_INVALID');
  });

  it('answers "identity unavailable" when it never got the keys, and keeps verifying with cached keys later', async () => {
    idp.setAvailable(false);
    const token = await idp.token({ sub: 'alice' });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(IdentityUnavailableError);

    idp.setAvailable(true);
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'alice' });
    idp.setAvailable(false); // identity-api briefly away: the cached set serves
    await expect(verifier.verify(await idp.token({ sub: 'bob' }))).resolves.toMatchObject({ id: 'bob' });
  });

  it('follows a key rotation: old tokens verify during the overlap, new ones by refetching the set', async () => {
    const before = await idp.token({ sub: 'alice' });
    await expect(verifier.verify(before)).resolves.toMatchObject({ id: 'alice' });
    await idp.rotate();
    const after = await idp.token({ sub: 'bob' });
    await expect(verifier.verify(after)).resolves.toMatchObject({ id: 'bob' }); // unknown kid → one refetch
    await expect(verifier.verify(before)).resolves.toMatchObject({ id: 'alice' }); // the old key is still published
  });

  it('answers a repeated token from its cache of verified tokens, the same buyer, frozen', async () => {
    const token = await idp.token({ sub: 'alice', roles: ['admin'] });
    await verifier.verify(await idp.token({ sub: 'bob' })); // the first check fetches the key set
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toBe(first); // the very object remembered: no second check built a new one
    expect(second).toEqual({ id: 'alice', name: 'alice', roles: ['admin'] });
    expect([Object.isFrozen(second), Object.isFrozen(second.roles)]).toEqual([true, true]);
  });

  it('stops accepting a cached token once a refresh finds its key retired', async () => {
    const refreshing = new AccessTokenVerifier({ jwksUrl: `${idp.url}/jwks`, issuer: idp.issuer, audience: 'eshop-api', keysRefreshAfterMs: 0 });
    const old = await idp.token({ sub: 'alice', roles: ['admin'] });
    await expect(refreshing.verify(old)).resolves.toMatchObject({ id: 'alice' });
    await idp.rotate();
    idp.retireAllBut(1);
    await waitFor(async () => (await codeOf(refreshing.verify(old))) === 'TOKEN_INVALID', 'the retired key to be noticed');
    await expect(refreshing.verify(await idp.token({ sub: 'bob' }))).resolves.toMatchObject({ id: 'bob' });
  });
});
