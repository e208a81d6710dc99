import { createHook } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Fastify from 'fastify';
import { serveSwaggerUi } from './swagger-ui';

describe('serveSwaggerUi', () => {
  const app = Fastify();
  serveSwaggerUi(app, '/api/docs', '/api/docs-json');
  afterAll(() => app.close());

  it('serves the page and swagger-ui-dist files with their types, and makes no promise of Node\'s internal kinds doing so', async () => {
    const foreign: string[] = [];
    const hook = createHook({
      init(_id, type, _trigger, resource) {
        // By name: under jest, promises come from two realms' `Promise`, both fine.
        const name = (Object.getPrototypeOf(resource) as { constructor?: { name?: string } } | null)?.constructor?.name ?? '?';
        if (type === 'PROMISE' && name !== 'Promise') foreign.push(name);
      },
    }).enable();
    const dist = dirname(require.resolve('swagger-ui-dist/package.json'));
    try {
      const page = await app.inject({ method: 'GET', url: '/api/docs' });
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('/api/docs/swagger-ui-bundle.js');
      for (const [file, type] of [
        ['swagger-ui.css', 'text/css; charset=utf-8'],
        ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
        ['swagger-ui-standalone-preset.js', 'application/javascript; charset=utf-8'],
      ] as const) {
        const response = await app.inject({ method: 'GET', url: `/api/docs/${file}` });
        expect({ file, status: response.statusCode, type: response.headers['content-type'] }).toEqual({ file, status: 200, type });
        expect(response.rawPayload.equals(readFileSync(join(dist, file)))).toBe(true);
      }
    } finally {
      hook.disable();
    }
    expect(foreign).toEqual([]);
  });
});
