import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/** The repository root: every deployment file is read relative to it. */
export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

export function readWorkspaceFile(relativePath: string): string {
  return readFileSync(join(workspaceRoot, relativePath), 'utf8');
}

/** One YAML document; merge keys (`<<: *anchor`) resolved as docker compose does. */
export function parseYamlDocument(text: string): unknown {
  return parseYaml(text, { merge: true });
}

/** Every document of a multi-document YAML stream (kustomize output). */
export function parseYamlStream(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0]?.message}`);
    return doc.toJS();
  }).filter((value) => value !== null && value !== undefined);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a nested value by path; undefined when any step is missing. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isRecord(current) && typeof step === 'string') current = current[step];
    else return undefined;
  }
  return current;
}
