import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IJob } from 'kubernetes-models/batch/v1';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { ISecret } from 'kubernetes-models/v1';
import { deployedApps } from './support/apps';
import { contractApps, contractDatabases, IDENTITY_APP } from './support/contract';
import { documentedSecretKeys, PROD_SECRET_NAME } from './support/docs';
import { findObject, objectsOfKind, renderOverlay, type K8sObject } from './support/kustomize';
import { containerEnvSources, resolveEnvValue, workloads } from './support/workloads';
import { readWorkspaceFile } from './support/workspace';

/** What differs between the overlays, and the cluster-wide objects of the base. */
const apps = deployedApps();
let dev: K8sObject[];
let prod: K8sObject[];

beforeAll(() => {
  dev = renderOverlay('dev');
  prod = renderOverlay('prod');
});

const secretKeyRefs = (objects: K8sObject[]): Array<{ name: string; key: string }> =>
  workloads(objects).flatMap((w) =>
    w.containers.flatMap((c) =>
      (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [{ name: e.valueFrom.secretKeyRef.name ?? '', key: e.valueFrom.secretKeyRef.key }] : [])),
    ),
  );

describe.each(['dev', 'prod'])('k8s/overlays/%s: cluster-wide objects', (overlay) => {
  const objects = (): K8sObject[] => (overlay === 'dev' ? dev : prod);

  const envOf = (app: string) => {
    const container = workloads(objects()).find((w) => w.object.kind === 'Deployment' && w.object.metadata.name === app)?.containers[0];
    if (!container) throw new Error(`no Deployment ${app}`);
    const sources = containerEnvSources(objects(), container);
    return (name: string) => {
      const source = sources[name];
      return source ? resolveEnvValue(objects(), source) : undefined;
    };
  };

  it('routes the gateway\'s host (its PUBLIC_URL) to the gateway Service port, and identity-api\'s host (its issuer) to identity-api', () => {
    const ingresses = objectsOfKind(objects(), 'Ingress') as unknown as IIngress[];
    expect(ingresses).toHaveLength(1);
    const rules = ingresses.flatMap((i) => i.spec?.rules ?? []);
    const backends = (host: string | undefined) =>
      rules.filter((r) => r.host === host).flatMap((r) => r.http?.paths ?? []).map((p) => ({ path: p.path, service: p.backend.service }));
    const shop = new URL(envOf('api-gateway')('PUBLIC_URL') ?? '');
    expect(backends(shop.hostname)).toEqual([{ path: '/', service: { name: 'api-gateway', port: { name: 'http' } } }]);
    const identity = envOf(IDENTITY_APP);
    const issuer = new URL(identity('IDENTITY_ISSUER') ?? '');
    expect(issuer.pathname).toBe('/');
    expect(backends(issuer.hostname)).toEqual([{ path: '/', service: { name: IDENTITY_APP, port: { name: 'http' } } }]);
    expect(rules.map((r) => r.host).sort()).toEqual([shop.hostname, issuer.hostname].sort());
    expect(identity('IDENTITY_TRUST_PROXY')).toBe('true');
  });

  it('registers the gateway\'s sign-in callback and sign-out return at identity-api, on the gateway\'s PUBLIC_URL', () => {
    const shop = (envOf('api-gateway')('PUBLIC_URL') ?? '').replace(/\/+$/, '');
    const identity = envOf(IDENTITY_APP);
    expect(identity('IDENTITY_GATEWAY_REDIRECT_URIS')?.split(',')).toContain(`${shop}/auth/callback`);
    expect(identity('IDENTITY_GATEWAY_POST_LOGOUT_REDIRECT_URIS')?.split(',')).toContain(`${shop}/`);
  });

  it('autoscales the gateway and basket-api on CPU, which their pods request', () => {
    const hpas = objectsOfKind(objects(), 'HorizontalPodAutoscaler') as unknown as IHorizontalPodAutoscaler[];
    expect(hpas.map((h) => h.spec?.scaleTargetRef.name).sort()).toEqual(['api-gateway', 'basket-api']);
    for (const hpa of hpas) {
      const target = findObject(objects(), 'Deployment', hpa.spec?.scaleTargetRef.name ?? '') as IDeployment | undefined;
      expect(hpa.spec?.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
      expect(target?.spec?.template.spec?.containers[0]?.resources?.requests?.['cpu']).toBeDefined();
      expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
      expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec?.minReplicas ?? 1);
    }
  });
});

describe('k8s/overlays/dev', () => {
  it('runs single-replica Postgres, Redis and RabbitMQ as StatefulSets with PVCs', () => {
    const sets = objectsOfKind(dev, 'StatefulSet') as unknown as IStatefulSet[];
    expect(sets.map((s) => s.metadata?.name).sort()).toEqual(['postgres', 'rabbitmq', 'redis']);
    for (const set of sets) {
      expect(set.spec?.replicas).toBe(1);
      const claims = (set.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name);
      const mounts = set.spec?.template.spec?.containers.flatMap((c) => c.volumeMounts ?? []).map((m) => m.name);
      expect(claims).toHaveLength(1);
      expect(mounts).toContain(claims[0]);
      expect(findObject(dev, 'Service', set.spec?.serviceName ?? '')).toBeDefined();
    }
    expect((findObject(dev, 'StatefulSet', 'rabbitmq') as IStatefulSet).spec?.template.spec?.containers[0]?.image).toMatch(/management/);
  });

  it('creates the contract databases with a Job, the same ones as deploy/postgres-init', () => {
    const job = findObject(dev, 'Job', 'postgres-create-databases') as IJob | undefined;
    const env = job?.spec?.template.spec?.containers[0]?.env ?? [];
    const databases = env.find((e) => e.name === 'DATABASES')?.value?.split(/\s+/).sort();
    expect(databases).toEqual([...contractDatabases].sort());
    const script = job?.spec?.template.spec?.containers[0]?.command?.join('\n') ?? '';
    expect(script).toMatch(/CREATE DATABASE/);
    expect(script).toMatch(/pg_database WHERE datname/); // idempotent: only the missing ones
    const sql = readWorkspaceFile('deploy/postgres-init/01-create-databases.sql');
    expect([...sql.matchAll(/CREATE DATABASE\s+"?(\w+)/gi)].map((m) => m[1]).sort()).toEqual(databases);
  });

  it('points each app at the in-cluster store and database it owns', () => {
    for (const app of apps) {
      const w = workloads(dev).find((x) => x.object.kind === 'Deployment' && x.object.metadata.name === app);
      const container = w?.containers[0];
      if (!container) throw new Error(`no Deployment ${app}`);
      const sources = containerEnvSources(dev, container);
      const url = (key: string): URL | undefined => (sources[key] ? new URL(resolveEnvValue(dev, sources[key])) : undefined);
      expect(url('RABBITMQ_URL')?.hostname).toBe(contractApps[app]?.usesBroker === false ? undefined : 'rabbitmq');
      const database = contractApps[app]?.database;
      expect(url('DATABASE_URL') && [url('DATABASE_URL')?.hostname, url('DATABASE_URL')?.pathname]).toEqual(
        database ? ['postgres', `/${database}`] : undefined,
      );
      expect(url('REDIS_URL')?.hostname).toBe(contractApps[app]?.usesRedis ? 'redis' : undefined);
    }
  });

  it('generates the Secret with exactly the keys of the prod Secret contract', () => {
    const secret = objectsOfKind(dev, 'Secret').find((s) => s.metadata.name.startsWith(`${PROD_SECRET_NAME}-`)) as ISecret | undefined;
    expect(Object.keys(secret?.data ?? {}).sort()).toEqual(documentedSecretKeys().sort());
  });
});

describe('k8s/overlays/prod', () => {
  it('runs at least two replicas of every app, and the autoscalers never go below two', () => {
    const deployments = objectsOfKind(prod, 'Deployment') as unknown as IDeployment[];
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(apps);
    for (const d of deployments) expect({ name: d.metadata?.name, replicas: (d.spec?.replicas ?? 1) >= 2 }).toEqual({ name: d.metadata?.name, replicas: true });
    for (const hpa of objectsOfKind(prod, 'HorizontalPodAutoscaler') as unknown as IHorizontalPodAutoscaler[]) {
      expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    }
  });

  it('runs no data store and generates no Secret: external URLs come from the Secret', () => {
    expect(objectsOfKind(prod, 'StatefulSet')).toEqual([]);
    expect(objectsOfKind(prod, 'Job')).toEqual([]);
    expect(objectsOfKind(prod, 'Secret')).toEqual([]);
    expect(objectsOfKind(prod, 'PersistentVolumeClaim')).toEqual([]);
  });

  it('reads exactly the keys of the documented Secret contract (docs/deployment.md)', () => {
    const refs = secretKeyRefs(prod);
    expect([...new Set(refs.map((r) => r.name))]).toEqual([PROD_SECRET_NAME]);
    expect([...new Set(refs.map((r) => r.key))].sort()).toEqual(documentedSecretKeys().sort());
  });

  it('runs identity-api without demo accounts and never mints dev tokens', () => {
    const container = workloads(prod).find((w) => w.object.kind === 'Deployment' && w.object.metadata.name === IDENTITY_APP)?.containers[0];
    if (!container) throw new Error(`no Deployment ${IDENTITY_APP}`);
    const sources = containerEnvSources(prod, container, { [PROD_SECRET_NAME]: documentedSecretKeys() });
    const value = (key: string): string | undefined => (sources[key] ? resolveEnvValue(prod, sources[key]) : undefined);
    expect(value('IDENTITY_DEMO_USERS')).toBe('false');
    expect(value('IDENTITY_TRUST_PROXY')).toBe('true');
    for (const w of workloads(prod)) {
      for (const c of w.containers) {
        const devTokens = containerEnvSources(prod, c, { [PROD_SECRET_NAME]: documentedSecretKeys() })['AUTH_DEV_TOKENS'];
        expect({ container: c.name, devTokens: devTokens && resolveEnvValue(prod, devTokens) }).toEqual({ container: c.name, devTokens: undefined });
      }
    }
  });

  it('pins app images to a release tag', () => {
    const images = workloads(prod).flatMap((w) => w.containers.map((c) => c.image ?? ''));
    for (const image of images) expect(image).toMatch(/^(.+\/)?eshop\/[a-z-]+:(?!latest$|dev$)[\w.-]+$/);
  });
});
