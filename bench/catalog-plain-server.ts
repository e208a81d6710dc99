// The floor of bench:catalog: node:http + a pg Pool answering catalog-api's hot routes with
// the same queries and the same JSON from the same database, and nothing else (no framework,
// no validation, no logging, no auth). `node <bench bundle> plain-server` runs it on PORT.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

const COLUMNS = `id, name, description, price, picture_file_name, catalog_type_id, catalog_brand_id,
  available_stock, restock_threshold, max_stock_threshold, on_reorder, version`;

interface ItemRow {
  id: number;
  name: string;
  description: string;
  price: string;
  picture_file_name: string;
  catalog_type_id: number;
  catalog_brand_id: number;
  available_stock: number;
  restock_threshold: number;
  max_stock_threshold: number;
  on_reorder: boolean;
  version: number;
}

const toJson = (row: ItemRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  price: Number(row.price),
  pictureFileName: row.picture_file_name,
  catalogTypeId: row.catalog_type_id,
  catalogBrandId: row.catalog_brand_id,
  availableStock: row.available_stock,
  restockThreshold: row.restock_threshold,
  maxStockThreshold: row.max_stock_threshold,
  onReorder: row.on_reorder,
  version: row.version,
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

async function item(pool: Pool, id: number, res: ServerResponse): Promise<void> {
  const { rows } = await pool.query<ItemRow>(`SELECT ${COLUMNS} FROM catalog_item WHERE id = $1`, [id]);
  if (rows[0]) send(res, 200, toJson(rows[0]));
  else send(res, 404, { statusCode: 404, error: 'Not Found', message: `item ${id} not found` });
}

async function page(pool: Pool, url: URL, res: ServerResponse): Promise<void> {
  const pageIndex = Number(url.searchParams.get('pageIndex') ?? 0);
  const pageSize = Number(url.searchParams.get('pageSize') ?? 10);
  const [data, count] = await Promise.all([
    pool.query<ItemRow>(`SELECT ${COLUMNS} FROM catalog_item ORDER BY name, id LIMIT $1 OFFSET $2`, [pageSize, pageIndex * pageSize]),
    pool.query<{ count: string }>('SELECT count(*) AS count FROM catalog_item'),
  ]);
  send(res, 200, { pageIndex, pageSize, count: Number(count.rows[0]?.count), data: data.rows.map(toJson) });
}

/** The price change: the row (old price locked and read in the same statement) and the outbox row, one transaction. */
async function update(pool: Pool, id: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<ItemRow & { old_price: string }>(
      `WITH old AS (SELECT price FROM catalog_item WHERE id = $1 FOR UPDATE)
       UPDATE catalog_item c SET price = $2, version = c.version + 1 FROM old
       WHERE c.id = $1 AND c.version = $3 RETURNING ${COLUMNS.replace(/(\w+)/g, 'c.$1')}, old.price AS old_price`,
      [id, body['price'], body['version']],
    );
    const row = rows[0];
    if (!row) {
      await client.query('ROLLBACK');
      return send(res, 409, { statusCode: 409, error: 'Conflict', message: 'version mismatch' });
    }
    const event = {
      id: randomUUID(),
      creationDate: new Date().toISOString(),
      productId: id,
      newPrice: Number(row.price),
      oldPrice: Number(row.old_price),
      version: row.version,
    };
    await client.query(
      `INSERT INTO integration_event_log (event_id, event_name, payload, traceparent, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [event.id, 'ProductPriceChangedIntegrationEvent', JSON.stringify(event), null, event.creationDate],
    );
    await client.query('COMMIT');
    send(res, 200, toJson(row));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function startPlainCatalogServer(databaseUrl: string, port: number): void {
  const pool = new Pool({ connectionString: databaseUrl });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const id = /^\/api\/catalog\/items\/(\d+)$/.exec(url.pathname)?.[1];
    const work =
      id && req.method === 'GET'
        ? item(pool, Number(id), res)
        : id && req.method === 'PUT'
          ? update(pool, Number(id), req, res)
          : url.pathname === '/api/catalog/items'
            ? page(pool, url, res)
            : Promise.resolve(send(res, 404, { statusCode: 404, error: 'Not Found', message: 'no route' }));
    work.catch((error: unknown) => send(res, 500, { statusCode: 500, error: 'Internal Server Error', message: String(error) }));
  });
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void pool.end();
  });
}
