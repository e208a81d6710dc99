import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_PATH, generateAsyncApi } from './asyncapi-document';
import { findWorkspaceRoot } from './source-tree';

/**
 * `npm run docs:asyncapi`: regenerates the event catalogue docs/asyncapi.yaml from
 * libs/contracts (messages, payload schemas) and the apps' source (who publishes, who
 * subscribes). Commit the result; asyncapi.spec.ts fails while it is stale.
 */
function main(): void {
  const root = findWorkspaceRoot();
  writeFileSync(join(root, ASYNCAPI_PATH), generateAsyncApi(root));
  process.stdout.write(`wrote ${ASYNCAPI_PATH}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`docs:asyncapi failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
