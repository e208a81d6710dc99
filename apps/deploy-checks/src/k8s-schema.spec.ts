import { validateK8sObject } from './support/k8s-schema';
import { describe as name, renderOverlay, type K8sObject } from './support/kustomize';

/**
 * Every object `kubectl apply -k` would send, checked against the Kubernetes schemas
 * (kubernetes-models) and for keys the schemas do not define (validate() ignores those).
 */
describe.each(['dev', 'prod'])('k8s/overlays/%s: schema', (overlay) => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = renderOverlay(overlay);
  });

  it('renders with kustomize', () => {
    expect(objects.length).toBeGreaterThan(10);
  });

  it('holds only objects valid against the Kubernetes schemas, without unknown keys', () => {
    const problems = objects.flatMap((object) => validateK8sObject(object).map((p) => `${name(object)}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('puts every namespaced object in the overlay namespace', () => {
    const namespace = overlay === 'dev' ? 'eshop-dev' : 'eshop';
    const misplaced = objects
      .filter((object) => object.kind !== 'Namespace' && object.metadata.namespace !== namespace)
      .map(name);
    expect(misplaced).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([namespace]);
  });

  it('has no two objects with the same kind and name', () => {
    const keys = objects.map(name);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });
});
