import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  commonVariables,
  contractApps,
  contractOptionalVariables,
  contractRequiredVariables,
  runtimeVariables,
  type Discovery,
} from './contract';
import { workspaceRoot } from './workspace';

/** Apps that exist now: every apps/<app>/src/main.ts (what `npm run build` builds). */
export function discoverApps(root = workspaceRoot): string[] {
  return readdirSync(join(root, 'apps'))
    .filter((app) => existsSync(join(root, 'apps', app, 'src', 'main.ts')))
    .sort();
}

/** The apps a deployment must run: the contract's six plus any new one found on disk. */
export function deployedApps(): string[] {
  return [...new Set([...Object.keys(contractApps), ...discoverApps()])].sort();
}

export type ConfigSchema = z.ZodObject<z.ZodRawShape>;

/** apps/<app>/src/*config*.ts, tests excluded; undefined while the app has none. */
export function configFile(app: string): string | undefined {
  const dir = join(workspaceRoot, 'apps', app, 'src');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter(
    (file) => /config.*\.ts$/.test(file) && !/\.(int-)?spec\.ts$/.test(file),
  );
  if (files.length > 1) throw new Error(`${app}: several config files (${files.join(', ')})`);
  return files[0] && join(dir, files[0]);
}

/**
 * The app's zod config schema: the one exported `z.object`. Loaded by path at run time:
 * deploy-checks may not import apps statically (module boundaries), and apps appear later.
 */
export async function loadConfigSchema(app: string): Promise<ConfigSchema | undefined> {
  const file = configFile(app);
  if (!file) return undefined;
  const exported = Object.entries((await import(file)) as Record<string, unknown>).filter(
    (entry): entry is [string, ConfigSchema] => entry[1] instanceof z.ZodObject,
  );
  // A config file may export helper objects too: a name like `catalogConfigSchema` wins.
  const named = exported.filter(([name]) => /config.*schema/i.test(name));
  const candidates = (named.length > 0 ? named : exported).map(([, schema]) => schema);
  // Several (catalog's relay mode reads a subset): the server's schema holds all the others.
  const keys = (schema: ConfigSchema): string[] => Object.keys(schema.shape);
  const superset = candidates.filter((schema) =>
    candidates.every((other) => keys(other).every((key) => keys(schema).includes(key))),
  );
  if (superset.length === 0 || new Set(superset.map((s) => keys(s).sort().join())).size !== 1) {
    throw new Error(`${file}: expected one exported z.object config schema holding all the others, found ${exported.map(([n]) => n).join(', ') || 'none'}`);
  }
  return superset[0];
}

/** Keys the schema has no default for: parse `{}` and collect the paths of the issues. */
export function schemaRequiredVariables(schema: ConfigSchema): string[] {
  const result = schema.safeParse({});
  if (result.success) return [];
  return [...new Set(result.error.issues.map((issue) => String(issue.path[0])))].sort();
}

export interface AppEnvContract {
  readonly app: string;
  readonly schema: ConfigSchema | undefined;
  /** Must be set by the deployment. */
  readonly required: string[];
  /** May be set: anything else is a misspelling or a variable the app ignores. */
  readonly known: string[];
}

export async function appEnvContract(app: string, discovery: Discovery): Promise<AppEnvContract> {
  return envContractFor(app, await loadConfigSchema(app), discovery);
}

/** The schema's required keys plus the contract's; the schema's keys, or the contract's list. */
export function envContractFor(app: string, schema: ConfigSchema | undefined, discovery: Discovery): AppEnvContract {
  const fromSchema = schema ? schemaRequiredVariables(schema) : [];
  const required = [...new Set([...fromSchema, ...contractRequiredVariables(app, discovery)])].sort();
  const known = schema
    ? Object.keys(schema.shape)
    : [...commonVariables, ...(contractApps[app]?.extraVariables ?? [])];
  return { app, schema, required, known: [...new Set([...known, ...contractOptionalVariables(app), ...runtimeVariables])].sort() };
}

export interface EnvProblems {
  readonly missing: string[];
  readonly unknown: string[];
  /** The app's own verdict on the values: its schema's issues, one line each. */
  readonly invalid: string[];
}

/** The variable names a deployment sets for an app against those the app requires and reads. */
export function checkEnvKeys(contract: AppEnvContract, keys: string[]): Omit<EnvProblems, 'invalid'> {
  return {
    missing: contract.required.filter((key) => !keys.includes(key)),
    unknown: keys.filter((key) => !contract.known.includes(key)),
  };
}

/** Names and values: the app's schema must accept what the deployment sets. */
export function checkEnv(contract: AppEnvContract, env: Record<string, string>): EnvProblems {
  const { missing, unknown } = checkEnvKeys(contract, Object.keys(env));
  const invalid: string[] = [];
  if (contract.schema && missing.length === 0) {
    const result = contract.schema.safeParse(env);
    if (!result.success) {
      for (const issue of result.error.issues) invalid.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  return { missing, unknown, invalid };
}
