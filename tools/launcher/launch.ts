import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { supervise, type Supervised } from './app-process';
import { databasesOf, type LaunchConfig } from './launcher.config';
import { ensureDatabases, missingServices } from './preflight';

export interface Launched {
  readonly apps: readonly Supervised[];
  /** Stops every app (SIGTERM, then SIGKILL after the timeout) and resolves when all exited. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  readonly root: string;
  readonly write: (line: string) => void;
  readonly readyTimeoutMs?: number;
}

export class PreflightError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * `npm start` without the signal handling: checks the local services, creates the
 * databases, starts every built app with static discovery, waits until each
 * answers `/health/ready`, and reports an app that dies.
 */
export async function launch(config: LaunchConfig, options: LaunchOptions): Promise<Launched> {
  const problems = await missingServices(config);
  if (problems.length > 0) throw new PreflightError(problems);
  const created = await ensureDatabases(config.postgresUrl, databasesOf(config));
  if (created.length > 0) options.write(`created database(s): ${created.join(', ')}`);

  const apps: Supervised[] = [];
  config.apps.forEach((app, index) => {
    const script = join(options.root, 'dist', 'apps', app.name, 'main.js');
    if (!existsSync(script)) {
      options.write(`${app.name}: ${script} is missing (run npm run build); not started`);
      return;
    }
    apps.push(
      supervise({
        name: app.name,
        script,
        colorIndex: index,
        write: options.write,
        env: {
          ...process.env,
          PORT: String(app.port),
          RABBITMQ_URL: config.rabbitmqUrl,
          // Every app verifies tokens against identity-api's JWKS; identity-api names itself by the issuer.
          IDENTITY_URL: config.identity.url,
          IDENTITY_ISSUER: config.identity.issuer,
          DISCOVERY: 'static',
          // Lets a test (or a second local system) use its own queues on a shared broker.
          ...(process.env['EVENT_BUS_QUEUE_PREFIX']
            ? { EVENT_BUS_QUEUE: `${process.env['EVENT_BUS_QUEUE_PREFIX']}${app.name}` }
            : {}),
          ...app.env,
        },
        onUnexpectedExit: (name, code, signal) =>
          options.write(`!! ${name} exited unexpectedly (code ${code ?? '-'}, signal ${signal ?? '-'}); it is DOWN`),
      }),
    );
  });
  const launched: Launched = {
    apps,
    stop: async () => {
      await Promise.all(apps.map((app) => app.stop(10_000)));
    },
  };
  try {
    // Generous: six apps start at once, and on a busy machine (a test run beside it) a minute is not always enough.
    await waitUntilReady(config, apps, options.readyTimeoutMs ?? 180_000);
  } catch (error) {
    await launched.stop();
    throw error;
  }
  return launched;
}

async function waitUntilReady(config: LaunchConfig, apps: readonly Supervised[], timeoutMs: number) {
  const started = new Set(apps.map((app) => app.name));
  const pending = config.apps.filter((app) => started.has(app.name));
  const deadline = Date.now() + timeoutMs;
  while (pending.length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`not ready after ${timeoutMs} ms: ${pending.map((a) => a.name).join(', ')}`);
    }
    for (const app of [...pending]) {
      const ok = await fetch(`http://127.0.0.1:${app.port}/health/ready`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) pending.splice(pending.indexOf(app), 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
