import { deployedApps } from './support/apps';
import { contractApps } from './support/contract';
import { objectsOfKind, renderOverlay, type K8sObject } from './support/kustomize';
import { ingressAllowed, type PodEndpoint } from './support/network-policy';
import { workloads } from './support/workloads';

/**
 * The NetworkPolicies, evaluated: who may open a connection to whom. Synchronous HTTP only
 * from the gateway to the first-level APIs; data stores only from the apps that own them.
 */
const apps = deployedApps();
const HTTP_APIS = ['catalog-api', 'basket-api', 'ordering-api'];
const OUTSIDE: PodEndpoint = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };

interface Cluster {
  readonly policies: K8sObject[];
  readonly pods: Record<string, PodEndpoint>;
}

function cluster(overlay: string): Cluster {
  const objects = renderOverlay(overlay);
  const pods: Record<string, PodEndpoint> = {};
  for (const w of workloads(objects)) {
    const ports = Object.fromEntries(
      w.containers.flatMap((c) => c.ports ?? []).filter((p) => p.name).map((p) => [p.name ?? '', p.containerPort]),
    );
    pods[w.object.metadata.name] = { namespace: w.object.metadata.namespace ?? '', labels: w.labels, ports };
  }
  return { policies: objectsOfKind(objects, 'NetworkPolicy'), pods };
}

describe.each(['dev', 'prod'])('k8s/overlays/%s: network policies', (overlay) => {
  let c: Cluster;
  const pod = (name: string): PodEndpoint => {
    const found = c.pods[name];
    if (!found) throw new Error(`no pod template ${name}`);
    return found;
  };
  /** Which of `sources` may connect to `target` on its contract HTTP port. */
  const httpCallers = (target: string, sources: string[]): string[] =>
    sources.filter((source) => ingressAllowed(c.policies, pod(source), pod(target), contractApps[target]?.port ?? 0));

  beforeAll(() => {
    c = cluster(overlay);
  });

  it('lets only the gateway reach catalog-api, basket-api and ordering-api over HTTP', () => {
    for (const api of HTTP_APIS) {
      expect({ api, callers: httpCallers(api, apps) }).toEqual({ api, callers: ['api-gateway'] });
      expect(ingressAllowed(c.policies, OUTSIDE, pod(api), contractApps[api]?.port ?? 0)).toBe(false);
    }
  });

  it('opens the gateway to the ingress controller, and no other port of it', () => {
    expect(ingressAllowed(c.policies, OUTSIDE, pod('api-gateway'), 8080)).toBe(true);
    expect(ingressAllowed(c.policies, OUTSIDE, pod('api-gateway'), 9229)).toBe(false);
  });

  it('gives payment-api (event-only) no HTTP caller at all', () => {
    expect(httpCallers('payment-api', apps)).toEqual([]);
    expect(ingressAllowed(c.policies, OUTSIDE, pod('payment-api'), 8084)).toBe(false);
  });

  it('denies by default: every pod is selected by some ingress policy', () => {
    const stranger: PodEndpoint = { namespace: Object.values(c.pods)[0]?.namespace ?? '', labels: { app: 'stranger' } };
    for (const [name, target] of Object.entries(c.pods)) {
      const port = Object.values(target.ports ?? {})[0] ?? 0;
      expect({ name, open: ingressAllowed(c.policies, stranger, target, port) }).toEqual({ name, open: name === 'api-gateway' });
    }
  });
});

describe('k8s/overlays/dev: data store policies', () => {
  let c: Cluster;
  const callers = (target: string, port: number): string[] =>
    Object.keys(c.pods).filter((source) => {
      const from = c.pods[source];
      const to = c.pods[target];
      return from && to && source !== target && ingressAllowed(c.policies, from, to, port);
    });

  beforeAll(() => {
    c = cluster('dev');
  });

  it('lets the apps that own a database, and the database Job, reach Postgres', () => {
    expect(callers('postgres', 5432).sort()).toEqual(['catalog-api', 'ordering-api', 'postgres-create-databases']);
  });

  it('lets only basket-api reach Redis', () => {
    expect(callers('redis', 6379)).toEqual(['basket-api']);
  });

  it('lets every app, and nothing else, reach the broker', () => {
    expect(callers('rabbitmq', 5672).sort()).toEqual(apps);
    expect(callers('rabbitmq', 15672)).toEqual([]); // the management UI: port-forward only
  });
});
