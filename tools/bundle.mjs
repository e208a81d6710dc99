// Bundles a TypeScript entry point (and the workspace libraries it imports through the
// tsconfig path aliases) into one CommonJS file. npm packages stay external and load from
// node_modules. esbuild resolves and bundles; swc transpiles, because NestJS needs
// `emitDecoratorMetadata`, which esbuild does not implement.
import { build } from 'esbuild';
import { transformFile } from '@swc/core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const swcrc = JSON.parse(readFileSync(join(workspaceRoot, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
const aliases = Object.keys(compilerOptions.paths);

const swcPlugin = {
  name: 'swc-decorators',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const { code, map } = await transformFile(args.path, {
        ...swcrc,
        $schema: undefined,
        module: { type: 'es6' },
        sourceMaps: true,
        swcrc: false,
      });
      const inline = Buffer.from(map ?? '').toString('base64');
      return { contents: `${code}\n//# sourceMappingURL=data:application/json;base64,${inline}`, loader: 'js' };
    });
  },
};

// Bare imports are external, except the workspace's own path aliases.
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (aliases.includes(args.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

export async function bundle(entry, outfile) {
  await build({
    entryPoints: [join(workspaceRoot, entry)],
    outfile: join(workspaceRoot, outfile),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    plugins: [externalPackages, swcPlugin],
    logLevel: 'warning',
  });
}
