import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, renderOpenApiDocument } from './openapi.document';

describe('docs/openapi.json', () => {
  it('is the document the gateway serves (run `npm run docs:openapi` when this fails)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(committed).toBe(renderOpenApiDocument());
  });

  it('covers every route family of the contract, and hides dev tokens unless enabled', () => {
    const paths = Object.keys(buildOpenApiDocument({ devTokens: true }).paths);
    for (const prefix of ['/api/catalog/items', '/api/basket', '/api/basket/checkout', '/api/orders', '/api/auth/dev-token']) {
      expect(paths.some((p) => p.startsWith(prefix))).toBe(true);
    }
    expect(Object.keys(buildOpenApiDocument({ devTokens: false }).paths)).not.toContain('/api/auth/dev-token');
  });
});
