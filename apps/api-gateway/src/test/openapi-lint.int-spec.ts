import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Document, Spectral, type RulesetDefinition } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { renderOpenApiDocument } from '../api/openapi.document';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Redocly's openapi-core is ESM-only, which jest (CommonJS under swc) cannot load: it runs
 * in a child `node`, reading the document on stdin and printing its problems as JSON.
 */
const REDOCLY_LINT = `
import { createConfig, lintDocument, makeDocumentFromString, BaseResolver } from '@redocly/openapi-core';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintDocument({ document: makeDocumentFromString(text, 'openapi.json'), config, externalRefResolver: new BaseResolver() });
process.stdout.write(JSON.stringify(problems.map((p) => ({ severity: p.severity, rule: p.ruleId, message: p.message, at: p.location?.[0]?.pointer }))));
`;

interface Finding {
  readonly severity: string;
  readonly rule: string | number;
  readonly message: string;
  readonly at?: string;
}

function redocly(text: string): Finding[] {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', REDOCLY_LINT], { cwd: ROOT, input: text, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`redocly lint did not run: ${result.stderr}`);
  return JSON.parse(result.stdout) as Finding[];
}

async function spectral(text: string): Promise<Finding[]> {
  const linter = new Spectral();
  // The ruleset's own typing is looser than the core's; it is the documented way to use it.
  linter.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] });
  const results = await linter.run(new Document(text, Json, 'openapi.json'));
  // Spectral severities: 0 error, 1 warn, 2 info, 3 hint.
  const names = ['error', 'warn', 'info', 'hint'];
  return results.map((r) => ({ severity: names[r.severity] ?? String(r.severity), rule: r.code, message: r.message, at: r.path.join('.') }));
}

const count = (findings: Finding[], severity: string) => findings.filter((f) => f.severity === severity);

describe('the OpenAPI document passes the linters', () => {
  const published = renderOpenApiDocument();

  it.each([
    ['docs/openapi.json', published],
  ])("%s: Redocly's recommended ruleset, 0 errors", (_name, text) => {
    const findings = redocly(text);
    process.stdout.write(`redocly recommended: errors=${count(findings, 'error').length} warnings=${count(findings, 'warn').length}\n`);
    expect(count(findings, 'error')).toEqual([]);
  }, 60_000);

  it.each([
    ['docs/openapi.json', published],
  ])('%s: spectral:oas, 0 errors and 0 warnings', async (_name, text) => {
    const findings = await spectral(text);
    process.stdout.write(`spectral:oas: errors=${count(findings, 'error').length} warnings=${count(findings, 'warn').length}\n`);
    expect([...count(findings, 'error'), ...count(findings, 'warn')]).toEqual([]);
  });
});
