import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Run from the workspace root (`npm run build:webapp`, `npm run test:webapp`): the app's own
// folder is the Vite root, the output goes where the gateway serves it from.
const appRoot = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = resolve(appRoot, '../..');
const gateway = process.env['GATEWAY_URL'] ?? 'http://localhost:8080';

/** Text assets worth compressing (source maps are for developers, pictures are already compressed). */
const COMPRESSIBLE = /\.(js|css|svg|json|txt)$/;

/**
 * A `.br` and a `.gz` beside each text asset of at least 1 KiB, written once at build time:
 * the gateway serves them to browsers that accept them (@fastify/static `preCompressed`),
 * so no request pays for compression and the files are compressed at the highest levels.
 */
function precompress(): Plugin {
  return {
    name: 'eshop-precompress',
    apply: 'build',
    writeBundle(options) {
      const assets = join(options.dir ?? '', 'assets');
      for (const name of readdirSync(assets).filter((file) => COMPRESSIBLE.test(file))) {
        const file = join(assets, name);
        const content = readFileSync(file);
        if (content.length < 1_024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}

export default defineConfig({
  root: appRoot,
  plugins: [react(), precompress()],
  build: {
    outDir: resolve(workspaceRoot, 'dist/apps/webapp'),
    emptyOutDir: true,
    // The gateway's CSP allows scripts from 'self' only: no module-preload polyfill inlined,
    // no asset turned into a data: script. (Fonts and pictures are not files here: SVG in JSX.)
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  // `vite` in dev: the same origin for the app and its APIs, as behind the gateway.
  server: {
    proxy: { '/api': gateway, '/auth': gateway, '/health': gateway },
  },
  resolve: {
    // Only the tests reach the contracts library (to compare the checkout checks with its
    // rules); the storefront's bundle does not import it.
    alias: { '@eshop/contracts': resolve(workspaceRoot, 'libs/contracts/src/index.ts') },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // The machine is shared: generous, but a hung test still fails.
    testTimeout: 30_000,
    pool: 'threads',
  },
});
