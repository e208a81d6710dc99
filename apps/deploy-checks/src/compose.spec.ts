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
import { contractApps, contractDatabases } from './support/contract';
import { at, isRecord, readWorkspaceFile } from './support/workspace';

/** docker-compose.yml against the Compose specification and the runtime contract (§3). */
const INFRASTRUCTURE = ['postgres', 'redis', 'rabbitmq', 'consul'];
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

  it('publishes only the gateway and the admin UIs, on the loopback interface', () => {
    const published = Object.entries(compose.services).flatMap(([name, definition]) =>
      publishedPorts(definition).map((port) => ({ name, ...port })),
    );
    expect(published.sort((a, b) => a.host - b.host)).toEqual([
      { name: 'api-gateway', hostIp: '127.0.0.1', host: 8080, container: 8080 },
      { name: 'consul', hostIp: '127.0.0.1', host: 8500, container: 8500 },
      { name: 'rabbitmq', hostIp: '127.0.0.1', host: 15672, container: 15672 },
    ]);
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
    expect(new URL(env['RABBITMQ_URL'] ?? '').hostname).toBe('rabbitmq');
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

describe('docker-compose.yml: api-gateway', () => {
  it('hands out dev tokens for local tries', () => {
    expect(serviceEnv(service('api-gateway'))['AUTH_DEV_TOKENS']).toBe('true');
  });
});
