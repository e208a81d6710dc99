import type { IConfigMap, IContainer, IPodTemplateSpec, ISecret } from 'kubernetes-models/v1';
import { findObject, type K8sObject } from './kustomize';

/** A Deployment, StatefulSet or Job with its pod template. */
export interface Workload {
  readonly object: K8sObject;
  readonly template: IPodTemplateSpec;
  readonly labels: Record<string, string>;
  readonly containers: IContainer[];
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job'];

export function workloads(objects: K8sObject[]): Workload[] {
  return objects
    .filter((object) => WORKLOAD_KINDS.includes(object.kind))
    .map((object) => {
      const template = (object['spec'] as { template: IPodTemplateSpec }).template;
      return {
        object,
        template,
        labels: (template.metadata?.labels ?? {}) as Record<string, string>,
        containers: template.spec?.containers ?? [],
      };
    });
}

export function workload(objects: K8sObject[], kind: string, name: string): Workload | undefined {
  return workloads(objects).find((w) => w.object.kind === kind && w.object.metadata.name === name);
}

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

/** Where the value of one environment variable comes from. */
export type EnvSource =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'configMap' | 'secret'; readonly name: string; readonly key: string };

/** A container's environment by source, envFrom first and `env` overriding, as the kubelet does. */
export function containerEnvSources(
  objects: K8sObject[],
  container: IContainer,
  externalSecrets: Record<string, string[]> = {},
): Record<string, EnvSource> {
  const env: Record<string, EnvSource> = {};
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      for (const key of dataKeys(objects, 'ConfigMap', name, externalSecrets)) {
        env[prefix + key] = { kind: 'configMap', name, key };
      }
    }
    if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      for (const key of dataKeys(objects, 'Secret', name, externalSecrets)) {
        env[prefix + key] = { kind: 'secret', name, key };
      }
    }
  }
  for (const variable of container.env ?? []) {
    const configMapKeyRef = variable.valueFrom?.configMapKeyRef;
    const secretKeyRef = variable.valueFrom?.secretKeyRef;
    if (configMapKeyRef) env[variable.name] = { kind: 'configMap', name: configMapKeyRef.name ?? '', key: configMapKeyRef.key };
    else if (secretKeyRef) env[variable.name] = { kind: 'secret', name: secretKeyRef.name ?? '', key: secretKeyRef.key };
    else env[variable.name] = { kind: 'value', value: variable.value ?? '' };
  }
  return env;
}

/**
 * Keys of a ConfigMap or Secret in the render; a Secret created outside the render (prod)
 * is described by `externalSecrets` (name -> keys). Throws when the reference is dangling.
 */
export function dataKeys(
  objects: K8sObject[],
  kind: 'ConfigMap' | 'Secret',
  name: string,
  externalSecrets: Record<string, string[]> = {},
): string[] {
  const object = findObject(objects, kind, name) as (IConfigMap | ISecret) | undefined;
  if (object) return [...Object.keys(object.data ?? {}), ...Object.keys((object as ISecret).stringData ?? {})];
  const external = kind === 'Secret' ? externalSecrets[name] : undefined;
  if (external) return external;
  throw new Error(`${kind} ${name} is referenced but not in the render`);
}

/** The value a source resolves to in the render (Secret data is base64). */
export function resolveEnvValue(objects: K8sObject[], source: EnvSource): string {
  if (source.kind === 'value') return source.value;
  if (source.kind === 'configMap') {
    const map = findObject(objects, 'ConfigMap', source.name) as IConfigMap | undefined;
    const value = map?.data?.[source.key];
    if (value === undefined) throw new Error(`ConfigMap ${source.name} has no key ${source.key}`);
    return value;
  }
  const secret = findObject(objects, 'Secret', source.name) as ISecret | undefined;
  const encoded = secret?.data?.[source.key];
  if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
  const plain = secret?.stringData?.[source.key];
  if (plain === undefined) throw new Error(`Secret ${source.name} has no key ${source.key}`);
  return plain;
}

export function resolveEnv(objects: K8sObject[], container: IContainer): Record<string, string> {
  return Object.fromEntries(
    Object.entries(containerEnvSources(objects, container)).map(([key, source]) => [key, resolveEnvValue(objects, source)]),
  );
}

const UNITS: Record<string, number> = {
  m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** A Kubernetes quantity ("250m", "1", "256Mi") as a number. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity.trim());
  if (!match) throw new Error(`not a quantity: ${quantity}`);
  const [, amount = '', unit = ''] = match;
  const factor = unit === '' ? 1 : UNITS[unit];
  if (factor === undefined) throw new Error(`unknown quantity unit: ${quantity}`);
  return Number(amount) * factor;
}
