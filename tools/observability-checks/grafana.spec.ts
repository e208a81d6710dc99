import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * deploy/grafana: the provisioned data sources, and the dashboards' queries — each one
 * refers to a provisioned data source and parses as PromQL (promtool checks them as rules).
 */
const root = join(__dirname, '../..');
const grafana = join(root, 'deploy/grafana');

interface Target {
  readonly expr?: string;
  readonly datasource?: { readonly uid?: string };
}
interface Panel {
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly uid?: string };
  readonly targets?: Target[];
  readonly panels?: Panel[];
}

const datasources = (parse(readFileSync(join(grafana, 'provisioning/datasources/datasources.yml'), 'utf8')) as {
  datasources: Array<{ uid: string; type: string; url: string }>;
}).datasources;
const dashboardFiles = readdirSync(join(grafana, 'dashboards')).filter((file) => file.endsWith('.json'));
const dashboards = dashboardFiles.map((file) => ({
  file,
  json: JSON.parse(readFileSync(join(grafana, 'dashboards', file), 'utf8')) as {
    uid: string;
    panels: Panel[];
    annotations?: { list: Array<{ expr?: string }> };
  },
}));
const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

/** Grafana's variables replaced by what they expand to, so promtool can parse the query. */
const concrete = (expr: string): string =>
  expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m').replace(/\$service/g, '.*');

describe('deploy/grafana', () => {
  it('provisions Prometheus and Jaeger, reachable by their compose service names', () => {
    expect(datasources.map(({ uid, type, url }) => ({ uid, type, host: new URL(url).host })).sort((a, b) => a.uid.localeCompare(b.uid))).toEqual([
      { uid: 'jaeger', type: 'jaeger', host: 'jaeger:16686' },
      { uid: 'prometheus', type: 'prometheus', host: 'prometheus:9090' },
    ]);
  });

  it('has dashboards whose every query names a provisioned data source', () => {
    expect(dashboards.map((d) => d.json.uid)).toContain('eshop-overview');
    const uids = datasources.map((d) => d.uid);
    for (const { file, json } of dashboards) {
      for (const panel of allPanels(json.panels).filter((p) => p.type !== 'row')) {
        const used = [panel.datasource?.uid, ...(panel.targets ?? []).map((t) => t.datasource?.uid)].filter(Boolean);
        expect({ file, panel: panel.title, unknown: used.filter((uid) => !uids.includes(String(uid))) }).toEqual({ file, panel: panel.title, unknown: [] });
        expect({ file, panel: panel.title, queries: (panel.targets ?? []).length > 0 }).toEqual({ file, panel: panel.title, queries: true });
      }
    }
  });

  it('shows request rate and latency, outbox backlog and age, consume outcomes, parked messages and circuit states', () => {
    const exprs = dashboards.flatMap(({ json }) => allPanels(json.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')));
    for (const needle of [
      'rate(http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_bucket',
      'eshop_outbox_pending_events',
      'eshop_outbox_oldest_pending_age_seconds',
      'eshop_bus_consumed_total',
      'outcome="park"',
      'eshop_upstream_circuit_state',
    ]) {
      expect({ needle, shown: exprs.some((expr) => expr.includes(needle)) }).toEqual({ needle, shown: true });
    }
  });

  it('has queries that parse as PromQL (`promtool check rules`)', () => {
    const exprs = dashboards.flatMap(({ json }) => [
      ...allPanels(json.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')),
      ...(json.annotations?.list ?? []).map((a) => a.expr ?? ''),
    ]).filter(Boolean);
    const dir = mkdtempSync(join(tmpdir(), 'grafana-promql-'));
    try {
      const rules = { groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr: concrete(expr) })) }] };
      writeFileSync(join(dir, 'rules.yml'), stringify(rules));
      const result = spawnSync('promtool', ['check', 'rules', 'rules.yml'], { cwd: dir, encoding: 'utf8' });
      if (result.error) throw new Error('promtool is not installed: `apt-get install -y prometheus` (CI: .ci/run installs it)');
      expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: expect.stringContaining(`SUCCESS: ${exprs.length} rules found`) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
