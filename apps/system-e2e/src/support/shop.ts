import { randomUUID } from 'node:crypto';
import { signToken } from '@eshop/auth';
import { JWT_SECRET, type FaultSystem } from './system';

export interface CatalogItem {
  id: number;
  name: string;
  description: string;
  price: number;
  pictureFileName: string;
  catalogTypeId: number;
  catalogBrandId: number;
  availableStock: number;
  restockThreshold: number;
  maxStockThreshold: number;
  onReorder: boolean;
  version: number;
}

export interface BasketLine {
  productId: number;
  unitPrice: number;
  oldUnitPrice: number;
  quantity: number;
}

export interface Reply<T> {
  readonly status: number;
  readonly body: T;
}

const token = (buyer: string) => signToken({ id: buyer, name: `Buyer ${buyer}` }, JWT_SECRET);

/** HTTP straight to the services (the gateway is not part of these scenarios). */
export class Shop {
  constructor(private readonly system: FaultSystem) {}

  async http<T>(base: string, method: string, path: string, buyer = 'admin', body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(buyer)}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async createProduct(price: number): Promise<CatalogItem> {
    const body = { name: `Fault item ${randomUUID().slice(0, 8)}`, price, catalogTypeId: 1, catalogBrandId: 1 };
    const reply = await this.http<CatalogItem>(this.system.url('catalog'), 'POST', '/api/catalog/items', 'admin', body);
    if (reply.status !== 201) throw new Error(`create item: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async item(id: number): Promise<CatalogItem> {
    const reply = await this.http<CatalogItem>(this.system.url('catalog'), 'GET', `/api/catalog/items/${id}`);
    if (reply.status !== 200) throw new Error(`get item ${id}: ${reply.status}`);
    return reply.body;
  }

  /** PUT with the version read: the item is replaced, only its price differs. */
  changePrice(item: CatalogItem, price: number): Promise<Reply<CatalogItem>> {
    const { id, name, description, pictureFileName, catalogTypeId, catalogBrandId, version } = item;
    const { availableStock, restockThreshold, maxStockThreshold, onReorder } = item;
    const body = {
      name, description, price, pictureFileName, catalogTypeId, catalogBrandId,
      availableStock, restockThreshold, maxStockThreshold, onReorder, version,
    };
    return this.http<CatalogItem>(this.system.url('catalog'), 'PUT', `/api/catalog/items/${id}`, 'admin', body);
  }

  /** basket-api's own POST /api/basket/items, with what the gateway would fill in from catalog. */
  async addToBasket(buyer: string, item: CatalogItem): Promise<void> {
    const body = {
      productId: item.id,
      quantity: 1,
      productName: item.name,
      unitPrice: item.price,
      pictureUrl: '',
      version: item.version,
    };
    const reply = await this.http(this.system.basketUrl(), 'POST', '/api/basket/items', buyer, body);
    if (reply.status !== 200) throw new Error(`add to basket: ${reply.status} ${JSON.stringify(reply.body)}`);
  }

  async basket(buyer: string): Promise<BasketLine[]> {
    const reply = await this.http<{ items: BasketLine[] }>(this.system.basketUrl(), 'GET', '/api/basket', buyer);
    if (reply.status !== 200) throw new Error(`get basket: ${reply.status}`);
    return reply.body.items;
  }
}
