import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isRecord, parseYamlStream, workspaceRoot } from './workspace';

export interface K8sObject extends Record<string, unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
}

/** `kubectl kustomize k8s/overlays/<overlay>`: what `kubectl apply -k` would send. */
export function renderOverlay(overlay: string): K8sObject[] {
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', join(workspaceRoot, 'k8s', 'overlays', overlay)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') throw new Error('kubectl not found on PATH: the k8s checks render overlays with `kubectl kustomize`');
    throw new Error(`kubectl kustomize k8s/overlays/${overlay} failed: ${stderr ?? String(error)}`);
  }
  return parseYamlStream(output).map((doc, index) => {
    if (!isRecord(doc) || typeof doc['kind'] !== 'string' || typeof doc['apiVersion'] !== 'string' || !isRecord(doc['metadata'])) {
      throw new Error(`${overlay}: document ${index} is not a Kubernetes object`);
    }
    return doc as K8sObject;
  });
}

export function objectsOfKind<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as T[];
}

export function findObject(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

export const describe = (object: K8sObject): string => `${object.kind}/${object.metadata.name}`;
