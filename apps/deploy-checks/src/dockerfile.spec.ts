import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverApps } from './support/apps';
import { buildStage, replayBuildStage, requiredPackages } from './support/docker-build';
import { lintDockerfile } from './support/dockerfile-rules';
import { parseDockerfile } from './support/dockerfile';
import { contextFiles, parseDockerignore } from './support/dockerignore';
import { readWorkspaceFile, workspaceRoot } from './support/workspace';

/** deploy/Dockerfile and .dockerignore: the rules, then a replay of the build stage per app. */
const dockerfile = readWorkspaceFile('deploy/Dockerfile');
const dockerignore = readWorkspaceFile('.dockerignore');
const apps = discoverApps();

describe('deploy/Dockerfile', () => {
  it('follows the rules: multi-stage on node:24.21-slim, npm ci before sources, prod-only runtime, non-root, HEALTHCHECK', () => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('declares APP and PORT and bakes PORT into the image for the HEALTHCHECK', () => {
    const stages = parseDockerfile(dockerfile);
    const runtime = stages[stages.length - 1];
    const args = runtime?.instructions.filter((i) => i.keyword === 'ARG').map((i) => i.args);
    expect(args).toEqual(expect.arrayContaining(['APP', 'PORT']));
    const env = runtime?.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    expect(env).toMatch(/PORT=\$\{PORT\}/);
    const healthcheck = runtime?.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    expect(healthcheck).toContain('process.env.PORT');
  });
});

describe('.dockerignore', () => {
  const rules = parseDockerignore(dockerignore);
  const files = contextFiles(workspaceRoot, rules);

  it('keeps node_modules, build output, git, env files and tests out of the context', () => {
    const leaked = files.filter((f) =>
      /(^|\/)(node_modules|dist|\.git|\.nx)(\/|$)|(^|\/)\.env(\.|$)|\.(int-)?spec\.ts$/.test(f),
    );
    expect(leaked).toEqual([]);
  });

  it('keeps what the build copies in the context', () => {
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.base.json', '.swcrc', 'tools/build.mjs', 'tools/bundle.mjs']) {
      expect(files).toContain(needed);
    }
    for (const app of apps) expect(files).toContain(`apps/${app}/src/main.ts`);
    expect(files.some((f) => f.startsWith('libs/config/src/'))).toBe(true);
  });
});

describe.each(apps)('deploy/Dockerfile: %s', (app) => {
  let workdir: string;
  let bundle: string;

  beforeAll(() => {
    workdir = mkdtempSync(join(tmpdir(), `deploy-checks-${app}-`));
    replayBuildStage(workspaceRoot, dockerfile, dockerignore, app, workdir);
    bundle = readFileSync(join(workdir, 'dist', 'apps', app, 'main.js'), 'utf8');
  }, 60_000);

  afterAll(() => {
    rmSync(workdir, { recursive: true, force: true });
  });

  it('builds from the ignored context with only the COPY lines of the build stage', () => {
    expect(bundle.length).toBeGreaterThan(1_000);
    const stage = buildStage(parseDockerfile(dockerfile));
    expect(stage.name).toBe('build');
  });

  it('needs only production dependencies at run time (npm ci --omit=dev is enough)', () => {
    const { dependencies } = JSON.parse(readWorkspaceFile('package.json')) as { dependencies: Record<string, string> };
    const external = requiredPackages(bundle).filter((name) => !name.startsWith('node:') && !builtinModules.includes(name));
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((name) => !(name in dependencies))).toEqual([]);
  });
});
