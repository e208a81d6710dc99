import { lintSnippets, type LintMessage } from './lint-snippets';

/**
 * The Nx module-boundary rule must actually forbid something. Each case lints a snippet as
 * if it were a file of the named project and expects the rule to fire (or not).
 * (The layers inside each app are a second rule: tools/app-layers.spec.ts.)
 */
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';


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
  // The storefront (type:webapp) runs in a browser: contracts only, no server package, no other app.
  ['apps/webapp/src/x.ts', "import { OutboxRelay } from '@eshop/outbox'; export const x = OutboxRelay;", /type:webapp.*can only depend on libs tagged with "type:contracts"/s],
  ['apps/webapp/src/x.ts', "import { connect } from 'amqplib'; export const c = connect;", /not allowed to import "amqplib"/],
  ['apps/webapp/src/x.tsx', "import * as gateway from '../../api-gateway/src/main'; export const x = gateway;", RELATIVE_IMPORT],
  ['apps/webapp/src/x.test.ts', "import { ORDER_STATUSES } from '@eshop/contracts'; export const x = ORDER_STATUSES;", null],
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
