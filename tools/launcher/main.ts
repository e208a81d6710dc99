/**
 * `npm start`: the whole system on this machine, without Docker (see README).
 * Ctrl-C stops every app cleanly.
 */
import { join } from 'node:path';
import { launch, PreflightError } from './launch';
import { launchConfig } from './launcher.config';
import { otlpEndpoint } from './otlp-option';
import { storefrontLine, storefrontState } from './storefront';

const root = join(__dirname, '..', '..');
const write = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  // --otlp URL: every app exports traces there (the apps inherit this environment).
  const otlp = otlpEndpoint(process.argv.slice(2));
  if (otlp) process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = otlp;
  const config = launchConfig();
  const launched = await launch(config, { root, write });
  const gateway = config.apps.find((app) => app.name === 'api-gateway');
  const gatewayPort = gateway?.port ?? 8080;
  write('');
  write(storefrontLine(gatewayPort, await storefrontState(gatewayPort)));
  write(`eShop is up. Gateway: http://localhost:${gatewayPort}`);
  write(`Sign in:      http://localhost:${gatewayPort}/auth/login — alice@example.com / Pass123$ (admin@example.com for staff)`);
  write('Token (curl): npm run -s token -- alice@example.com');
  write(`Try it:       curl http://localhost:${gatewayPort}/api/catalog/items?pageSize=3`);
  write(otlp ? `Traces:       exported to ${otlp} (Jaeger: http://localhost:16686)` : 'Traces:       off (npm start -- --otlp http://localhost:4318 turns them on)');
  write('Ctrl-C stops everything.');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    write(`\n${signal}: stopping ${launched.apps.length} app(s)…`);
    await launched.stop();
    write('all apps stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof PreflightError) {
    for (const line of error.problems) process.stderr.write(`${line}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
