import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './bundle-for-test';
import { startChild, waitForChildReady, type ChildApp } from './child-app';

describe('waitForChildReady', () => {
  let dir: string;
  let child: ChildApp | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'child-app-spec-'));
    writeFileSync(join(dir, 'crash.js'), "console.error('no DATABASE_URL'); process.exit(3);\n");
    writeFileSync(
      join(dir, 'serve.js'),
      "require('node:http').createServer((_req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');\n",
    );
  });
  afterEach(async () => {
    await child?.stop();
    child = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails with the exit code as soon as the child exits, not at the timeout', async () => {
    const port = await freePort();
    child = startChild(join(dir, 'crash.js'), { PORT: String(port) });
    // The timeout is far beyond any test's: only the exit can end the wait in time.
    await expect(waitForChildReady(child, `http://127.0.0.1:${port}/health/ready`, 3_600_000)).rejects.toThrow(
      /the process exited \(code 3\) before/,
    );
    expect(child.output()).toContain('no DATABASE_URL');
  });

  it('resolves once the child answers 200, and a later exit is no error', async () => {
    const port = await freePort();
    child = startChild(join(dir, 'serve.js'), { PORT: String(port) });
    await waitForChildReady(child, `http://127.0.0.1:${port}/`, 60_000);
    expect(child.process.listenerCount('exit')).toBe(1); // only startChild's own: ours is removed
    await child.stop();
  });
});
