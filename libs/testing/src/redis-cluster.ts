import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/** A port that is free, and whose cluster bus port (port + 10000) is free too. */
async function freeClusterPort(taken: ReadonlySet<number>): Promise<number> {
  const listenable = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 35_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await listenable(port)) && (await listenable(port + 10_000))) return port;
  }
}

/**
 * A Redis Cluster of this test run alone: `size` masters (no replicas) on free loopback
 * ports, with their cluster config in a temp dir and no persistence, joined by
 * `redis-cli --cluster create`. The shared Redis (6379) is never touched. `stop` kills the
 * nodes and removes the dir; a process that exits without `stop` kills them too.
 */
export class RedisCluster {
  private readonly killOnExit = () => this.kill();

  private constructor(
    readonly ports: readonly number[],
    private readonly dir: string,
    private readonly servers: readonly ChildProcess[],
  ) {
    process.once('exit', this.killOnExit);
  }

  /** `host:port,…`: what `REDIS_CLUSTER_NODES` takes. */
  get nodes(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  static async start(size = 3): Promise<RedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'redis-cluster-'));
    const ports: number[] = [];
    for (let i = 0; i < size; i += 1) ports.push(await freeClusterPort(new Set(ports)));
    const servers = ports.map((port) =>
      spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file',
          join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      ),
    );
    const cluster = new RedisCluster(ports, dir, servers);
    try {
      for (const port of ports) {
        await waitFor(async () => (await cli(port, 'ping')) === 'PONG', `redis node ${port}`, 20_000);
      }
      await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
      for (const port of ports) {
        await waitFor(async () => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'), `cluster state ok on ${port}`, 30_000);
      }
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) return resolve();
            server.once('exit', () => resolve());
            server.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous: also runs from `process.on('exit')`. */
  private kill(): void {
    for (const server of this.servers) server.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
    return stdout.trim();
  } catch {
    return '';
  }
}
