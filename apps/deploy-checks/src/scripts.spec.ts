import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverApps } from './support/apps';
import { contractApps } from './support/contract';
import { readWorkspaceFile, workspaceRoot } from './support/workspace';

/**
 * deploy/build-images.sh and push-images.sh, run for real against a stand-in `docker` on PATH
 * that records its arguments (no Docker engine here): which images, tags and build args.
 */
const apps = discoverApps();
let bin: string;
const log = (): string => join(bin, 'docker.log');

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('bash', [join(workspaceRoot, 'deploy', script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, APPS: '', REGISTRY: '', ...env },
  });
  const calls = existsSync(log()) ? readFileSync(log(), 'utf8').trim().split('\n').filter(Boolean) : [];
  rmSync(log(), { force: true });
  return { status: result.status, stderr: result.stderr, calls };
}

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'deploy-checks-bin-'));
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$*" >> "${log()}"\n`);
  chmodSync(join(bin, 'docker'), 0o755);
});

afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe('deploy/apps.txt', () => {
  it('lists every contract app with its contract port', () => {
    const listed = readWorkspaceFile('deploy/apps.txt')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/));
    expect(Object.fromEntries(listed.map(([app, port]) => [app, Number(port)]))).toEqual(
      Object.fromEntries(Object.entries(contractApps).map(([app, c]) => [app, c.port])),
    );
  });
});

describe('deploy/build-images.sh', () => {
  it('builds one image per existing app from deploy/Dockerfile with APP, PORT and the tag', () => {
    const { status, calls } = run('build-images.sh', ['1.2.3', 'registry.local:5000/']);
    expect(status).toBe(0);
    expect(calls).toHaveLength(apps.length);
    for (const app of apps) {
      const call = calls.find((c) => c.includes(`APP=${app} `));
      expect(call).toBeDefined();
      expect(call).toMatch(/^build /);
      expect(call).toContain(`--file ${workspaceRoot}/deploy/Dockerfile`);
      expect(call).toContain(`--build-arg PORT=${contractApps[app]?.port} `);
      expect(call).toContain(`--tag registry.local:5000/eshop/${app}:1.2.3 `);
      expect(call?.endsWith(` ${workspaceRoot}`)).toBe(true);
    }
  });

  it('names images eshop/<app>:<tag> without a registry, and builds only $APPS when set', () => {
    const app = apps[0] ?? 'catalog-api';
    const { status, calls } = run('build-images.sh', ['dev'], { APPS: app });
    expect(status).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain(`--tag eshop/${app}:dev `);
  });

  it('says which listed apps it skips because their sources do not exist yet', () => {
    const missing = Object.keys(contractApps).filter((app) => !apps.includes(app));
    const { stderr } = run('build-images.sh', ['dev']);
    for (const app of missing) expect(stderr).toContain(`skip ${app}:`);
  });

  it('refuses to run without a tag', () => {
    const { status, calls } = run('build-images.sh', []);
    expect(status).toBe(2);
    expect(calls).toEqual([]);
  });
});

describe('deploy/push-images.sh', () => {
  it('pushes the images of every existing app to the registry', () => {
    const { status, calls } = run('push-images.sh', ['1.2.3', 'ghcr.io/acme']);
    expect(status).toBe(0);
    expect(calls.sort()).toEqual(apps.map((app) => `push ghcr.io/acme/eshop/${app}:1.2.3`).sort());
  });

  it('refuses to push without a registry (it would go to Docker Hub)', () => {
    const { status, calls } = run('push-images.sh', ['1.2.3']);
    expect(status).toBe(2);
    expect(calls).toEqual([]);
  });
});
