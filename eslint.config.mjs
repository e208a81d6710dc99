// Flat ESLint config. Two fences keep the architecture honest:
//
// 1. Between projects, the Nx module-boundary rule (type:* tags in every project.json):
//   - apps never import apps, libs never import apps (type:app is depended on by nobody;
//     Nx also refuses any import of an application project, and any relative import that
//     leaves the importing project);
//   - contracts and event-bus are plain TypeScript: no NestJS, amqplib, ORM or Redis client;
//   - bench/ (type:bench) measures through libraries only.
//   There are no scope:* tags. They used to say "a service scope may use its own scope and
//   shared libraries", but every library was scope:shared and apps cannot import apps, so
//   they forbade nothing type:* did not already forbid. Bring them back, for every project,
//   when a library first belongs to one service (then scope:<service> keeps the others out).
//
// 2. Inside each service app, the layers, enforced by eslint-plugin-boundaries (see below).
import { readdirSync, readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

const transportAndOrm = ['@nestjs/*', 'amqplib', 'amqp-connection-manager', 'typeorm', 'pg', 'ioredis', 'express', 'fastify'];
const libraries = ['type:contracts', 'type:core', 'type:infra'];

function moduleBoundaries({ tests }) {
  const t = (tags) => (tests ? [...tags, 'type:testing'] : tags);
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      // Nobody may depend on type:app, type:e2e or type:bench: they are the leaves.
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: t(libraries) },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [...libraries, 'type:testing'] },
      // Benches start real dependencies the way tests do, hence type:testing.
      { sourceTag: 'type:bench', onlyDependOnLibsWithTags: [...libraries, 'type:testing'] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [...libraries, 'type:testing'] },
      { sourceTag: 'type:infra', onlyDependOnLibsWithTags: t(libraries) },
      {
        sourceTag: 'type:core',
        onlyDependOnLibsWithTags: t(['type:contracts', 'type:core']),
        bannedExternalImports: transportAndOrm,
      },
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: t(['type:contracts']),
        bannedExternalImports: transportAndOrm,
      },
      // The storefront runs in a browser: of the libraries only the contracts (plain zod),
      // which its tests compare the checkout checks with; no server packages. Node's own
      // modules are kept out of its code by its tsconfig (no Node types).
      { sourceTag: 'type:webapp', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: transportAndOrm },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Layers inside a service app: apps/<app>/src/{domain,application,infrastructure,api,
// integration-events,test}/ plus the root files. A file may import (same app only):
//
//   importer \ imported   domain  application  infrastructure  api  integration-events  test  config  root
//   domain/                  x
//   application/             x         x
//   infrastructure/          x         x              x                                          x
//   api/                     x         x                        x                                x
//   integration-events/      x         x                                     x                   x
//   test/                    x         x              x         x            x            x      x      x
//   config (*.config.ts)                                                                         x
//   root files               x         x              x         x            x            x      x      x
//   (root files: main.ts, <app>.module.ts, <app>.subscriptions.ts, i.e. the composition root;
//   config: <app>.config.ts)
//
// - application defines the ports it needs (*.port.ts); infrastructure implements them, so
//   nothing inward ever names an adapter. The root files compose the two.
// - config is the app's typed, validated environment: adapters read it, the domain and the
//   use cases get plain values injected instead.
// - A *.spec.ts follows the rule of the folder it sits in: a unit test of the domain needs
//   only the domain; an application test uses fakes of its ports, not the real adapters.
//   Anything wider is an integration test and goes to test/.
// - Type-only imports count: an application that names an infrastructure type still knows it.
// - Imports of another app, or of anything local outside these layers (e.g. a relative path
//   into libs/), are refused here too; libraries (@eshop/*) and npm packages are left to
//   the Nx rule. A file under src/ that belongs to no layer and is no root file is reported
//   (boundaries/no-unknown-files), so the layout cannot drift.
//
// Which apps: every apps/*/project.json tagged type:app (read below), so a new service gets
// the rule by being tagged. e2e projects (type:e2e) have their own layout and are left out.
const APP_LAYERS = ['domain', 'application', 'infrastructure', 'api', 'integration-events', 'test'];

const LAYER_IMPORTS = {
  domain: { layers: ['domain'], files: [] },
  application: { layers: ['application', 'domain'], files: [] },
  infrastructure: { layers: ['infrastructure', 'application', 'domain'], files: ['config'] },
  api: { layers: ['api', 'application', 'domain'], files: ['config'] },
  'integration-events': { layers: ['integration-events', 'application', 'domain'], files: ['config'] },
  test: { layers: APP_LAYERS, files: ['config', 'root'] },
};

const ROOT_FILE_IMPORTS = {
  root: { layers: APP_LAYERS, files: ['config', 'root'] },
  config: { layers: [], files: ['config'] },
};

function layeredApps() {
  const apps = new URL('./apps/', import.meta.url);
  return readdirSync(apps, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((app) => {
      let project;
      try {
        project = JSON.parse(readFileSync(new URL(`${app}/project.json`, apps), 'utf8'));
      } catch {
        return false; // not an Nx project (yet)
      }
      return Array.isArray(project.tags) && project.tags.includes('type:app');
    });
}

/** What the importer may reach; `app` is a template for its own app's name. */
function sameAppTargets({ layers, files }, app) {
  return [
    ...(layers.length > 0 ? [{ element: { type: layers, captured: { app } } }] : []),
    ...(files.length > 0 ? [{ file: { categories: files, captured: { app } } }] : []),
  ];
}

const describeTarget =
  '{{#if to.type}}{{to.type}} of {{to.element.captured.app}}' +
  '{{else if to.file.categories}}{{to.file.categories.[0]}} file of {{to.file.captured.app}}' +
  '{{else if to.file.path}}{{to.file.path}}, outside the layers of any service app' +
  '{{else}}a path that resolves to no file{{/if}}';

function allowedList({ layers, files }) {
  if (layers.length === APP_LAYERS.length && files.includes('config') && files.includes('root')) return 'anything';
  const names = [
    ...layers.map((layer) => `${layer}/`),
    ...files.map((file) => (file === 'root' ? 'the root files' : '*.config.ts')),
  ];
  return names.length > 0 ? names.join(', ') : 'nothing local';
}

/**
 * Two policies per importer: refuse everything (carrying the message), then allow the
 * matrix row. The plugin lets the last matching policy decide, so an allowed import passes
 * and a refused one reports the row it broke.
 */
function layerPolicies(from, app, imports, name) {
  return [
    {
      from,
      disallow: { dependency: { kind: '*' } },
      message:
        `Layering: ${name} may import ${allowedList(imports)} of its own app only; ` +
        `"{{dependency.source}}" is ${describeTarget}.`,
    },
    { from, allow: { to: sameAppTargets(imports, app) } },
  ];
}

const layerRules = [
  ...Object.entries(LAYER_IMPORTS).flatMap(([layer, imports]) =>
    layerPolicies({ element: { type: layer } }, '{{from.element.captured.app}}', imports, `${layer}/`),
  ),
  ...Object.entries(ROOT_FILE_IMPORTS).flatMap(([category, imports]) =>
    layerPolicies(
      { file: { categories: category } },
      '{{from.file.captured.app}}',
      imports,
      category === 'root' ? 'a root file' : 'the config file',
    ),
  ),
];

const appLayers = {
  files: layeredApps().map((app) => `apps/${app}/src/**/*.ts`),
  plugins: { boundaries },
  settings: {
    // The plugin resolves each import with eslint-module-utils: the node resolver, taught
    // TypeScript's extensions, finds relative imports. @eshop/* aliases stay unresolved and
    // count as external, i.e. not governed here (a resolver that followed tsconfig paths
    // would turn them into unknown local files and this rule would refuse them). A relative
    // import that resolves to no file is refused as well: it cannot be checked, so the rule
    // fails closed (TypeScript reports it too).
    'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } },
    'boundaries/legacy-templates': false,
    // Re-exports and lazy imports cross layers as much as imports do.
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
    // Whole folders, matched from the workspace root; `app` is captured to keep imports
    // inside one app.
    'boundaries/elements': APP_LAYERS.map((layer) => ({
      type: layer,
      pattern: `apps/*/src/${layer}`,
      capture: ['app'],
      partialMatch: false,
    })),
    // Single files directly under src/ (the plugin classifies files by category).
    'boundaries/files': [
      { category: 'config', pattern: 'apps/*/src/*.config{,.spec}.ts', capture: ['app'] },
      {
        category: 'root',
        pattern: 'apps/*/src/{main,instrument,*.module,*.subscriptions}{,.spec}.ts',
        capture: ['app'],
      },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      { default: 'disallow', checkUnknownLocals: true, policies: layerRules },
    ],
    'boundaries/no-unknown-files': 'error',
  },
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'coverage/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    // With decorator metadata on, type-only imports of injected classes would break Nest DI:
    // these options make consistent-type-imports leave such imports alone.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ tests: false })],
    },
  },
  {
    // Tests (and only tests, with their fixtures under src/test/) may also use the testing
    // helpers, tagged type:testing.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/src/test/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ tests: true })],
    },
  },
  appLayers,
  // The storefront (apps/webapp, React): the TypeScript rules above for .tsx too, and the
  // rules of hooks (including the React Compiler's checks in the plugin's recommended set).
  {
    files: ['apps/webapp/**/*.ts', 'apps/webapp/**/*.tsx'],
    plugins: { '@nx': nx, ...reactHooks.configs.flat.recommended.plugins },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ tests: false })],
    },
  },
);
