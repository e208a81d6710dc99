import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { composeSchemaErrors, interpolate } from '../../apps/deploy-checks/src/support/compose';

/**
 * The observability stack of `docker compose up` (deploy/grafana/observability.compose.yml,
 * included by docker-compose.yml): pinned images, loopback-only UIs, healthchecks, and the
 * configuration folders mounted where Prometheus and Grafana read them.
 */
const root = join(__dirname, '../..');
type Yaml = Record<string, unknown>;
const load = (file: string): Yaml => parse(readFileSync(join(root, file), 'utf8'), { merge: true }) as Yaml;

const main = load('docker-compose.yml');
const includes = ((main['include'] ?? []) as Array<string | { path: string }>).map((entry) => (typeof entry === 'string' ? entry : entry.path));
const stackFile = 'deploy/grafana/observability.compose.yml';
const stack = load(stackFile);
const services = stack['services'] as Record<string, Yaml>;
const mounts = (name: string): Array<[string, string]> =>
  ((services[name]?.['volumes'] ?? []) as string[]).map((volume) => {
    const [source = '', target = ''] = volume.split(':');
    return [source.startsWith('.') ? resolve(root, dirname(stackFile), source) : source, target];
  });

describe('docker compose: Jaeger, Prometheus, Grafana', () => {
  it('is included by docker-compose.yml', () => {
    expect(includes).toContain(stackFile);
  });

  it('is valid against the Compose specification JSON schema', () => {
    const interpolated = parse(interpolate(readFileSync(join(root, stackFile), 'utf8'), {}), { merge: true }) as unknown;
    expect(composeSchemaErrors(interpolated)).toEqual([]);
  });

  it('runs the three, with images pinned to exact versions', () => {
    expect(Object.keys(services).sort()).toEqual(['grafana', 'jaeger', 'prometheus']);
    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: service['image'] }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:v?\d+\.\d+\.\d+$/) });
    }
  });

  it('publishes only the UIs and Jaeger\'s OTLP/HTTP port (for apps run outside compose), on 127.0.0.1, and gives each a healthcheck', () => {
    const published = Object.entries(services).flatMap(([name, service]) => ((service['ports'] ?? []) as string[]).map((port) => `${name} ${port}`));
    expect(published.sort()).toEqual([
      'grafana 127.0.0.1:3000:3000',
      'jaeger 127.0.0.1:16686:16686',
      'jaeger 127.0.0.1:4318:4318',
      'prometheus 127.0.0.1:9090:9090',
    ]);
    for (const [name, service] of Object.entries(services)) {
      const test = (service['healthcheck'] as Yaml | undefined)?.['test'];
      expect({ name, test: Array.isArray(test) && test[0] === 'CMD' }).toEqual({ name, test: true });
    }
  });

  it('mounts deploy/prometheus into Prometheus and deploy/grafana into Grafana', () => {
    expect(mounts('prometheus')).toContainEqual([join(root, 'deploy/prometheus'), '/etc/prometheus']);
    expect(services['prometheus']?.['command']).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(mounts('grafana')).toEqual(
      expect.arrayContaining([
        [join(root, 'deploy/grafana/provisioning'), '/etc/grafana/provisioning'],
        [join(root, 'deploy/grafana/dashboards'), '/var/lib/grafana/dashboards'],
      ]),
    );
  });

  it('waits for healthy dependencies only, and declares its named volumes', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, spec] of Object.entries((service['depends_on'] ?? {}) as Record<string, Yaml>)) {
        expect({ name, dependency, condition: spec['condition'] }).toEqual({ name, dependency, condition: 'service_healthy' });
      }
    }
    const declared = Object.keys((stack['volumes'] ?? {}) as Yaml);
    const named = Object.keys(services).flatMap((name) => mounts(name).map(([source]) => source).filter((source) => !source.startsWith('/')));
    expect(named.filter((volume) => !declared.includes(volume))).toEqual([]);
  });
});
