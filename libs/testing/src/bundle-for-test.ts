import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
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

/** A TCP port nobody listens on right now (for an app that must know its port up front). */
export async function freePort(): Promise<number> {
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
