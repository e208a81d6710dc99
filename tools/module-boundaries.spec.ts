import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The Nx module-boundary rule must actually forbid something. Each case lints a snippet as
 * if it were a file of the named project and expects the rule to fire (or not).
 * (The layers inside each app are a second rule: tools/app-layers.spec.ts.)
 */
const root = join(__dirname, '..');
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

interface Snippet {
  readonly filePath: string;
  readonly code: string;
}

interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}

/**
 * Lints all snippets in one child process through ESLint's API: its flat config is ESM,
 * which jest's VM cannot load, and one process per snippet would cost seconds each.
 */
function lintSnippets(snippets: readonly Snippet[]): LintMessage[][] {
  const script = `
    import { readFileSync } from 'node:fs';
    import { ESLint } from 'eslint';
    const snippets = JSON.parse(readFileSync(0, 'utf8'));
    const eslint = new ESLint({ cwd: process.cwd() });
    const results = [];
    for (const { filePath, code } of snippets) {
      const [result] = await eslint.lintText(code, { filePath });
      results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const env = { ...process.env, NX_DAEMON: 'false' };
  // The rule reads the cached project graph; compute it as `npm run lint` does.
  execFileSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, env, stdio: 'ignore' });
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env,
    input: JSON.stringify(snippets.map(({ filePath, code }) => ({ filePath: join(root, filePath), code }))),
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.toString()) as LintMessage[][];
}

const RELATIVE_IMPORT = /Projects cannot be imported by a relative or absolute path/;

/** [file, code, expected message, or null when the rule must stay silent] */
const cases: ReadonlyArray<readonly [string, string, RegExp | null]> = [
  ['libs/contracts/src/x.ts', "import { connect } from 'amqplib'; export const c = connect;", /not allowed to import "amqplib"/],
  ['libs/event-bus/src/x.ts', "import { Injectable } from '@nestjs/common'; export const i = Injectable;", /not allowed to import "@nestjs\/common"/],
  ['libs/event-bus/src/x.ts', "import { Repository } from 'typeorm'; export const r = Repository;", /not allowed to import "typeorm"/],
  ['libs/contracts/src/x.ts', "import { InMemoryEventBus } from '@eshop/event-bus'; export const b = InMemoryEventBus;", /type:contracts.*can only depend on libs tagged with "type:contracts"/s],
  ['libs/auth/src/x.ts', "import { waitFor } from '@eshop/testing'; export const w = waitFor;", /can only depend on libs tagged with/],
  // An app reaching into another project by path: another app, a library's insides.
  ['apps/basket-api/src/x.ts', "import * as catalog from '../../catalog-api/src/main'; export const c = catalog;", RELATIVE_IMPORT],
  ['apps/basket-api/src/infrastructure/x.ts', "import * as o from '../../../../libs/outbox/src/index'; export const x = o;", RELATIVE_IMPORT],
  ['apps/catalog-api/src/test/x.ts', "import * as o from '../../../../libs/outbox/src/lib/outbox-relay'; export const x = o;", RELATIVE_IMPORT],
  // bench/ is a project too: it measures through libraries, never an app's files.
  ['bench/x.ts', "import * as b from '../apps/basket-api/src/main'; export const x = b;", RELATIVE_IMPORT],
  ['bench/x.ts', "import * as o from '../libs/outbox/src/index'; export const x = o;", RELATIVE_IMPORT],
  // Allowed by the layering of tags.
  ['libs/event-bus-rabbitmq/src/x.ts', "import { connect } from 'amqplib'; import { integrationEvents } from '@eshop/contracts'; export const x = [connect, integrationEvents];", null],
  ['libs/auth/src/x.spec.ts', "import { waitFor } from '@eshop/testing'; export const w = waitFor;", null],
  ['bench/x.ts', "import { OutboxRelay } from '@eshop/outbox'; import { testEnv } from '@eshop/testing'; export const x = [OutboxRelay, testEnv];", null],
];

let results: LintMessage[][] = [];

beforeAll(() => {
  results = lintSnippets(cases.map(([filePath, code]) => ({ filePath, code })));
}, 120_000);

describe('Nx module boundaries', () => {
  it.each(cases.map(([file, code, expected], index) => [file, code, expected, index] as const))(
    '%s: %s',
    (_file, _code, expected, index) => {
      const errors = (results[index] ?? []).filter((m) => m.ruleId === BOUNDARY_RULE).map((m) => m.message);
      if (expected) expect(errors.join('\n')).toMatch(expected);
      else expect(errors).toEqual([]);
    },
  );
});
