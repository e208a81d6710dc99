// `npm run build`: compiles every app (apps/<app>/src/main.ts) to dist/apps/<app>/main.js.
// `npm run build -- catalog-api basket-api` builds only those.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, workspaceRoot } from './bundle.mjs';

const requested = process.argv.slice(2);
const apps = readdirSync(join(workspaceRoot, 'apps')).filter(
  (app) =>
    existsSync(join(workspaceRoot, 'apps', app, 'src', 'main.ts')) &&
    (requested.length === 0 || requested.includes(app)),
);
const started = Date.now();
await Promise.all(apps.map((app) => bundle(`apps/${app}/src/main.ts`, `dist/apps/${app}/main.js`)));
console.log(`built ${apps.length} app(s) in ${Date.now() - started} ms: ${apps.join(', ') || '(none)'}`);
