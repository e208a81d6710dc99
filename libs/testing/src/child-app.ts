import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for';

export interface ChildApp {
  readonly process: ChildProcess;
  /** Everything the child printed so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a built app (`dist/apps/<app>/main.js`) or any node script as a child process,
 * with `env` on top of the current environment. Use it for kill/restart tests. `nodeArgs`
 * go to node itself, before the script (V8 flags, `--cpu-prof`: benches).
 */
export function startChild(script: string, env: Record<string, string>, args: readonly string[] = [], nodeArgs: readonly string[] = []): ChildApp {
  let output = '';
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `url` answers 200 (e.g. an app's `/health/ready`). */
export async function waitForHttpOk(url: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await fetch(url)).status === 200, `${url} to answer 200`, timeoutMs, 100);
}

/**
 * Waits until the child's `url` answers 200, and fails as soon as the child exits instead
 * (a crash at start-up is reported at once, with the reason, not after `timeoutMs`).
 */
export async function waitForChildReady(child: ChildApp, url: string, timeoutMs = 20_000): Promise<void> {
  const processExit = (): string | undefined => {
    const { exitCode, signalCode } = child.process;
    if (signalCode !== null) return `signal ${signalCode}`;
    return exitCode === null ? undefined : `code ${exitCode}`;
  };
  let exit = processExit();
  const onExit = () => (exit = processExit() ?? 'unknown');
  child.process.once('exit', onExit);
  try {
    const outcome = await waitFor(
      async () => (exit !== undefined ? 'exited' : (await fetch(url)).status === 200 ? 'ready' : undefined),
      `${url} to answer 200`,
      timeoutMs,
      100,
    );
    if (outcome === 'exited') throw new Error(`the process exited (${exit}) before ${url} answered 200`);
  } finally {
    child.process.off('exit', onExit);
  }
}
