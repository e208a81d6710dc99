import { Logger } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { ASSETS_CACHE, PAGE_CACHE } from '../infrastructure/storefront';
import { FakeUpstreams, type FakeUpstream } from './fake-upstream.fixture';
import { TestGateway, upstreamUrls } from './gateway.fixture';

/**
 * The storefront at the gateway's origin (infrastructure/storefront.ts), from a fixture build
 * in a temp folder: the history fallback, the cache headers, and 404s that stay 404s next
 * to the gateway's own routes.
 */
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>\n';
const SCRIPT = 'console.log("storefront");\n';

function fixtureBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'storefront-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), SCRIPT);
  // What the build writes beside each text asset (apps/webapp/vite.config.ts).
  writeFileSync(join(dir, 'assets', 'app-abc123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\n');
  writeFileSync(join(dir, 'assets', '.hidden'), 'not for clients\n');
  return dir;
}

/** A gateway serving a fresh fixture build (in front of a fake upstream), and its teardown. */
async function storefrontGateway(env: Record<string, string> = {}): Promise<{ gateway: TestGateway; stop: () => Promise<void> }> {
  const dir = fixtureBuild();
  const fakes = new FakeUpstreams();
  const [upstream] = await fakes.start('any-api');
  const gateway = await TestGateway.start({ ...upstreamUrls(upstream as FakeUpstream), WEBAPP_DIR: dir, ...env });
  const stop = async () => {
    await gateway.close();
    await fakes.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { gateway, stop };
}

describe('storefront served by the gateway', () => {
  let gateway: TestGateway;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ gateway, stop } = await storefrontGateway());
  }, 60_000);

  afterAll(() => stop?.());

  it('serves index.html at / and at every SPA route a browser navigates to, revalidated on each load', async () => {
    for (const path of ['/', '/products/7', '/basket', '/checkout', '/orders', '/orders/42', '/admin?tab=prices']) {
      const page = await gateway.request('GET', path, { headers: BROWSER });
      expect({ path, status: page.status, type: page.headers.get('content-type'), cache: page.headers.get('cache-control'), body: page.text }).toEqual({
        path,
        status: 200,
        type: 'text/html; charset=utf-8',
        cache: PAGE_CACHE,
        body: INDEX,
      });
    }
  });

  it('keeps the security headers on the page (its script is same-origin, which the CSP allows)', async () => {
    const page = await gateway.request('GET', '/', { headers: BROWSER });
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers HEAD like GET, without a body', async () => {
    const head = await gateway.request('HEAD', '/basket', { headers: BROWSER });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(head.text ?? '').toBe('');
    const asset = await gateway.request('HEAD', '/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe(ASSETS_CACHE);
  });

  it('revalidates the page: a matching ETag gets 304', async () => {
    const first = await gateway.request('GET', '/orders', { headers: BROWSER });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await gateway.request('GET', '/orders', { headers: { ...BROWSER, 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves hashed assets for a year, immutable', async () => {
    const asset = await gateway.request('GET', '/assets/app-abc123.js', { headers: { accept: '*/*' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(asset.headers.get('cache-control')).toBe(ASSETS_CACHE);
    expect(asset.text).toBe(SCRIPT);
  });

  it('serves the precompressed file a browser accepts (br before gzip), else the file as it is, varying on Accept-Encoding', async () => {
    const decode: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync, identity: (body) => body };
    const cases: Array<[string, string]> = [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['identity', 'identity'],
    ];
    for (const [accepted, expected] of cases) {
      const asset = await gateway.raw('GET', '/assets/app-abc123.js', { 'accept-encoding': accepted });
      const encoding = asset.headers.get('content-encoding') ?? 'identity';
      expect({ accepted, status: asset.status, encoding }).toEqual({ accepted, status: 200, encoding: expected });
      expect(asset.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(asset.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(asset.headers.get('cache-control')).toBe(ASSETS_CACHE);
      expect((decode[expected] as (body: Buffer) => Buffer)(asset.body).toString('utf8')).toBe(SCRIPT);
    }
  });

  it('answers a missing asset and the folder itself with a JSON 404 (no listing), never with the page', async () => {
    const expected: Record<string, number> = { '/assets/app-zzz999.js': 404, '/assets/.hidden': 404, '/assets': 404, '/assets/': 404 };
    for (const [path, status] of Object.entries(expected)) {
      const miss = await gateway.request('GET', path, { headers: BROWSER });
      expect({ path, status: miss.status, json: miss.headers.get('content-type')?.startsWith('application/json') }).toEqual({ path, status, json: true });
      expect(miss.text).not.toContain('<div id="root">');
    }
  });

  it('keeps unknown API, auth and health paths JSON 404s, even for a browser', async () => {
    for (const path of ['/api/nothing-here', '/api/docs/nothing', '/auth/nothing', '/health/nothing', '/metrics']) {
      const miss = await gateway.request('GET', path, { headers: BROWSER });
      expect({ path, status: miss.status, body: miss.body }).toEqual({
        path,
        status: 404,
        body: expect.objectContaining({ statusCode: 404, error: 'Not Found' }),
      });
    }
  });

  it('answers an SPA route with a JSON 404 to a client that does not ask for HTML', async () => {
    const fetchLike = await gateway.request('GET', '/orders/42', { headers: { accept: 'application/json' } });
    expect(fetchLike).toMatchObject({ status: 404, body: { statusCode: 404, message: 'Cannot GET /orders/42' } });
  });

  it('leaves other methods to Nest: POST / is a JSON 404', async () => {
    const post = await gateway.request('POST', '/', { headers: BROWSER, body: {} });
    expect(post).toMatchObject({ status: 404, body: { statusCode: 404, message: 'Cannot POST /' } });
  });

  it('keeps the gateway\'s own routes: proxied APIs, the session API, health, Swagger UI', async () => {
    expect((await gateway.request('GET', '/api/catalog/items/1', { headers: BROWSER })).status).toBe(200);
    expect((await gateway.request('GET', '/auth/me', { headers: BROWSER })).status).toBe(401);
    expect((await gateway.request('GET', '/health/live', { headers: BROWSER })).status).toBe(200);
    const docs = await gateway.request('GET', '/api/docs', { headers: BROWSER });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
  });

  it('serves a top-level file of the build, and 404s one that is not there', async () => {
    const robots = await gateway.request('GET', '/robots.txt');
    expect(robots).toMatchObject({ status: 200, text: 'User-agent: *\n' });
    expect(robots.headers.get('cache-control')).toBe(PAGE_CACHE);
    const missing = await gateway.request('GET', '/favicon.ico', { headers: BROWSER });
    expect(missing).toMatchObject({ status: 404, body: { statusCode: 404 } });
  });
});

describe('gateway without a storefront build', () => {
  const fakes = new FakeUpstreams();
  let gateway: TestGateway;
  let dir: string;
  let warnings: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storefront-missing-'));
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const [upstream] = await fakes.start('any-api');
    gateway = await TestGateway.start({ ...upstreamUrls(upstream!), WEBAPP_DIR: join(dir, 'webapp') });
    warnings = warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('storefront'));
    warn.mockRestore();
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await fakes.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, warns once, and says at / how to build the storefront', async () => {
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('npm run build:webapp');
    const page = await gateway.request('GET', '/', { headers: BROWSER });
    expect(page).toMatchObject({ status: 503, body: { statusCode: 503, message: expect.stringContaining('npm run build:webapp') } });
    expect((await gateway.request('GET', '/assets/app-abc123.js')).status).toBe(404);
    expect((await gateway.request('GET', '/api/catalog/items/1')).status).toBe(200);
    expect((await gateway.request('GET', '/health/ready')).status).toBe(200);
  });

  it('serves a build that appears after start, without a restart', async () => {
    mkdirSync(join(dir, 'webapp', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'webapp', 'index.html'), INDEX);
    writeFileSync(join(dir, 'webapp', 'assets', 'app-abc123.js'), SCRIPT);
    expect(await gateway.request('GET', '/orders', { headers: BROWSER })).toMatchObject({ status: 200, text: INDEX });
    expect(await gateway.request('GET', '/assets/app-abc123.js')).toMatchObject({ status: 200, text: SCRIPT });
  });
});

describe("the storefront under the gateway's rate limit", () => {
  let gateway: TestGateway;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // Three reads at once, then one per ten minutes: the fourth read is refused.
    ({ gateway, stop } = await storefrontGateway({ RATE_LIMIT_BURST: '3', RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_MS: '600000' }));
  }, 60_000);

  afterAll(() => stop?.());

  it('counts page and asset requests in the same per-client budget as the API, and answers 429 with Retry-After past it', async () => {
    expect((await gateway.request('GET', '/', { headers: BROWSER })).status).toBe(200);
    expect((await gateway.request('GET', '/assets/app-abc123.js')).status).toBe(200);
    expect((await gateway.request('GET', '/orders', { headers: BROWSER })).status).toBe(200);

    const refused = await gateway.request('GET', '/assets/app-abc123.js');
    expect(refused).toMatchObject({ status: 429, body: { statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('too many reads') } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await gateway.request('GET', '/', { headers: BROWSER })).status).toBe(429);
    // One budget: the API routes (Nest's guard) see the same bucket, emptied by the storefront.
    expect((await gateway.request('GET', '/api/catalog/items/1')).status).toBe(429);
    expect((await gateway.request('GET', '/health/ready')).status).toBe(200);
  });
});
