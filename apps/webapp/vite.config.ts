import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Run from the workspace root (`npm run build:webapp`, `npm run test:webapp`): the app's own
// folder is the Vite root, the output goes where the gateway serves it from.
const appRoot = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = resolve(appRoot, '../..');
const gateway = process.env['GATEWAY_URL'] ?? 'http://localhost:8080';

export default defineConfig({
  root: appRoot,
  plugins: [react()],
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
