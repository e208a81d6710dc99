import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { isRecord } from './workspace';

interface ModelClass {
  new (data: unknown): { validate(): void };
  readonly apiVersion: string;
  readonly kind: string;
}

interface SchemaError {
  readonly instancePath: string;
  readonly message?: string;
}

/** The API groups our manifests use; an object of any other group fails validation. */
const groups: Record<string, unknown> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'autoscaling/v2': autoscalingV2,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
};

export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const group = groups[apiVersion] as Record<string, unknown> | undefined;
  const candidate = group?.[kind];
  if (typeof candidate !== 'function') return undefined;
  const model = candidate as unknown as ModelClass;
  return model.kind === kind && model.apiVersion === apiVersion ? model : undefined;
}

function schemaErrors(model: ModelClass, data: unknown): SchemaError[] | 'threw' {
  try {
    new model(data).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    return Array.isArray(errors) ? errors : 'threw';
  }
}

type Path = Array<string | number>;
const pointer = (path: Path): string => `/${path.join('/')}`;
const PROBE = Symbol('not-a-kubernetes-value');

/**
 * String maps whose values the validators do not type-check (apimachinery's labels and
 * selectors), so the probe below cannot tell their keys from unknown ones: any key is valid.
 */
function isStringMap(kind: string, path: Path): boolean {
  const dotted = path.join('.');
  return (
    /(^|\.)metadata\.(labels|annotations)$/.test(dotted) ||
    /(^|\.)matchLabels$/.test(dotted) ||
    /(^|\.)nodeSelector$/.test(dotted) ||
    (kind === 'Service' && dotted === 'spec.selector')
  );
}

/**
 * Keys the schema does not define. kubernetes-models' validators ignore unknown properties,
 * so a misspelled `readinesProbe` would pass; here each key's value is swapped for a value no
 * Kubernetes type accepts: a key the schema knows yields an error at its path, an unknown
 * key yields none.
 */
export function unknownKeys(model: ModelClass, object: Record<string, unknown>): string[] {
  const unknown: string[] = [];
  const walk = (node: unknown, path: Path): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (!isRecord(node) || isStringMap(model.kind, path)) return;
    for (const key of Object.keys(node)) {
      const keyPath = [...path, key];
      const probe = structuredClone(object);
      let parent: unknown = probe;
      for (const step of path) parent = (parent as Record<string | number, unknown>)[step];
      (parent as Record<string, unknown>)[key] = PROBE;
      const errors = schemaErrors(model, probe);
      const known =
        errors === 'threw' ||
        errors.some((e) => e.instancePath === pointer(keyPath) || e.instancePath.startsWith(`${pointer(keyPath)}/`));
      if (known) walk(node[key], keyPath);
      else unknown.push(keyPath.join('.'));
    }
  };
  walk(object, []);
  return unknown;
}

/**
 * kustomize folds long base64 values over several lines; the API server's decoder skips the
 * line breaks (Go's base64 ignores \n), the schema's `byte` format does not.
 */
function withUnwrappedSecretData(secret: Record<string, unknown>): Record<string, unknown> {
  const data = secret['data'];
  if (!isRecord(data)) return secret;
  const unwrapped = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? value.replace(/\s+/g, '') : value]),
  );
  return { ...secret, data: unwrapped };
}

/** Every problem with one object: no model for its kind, schema errors, unknown keys. */
export function validateK8sObject(input: Record<string, unknown>): string[] {
  const apiVersion = String(input['apiVersion']);
  const kind = String(input['kind']);
  const model = modelFor(apiVersion, kind);
  if (!model) return [`no schema for ${apiVersion} ${kind}`];
  const object = kind === 'Secret' ? withUnwrappedSecretData(input) : input;
  const errors = schemaErrors(model, object);
  if (errors === 'threw') return ['validation threw'];
  return [
    ...errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`),
    ...unknownKeys(model, object).map((key) => `${key}: unknown field`),
  ];
}
