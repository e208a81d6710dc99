import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IService } from 'kubernetes-models/v1';
import { appEnvContract, checkEnv, checkEnvKeys, deployedApps } from './support/apps';
import { IDENTITY_APP, contractApps, upstreamVariable } from './support/contract';
import { documentedSecretKeys, PROD_SECRET_NAME } from './support/docs';
import { findObject, objectsOfKind, renderOverlay, type K8sObject } from './support/kustomize';
import { selectorMatches } from './support/network-policy';
import {
  containerEnvSources,
  labelsMatch,
  parseQuantity,
  resolveEnvValue,
  workload,
  workloads,
  type Workload,
} from './support/workloads';

/** Each app's Deployment and Service in both overlays, against the runtime contract (README.md, docs/deployment.md). */
const apps = deployedApps();
const overlays = ['dev', 'prod'];
const rendered: Record<string, K8sObject[]> = {};
const externalSecrets = (overlay: string): Record<string, string[]> =>
  overlay === 'prod' ? { [PROD_SECRET_NAME]: documentedSecretKeys() } : {};

beforeAll(() => {
  for (const overlay of overlays) rendered[overlay] = renderOverlay(overlay);
});

function appWorkload(overlay: string, app: string): { deployment: Workload; container: IContainer } {
  const deployment = workload(rendered[overlay] ?? [], 'Deployment', app);
  if (!deployment) throw new Error(`${overlay}: no Deployment ${app}`);
  const container = deployment.containers.find((c) => c.name === app);
  if (!container) throw new Error(`${overlay}: Deployment ${app} has no container named ${app}`);
  return { deployment, container };
}

describe.each(overlays.flatMap((overlay) => apps.map((app) => [overlay, app])))('k8s/overlays/%s: %s', (overlay, app) => {
  const port = contractApps[app]?.port;
  const objects = (): K8sObject[] => rendered[overlay] ?? [];

  it('runs the app image and names its contract port "http"', () => {
    const { deployment, container } = appWorkload(overlay, app);
    expect(container.image).toMatch(new RegExp(`(^|/)eshop/${app}:[\\w.-]+$`));
    expect(container.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    const selector = (deployment.object as unknown as IDeployment).spec?.selector;
    expect(selectorMatches(selector, deployment.labels)).toBe(true);
  });

  it('has a Service on its contract port that selects its pods', () => {
    const service = findObject(objects(), 'Service', app) as IService | undefined;
    expect(service?.spec?.ports).toEqual([{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }]);
    expect(labelsMatch(service?.spec?.selector, appWorkload(overlay, app).deployment.labels)).toBe(true);
  });

  it('probes readiness on /health/ready, liveness on /health/live, and startup', () => {
    const { container } = appWorkload(overlay, app);
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
  });

  it('requests and limits CPU and memory, requests within limits', () => {
    const { resources } = appWorkload(overlay, app).container;
    for (const resource of ['cpu', 'memory']) {
      const request = resources?.requests?.[resource];
      const limit = resources?.limits?.[resource];
      expect({ resource, request: request !== undefined, limit: limit !== undefined }).toEqual({ resource, request: true, limit: true });
      expect(parseQuantity(request ?? 0)).toBeLessThanOrEqual(parseQuantity(limit ?? 0));
    }
  });

  it('runs as non-root with a read-only root filesystem and an emptyDir at /tmp', () => {
    const { deployment, container } = appWorkload(overlay, app);
    const pod = deployment.template.spec;
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
    expect(pod?.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    const volume = pod?.volumes?.find((v) => v.name === tmp?.name);
    expect(volume?.emptyDir).toBeDefined();
  });

  it('gets config from ConfigMaps and secrets from the Secret, as the app config schema requires', async () => {
    const { container } = appWorkload(overlay, app);
    const sources = containerEnvSources(objects(), container, externalSecrets(overlay));
    const contract = await appEnvContract(app, 'static');
    expect(checkEnvKeys(contract, Object.keys(sources))).toEqual({ missing: [], unknown: [] });
    // Credentials and connection strings come from the Secret, never a literal or a ConfigMap.
    const secretVariables = ['RABBITMQ_URL', 'DATABASE_URL', 'REDIS_URL', 'IDENTITY_SIGNING_KEYS', 'IDENTITY_COOKIE_KEYS', 'IDENTITY_GATEWAY_CLIENT_SECRET'];
    for (const secretVariable of secretVariables) {
      const source = sources[secretVariable];
      if (source) expect({ secretVariable, kind: source.kind }).toEqual({ secretVariable, kind: 'secret' });
    }
    expect(Object.values(sources).some((s) => s.kind === 'configMap')).toBe(true);
  });

  it('uses static discovery with Service DNS names', () => {
    const { container } = appWorkload(overlay, app);
    const sources = containerEnvSources(objects(), container, externalSecrets(overlay));
    const value = (key: string): string | undefined => {
      const source = sources[key];
      return source && resolveEnvValue(objects(), source);
    };
    expect(value('DISCOVERY')).toBe('static');
    expect(value('PORT')).toBe(String(port));
    for (const upstream of contractApps[app]?.upstreams ?? []) {
      expect(value(upstreamVariable(upstream))).toBe(`http://${upstream}:${contractApps[upstream]?.port}`);
      expect(findObject(objects(), 'Service', upstream)).toBeDefined();
    }
  });

  it('trusts the issuer identity-api names itself by, fetches its keys in the cluster, and has no shared secret', () => {
    const valueOf = (container: IContainer, key: string): string | undefined => {
      const source = containerEnvSources(objects(), container, externalSecrets(overlay))[key];
      return source && resolveEnvValue(objects(), source);
    };
    const { container } = appWorkload(overlay, app);
    expect(valueOf(container, 'JWT_SECRET')).toBeUndefined();
    if (app === IDENTITY_APP) return;
    expect(valueOf(container, 'IDENTITY_ISSUER')).toBe(valueOf(appWorkload(overlay, IDENTITY_APP).container, 'IDENTITY_ISSUER'));
    expect(valueOf(container, 'IDENTITY_URL')).toBe(`http://${IDENTITY_APP}:${contractApps[IDENTITY_APP]?.port}`);
  });

  it('has a PodDisruptionBudget that selects its pods', () => {
    const budgets = objectsOfKind(objects(), 'PodDisruptionBudget') as unknown as IPodDisruptionBudget[];
    const mine = budgets.filter((b) => selectorMatches(b.spec?.selector, appWorkload(overlay, app).deployment.labels));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.spec?.maxUnavailable ?? mine[0]?.spec?.minAvailable).toBeDefined();
  });
});

describe.each(apps)('k8s/overlays/dev: %s environment values', (app) => {
  it('resolve from the rendered ConfigMaps and Secret to values the app config schema accepts', async () => {
    const objects = rendered['dev'] ?? [];
    const { container } = appWorkload('dev', app);
    const sources = containerEnvSources(objects, container);
    const env = Object.fromEntries(Object.entries(sources).map(([key, s]) => [key, resolveEnvValue(objects, s)]));
    expect(checkEnv(await appEnvContract(app, 'static'), env)).toEqual({ missing: [], unknown: [], invalid: [] });
  });
});

describe.each(overlays)('k8s/overlays/%s: every workload', (overlay) => {
  it('runs non-root with resource requests and limits, probes and no privilege escalation', () => {
    const problems: string[] = [];
    for (const w of workloads(rendered[overlay] ?? [])) {
      const name = `${w.object.kind}/${w.object.metadata.name}`;
      const pod = w.template.spec;
      if (pod?.securityContext?.runAsNonRoot !== true) problems.push(`${name}: runAsNonRoot`);
      for (const c of w.containers) {
        if (!c.resources?.requests?.['cpu'] || !c.resources?.limits?.['memory']) problems.push(`${name}/${c.name}: resources`);
        if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${name}/${c.name}: allowPrivilegeEscalation`);
        if (w.object.kind !== 'Job' && (!c.readinessProbe || !c.livenessProbe)) problems.push(`${name}/${c.name}: probes`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets each StatefulSet and Deployment select exactly its own pods', () => {
    for (const w of workloads(rendered[overlay] ?? []).filter((x) => x.object.kind !== 'Job')) {
      const spec = (w.object as unknown as IDeployment | IStatefulSet).spec;
      expect(selectorMatches(spec?.selector, w.labels)).toBe(true);
    }
  });
});
