/**
 * `npm start -- --otlp http://localhost:4318` (or `--otlp=…`): every app exports its traces
 * there, by setting OTEL_EXPORTER_OTLP_ENDPOINT for the apps the launcher starts (they
 * inherit its environment). Without the option, the variable as already set (or none:
 * no tracing). Jaeger from docker compose listens on :4318.
 */
export function otlpEndpoint(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--otlp') value = argv[i + 1] ?? '';
    else if (arg.startsWith('--otlp=')) value = arg.slice('--otlp='.length);
  });
  if (value === undefined) return env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--otlp: not a URL: "${value}" (e.g. --otlp http://localhost:4318)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--otlp: OTLP over HTTP needs an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}
