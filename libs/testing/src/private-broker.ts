import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { freePort } from './bundle-for-test';
import { uniqueName } from './env';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/**
 * Where the RabbitMQ scripts live. Debian's /usr/sbin/rabbitmq-* wrappers switch to the
 * `rabbitmq` user when run as root and drop the environment this node is configured by, so
 * the real scripts are called (RABBITMQ_SCRIPTS_DIR overrides).
 */
const SCRIPTS_DIR = process.env['RABBITMQ_SCRIPTS_DIR'] ?? '/usr/lib/rabbitmq/bin';

export interface PrivateBrokerOptions {
  /** How long the node may take to accept AMQP connections (start and `startApp`). */
  readonly startTimeoutMs?: number;
}

/**
 * A RabbitMQ node of this test alone: its own node name, AMQP and distribution ports, data,
 * logs, Erlang cookie, config (AMQP on 127.0.0.1 only, no plugins, so no management
 * listener), all under a temp dir. It registers with the machine's shared epmd like any node.
 * A test may stop and start it at will; the shared broker (5672) is never touched.
 */
export class PrivateBroker {
  private exited = false;
  private readonly killOnExit = () => this.kill();

  private constructor(
    readonly node: string,
    readonly port: number,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly server: ChildProcess,
    private readonly startTimeoutMs: number,
  ) {
    server.once('exit', () => (this.exited = true));
    process.once('exit', this.killOnExit);
  }

  /** Starts a node and waits until it accepts AMQP connections. */
  static async start(options: PrivateBrokerOptions = {}): Promise<PrivateBroker> {
    if (!existsSync(join(SCRIPTS_DIR, 'rabbitmq-server'))) {
      throw new Error(`no RabbitMQ scripts in ${SCRIPTS_DIR} (set RABBITMQ_SCRIPTS_DIR)`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'private-broker-'));
    const port = await freePort();
    let distPort = await freePort();
    while (distPort === port) distPort = await freePort();
    const node = `${uniqueName('broker')}@localhost`;
    const env = await writeNodeFiles(dir, node, port, distPort);
    const server = spawn(join(SCRIPTS_DIR, 'rabbitmq-server'), [], {
      cwd: dir,
      env,
      detached: true, // its own process group: `kill` reaches the shell, erl and beam together
      stdio: 'ignore',
    });
    const broker = new PrivateBroker(node, port, dir, env, server, options.startTimeoutMs ?? 120_000);
    try {
      await broker.waitUntilServing();
    } catch (error) {
      const log = await broker.log();
      await broker.destroy();
      throw new Error(`${(error as Error).message}\n${log}`);
    }
    return broker;
  }

  /** `amqp://guest:guest@127.0.0.1:<port>`: guest may log in over loopback. */
  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** `rabbitmqctl -n <node> stop_app`: the broker goes away (connections closed, port shut), the node stays. */
  async stopApp(): Promise<void> {
    await this.ctl('stop_app');
  }

  /** `rabbitmqctl -n <node> start_app`, then waits until AMQP connections are accepted again. */
  async startApp(): Promise<void> {
    await this.ctl('start_app');
    await this.waitUntilServing();
  }

  /** Runs `rabbitmqctl -n <node> …args` against this node; resolves with its output. */
  async ctl(...args: string[]): Promise<string> {
    const { stdout } = await run(join(SCRIPTS_DIR, 'rabbitmqctl'), ['-n', this.node, ...args], {
      cwd: this.dir,
      env: this.env,
      timeout: 120_000,
    });
    return stdout;
  }

  /** Stops the node (`rabbitmqctl stop`, or a kill if it will not), and removes its files. */
  async destroy(): Promise<void> {
    if (!this.exited) {
      await this.ctl('stop').catch(() => this.kill());
      await waitFor(() => this.exited, `${this.node} to exit`, 30_000, 100).catch(() => this.kill());
    }
    process.removeListener('exit', this.killOnExit);
    await rm(this.dir, { recursive: true, force: true });
  }

  private kill(): void {
    if (this.exited || this.server.pid === undefined) return;
    try {
      process.kill(-this.server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private async waitUntilServing(): Promise<void> {
    await waitFor(
      async () => {
        if (this.exited) throw new Error(`${this.node} exited while starting`);
        const connection = await connect(this.url);
        await connection.close();
        return true;
      },
      `${this.node} to accept AMQP connections on ${this.port}`,
      this.startTimeoutMs,
      250,
    ).catch((error: Error) => {
      if (this.exited) throw new Error(`${this.node} exited while starting`);
      throw error;
    });
  }

  private async log(): Promise<string> {
    const file = join(this.dir, 'log', `${this.node}.log`);
    return (await readFile(file, 'utf8').catch(() => '(no log)')).slice(-3_000);
  }
}

/** Config, plugins, env file and a random Erlang cookie in `dir`; returns the node's environment. */
async function writeNodeFiles(dir: string, node: string, port: number, distPort: number): Promise<NodeJS.ProcessEnv> {
  await writeFile(join(dir, 'rabbitmq.conf'), `listeners.tcp.1 = 127.0.0.1:${port}\n`);
  await writeFile(join(dir, 'enabled_plugins'), '[].\n');
  // An empty env file, so /etc/rabbitmq/rabbitmq-env.conf (the shared node's) is not read.
  await writeFile(join(dir, 'rabbitmq-env.conf'), '');
  // Its own cookie: HOME is the dir, where erl and rabbitmqctl look for it.
  const cookie = join(dir, '.erlang.cookie');
  await writeFile(cookie, randomBytes(16).toString('hex').toUpperCase());
  await chmod(cookie, 0o400);
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
}
