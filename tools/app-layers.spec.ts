import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintSnippets, type LintMessage, type Snippet } from './lint-snippets';

/**
 * The layer rule inside service apps (eslint-plugin-boundaries, see eslint.config.mjs) must
 * refuse what the matrix refuses and let through what it allows. Each case lints a snippet
 * as if it were a file at the given path. Imports point at files that exist (the rule
 * resolves them), picked at run time so that renames inside the apps do not break the test.
 */
const root = join(__dirname, '..');
const LAYER_RULE = 'boundaries/dependencies';
const UNKNOWN_FILE_RULE = 'boundaries/no-unknown-files';
const NX_RULE = '@nx/enforce-module-boundaries';


/** A module of `app` in `layer`, as an import path from a file one folder below src/. */
function moduleIn(app: string, layer: string): string {
  const file = readdirSync(join(root, 'apps', app, 'src', layer)).find(
    (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'),
  );
  if (!file) throw new Error(`no module in apps/${app}/src/${layer}`);
  return `../${layer}/${file.replace(/\.ts$/, '')}`;
}

/** A file directly under the app's src/ ending in `suffix`, as an import path from one folder below. */
function rootFileOf(app: string, suffix: string): string {
  const file = readdirSync(join(root, 'apps', app, 'src')).find((name) => name.endsWith(suffix));
  if (!file) throw new Error(`no *${suffix} in apps/${app}/src`);
  return `../${file.replace(/\.ts$/, '')}`;
}

const configOf = (app: string) => rootFileOf(app, '.config.ts');

/** Every app tagged type:app: the ones the rule must cover. */
function serviceApps(): string[] {
  return readdirSync(join(root, 'apps')).filter((app) => {
    try {
      const project = JSON.parse(readFileSync(join(root, 'apps', app, 'project.json'), 'utf8')) as { tags?: string[] };
      return project.tags?.includes('type:app') ?? false;
    } catch {
      return false;
    }
  });
}

// catalog-api has every layer, so the matrix is exercised there.
const APP = 'catalog-api';
const at = (layer: string, name = 'x.ts') => `apps/${APP}/src/${layer}/${name}`;
const importOf = (path: string) => `import * as m from '${path}';\nexport const x = m;\n`;

interface Case {
  readonly name: string;
  readonly snippet: Snippet;
  /** Patterns every one of which some message of `rule` must match; none = no message. */
  readonly refused?: readonly RegExp[];
  readonly rule?: string;
}

const refused = (name: string, filePath: string, imported: string, ...patterns: RegExp[]): Case => ({
  name,
  snippet: { filePath, code: importOf(imported) },
  refused: patterns,
});
const allowed = (name: string, filePath: string, imported: string): Case => ({
  name,
  snippet: { filePath, code: importOf(imported) },
});

const cases: Case[] = [
  refused('application → infrastructure', at('application'), moduleIn(APP, 'infrastructure'),
    /application\/ may import application\/, domain\/ of its own app only/, /is infrastructure of catalog-api/),
  refused('application → api', at('application'), moduleIn(APP, 'api'), /is api of catalog-api/),
  refused('application → integration-events', at('application'), moduleIn(APP, 'integration-events'),
    /is integration-events of catalog-api/),
  refused('application → config', at('application'), configOf(APP), /is config file of catalog-api/),
  refused('domain → application', at('domain'), moduleIn(APP, 'application'),
    /domain\/ may import domain\/ of its own app only/, /is application of catalog-api/),
  refused('domain → infrastructure', at('domain'), moduleIn(APP, 'infrastructure'), /is infrastructure of catalog-api/),
  refused('domain → api', at('domain'), moduleIn(APP, 'api'), /is api of catalog-api/),
  refused('domain → config', at('domain'), configOf(APP), /is config file of catalog-api/),
  refused('domain → root file', at('domain'), '../main', /is root file of catalog-api/),
  refused('api → infrastructure', at('api'), moduleIn(APP, 'infrastructure'),
    /api\/ may import api\/, application\/, domain\/, \*\.config\.ts of its own app only/, /is infrastructure of catalog-api/),
  refused('api → integration-events', at('api'), moduleIn(APP, 'integration-events'), /is integration-events of catalog-api/),
  refused('integration-events → api', at('integration-events'), moduleIn(APP, 'api'), /is api of catalog-api/),
  refused('integration-events → infrastructure', at('integration-events'), moduleIn(APP, 'infrastructure'),
    /is infrastructure of catalog-api/),
  refused('infrastructure → api', at('infrastructure'), moduleIn(APP, 'api'), /is api of catalog-api/),
  refused('infrastructure → root file', at('infrastructure'), rootFileOf(APP, '.module.ts'), /is root file of catalog-api/),
  refused('a spec follows its folder: domain spec → application', at('domain', 'x.spec.ts'), moduleIn(APP, 'application'),
    /is application of catalog-api/),
  refused('another app, even from test/', at('test'), moduleIn('basket-api', 'domain').replace('../', '../../../basket-api/src/'),
    /is domain of basket-api/),
  refused('a relative path into a library', at('infrastructure'), '../../../../libs/outbox/src/index',
    /is libs\/outbox\/src\/index\.ts, outside the layers of any service app/),
  refused('a path that resolves to nothing (fails closed)', at('api'), '../application/no-such-module',
    /is a path that resolves to no file/),
  {
    name: 'a type-only import counts',
    snippet: { filePath: at('application'), code: `import type * as m from '${moduleIn(APP, 'infrastructure')}';\nexport type X = typeof m;\n` },
    refused: [/is infrastructure of catalog-api/],
  },
  {
    name: 'a re-export counts',
    snippet: { filePath: at('application'), code: `export * from '${moduleIn(APP, 'infrastructure')}';\n` },
    refused: [/is infrastructure of catalog-api/],
  },
  allowed('application → domain', at('application'), moduleIn(APP, 'domain')),
  allowed('application → application', at('application'), moduleIn(APP, 'application')),
  allowed('infrastructure → application', at('infrastructure'), moduleIn(APP, 'application')),
  allowed('infrastructure → domain', at('infrastructure'), moduleIn(APP, 'domain')),
  allowed('infrastructure → config', at('infrastructure'), configOf(APP)),
  allowed('api → application', at('api'), moduleIn(APP, 'application')),
  allowed('api → config', at('api'), configOf(APP)),
  allowed('integration-events → domain', at('integration-events'), moduleIn(APP, 'domain')),
  allowed('test/ → infrastructure', at('test'), moduleIn(APP, 'infrastructure')),
  allowed('test/ → root file', at('test'), rootFileOf(APP, '.module.ts')),
  allowed('root file → infrastructure', `apps/${APP}/src/main.ts`, `./${moduleIn(APP, 'infrastructure').slice(3)}`),
  allowed('root file → integration-events', `apps/${APP}/src/${rootFileOf(APP, '.subscriptions.ts').slice(3)}.ts`,
    `./${moduleIn(APP, 'integration-events').slice(3)}`),
  allowed('libraries and packages are left to the Nx rule', at('domain'), '@eshop/contracts'),
  // Every service app is covered, not only the one above.
  ...serviceApps().map((app) =>
    refused(`${app}: domain → root file`, `apps/${app}/src/domain/x.ts`, '../main', new RegExp(`is root file of ${app}`)),
  ),
  {
    name: 'a file outside the layers (src/helpers/)',
    snippet: { filePath: `apps/${APP}/src/helpers/x.ts`, code: 'export const x = 1;\n' },
    refused: [/does not match any file pattern/],
    rule: UNKNOWN_FILE_RULE,
  },
  {
    name: 'a stray file at the root of src/',
    snippet: { filePath: `apps/${APP}/src/utils.ts`, code: 'export const x = 1;\n' },
    refused: [/does not match any file pattern/],
    rule: UNKNOWN_FILE_RULE,
  },
  {
    name: 'the Nx rule also refuses the relative path into a library',
    snippet: { filePath: at('infrastructure'), code: importOf('../../../../libs/outbox/src/index') },
    refused: [/Projects cannot be imported by a relative or absolute path/],
    rule: NX_RULE,
  },
];

let results: LintMessage[][] = [];

beforeAll(() => {
  results = lintSnippets(cases.map((c) => c.snippet));
}, 120_000);

describe('layers inside service apps', () => {
  it('covers the service apps', () => {
    expect(serviceApps()).toEqual(expect.arrayContaining(['api-gateway', 'basket-api', 'catalog-api', 'ordering-api', 'payment-api']));
  });

  it.each(cases.map((c, index) => [c.name, c, index] as const))('%s', (_name, c, index) => {
    const messages = (results[index] ?? []).filter((m) => m.ruleId === (c.rule ?? LAYER_RULE)).map((m) => m.message);
    if (!c.refused) {
      expect(messages).toEqual([]);
      return;
    }
    for (const pattern of c.refused) expect(messages.join('\n')).toMatch(pattern);
  });
});
