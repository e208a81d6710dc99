import { spawnSync } from 'node:child_process';
import { startChild, waitForChildReady, type ChildApp } from '@eshop/testing';
import { send } from './gateway.fixture';
import { bundleForTest, freePort } from '@eshop/testing';

/** `node main.js` as deployments run it: config checks, docs, shutdown. */
describe('api-gateway main.js', () => {
  let build: ReturnType<typeof bundleForTest>;
  let child: ChildApp | undefined;

  beforeAll(() => (build = bundleForTest('apps/api-gateway/src/main.ts')), 60_000);
  afterAll(() => build?.remove());
  afterEach(async () => {
    await child?.stop('SIGKILL');
    child = undefined;
  });

  it.each([
    [{ IDENTITY_URL: 'identity-api:8085' }, 'config error: IDENTITY_URL: must be a http/https URL'],
    [{ BREAKER_FAILURE_RATIO: '1.5' }, 'config error: BREAKER_FAILURE_RATIO: Too big: expected number to be <1'],
    [{ CATALOG_URL: 'catalog:8081' }, 'config error: CATALOG_URL: must be a http/https URL'],
  ])('stops at start with one line naming the bad variable (%j)', (env, line) => {
    // Only these variables: nothing inherited from the environment running the tests.
    const result = spawnSync(process.execPath, [build.file], { env: { PATH: process.env['PATH'], ...env }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`.trim()).toBe(line);
  });

  it('serves Swagger UI and the OpenAPI document at /api/docs, and stops on SIGTERM', async () => {
    const port = await freePort();
    child = startChild(build.file, { PORT: String(port), LOG_LEVEL: 'warn' });
    const url = `http://127.0.0.1:${port}`;
    await waitForChildReady(child, `${url}/health/live`, 90_000); // a cold start on a loaded CI machine can take 20 s and more

    const page = await send(url, 'GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('/api/docs/swagger-ui-bundle.js');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const bundle = await fetch(`${url}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);

    const document = await send(url, 'GET', '/api/docs-json');
    const paths = document.body['paths'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/catalog/items/{id}', '/api/basket/items', '/api/orders']));
    expect(paths).not.toHaveProperty(['/api/auth/dev-token']); // dev tokens are identity-api's (AUTH_DEV_TOKENS, tests only)
    expect(paths['/api/basket/items']?.['post']).toMatchObject({
      security: [{ bearer: [] }],
      requestBody: { content: { 'application/json': { schema: { required: ['productId', 'quantity'] } } } },
    });

    // Nest closes the app (server, undici pools, discovery), then re-raises the signal.
    await child.stop('SIGTERM');
    expect(child.process.signalCode).toBe('SIGTERM');
  }, 150_000);
});
