import { bundleForTest, freePort } from './bundle-for-test';
import { startChild, waitForChildReady, type ChildApp } from './child-app';
import { createTestDatabase, type TestDatabase } from './postgres';

/** The demo users' password (identity-api seeds them with IDENTITY_DEMO_USERS=true). */
export const DEMO_PASSWORD = 'Pass123$';

/**
 * identity-api bundled as `npm run build` does, run as a child process on a free port with
 * its own database and the demo users; `stop()` ends it and removes both. For tests of its
 * clients (the gateway's sign-in, `npm run token`); identity-api's own tests have their fixture.
 */
export class IdentityApiProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildApp,
    private readonly db: TestDatabase,
    private readonly bundle: { remove: () => void },
  ) {}

  static async start(env: Record<string, string> = {}): Promise<IdentityApiProcess> {
    const bundle = bundleForTest('apps/identity-api/src/main.ts');
    const db = await createTestDatabase('identity_client');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = startChild(bundle.file, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      IDENTITY_ISSUER: url,
      IDENTITY_DEMO_USERS: 'true',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    });
    const identity = new IdentityApiProcess(url, child, db, bundle);
    try {
      await waitForChildReady(child, `${url}/health/ready`, 120_000);
    } catch (error) {
      const output = child.output();
      await identity.stop();
      throw new Error(`identity-api did not start: ${String(error)}\n${output}`);
    }
    return identity;
  }

  async stop(): Promise<void> {
    await this.child.stop();
    await this.db.drop();
    this.bundle.remove();
  }
}
