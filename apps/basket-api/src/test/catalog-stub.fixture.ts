import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub sells: one catalog item, as catalog-api's read routes answer it. */
export interface StubItem {
  readonly id: number;
  readonly name: string;
  readonly price: number;
  readonly pictureFileName: string;
  readonly version: number;
}

const MAX_ID = 2_147_483_647;

/**
 * A real HTTP server answering `GET /api/catalog/items/by?ids=1,2` as catalog-api does: the
 * items among the ids that exist, 400 for malformed ids. Basket's own tests run against it
 * (apps never import apps); the cross-service proof with the real catalog is system-e2e.
 * `down()` makes it answer 503 to everything, as a failing catalog would.
 */
export class CatalogStub {
  private readonly items = new Map<number, StubItem>();
  private failing = false;
  /** Every `ids` query received, in order. */
  readonly reads: string[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<CatalogStub> {
    const server = createServer();
    const stub = new CatalogStub(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => stub.answer(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Catalog sells product `id` at `price` (catalog version `version`). */
  sells(id: number, price: number, version = 1, extra: Partial<StubItem> = {}): this {
    this.items.set(id, { id, name: `product ${id}`, price, pictureFileName: `${id}.png`, version, ...extra });
    return this;
  }

  down(failing = true): void {
    this.failing = failing;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://stub');
    if (this.failing) return send(response, 503, { statusCode: 503, message: 'catalog stub is down' });
    if (request.method !== 'GET' || url.pathname !== '/api/catalog/items/by') {
      return send(response, 404, { statusCode: 404, message: 'not found' });
    }
    const ids = url.searchParams.get('ids') ?? '';
    this.reads.push(ids);
    const parsed = /^\d{1,10}(,\d{1,10})*$/.test(ids) ? ids.split(',').map(Number) : [];
    if (parsed.length === 0 || parsed.length > 100 || parsed.some((id) => id < 1 || id > MAX_ID)) {
      return send(response, 400, { statusCode: 400, message: 'ids: must be comma-separated positive integers' });
    }
    const found = parsed.flatMap((id) => {
      const item = this.items.get(id);
      return item ? [{ ...item, description: '', catalogTypeId: 1, catalogBrandId: 1, availableStock: 10 }] : [];
    });
    send(response, 200, found);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
