// Runs a TypeScript script of the workspace (benchmarks, scripts): bundles it with the
// same pipeline as the apps into dist/tools/, then executes it with the remaining args.
import { spawn } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { bundle, workspaceRoot } from './bundle.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/run-ts.mjs <file.ts> [args…]');
  process.exit(2);
}
// Named after the entry's whole path (tools/launcher/main.ts → dist/tools/tools-launcher-main.js):
// two scripts called main.ts never share a bundle, and every bundle sits two levels below the
// workspace root, where the scripts' `__dirname`-relative paths expect it.
const outfile = join('dist', 'tools', relative(workspaceRoot, resolve(entry)).replace(/\.ts$/, '.js').replaceAll('/', '-'));
await bundle(entry, outfile);
// esbuild keeps a service process; end it now rather than leaving it beside the script.
stopEsbuild();
const child = spawn(process.execPath, ['--enable-source-maps', join(workspaceRoot, outfile), ...args], {
  stdio: 'inherit',
});
// Pass Ctrl-C and termination on to the script, which decides how to stop.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
