import { otlpEndpoint } from './otlp-option';

describe('npm start --otlp', () => {
  it('takes the endpoint from --otlp URL or --otlp=URL, before the variable', () => {
    expect(otlpEndpoint(['--otlp', 'http://localhost:4318'], {})).toBe('http://localhost:4318');
    expect(otlpEndpoint(['--otlp=http://jaeger:4318/'], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318' })).toBe('http://jaeger:4318');
  });

  it('falls back to OTEL_EXPORTER_OTLP_ENDPOINT, else none (tracing off)', () => {
    expect(otlpEndpoint([], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe('http://c:4318');
    expect(otlpEndpoint([], {})).toBeUndefined();
    expect(otlpEndpoint([], { OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
  });

  it('refuses a missing or malformed URL, naming the option', () => {
    expect(() => otlpEndpoint(['--otlp'], {})).toThrow('--otlp: not a URL: ""');
    expect(() => otlpEndpoint(['--otlp', 'localhost:4318'], {})).toThrow(/--otlp: OTLP over HTTP needs an http\(s\) URL/);
    expect(() => otlpEndpoint(['--otlp=nonsense'], {})).toThrow('--otlp: not a URL');
  });
});
