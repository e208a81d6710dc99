import { deployedApps } from './support/apps';
import { brokerApps, contractApps, IDENTITY_APP } from './support/contract';
import { objectsOfKind, renderOverlay, type K8sObject } from './support/kustomize';
import { ingressAllowed, type PodEndpoint } from './support/network-policy';
import { workloads } from './support/workloads';

/**
 * The NetworkPolicies, evaluated: who may open a connection to whom. Synchronous HTTP from the
 * gateway to the first-level APIs, from basket-api to catalog-api (ADR 0011), and from the
 * ingress controller and every app to identity-api; data stores only from the apps that own them.
 */
const apps = deployedApps();
/** Each first-level API and the apps that may call it over HTTP. */
const HTTP_CALLERS: Record<string, string[]> = {
  'catalog-api': ['api-gateway', 'basket-api'],
  'basket-api': ['api-gateway'],
  'ordering-api': ['api-gateway'],
};
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

  it('lets only the gateway reach catalog-api, basket-api and ordering-api over HTTP, and basket-api catalog-api', () => {
    for (const [api, expected] of Object.entries(HTTP_CALLERS)) {
      expect({ api, callers: httpCallers(api, apps) }).toEqual({ api, callers: [...expected].sort() });
      expect(ingressAllowed(c.policies, OUTSIDE, pod(api), contractApps[api]?.port ?? 0)).toBe(false);
    }
  });

  it('opens identity-api to the ingress controller (sign-in), the gateway and every app (/jwks), on its HTTP port only', () => {
    const port = contractApps[IDENTITY_APP]?.port ?? 0;
    expect(httpCallers(IDENTITY_APP, apps)).toEqual(apps.filter((app) => app !== IDENTITY_APP));
    expect(ingressAllowed(c.policies, OUTSIDE, pod(IDENTITY_APP), port)).toBe(true);
    expect(ingressAllowed(c.policies, OUTSIDE, pod(IDENTITY_APP), 9229)).toBe(false);
    const elsewhere: PodEndpoint = { namespace: 'other', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
    expect(ingressAllowed(c.policies, elsewhere, pod(IDENTITY_APP), port)).toBe(false);
  });

  it('lets only Prometheus scrape each app, on its METRICS_PORT (PORT + 1000)', () => {
    const prometheus: PodEndpoint = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
    for (const app of apps) {
      const metricsPort = (contractApps[app]?.port ?? 0) + 1000;
      expect({ app, scraped: ingressAllowed(c.policies, prometheus, pod(app), metricsPort) }).toEqual({ app, scraped: true });
      expect({ app, fromOutside: ingressAllowed(c.policies, OUTSIDE, pod(app), metricsPort) }).toEqual({ app, fromOutside: false });
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
    const owners = apps.filter((app) => contractApps[app]?.database);
    expect(callers('postgres', 5432).sort()).toEqual([...owners, 'postgres-create-databases'].sort());
    expect(owners).toContain(IDENTITY_APP);
  });

  it('lets only basket-api and the gateway (browser sessions, ADR 0012) reach Redis', () => {
    expect(callers('redis', 6379).sort()).toEqual(['api-gateway', 'basket-api']);
  });

  it('lets every app that uses the broker, and nothing else, reach it', () => {
    expect(callers('rabbitmq', 5672).sort()).toEqual(brokerApps(apps));
    expect(callers('rabbitmq', 5672)).not.toContain(IDENTITY_APP);
    expect(callers('rabbitmq', 15672)).toEqual([]); // the management UI: port-forward only
  });
});
