import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { freePort, waitFor, workspaceRoot } from '@eshop/testing';

const run = promisify(execFile);

/** One app's metrics port, scraped as job `eshop` with the label `app` (as deploy/prometheus does). */
export interface ScrapeTarget {
  readonly app: string;
  readonly port: number;
}

export interface PrometheusSample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
}

interface RuleFile {
  groups: Array<{ name: string; rules: Array<Record<string, unknown>> }>;
}

/**
 * deploy/prometheus/alerts.yml with every `for:` set to `forDuration`: the same expressions
 * and thresholds, only the time an alert must hold before it fires is cut to fit a test.
 * The real file stays as it is (its own promtool unit tests are in tools/observability-checks).
 */
export async function testAlertRules(forDuration: string): Promise<string> {
  const rules = parse(await readFile(join(workspaceRoot, 'deploy/prometheus/alerts.yml'), 'utf8')) as RuleFile;
  for (const group of rules.groups) {
    for (const rule of group.rules) if (rule['alert'] && rule['for']) rule['for'] = forDuration;
  }
  return stringify(rules);
}

/**
 * Debian's Prometheus (/usr/bin/prometheus) on a free port with a temp config and data dir:
 * scraping `targets` every second, evaluating `rules` every second. Config and rules are
 * checked with promtool before it starts.
 */
export class TestPrometheus {
  private constructor(
    readonly url: string,
    private readonly dir: string,
    private readonly server: ChildProcess,
    private readonly output: () => string,
  ) {}

  static async start(targets: readonly ScrapeTarget[], rules: string): Promise<TestPrometheus> {
    const dir = await mkdtemp(join(tmpdir(), 'test-prometheus-'));
    const config = join(dir, 'prometheus.yml');
    await writeFile(join(dir, 'alerts.yml'), rules);
    await writeFile(config, stringify(scrapeConfig(targets, join(dir, 'alerts.yml'))));
    await run('promtool', ['check', 'rules', join(dir, 'alerts.yml')]);
    await run('promtool', ['check', 'config', config]);
    const port = await freePort();
    const server = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const prometheus = new TestPrometheus(`http://127.0.0.1:${port}`, dir, server, () => output);
    try {
      await waitFor(async () => (await fetch(`${prometheus.url}/-/ready`)).ok, 'prometheus to be ready', 60_000, 200);
    } catch (error) {
      await prometheus.stop();
      throw new Error(`${(error as Error).message}\n${output.slice(-2_000)}`);
    }
    return prometheus;
  }

  /** An instant query: one sample per series. */
  async query(expr: string): Promise<PrometheusSample[]> {
    const body = await this.get<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
      `/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    return body.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
  }

  /** The value of a query that yields one series, or undefined when it yields none. */
  async scalar(expr: string): Promise<number | undefined> {
    return (await this.query(expr))[0]?.value;
  }

  /** Alerts pending or firing now. */
  async alerts(): Promise<PrometheusAlert[]> {
    return (await this.get<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts;
  }

  async firing(alertname: string, service: string): Promise<boolean> {
    const alerts = await this.alerts();
    return alerts.some((a) => a.state === 'firing' && a.labels['alertname'] === alertname && a.labels['service'] === service);
  }

  /** The last lines Prometheus printed (for a failure message). */
  log(): string {
    return this.output().slice(-2_000);
  }

  async stop(): Promise<void> {
    if (this.server.exitCode === null && this.server.signalCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      this.server.kill('SIGTERM');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  }
}

function scrapeConfig(targets: readonly ScrapeTarget[], rulesFile: string): Record<string, unknown> {
  return {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [rulesFile],
    scrape_configs: [
      {
        job_name: 'eshop',
        static_configs: targets.map(({ app, port }) => ({ targets: [`127.0.0.1:${port}`], labels: { app } })),
      },
    ],
  };
}
