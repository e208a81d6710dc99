import { spawnSync } from 'node:child_process';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { bundleForTest, DEMO_PASSWORD, IdentityApiProcess } from '@eshop/testing';
import { CLI_CLIENT, fetchAccessToken, parseArguments } from './token';

/** `npm run token` against a real identity-api: the login form, PKCE, the code exchange. */
describe('npm run token (the real code flow with the public eshop-cli client)', () => {
  let identity: IdentityApiProcess;
  let cli: ReturnType<typeof bundleForTest>;

  beforeAll(async () => {
    identity = await IdentityApiProcess.start();
    cli = bundleForTest('tools/launcher/token.ts');
  }, 180_000);

  afterAll(async () => {
    await identity?.stop();
    cli?.remove();
  });

  const verify = (token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(`${identity.url}/jwks`)), { issuer: identity.url, audience: 'eshop-api' });

  it('gets a token for alice that verifies against identity-api JWKS, issued to eshop-cli', async () => {
    const token = await fetchAccessToken({ identityUrl: identity.url, email: 'alice@example.com', password: DEMO_PASSWORD });
    const { payload } = await verify(token);
    expect(payload).toMatchObject({ name: 'Alice', roles: [], client_id: CLI_CLIENT.id });
  });

  it('names the problem when the password is wrong', async () => {
    await expect(fetchAccessToken({ identityUrl: identity.url, email: 'bob@example.com', password: 'not-the-password' })).rejects.toThrow(
      /refused the sign-in of bob@example.com/,
    );
  });

  it('prints the token on stdout as a command (admin, with --password), and exits 2 on bad usage', async () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [cli.file, ...args], { env: { PATH: process.env['PATH'], IDENTITY_URL: identity.url }, encoding: 'utf8', timeout: 60_000 });
    const ok = run(['admin@example.com', '--password', DEMO_PASSWORD]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const { payload } = await verify(ok.stdout.trim());
    expect(payload).toMatchObject({ name: 'Admin', roles: ['admin'] });

    const usage = run([]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage: npm run token -- <email>');
  });

  it('reads its arguments', () => {
    expect(parseArguments(['alice@example.com'])).toEqual({ email: 'alice@example.com', password: DEMO_PASSWORD });
    expect(parseArguments(['--password', 'secret', 'bob@example.com'])).toEqual({ email: 'bob@example.com', password: 'secret' });
    expect(parseArguments(['alice@example.com', '--password'])).toBeUndefined();
    expect(parseArguments(['alice'])).toBeUndefined();
  });
});
