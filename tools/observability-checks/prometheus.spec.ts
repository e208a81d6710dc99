import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * deploy/prometheus against promtool (Debian's `prometheus` package; CI installs it) and
 * against the compose file: every app is scraped on its METRICS_PORT (PORT + 1000).
 */
const root = join(__dirname, '../..');
const dir = join(root, 'deploy/prometheus');

function promtool(...args: string[]): string {
  const result = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('promtool is not installed: `apt-get install -y prometheus` (CI: .ci/run installs it)');
  }
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`promtool ${args.join(' ')} failed:\n${output}`);
  return output;
}

type Yaml = Record<string, unknown>;
const load = (file: string): Yaml => parse(readFileSync(join(root, file), 'utf8'), { merge: true }) as Yaml;

describe('deploy/prometheus', () => {
  it('prometheus.yml passes `promtool check config` (with its rule files)', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toMatch(/SUCCESS: prometheus.yml is valid/);
  });

  it('alerts.yml passes `promtool check rules`', () => {
    expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('alerts.yml passes its unit tests (`promtool test rules alerts.test.yml`)', () => {
    expect(promtool('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
  });

  it('has the alerts the contract asks for, each with a severity, summary and description', () => {
    const groups = (load('deploy/prometheus/alerts.yml')['groups'] ?? []) as Array<{ rules: Yaml[] }>;
    const rules = groups.flatMap((group) => group.rules);
    const byName = Object.fromEntries(rules.map((rule) => [String(rule['alert']), rule]));
    const uses = (metric: string) => rules.some((rule) => String(rule['expr']).includes(metric));
    for (const metric of [
      'eshop_outbox_oldest_pending_age_seconds',
      'eshop_outbox_failed_events',
      'eshop_bus_consumed_total{outcome="park"}',
      'eshop_upstream_circuit_state',
      'eshop_bus_connected',
    ]) {
      expect({ metric, alerted: uses(metric) }).toEqual({ metric, alerted: true });
    }
    for (const [name, rule] of Object.entries(byName)) {
      const labels = (rule['labels'] ?? {}) as Yaml;
      const annotations = (rule['annotations'] ?? {}) as Yaml;
      expect({ name, severity: labels['severity'] }).toEqual({ name, severity: expect.stringMatching(/^(warning|critical)$/) });
      expect({ name, summary: typeof annotations['summary'], description: typeof annotations['description'] }).toEqual({
        name,
        summary: 'string',
        description: 'string',
      });
    }
  });

  it('scrapes every app of docker-compose.yml on PORT + 1000', () => {
    const services = (load('docker-compose.yml')['services'] ?? {}) as Record<string, Yaml>;
    const apps = Object.entries(services)
      .filter(([, service]) => (service['build'] as Yaml | undefined)?.['dockerfile'] === 'deploy/Dockerfile')
      .map(([name, service]) => `${name}:${Number((service['environment'] as Yaml)['PORT']) + 1000}`)
      .sort();
    expect(apps.length).toBeGreaterThanOrEqual(5);
    const jobs = (load('deploy/prometheus/prometheus.yml')['scrape_configs'] ?? []) as Yaml[];
    const eshop = jobs.find((job) => job['job_name'] === 'eshop') ?? {};
    const targets = ((eshop['static_configs'] ?? []) as Array<{ targets: string[] }>).flatMap((c) => c.targets).sort();
    expect(targets).toEqual(apps);
    expect(eshop['metrics_path'] ?? '/metrics').toBe('/metrics');
  });
});
