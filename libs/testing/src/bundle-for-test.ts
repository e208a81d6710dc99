import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository root (this file is libs/testing/src/). */
export const workspaceRoot = join(__dirname, '../../..');

/**
 * Bundles an entry point the way `npm run build` bundles apps (esbuild + swc, tsconfig
 * aliases) into a per-run file under dist/test/: parallel runs, and engineers rebuilding
 * dist/apps/ meanwhile, never share the file a test is running.
 */
export function bundleForTest(entry: string): { file: string; remove: () => void } {
  const name = entry.replace(/\/src\/main\.ts$/, '').split('/').pop()?.replace(/\.ts$/, '') ?? 'entry';
  const outfile = join('dist', 'test', `${randomBytes(5).toString('hex')}-${name}.js`);
  const script = `import { bundle } from './tools/bundle.mjs'; await bundle(${JSON.stringify(entry)}, ${JSON.stringify(outfile)});`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: workspaceRoot, stdio: 'inherit' });
  const file = join(workspaceRoot, outfile);
  return {
    file,
    remove: () => {
      rmSync(file, { force: true });
      rmSync(`${file}.map`, { force: true });
    },
  };
}

/**
 * A TCP port nobody listens on right now, for an app that must know its port before it
 * starts. Chosen at random below the kernel's ephemeral range (Linux: 32768–60999 unless
 * configured otherwise), where port-0 listeners and outgoing connections get their ports: a
 * port found free here cannot be handed to another test's server or client by the kernel
 * before the app binds it, as a port the kernel chose could be (a system test once failed on
 * EADDRINUSE that way). Only another caller of this function could pick the same one, out of
 * thousands. Without a readable range, the kernel's choice as before.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  if (below === undefined || below <= FIRST_CHOSEN_PORT + 1_000) return kernelChosenPort();
  for (let tries = 0; tries < 200; tries++) {
    const port = FIRST_CHOSEN_PORT + Math.floor(Math.random() * (below - FIRST_CHOSEN_PORT));
    if (await listenable(port)) return port;
  }
  return kernelChosenPort();
}

/** Well above the services a machine runs (Postgres, Redis, RabbitMQ, …), which a bind check skips anyway. */
const FIRST_CHOSEN_PORT = 20_000;

/** The first port of the kernel's ephemeral range, when the system says. */
export function ephemeralRangeStart(): number | undefined {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = Number(start);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a server can listen on `port` on every interface now (a loopback or any-address listener fails it). */
function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

async function kernelChosenPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** `npm run build -- <apps…>`: bundles the apps to dist/apps/<app>/main.js for child-process tests. */
export function buildApps(...apps: string[]): void {
  execFileSync(process.execPath, ['tools/build.mjs', ...apps], { cwd: workspaceRoot, stdio: 'ignore' });
}
