import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverApps } from './support/apps';
import { buildStage, replayBuildStage, requiredPackages } from './support/docker-build';
import { lintDockerfile } from './support/dockerfile-rules';
import { copyPaths, parseDockerfile } from './support/dockerfile';
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

  it('copies the build stage\'s dist/image (the storefront, for the gateway) beside the bundle', () => {
    const stages = parseDockerfile(dockerfile);
    const runtime = stages[stages.length - 1];
    const copies = runtime?.instructions.filter((i) => i.keyword === 'COPY' && i.flags['from'] === 'build').map((i) => copyPaths(i));
    expect(copies).toContainEqual({ sources: ['/app/dist/image/'], destination: './' });
    // The gateway's default WEBAPP_DIR is `webapp` beside its bundle folder: /app/dist -> /app/webapp.
    expect(copies).toContainEqual({ sources: ['/app/dist/apps/${APP}'], destination: './dist' });
  });
});

describe('.dockerignore', () => {
  const rules = parseDockerignore(dockerignore);
  const files = contextFiles(workspaceRoot, rules);

  it('keeps node_modules, build output, git, env files and tests out of the context', () => {
    const leaked = files.filter((f) =>
      /(^|\/)(node_modules|dist|\.git|\.nx)(\/|$)|(^|\/)\.env(\.|$)|\.(int-)?spec\.ts$|\.test\.tsx?$/.test(f),
    );
    expect(leaked).toEqual([]);
  });

  it('keeps what the build copies in the context', () => {
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.base.json', '.swcrc', 'tools/build.mjs', 'tools/bundle.mjs']) {
      expect(files).toContain(needed);
    }
    for (const app of apps) expect(files).toContain(`apps/${app}/src/main.ts`);
    expect(files.some((f) => f.startsWith('libs/config/src/'))).toBe(true);
    // `npm run build:webapp` in the gateway's build: the storefront's page, sources and Vite config.
    for (const needed of ['apps/webapp/index.html', 'apps/webapp/vite.config.ts', 'apps/webapp/src/main.tsx']) {
      expect(files).toContain(needed);
    }
  });
});

describe.each(apps)('deploy/Dockerfile: %s', (app) => {
  let workdir: string;
  let bundle: string;

  beforeAll(() => {
    workdir = mkdtempSync(join(tmpdir(), `deploy-checks-${app}-`));
    replayBuildStage(workspaceRoot, dockerfile, dockerignore, app, workdir);
    bundle = readFileSync(join(workdir, 'dist', 'apps', app, 'main.js'), 'utf8');
  }, 180_000); // the gateway's replay builds the storefront too

  afterAll(() => {
    rmSync(workdir, { recursive: true, force: true });
  });

  it('builds from the ignored context with only the COPY lines of the build stage', () => {
    expect(bundle.length).toBeGreaterThan(1_000);
    const stage = buildStage(parseDockerfile(dockerfile));
    expect(stage.name).toBe('build');
  });

  it('puts the storefront build into the gateway\'s image only (dist/image -> /app)', () => {
    const image = join(workdir, 'dist', 'image');
    if (app !== 'api-gateway') {
      expect(readdirSync(image)).toEqual([]);
      return;
    }
    expect(readdirSync(image)).toEqual(['webapp']);
    const page = readFileSync(join(image, 'webapp', 'index.html'), 'utf8');
    const assets = [...page.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.some((file) => /^[\w-]+-[\w-]{6,}\.js$/.test(file))).toBe(true);
    for (const file of assets) expect({ file, exists: existsSync(join(image, 'webapp', 'assets', file)) }).toEqual({ file, exists: true });
    // The CSP allows scripts from 'self' only: no inline script in the page.
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('needs only production dependencies at run time (npm ci --omit=dev is enough)', () => {
    const { dependencies } = JSON.parse(readWorkspaceFile('package.json')) as { dependencies: Record<string, string> };
    const external = requiredPackages(bundle).filter((name) => !name.startsWith('node:') && !builtinModules.includes(name));
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((name) => !(name in dependencies))).toEqual([]);
  });
});
