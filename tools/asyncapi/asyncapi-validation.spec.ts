import { Parser, type Diagnostic } from '@asyncapi/parser';
import { integrationEvents } from '@eshop/contracts';
import { ASYNCAPI_PATH, readCommittedAsyncApi } from './asyncapi-document';

/** DiagnosticSeverity of @stoplight/types, as the parser reports it. */
const SEVERITY = { error: 0, warning: 1 } as const;

const describeDiagnostic = (diagnostic: Diagnostic) =>
  `${diagnostic.code} at ${diagnostic.path.join('.') || '(root)'}: ${diagnostic.message}`;

/**
 * The committed catalogue through the official AsyncAPI parser (schema validation plus its
 * Spectral rules). The parser's CommonJS build loads under jest, so it runs in-process.
 */
describe(`${ASYNCAPI_PATH} through @asyncapi/parser`, () => {
  let parsed: Awaited<ReturnType<Parser['parse']>>;

  beforeAll(async () => {
    parsed = await new Parser().parse(readCommittedAsyncApi());
  }, 60_000);

  it('is a valid AsyncAPI document: no error and no warning', () => {
    const problems = parsed.diagnostics
      .filter((diagnostic) => diagnostic.severity === SEVERITY.error || diagnostic.severity === SEVERITY.warning)
      .map(describeDiagnostic);
    expect(problems).toEqual([]);
    expect(parsed.document).toBeDefined();
  });

  it('has one message per contract event, each with a summary', () => {
    const messages = parsed.document?.components().messages().all() ?? [];
    expect(messages.map((message) => message.id())).toEqual(integrationEvents.names);
    const withoutSummary = messages.filter((message) => !message.hasSummary() || !message.summary()?.trim());
    expect(withoutSummary.map((message) => message.id())).toEqual([]);
  });
});
