import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, renderOpenApiDocument } from './openapi.document';

describe('docs/openapi.json', () => {
  it('is the document the gateway publishes (run `npm run docs:openapi` when this fails)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(committed).toBe(renderOpenApiDocument());
  });

  it('covers every route family of the contract, and no dev-token route (dev tokens are identity-api\'s, tests only)', () => {
    const paths = Object.keys(buildOpenApiDocument().paths);
    for (const prefix of ['/api/catalog/items', '/api/basket', '/api/basket/checkout', '/api/orders']) {
      expect(paths.some((p) => p.startsWith(prefix))).toBe(true);
    }
    expect(JSON.parse(renderOpenApiDocument()).paths).not.toHaveProperty(['/api/auth/dev-token']);
  });

  it('says public operations are public, creates answer 201, and by-id reads declare 404', () => {
    const { paths } = buildOpenApiDocument();
    expect(paths['/api/catalog/items']?.get?.security).toEqual([]);
    expect(paths['/health/ready']?.get?.security).toEqual([]);
    expect(paths['/api/basket']?.get?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(paths['/api/catalog/items']?.post?.responses ?? {})).toContain('201');
    expect(Object.keys(paths['/api/catalog/items/{id}']?.get?.responses ?? {})).toContain('404');
    expect(Object.keys(paths['/api/orders/{id}']?.get?.responses ?? {})).toContain('404');
    const ids = Object.values(paths).flatMap((item) => Object.values(item as Record<string, { operationId: string }>).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
