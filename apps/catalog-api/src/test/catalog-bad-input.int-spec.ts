import type { TestDatabase } from '@eshop/testing';
import { startOnNewDatabase, type CatalogApp, type HttpMethod } from './catalog-fixture';

/**
 * Bad input over every catalog route a client can write to (POST/PUT/DELETE items) and every
 * read parameter: types, bounds, 32-bit overflow, control characters, extra decimals, depth,
 * size, unknown fields and prototype keys. Every case must be a 4xx (never a 5xx, never
 * accepted), and where a field is to blame the message names it.
 */
interface Case {
  readonly method: HttpMethod;
  readonly path: string;
  /** Raw request body (JSON unless `contentType` says otherwise). */
  readonly body?: string;
  readonly contentType?: string;
  /** The field the 400 must name (`<field>:` or `<field>.<index>:`), when one is to blame. */
  readonly field?: string;
}

const valid = {
  name: 'Sweep Lantern',
  description: 'Line one.\nLine two.',
  price: 19.99,
  pictureFileName: 'lantern.webp',
  catalogTypeId: 1,
  catalogBrandId: 1,
  availableStock: 5,
  restockThreshold: 1,
  maxStockThreshold: 10,
  onReorder: false,
};
const TARGET = 1; // PUT target, seeded at version 1 and never changed by the sweep
const writes: Array<{ method: HttpMethod; path: string; base: Record<string, unknown> }> = [
  { method: 'post', path: '/api/catalog/items', base: valid },
  { method: 'put', path: `/api/catalog/items/${TARGET}`, base: { ...valid, version: 1 } },
];

const CONTROLS = ['\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800'];
const TEXT_FIELDS = ['name', 'description', 'pictureFileName'];
const INT_FIELDS = ['catalogTypeId', 'catalogBrandId', 'availableStock', 'restockThreshold', 'maxStockThreshold'];
const BAD_INTS: unknown[] = [2_147_483_648, 4_294_967_296, -1, 1.5, '1', null, true, 1e20];
const BAD_PRICES: unknown[] = [19.9999999999, 0.1 + 0.2, 10.123, 0.001, -1, -0.01, 1_000_000.01, '10.00', null, true, 1e308];
const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

function bodyCases(): Case[] {
  return writes.flatMap(({ method, path, base }) => {
    const json = (changes: Record<string, unknown>, field?: string): Case => ({
      method, path, body: JSON.stringify({ ...base, ...changes }), ...(field ? { field } : {}),
    });
    const without = (field: string): Case => {
      const { [field]: _omitted, ...rest } = base;
      return { method, path, body: JSON.stringify(rest), field };
    };
    const withRaw = (key: string, raw: string, field?: string): Case => ({
      method, path, body: `${JSON.stringify(base).slice(0, -1)},"${key}":${raw}}`, ...(field ? { field } : {}),
    });
    const ints = method === 'put' ? [...INT_FIELDS, 'version', 'id'] : INT_FIELDS;
    return [
      ...TEXT_FIELDS.flatMap((field) => [
        ...CONTROLS.map((c) => json({ [field]: `ab${c}cd` }, field)),
        json({ [field]: 123 }, field),
        json({ [field]: null }, field),
        json({ [field]: 'x'.repeat(2_001) }, field),
      ]),
      json({ name: '' }, 'name'),
      json({ name: '   ' }, 'name'),
      ...ints.flatMap((field) => BAD_INTS.map((value) => json({ [field]: value }, field))),
      json({ catalogTypeId: 999 }, 'catalogTypeId'),
      json({ catalogBrandId: 999 }, 'catalogBrandId'),
      ...BAD_PRICES.map((price) => json({ price }, 'price')),
      ...['name', 'price', 'catalogTypeId', 'catalogBrandId', ...(method === 'put' ? ['version'] : [])].map(without),
      json({ colour: 'red' }, 'colour'),
      json({ isAdmin: true }, 'isAdmin'),
      withRaw('__proto__', '{"price":0,"isAdmin":true}', '__proto__'),
      withRaw('constructor', '{"prototype":{"isAdmin":true}}', 'constructor'),
      withRaw('prototype', '{"isAdmin":true}', 'prototype'),
      withRaw('name', deep(10_000), 'name'), // a duplicate key: the last one wins
      { method, path, body: deep(10_000) },
      { method, path, body: '[]' },
      { method, path, body: '"text"' },
      { method, path, body: '123' },
      { method, path, body: 'null' },
      { method, path, body: '' },
      { method, path, body: '{"name": ' },
      { method, path, body: JSON.stringify({ ...base, description: 'x'.repeat(200_000) }) },
      { method, path, body: JSON.stringify(base), contentType: 'text/plain' },
    ];
  });
}

const BAD_IDS = ['0', '-1', '2147483648', '99999999999', 'abc', '1.5', '1e3', '0x1', '%00', '1%00', '%2F', '%201'];
const BAD_PAGES = ['pageIndex=-1', 'pageIndex=1.5', 'pageIndex=abc', 'pageIndex=', 'pageIndex=1e3', 'pageIndex=2147483648',
  'pageIndex=%00', 'pageSize=0', 'pageSize=101', 'pageSize=', 'pageIndex=1&pageIndex=2', 'colour=red', '__proto__=1',
  'constructor=1', 'pageSize[]=1'];
const field = (query: string) => query.split('=')[0];

function pathAndQueryCases(): Case[] {
  const byId = (['get', 'put', 'delete'] as const).flatMap((method) =>
    BAD_IDS.map((id): Case => ({
      method, path: `/api/catalog/items/${id}`, field: 'id',
      ...(method === 'put' ? { body: JSON.stringify({ ...valid, version: 1 }) } : {}),
    })),
  );
  const lists = ['/api/catalog/items', '/api/catalog/items/by/lantern', '/api/catalog/items/type/1/brand/1'];
  const pages = lists.flatMap((path) => BAD_PAGES.map((q): Case => ({ method: 'get', path: `${path}?${q}`, field: field(q) })));
  const ids = ['', 'x', '1,,2', '0', '-1', '2147483648', '1;2', '%00', Array.from({ length: 101 }, (_, i) => i + 1).join(',')]
    .map((q): Case => ({ method: 'get', path: `/api/catalog/items/by?ids=${q}`, field: 'ids' }));
  const names = ['%00', 'ab%00cd', '%01', '%1B', '%7F', '%C2%85', 'a'.repeat(101), '%20%20']
    .map((name): Case => ({ method: 'get', path: `/api/catalog/items/by/${name}`, field: 'name' }));
  const typeBrand = BAD_IDS.filter((id) => id !== '%2F').flatMap((id): Case[] => [
    { method: 'get', path: `/api/catalog/items/type/${id}/brand`, field: 'typeId' },
    { method: 'get', path: `/api/catalog/items/type/1/brand/${id}`, field: 'brandId' },
  ]);
  return [
    ...byId, ...pages, ...ids, ...names, ...typeBrand,
    { method: 'get', path: '/api/catalog/items/by', field: 'ids' },
    { method: 'get', path: '/api/catalog/items/by?ids=1&colour=red', field: 'colour' },
    // Not UTF-8 (a truncated sequence, an encoded surrogate): the router refuses to decode them.
    { method: 'get', path: '/api/catalog/items/by/%E0%A4%A' },
    { method: 'get', path: '/api/catalog/items/by/%ED%A0%80' },
  ];
}

const cases = [...bodyCases(), ...pathAndQueryCases()];
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const label = (c: Case) =>
  `${c.method.toUpperCase()} ${c.path.slice(0, 80)} ${(c.body ?? '').slice(0, 60).replace(/[^\x20-\x7e]/g, '?')}`;

describe('catalog bad-input sweep', () => {
  let db: TestDatabase;
  let catalog: CatalogApp;
  const statuses: number[] = [];

  beforeAll(async () => {
    ({ db, catalog } = await startOnNewDatabase('catalog_bad_input'));
  });
  afterAll(async () => {
    const count = (test: (status: number) => boolean) => statuses.filter(test).length;
    console.log(
      `catalog bad-input sweep: cases=${statuses.length} 4xx=${count((s) => s >= 400 && s < 500)} ` +
        `5xx=${count((s) => s >= 500)} 2xx=${count((s) => s >= 200 && s < 300)}`,
    );
    await catalog?.close();
    await db?.drop();
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s → 4xx', async (_, c) => {
    const test = catalog.http(c.method, c.path);
    const response = await (c.body === undefined
      ? test
      : test.set('content-type', c.contentType ?? 'application/json').send(c.body));
    statuses.push(response.status);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    // `ids.0: …` names the first bad element of ids.
    if (c.field) expect(String((response.body as { message?: unknown }).message)).toMatch(new RegExp(`${escape(c.field)}[.:]`));
  });

  it('accepted nothing: the PUT target is unchanged, no item was created, no prototype was polluted', async () => {
    const target = await catalog.http('get', `/api/catalog/items/${TARGET}`, null).expect(200);
    expect(target.body).toMatchObject({ version: 1 });
    const found = await catalog.http('get', '/api/catalog/items/by/sweep%20lantern', null).expect(200);
    expect(found.body).toMatchObject({ count: 0 });
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('accepts the valid versions of the same requests (the cases fail for their one defect)', async () => {
    const created = await catalog.http('post', '/api/catalog/items').send(valid).expect(201);
    const { id } = created.body as { id: number };
    await catalog.http('put', `/api/catalog/items/${id}`).send({ ...valid, price: 0.3, version: 1 }).expect(200);
    await catalog.http('get', `/api/catalog/items/by/${encodeURIComponent(valid.name)}?pageIndex=0&pageSize=5`, null).expect(200);
    await catalog.http('delete', `/api/catalog/items/${id}`).expect(204);
  });
});
