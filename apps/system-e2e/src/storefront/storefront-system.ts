import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { IdentityApiProcess, freePort, testEnv, workspaceRoot } from '@eshop/testing';
import { Shop, type ShopTokens } from '../support/shop';
import { TestSystem, type AppName } from '../support/system';
import { launchChromium } from './chromium';

/** The gateway's client secret at identity-api, for this run only. */
const CLIENT_SECRET = 'storefront-e2e-gateway-secret-0123';
const SERVICES: readonly AppName[] = ['catalog-api', 'basket-api', 'ordering-api', 'payment-api'];

export interface Storefront {
  /** The gateway's origin: the storefront, /api/* and /auth/*. */
  readonly url: string;
  readonly system: TestSystem;
  /** Admin calls straight to the services, with tokens minted by this run's identity-api. */
  readonly shop: Shop;
  readonly identity: IdentityApiProcess;
  readonly browser: Browser;
}

/**
 * The whole shop for one spec file: the SPA built once into a temporary folder, the real
 * identity-api (demo users, AUTH_DEV_TOKENS for the admin API), the four services and the
 * gateway serving the SPA, every app trusting that identity-api, and one headless Chromium.
 * Browser sign-in is the real one: the gateway's /auth/login, identity-api's form, back.
 */
/** What a run has started so far, for the clean-up. */
interface Parts {
  webappDir?: string;
  identity?: IdentityApiProcess;
  system?: TestSystem;
  browser?: Browser;
}

export function useStorefront(use: (storefront: Storefront) => void): void {
  const parts: Parts = {};
  beforeAll(async () => {
    // Both run while identity-api and the services start; settled before any clean-up.
    const browser = launchChromium().then((launched) => (parts.browser = launched));
    const webapp = buildWebapp().then((dir) => (parts.webappDir = dir));
    // Handled here too: a failure before they are awaited below must not count as unhandled.
    for (const pending of [browser, webapp]) pending.catch(() => undefined);
    try {
      const gatewayPort = await freePort();
      const url = `http://127.0.0.1:${gatewayPort}`;
      const identity = (parts.identity = await IdentityApiProcess.start({
        IDENTITY_GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
        IDENTITY_GATEWAY_REDIRECT_URIS: `${url}/auth/callback`,
        IDENTITY_GATEWAY_POST_LOGOUT_REDIRECT_URIS: `${url}/`,
        AUTH_DEV_TOKENS: 'true',
      }));
      const trustIdentity = { IDENTITY_ISSUER: identity.url, IDENTITY_URL: identity.url };
      const gatewayEnv = {
        ...trustIdentity,
        PUBLIC_URL: url,
        GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
        WEBAPP_DIR: await webapp,
        REDIS_URL: testEnv.redisUrl,
        // The sessions this run leaves in Redis (under the gateway's own prefix) expire soon.
        SESSION_TTL_SECONDS: '900',
      };
      const system = (parts.system = await TestSystem.start([...SERVICES, 'api-gateway'], {
        ports: { 'api-gateway': gatewayPort },
        env: { ...Object.fromEntries(SERVICES.map((app) => [app, trustIdentity])), 'api-gateway': gatewayEnv },
      }));
      use({ url, system, shop: new Shop(system, devTokens(identity.url)), identity, browser: await browser });
    } catch (error) {
      await Promise.allSettled([browser, webapp]);
      await stopAll(parts);
      throw error;
    }
  }, 300_000);
  // A scenario's pages go with it: an open orders page keeps a stream and polls.
  afterEach(async () => {
    for (const context of parts.browser?.contexts() ?? []) await context.close();
  });
  afterAll(() => stopAll(parts), 60_000);
}

async function stopAll(parts: Parts): Promise<void> {
  // Once: afterAll also runs after a beforeAll that failed and cleaned up.
  const { browser, system, identity, webappDir } = parts;
  for (const key of ['browser', 'system', 'identity', 'webappDir'] as const) delete parts[key];
  await browser?.close();
  // A scenario that timed out may have left an instance stalled (SIGSTOP): it would never
  // act on the SIGTERM that stops it. SIGCONT is harmless to a running one.
  for (const pid of system?.pids() ?? []) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // Already gone.
    }
  }
  await system?.stop();
  await identity?.stop();
  if (webappDir) rmSync(webappDir, { recursive: true, force: true });
}

/** `vite build` of apps/webapp into a folder of this run (dist/apps/webapp may be rebuilt meanwhile). */
function buildWebapp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'storefront-webapp-'));
  const vite = join(workspaceRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', 'apps/webapp/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve(outDir);
      rmSync(outDir, { recursive: true, force: true });
      reject(new Error(`vite build of apps/webapp failed (exit ${code}):\n${output.slice(-3_000)}`));
    });
  });
}

/** Access tokens from identity-api's POST /dev/token, signed with its real key, one per call. */
function devTokens(identityUrl: string): ShopTokens {
  const mint = async (userId: string, name: string, roles: string[] = []) => {
    const response = await fetch(`${identityUrl}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, name, roles }),
    });
    if (response.status !== 200) throw new Error(`POST /dev/token: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  return { admin: () => mint('storefront-staff', 'Staff', ['admin']), buyer: (buyer) => mint(buyer, `Buyer ${buyer}`) };
}
