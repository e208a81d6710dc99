import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

// The gateway serves the three files Swagger UI needs from swagger-ui-dist itself, read at
// start-up and kept in memory (ADR 0007), with `SwaggerModule.setup({ ui: false })`: its own UI serving
// would register a second @fastify/static instance beside the storefront's. The OpenAPI JSON
// is still served by SwaggerModule.
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
};

/**
 * Swagger UI at `uiPath` (`/api/docs`), reading the document from `documentPath`. No
 * validator badge: it would load an image from swagger.io, which the CSP refuses.
 */
export function serveSwaggerUi(fastify: FastifyInstance, uiPath: string, documentPath: string): void {
  const assetsDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  // Read synchronously, once: `fs.promises.readFile` makes promises of Node's internal
  // SafePromise class, and one docs visit would have left the process's promise hooks
  // megamorphic for every later request (docs/adr/0016, decision 10).
  const files = new Map(Object.keys(ASSETS).map((file) => [file, readFileSync(join(assetsDir, file))]));
  const html = page(uiPath);
  const init = `window.onload = () => {
  window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentPath)}, dom_id: '#swagger-ui', persistAuthorization: true, validatorUrl: null });
};\n`;

  for (const path of [uiPath, `${uiPath}/`]) {
    fastify.get(path, (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  }
  fastify.get(`${uiPath}/swagger-ui-init.js`, (_request, reply) => reply.type(ASSETS['swagger-ui-bundle.js'] ?? '').send(init));
  for (const [file, type] of Object.entries(ASSETS)) {
    const content = files.get(file);
    fastify.get(`${uiPath}/${file}`, (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=3600').send(content));
  }
}

function page(uiPath: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>eShop API gateway</title>
<link rel="stylesheet" href="${uiPath}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="${uiPath}/swagger-ui-bundle.js"></script>
<script src="${uiPath}/swagger-ui-standalone-preset.js"></script>
<script src="${uiPath}/swagger-ui-init.js"></script>
</body>
</html>
`;
}
