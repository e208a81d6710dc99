import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The Nx module-boundary rule must actually forbid something. Each case lints a snippet as
 * if it were a file of the named project and expects the rule to fire (or not).
 */
const root = join(__dirname, '..');
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** ESLint's CLI in a child process (its flat config is ESM, which jest's VM cannot load). */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  let stdout: string;
  try {
    stdout = execFileSync(
      join(root, 'node_modules/.bin/eslint'),
      ['--stdin', '--stdin-filename', join(root, filePath), '--format', 'json'],
      { cwd: root, input: code, env: { ...process.env, NX_DAEMON: 'false' } },
    ).toString();
  } catch (error) {
    stdout = String((error as { stdout?: Buffer }).stdout ?? '[]'); // exit 1 = problems found
  }
  const [result] = JSON.parse(stdout) as Array<{ messages: LintMessage[] }>;
  return (result?.messages ?? []).filter((m) => m.ruleId === BOUNDARY_RULE).map((m) => m.message);
}

beforeAll(() => {
  // The rule reads the cached project graph; compute it as `npm run lint` does.
  execFileSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
}, 60_000);

describe('Nx module boundaries', () => {
  it.each([
    ['libs/contracts/src/x.ts', "import { connect } from 'amqplib'; export const c = connect;", /not allowed to import "amqplib"/],
    ['libs/event-bus/src/x.ts', "import { Injectable } from '@nestjs/common'; export const i = Injectable;", /not allowed to import "@nestjs\/common"/],
    ['libs/event-bus/src/x.ts', "import { Repository } from 'typeorm'; export const r = Repository;", /not allowed to import "typeorm"/],
    ['libs/contracts/src/x.ts', "import { InMemoryEventBus } from '@eshop/event-bus'; export const b = InMemoryEventBus;", /type:contracts.*can only depend on libs tagged with "type:contracts"/s],
    ['libs/auth/src/x.ts', "import { waitFor } from '@eshop/testing'; export const w = waitFor;", /can only depend on libs tagged with/],
  ])('forbids %s: %s', async (file, code, expected) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.join('\n')).toMatch(expected);
  });

  it('forbids an app importing another app', async () => {
    const errors = await boundaryErrors(
      'apps/basket-api/src/x.ts',
      "import * as catalog from '../../catalog-api/src/main'; export const c = catalog;",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('allows what the layering permits', async () => {
    expect(
      await boundaryErrors(
        'libs/event-bus-rabbitmq/src/x.ts',
        "import { connect } from 'amqplib'; import { integrationEvents } from '@eshop/contracts'; export const x = [connect, integrationEvents];",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors('libs/auth/src/x.spec.ts', "import { waitFor } from '@eshop/testing'; export const w = waitFor;"),
    ).toEqual([]);
  });
});
