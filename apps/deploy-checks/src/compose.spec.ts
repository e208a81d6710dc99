import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appEnvContract, checkEnv, deployedApps } from './support/apps';
import {
  composeSchemaErrors,
  dependsOn,
  loadCompose,
  publishedPorts,
  serviceEnv,
  type ComposeFile,
  type ComposeService,
} from './support/compose';
import { brokerApps, contractApps, contractDatabases, IDENTITY_APP } from './support/contract';
import { at, isRecord, readWorkspaceFile, workspaceRoot } from './support/workspace';

/**
 * docker-compose.yml, with the files its `include:` names (deploy/grafana/observability.compose.yml),
 * against the Compose specification and the runtime contract (README.md, docs/deployment.md).
 */
const INFRASTRUCTURE = ['postgres', 'redis', 'rabbitmq', 'consul', 'jaeger', 'prometheus', 'grafana'];
const apps = deployedApps();
let compose: ComposeFile;
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

beforeAll(() => {
  compose = loadCompose();
});

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification JSON schema', () => {
    expect(composeSchemaErrors(compose)).toEqual([]);
  });

  it('runs the infrastructure and every app (apps/*/src/main.ts and the contract)', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...INFRASTRUCTURE, ...apps].sort());
  });

  it('gives every service a healthcheck', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      const test = at(definition, 'healthcheck', 'test');
      expect({ name, test: Array.isArray(test) && test[0] !== 'NONE' }).toEqual({ name, test: true });
      expect({ name, disabled: at(definition, 'healthcheck', 'disable') ?? false }).toEqual({ name, disabled: false });
    }
  });

  it('waits for dependencies to be healthy, never merely started', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const [dependency, condition] of Object.entries(dependsOn(definition))) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
        expect(compose.services[dependency]).toBeDefined();
      }
    }
  });

  it('waits for every service an app reaches through a URL in its environment', () => {
    for (const app of apps) {
      const hosts = Object.values(serviceEnv(service(app)))
        .map((value) => URL.canParse(value) ? new URL(value).hostname : '')
        .filter((host) => host in compose.services);
      const waitsFor = Object.keys(dependsOn(service(app)));
      expect({ app, missing: hosts.filter((host) => !waitsFor.includes(host)) }).toEqual({ app, missing: [] });
    }
  });

  it('publishes only the gateway, identity-api and the admin UIs, on the loopback interface', () => {
    const published = Object.entries(compose.services).flatMap(([name, definition]) =>
      publishedPorts(definition).map((port) => ({ name, ...port })),
    );
    expect(published.sort((a, b) => a.host - b.host)).toEqual([
      { name: 'grafana', hostIp: '127.0.0.1', host: 3000, container: 3000 },
      { name: 'jaeger', hostIp: '127.0.0.1', host: 4318, container: 4318 },
      { name: 'api-gateway', hostIp: '127.0.0.1', host: 8080, container: 8080 },
      { name: 'identity-api', hostIp: '127.0.0.1', host: 8085, container: 8085 },
      { name: 'consul', hostIp: '127.0.0.1', host: 8500, container: 8500 },
      { name: 'prometheus', hostIp: '127.0.0.1', host: 9090, container: 9090 },
      { name: 'rabbitmq', hostIp: '127.0.0.1', host: 15672, container: 15672 },
      { name: 'jaeger', hostIp: '127.0.0.1', host: 16686, container: 16686 },
    ]);
    const publishedApps = Object.keys(contractApps).filter((app) => contractApps[app]?.published);
    expect(published.filter((p) => p.name in contractApps).map((p) => p.name).sort()).toEqual(publishedApps.sort());
  });

  it('mounts the included files\' folders from where they are (paths relative to the included file)', () => {
    const volumes = (name: string): string[] => ((service(name)['volumes'] ?? []) as unknown[]).map(String);
    expect(volumes('prometheus')).toContain('./deploy/prometheus:/etc/prometheus:ro');
    expect(volumes('grafana')).toEqual(expect.arrayContaining([
      './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
      './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro',
    ]));
    for (const volume of [...volumes('prometheus'), ...volumes('grafana')]) {
      const source = volume.split(':')[0] ?? '';
      if (source.startsWith('.')) expect({ source, folder: existsSync(join(workspaceRoot, source)) && statSync(join(workspaceRoot, source)).isDirectory() }).toEqual({ source, folder: true });
    }
  });

  it('keeps the data of Postgres, Redis and RabbitMQ in named volumes', () => {
    const dataPaths: Record<string, string> = {
      postgres: '/var/lib/postgresql/data',
      redis: '/data',
      rabbitmq: '/var/lib/rabbitmq',
    };
    const declared = Object.keys(isRecord(compose['volumes']) ? compose['volumes'] : {});
    for (const [name, path] of Object.entries(dataPaths)) {
      const volumes = (service(name)['volumes'] ?? []) as unknown[];
      const mount = volumes.map(String).find((volume) => volume.split(':')[1] === path);
      const source = mount?.split(':')[0] ?? '';
      expect({ name, named: declared.includes(source) }).toEqual({ name, named: true });
    }
  });

  it('creates the contract databases from deploy/postgres-init on first start', () => {
    const volumes = ((service('postgres')['volumes'] ?? []) as unknown[]).map(String);
    expect(volumes).toContain('./deploy/postgres-init:/docker-entrypoint-initdb.d:ro');
    const sql = readWorkspaceFile('deploy/postgres-init/01-create-databases.sql');
    const created = [...sql.matchAll(/^\s*CREATE DATABASE\s+"?([a-z_]+)"?\s*;/gim)].map((m) => m[1]);
    expect(created.sort()).toEqual([...contractDatabases].sort());
  });

  it('runs RabbitMQ with the management UI and Consul as a dev agent with its UI', () => {
    expect(String(service('rabbitmq')['image'])).toMatch(/^rabbitmq:[\w.-]*management/);
    expect(service('consul')['command']).toEqual(expect.arrayContaining(['agent', '-dev', '-ui']));
  });
});

describe.each(apps)('docker-compose.yml: %s', (app) => {
  const port = contractApps[app]?.port;

  it('is built from deploy/Dockerfile with its APP and PORT', () => {
    expect(service(app)['build']).toEqual({
      context: '.',
      dockerfile: 'deploy/Dockerfile',
      args: { APP: app, PORT: String(port) },
    });
  });

  it('is healthy when its /health/ready answers on its port', () => {
    const test = (at(service(app), 'healthcheck', 'test') as string[]).join(' ');
    expect(test).toContain(`http://127.0.0.1:${port}/health/ready`);
  });

  it('sets every variable the app requires, each one it reads, with values its schema accepts', async () => {
    const contract = await appEnvContract(app, 'consul');
    const env = serviceEnv(service(app));
    expect(checkEnv(contract, env)).toEqual({ missing: [], unknown: [], invalid: [] });
    expect(env['PORT']).toBe(String(port));
    expect(env['DISCOVERY']).toBe('consul');
    expect(new URL(env['CONSUL_URL'] ?? '').hostname).toBe('consul');
    if (brokerApps([app]).length > 0) expect(new URL(env['RABBITMQ_URL'] ?? '').hostname).toBe('rabbitmq');
    else expect(env['RABBITMQ_URL']).toBeUndefined();
  });

  it('fetches the token keys from identity-api, trusts its issuer, has no shared secret and never mints dev tokens', () => {
    const env = serviceEnv(service(app));
    expect(env['IDENTITY_URL']).toBe(app === IDENTITY_APP ? undefined : `http://${IDENTITY_APP}:${contractApps[IDENTITY_APP]?.port}`);
    expect(env['IDENTITY_ISSUER']).toBe(serviceEnv(service(IDENTITY_APP))['IDENTITY_ISSUER']);
    expect(env['JWT_SECRET']).toBeUndefined();
    expect(env['AUTH_DEV_TOKENS']).toBeUndefined();
  });

  it('exports its traces to Jaeger over OTLP/HTTP, which listens beyond its own loopback', () => {
    const env = serviceEnv(service(app));
    const endpoint = new URL(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'none:');
    expect([endpoint.protocol, endpoint.hostname, endpoint.port]).toEqual(['http:', 'jaeger', '4318']);
    expect(['http/protobuf', 'http/json']).toContain(env['OTEL_EXPORTER_OTLP_PROTOCOL']);
    expect(serviceEnv(service('jaeger'))['JAEGER_LISTEN_HOST']).toBe('0.0.0.0');
  });

  it('connects to its own data store', () => {
    const env = serviceEnv(service(app));
    const database = contractApps[app]?.database;
    if (database) {
      const url = new URL(env['DATABASE_URL'] ?? '');
      expect([url.hostname, url.pathname]).toEqual(['postgres', `/${database}`]);
    } else {
      expect(env['DATABASE_URL']).toBeUndefined();
    }
    if (contractApps[app]?.usesRedis) expect(new URL(env['REDIS_URL'] ?? '').hostname).toBe('redis');
    else expect(env['REDIS_URL']).toBeUndefined();
  });
});

describe('docker-compose.yml: identity-api', () => {
  it('names as issuer the URL a browser reaches, its published port', () => {
    const env = serviceEnv(service(IDENTITY_APP));
    const issuer = new URL(env['IDENTITY_ISSUER'] ?? '');
    expect(issuer.hostname).toBe('localhost');
    const port = contractApps[IDENTITY_APP]?.port;
    expect(publishedPorts(service(IDENTITY_APP))).toEqual([{ hostIp: '127.0.0.1', host: Number(issuer.port), container: port }]);
  });

  it('runs without the broker: it issues tokens, it verifies none', () => {
    const env = serviceEnv(service(IDENTITY_APP));
    expect(env['RABBITMQ_URL']).toBeUndefined();
    expect(Object.keys(dependsOn(service(IDENTITY_APP))).sort()).toEqual(['consul', 'jaeger', 'postgres']);
  });
});

describe('docker-compose.yml: api-gateway', () => {
  it('serves the storefront at its published origin, from the build its image carries', () => {
    const env = serviceEnv(service('api-gateway'));
    const origin = new URL(env['PUBLIC_URL'] ?? '');
    expect(origin.href).toBe('http://localhost:8080/');
    expect(publishedPorts(service('api-gateway'))).toEqual([{ hostIp: '127.0.0.1', host: Number(origin.port), container: contractApps['api-gateway']?.port }]);
    // WEBAPP_DIR unset: the image's /app/webapp (deploy/Dockerfile), beside the bundle.
    expect(env['WEBAPP_DIR']).toBeUndefined();
    // identity-api sends the browser back to the shop after sign-out.
    expect(serviceEnv(service(IDENTITY_APP))['IDENTITY_GATEWAY_POST_LOGOUT_REDIRECT_URIS']?.split(',')).toContain(origin.href);
  });

  it('consumes the live order status from the broker, once it is healthy', () => {
    expect(new URL(serviceEnv(service('api-gateway'))['RABBITMQ_URL'] ?? '').hostname).toBe('rabbitmq');
    expect(dependsOn(service('api-gateway'))['rabbitmq']).toBe('service_healthy');
  });
});
