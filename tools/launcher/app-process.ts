import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const COLORS = [36, 33, 35, 32, 34, 31];

export interface Supervised {
  readonly name: string;
  stop(timeoutMs: number): Promise<void>;
}

export interface SuperviseOptions {
  readonly name: string;
  readonly script: string;
  readonly env: NodeJS.ProcessEnv;
  readonly colorIndex: number;
  readonly write: (line: string) => void;
  /** Called when the app exits without being asked to. */
  readonly onUnexpectedExit: (name: string, code: number | null, signal: string | null) => void;
}

/** Runs one app, prefixing every line it prints with its name, and reports a crash. */
export function supervise(options: SuperviseOptions): Supervised {
  const color = COLORS[options.colorIndex % COLORS.length] ?? 36;
  const prefix = `\u001b[${color}m${options.name.padEnd(13)}\u001b[0m| `;
  let stopping = false;
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', options.script], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => options.write(prefix + line));
  }
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping) options.onUnexpectedExit(options.name, code, signal);
      resolve();
    }),
  );
  return {
    name: options.name,
    async stop(timeoutMs) {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
