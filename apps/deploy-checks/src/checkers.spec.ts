import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { checkEnv, checkEnvKeys, envContractFor, loadConfigSchema, schemaRequiredVariables } from './support/apps';
import { composeSchemaErrors, interpolate, loadCompose, serviceEnv } from './support/compose';
import { replayBuildStage } from './support/docker-build';
import { lintDockerfile } from './support/dockerfile-rules';
import { isIgnored, parseDockerignore } from './support/dockerignore';
import { validateK8sObject } from './support/k8s-schema';
import type { K8sObject } from './support/kustomize';
import { ingressAllowed } from './support/network-policy';
import { readWorkspaceFile, workspaceRoot } from './support/workspace';

/** The checkers the deployment tests rely on must fail on the mistakes they exist to catch. */
const deployment = (container: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 'x', anything: 'goes' } },
  spec: {
    selector: { matchLabels: { 'app.kubernetes.io/name': 'x' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'x' } },
      spec: { containers: [{ name: 'x', image: 'eshop/x:1', ...container }] },
    },
  },
});

describe('Kubernetes object validation', () => {
  it('accepts a valid object, arbitrary label keys included', () => {
    expect(validateK8sObject(deployment({ readinessProbe: { httpGet: { path: '/health/ready', port: 'http' } } }))).toEqual([]);
  });

  it('reports misspelled keys, which kubernetes-models validate() lets through', () => {
    const problems = validateK8sObject(
      deployment({ readinesProbe: { httpGet: { path: '/', port: 8080 } }, livenessProbe: { httpGet: { path: '/', port: 8080 }, periodSecond: 5 } }),
    );
    expect(problems).toEqual([
      'spec.template.spec.containers.0.readinesProbe: unknown field',
      'spec.template.spec.containers.0.livenessProbe.periodSecond: unknown field',
    ]);
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selectr: { a: 'b' }, ports: [{ port: 80 }] } };
    expect(validateK8sObject(service)).toEqual(['spec.selectr: unknown field']);
  });

  it('reports wrong types and kinds it has no schema for', () => {
    expect(validateK8sObject(deployment({ ports: [{ containerPort: '8080' }] })).join()).toMatch(/containerPort must be integer/);
    expect(validateK8sObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual(['no schema for example.com/v1 Widget']);
  });
});

describe('Compose validation', () => {
  it('rejects a misspelled service key', () => {
    expect(composeSchemaErrors({ services: { a: { image: 'x', helthcheck: {} } } }).join()).toMatch(/helthcheck/);
  });

  it('interpolates defaults the way compose does', () => {
    expect(interpolate('${A:-x}/${B-y}/${C}/$$D', { A: '', B: '', C: 'c' })).toBe('x//c/$D');
  });

  it('follows include: merges services and volumes, relative paths from the included file', () => {
    const files: Record<string, string> = {
      'ops/extra.compose.yml': [
        'include: [{ path: [nested/more.yml] }]',
        'services:',
        '  b: { image: b, volumes: ["../conf:/etc/b:ro", "b-data:/data"], build: { context: . } }',
        'volumes: { b-data: {} }',
      ].join('\n'),
      'ops/nested/more.yml': 'services:\n  c: { image: c, volumes: ["./x:/x"] }\n',
    };
    const read = (path: string): string => {
      const text = files[path];
      if (text === undefined) throw new Error(`no file ${path}`);
      return text;
    };
    const compose = loadCompose('include:\n  - ops/extra.compose.yml\nservices:\n  a: { image: a }\n', read);
    expect(Object.keys(compose.services).sort()).toEqual(['a', 'b', 'c']);
    expect(compose['include']).toBeUndefined();
    expect(compose.services['b']).toMatchObject({ volumes: ['./conf:/etc/b:ro', 'b-data:/data'], build: { context: './ops' } });
    expect(compose.services['c']).toMatchObject({ volumes: ['./ops/nested/x:/x'] });
    expect(Object.keys((compose['volumes'] ?? {}) as object)).toEqual(['b-data']);
    expect(() => loadCompose('include: [ops/nested/more.yml]\nservices:\n  c: { image: c }\n', read)).toThrow(/services\.c is defined/);
  });
});

describe('environment checks against an app config schema', () => {
  it('finds the variables without a default (catalog-api has none: no shared secret any more)', async () => {
    const schema = await loadConfigSchema('catalog-api');
    expect(schema && schemaRequiredVariables(schema)).toEqual([]);
    expect(schemaRequiredVariables(z.object({ A: z.string(), B: z.string().default('b') }))).toEqual(['A']);
  });

  it('fails when the app gains a required variable that the deployment does not set', async () => {
    const schema = await loadConfigSchema('catalog-api');
    if (!schema) throw new Error('catalog-api has no config schema');
    const env = serviceEnv(loadCompose().services['catalog-api'] ?? {});
    const grown = schema.extend({ PAYMENT_PROVIDER_KEY: z.string() });
    expect(checkEnv(envContractFor('catalog-api', grown, 'consul'), env).missing).toEqual(['PAYMENT_PROVIDER_KEY']);
  });

  it('fails on a misspelled variable and on a value the schema rejects', async () => {
    const schema = await loadConfigSchema('catalog-api');
    const contract = envContractFor('catalog-api', schema, 'consul');
    const env = serviceEnv(loadCompose().services['catalog-api'] ?? {});
    const { RABBITMQ_URL: broker = '', ...rest } = env;
    expect(checkEnv(contract, { ...rest, RABBIT_URL: broker })).toMatchObject({ missing: ['RABBITMQ_URL'], unknown: ['RABBIT_URL'] });
    expect(checkEnv(contract, { ...env, IDENTITY_URL: 'identity-api:8085' }).invalid.join()).toMatch(/^IDENTITY_URL:/);
  });

  it('accepts the OpenTelemetry SDK\'s variables beyond the schema; IDENTITY_URL only where tokens are verified; the retired JWT_SECRET nowhere', async () => {
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER_ARG: '0.1' };
    const identity = envContractFor('identity-api', await loadConfigSchema('identity-api'), 'static');
    expect(checkEnvKeys(identity, ['PORT', 'DISCOVERY', 'DATABASE_URL', ...Object.keys(otel)])).toEqual({ missing: [], unknown: [] });
    expect(checkEnvKeys(identity, ['PORT', 'DISCOVERY', 'IDENTITY_URL', 'JWT_SECRET']).unknown).toEqual(['IDENTITY_URL', 'JWT_SECRET']);
    const catalog = envContractFor('catalog-api', await loadConfigSchema('catalog-api'), 'static');
    expect(checkEnvKeys(catalog, ['IDENTITY_URL', 'IDENTITY_ISSUER', ...Object.keys(otel)]).unknown).toEqual([]);
    expect(checkEnvKeys(catalog, ['JWT_SECRET']).unknown).toEqual(['JWT_SECRET']);
  });

  it('requires neither the broker nor IDENTITY_URL of identity-api', () => {
    expect(envContractFor('identity-api', undefined, 'static').required).toEqual(['DATABASE_URL', 'DISCOVERY', 'PORT']);
  });

  it('uses the contract for apps without a config file yet', () => {
    const contract = envContractFor('ordering-api', undefined, 'static');
    expect(contract.required).toEqual(expect.arrayContaining(['DATABASE_URL', 'IDENTITY_ISSUER', 'IDENTITY_URL', 'RABBITMQ_URL']));
    expect(contract.required).not.toContain('JWT_SECRET');
    expect(envContractFor('api-gateway', undefined, 'static').required).toEqual(expect.arrayContaining(['CATALOG_URL', 'BASKET_URL', 'ORDERING_URL']));
  });
});

describe('Dockerfile rules', () => {
  const good = readWorkspaceFile('deploy/Dockerfile');

  it.each([
    ['no USER', good.replace('USER 1000:1000', ''), /no USER/],
    ['USER root', good.replace('USER 1000:1000', 'USER root'), /runs as root/],
    ['named user', good.replace('USER 1000:1000', 'USER node'), /not numeric/],
    ['no HEALTHCHECK', good.replace(/HEALTHCHECK[^\n]*\\\n[^\n]*\n/, ''), /no HEALTHCHECK/],
    ['curl HEALTHCHECK', good.replace(/CMD \["node", "-e", [^\n]*/, 'CMD ["curl", "-f", "http://127.0.0.1:8080/health/live"]'), /node and fetch/],
    ['sources before npm ci', good.replace('COPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci --no-audit', 'COPY . .\nRUN --mount=type=cache,target=/root/.npm npm ci --no-audit'), /copied before npm ci/],
    ['dev node_modules in the runtime', good.replace('COPY --from=prod-deps /app/node_modules', 'COPY --from=deps /app/node_modules'), /holds dev dependencies/],
    ['runtime built on the build stage', good.replace('FROM node:24.21-slim AS runtime', 'FROM build AS runtime'), /final stage builds on stage build/],
    ['another base image', good.replace('FROM node:24.21-slim AS runtime', 'FROM node:22 AS runtime'), /not node:24.21-slim/],
  ])('flags %s', (_name, broken, expected) => {
    expect(broken).not.toBe(good);
    expect(lintDockerfile(broken).join('\n')).toMatch(expected);
  });

  it('flags a single-stage Dockerfile', () => {
    const single = 'FROM node:24.21-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && node tools/build.mjs "$APP"\nUSER 1000\nCMD ["node", "dist/main.js"]\n';
    expect(lintDockerfile(single).join('\n')).toMatch(/not multi-stage/);
  });
});

describe('.dockerignore and the build replay', () => {
  it('applies the last matching rule, exceptions included', () => {
    const rules = parseDockerignore('*\n!apps\n**/*.spec.ts\n!tools/build.mjs');
    expect(isIgnored(rules, 'apps/a/src/main.ts')).toBe(false);
    expect(isIgnored(rules, 'apps/a/src/main.spec.ts')).toBe(true);
    expect(isIgnored(rules, 'tools/build.mjs')).toBe(false);
    expect(isIgnored(rules, 'tools/other.mjs')).toBe(true);
    expect(isIgnored(rules, 'docs/x.md')).toBe(true);
  });

  it('fails the build when the ignore file drops a library the app needs', () => {
    const workdir = mkdtempSync(join(tmpdir(), 'deploy-checks-broken-'));
    try {
      const ignore = `${readWorkspaceFile('.dockerignore')}\nlibs/config\n`;
      expect(() => replayBuildStage(workspaceRoot, readWorkspaceFile('deploy/Dockerfile'), ignore, 'catalog-api', workdir)).toThrow(/Command failed/);
    } finally {
      rmSync(workdir, { recursive: true, force: true });
    }
  });
});

describe('NetworkPolicy evaluation', () => {
  const pod = (name: string) => ({ namespace: 'ns', labels: { 'app.kubernetes.io/name': name }, ports: { http: 8081 } });
  const policy = (spec: Record<string, unknown>): K8sObject =>
    ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'ns' }, spec }) as K8sObject;

  it('allows everything when no policy selects the pod, nothing under a default deny', () => {
    expect(ingressAllowed([], pod('basket-api'), pod('catalog-api'), 8081)).toBe(true);
    expect(ingressAllowed([policy({ podSelector: {}, policyTypes: ['Ingress'] })], pod('basket-api'), pod('catalog-api'), 8081)).toBe(false);
  });

  it('admits only the peers and the (named) ports a rule lists', () => {
    const fromGateway = policy({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'catalog-api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api-gateway' } } }], ports: [{ port: 'http' }] }],
    });
    expect(ingressAllowed([fromGateway], pod('api-gateway'), pod('catalog-api'), 8081)).toBe(true);
    expect(ingressAllowed([fromGateway], pod('api-gateway'), pod('catalog-api'), 9229)).toBe(false);
    expect(ingressAllowed([fromGateway], pod('basket-api'), pod('catalog-api'), 8081)).toBe(false);
    expect(ingressAllowed([fromGateway], { ...pod('api-gateway'), namespace: 'other' }, pod('catalog-api'), 8081)).toBe(false);
  });
});
