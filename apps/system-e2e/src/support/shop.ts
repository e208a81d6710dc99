import { randomUUID } from 'node:crypto';
import { waitFor } from '@eshop/testing';
import { adminToken, send, tokenFor } from './http';
import type { Instance, TestSystem } from './system';

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

export interface OrderView {
  orderNumber: number;
  status: string;
  description: string | null;
  total: number;
  items: Array<{ productId: number; units: number; unitPrice: number }>;
  statusHistory: Array<{ status: string; reason?: string }>;
}

export interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

type Product = Pick<CatalogItem, 'id'>;

/** The address and card of every checkout. */
export const CHECKOUT_DETAILS = {
  city: 'Redmond',
  street: '15703 NE 61st Ct',
  state: 'WA',
  country: 'U.S.',
  zipCode: '98052',
  cardNumber: '4012888888881881',
  cardHolderName: 'Alice Smith',
  cardExpiration: '2030-12-31T00:00:00.000Z',
  cardSecurityNumber: '123',
  cardTypeId: 2,
};

interface ShopRequest {
  /** Whose token goes with the request: the staff's (role `admin`) unless a buyer is named. */
  buyer?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Where the shop's tokens come from: the run's test provider, or e.g. a real identity-api's /dev/token. */
export interface ShopTokens {
  admin(): string | Promise<string>;
  buyer(buyer: string): string | Promise<string>;
}

const TEST_PROVIDER_TOKENS: ShopTokens = { admin: () => adminToken(), buyer: (buyer) => tokenFor(buyer) };

/** What a client does over HTTP, straight to each service (or to the gateway, when `app` is api-gateway). */
export class Shop {
  constructor(
    private readonly system: TestSystem,
    private readonly tokens: ShopTokens = TEST_PROVIDER_TOKENS,
  ) {}

  async http<T = unknown>(app: Instance, method: string, path: string, request: ShopRequest = {}): Promise<Reply<T>> {
    const token = await (request.buyer === undefined ? this.tokens.admin() : this.tokens.buyer(request.buyer));
    const { status, body } = await send<T>(this.system.url(app), method, path, { ...request, token });
    return { status, body };
  }

  async createProduct({ price = 12.5, stock, name }: { price?: number; stock?: number; name?: string } = {}): Promise<CatalogItem> {
    const body = { name: name ?? `Test item ${randomUUID().slice(0, 8)}`, price, catalogTypeId: 1, catalogBrandId: 1, availableStock: stock };
    const reply = await this.http<CatalogItem>('catalog-api', 'POST', '/api/catalog/items', { body });
    if (reply.status !== 201) throw new Error(`create item: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async item(id: number): Promise<CatalogItem> {
    const reply = await this.http<CatalogItem>('catalog-api', 'GET', `/api/catalog/items/${id}`);
    if (reply.status !== 200) throw new Error(`get item ${id}: ${reply.status}`);
    return reply.body;
  }

  async stockOf(id: number): Promise<number> {
    return (await this.item(id)).availableStock;
  }

  /** PUT with the version read: the item is replaced, only its price differs. */
  changePrice(item: CatalogItem, price: number): Promise<Reply<CatalogItem>> {
    const { id, name, description, pictureFileName, catalogTypeId, catalogBrandId, version } = item;
    const { availableStock, restockThreshold, maxStockThreshold, onReorder } = item;
    const body = {
      name, description, price, pictureFileName, catalogTypeId, catalogBrandId,
      availableStock, restockThreshold, maxStockThreshold, onReorder, version,
    };
    return this.http<CatalogItem>('catalog-api', 'PUT', `/api/catalog/items/${id}`, { body });
  }

  /** basket-api's own POST /api/basket/items: which product and how many, nothing else (basket asks catalog). */
  async addToBasket(buyer: string, item: Pick<CatalogItem, 'id'>): Promise<void> {
    const body = { productId: item.id, quantity: 1 };
    const reply = await this.http('basket-api', 'POST', '/api/basket/items', { buyer, body });
    if (reply.status !== 200) throw new Error(`add to basket: ${reply.status} ${JSON.stringify(reply.body)}`);
  }

  async basket(buyer: string): Promise<BasketLine[]> {
    const reply = await this.http<{ items: BasketLine[] }>('basket-api', 'GET', '/api/basket', { buyer });
    if (reply.status !== 200) throw new Error(`get basket: ${reply.status}`);
    return reply.body.items;
  }

  /** Fills the buyer's basket and checks it out; returns basket's answer (202 expected). */
  async checkout(buyer: string, lines: ReadonlyArray<{ product: Product; quantity: number }>, requestId = randomUUID()): Promise<Reply> {
    const items = lines.map(({ product, quantity }) => ({ productId: product.id, quantity }));
    const basket = await this.http('basket-api', 'PUT', '/api/basket', { buyer, body: { items } });
    if (basket.status !== 200) throw new Error(`basket: ${basket.status} ${JSON.stringify(basket.body)}`);
    return this.http('basket-api', 'POST', '/api/basket/checkout', {
      buyer, body: CHECKOUT_DETAILS, headers: { 'x-requestid': requestId },
    });
  }

  async orderNumbers(buyer: string): Promise<number[]> {
    const reply = await this.http<Array<{ orderNumber: number }>>('ordering-api', 'GET', '/api/orders', { buyer });
    return reply.body.map((order) => order.orderNumber);
  }

  /** The buyer's one order, once ordering has made it. */
  async theOrderOf(buyer: string): Promise<number> {
    const [id] = await waitFor(async () => {
      const ids = await this.orderNumbers(buyer);
      return ids.length > 0 ? ids : undefined;
    }, `an order of ${buyer}`, 20_000);
    return id as number;
  }

  async waitForStatus(buyer: string, orderNumber: number, status: string): Promise<OrderView> {
    let seen = '';
    try {
      return await waitFor(async () => {
        const reply = await this.http<OrderView>('ordering-api', 'GET', `/api/orders/${orderNumber}`, { buyer });
        seen = reply.body.status;
        return seen === status ? reply.body : undefined;
      }, `order ${orderNumber} to be ${status}`, 20_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; it is ${seen}`);
    }
  }

  /** The buyer cancels their order; shipping is staff's, so `ship` goes with the admin's token. */
  orderCommand(buyer: string, command: 'cancel' | 'ship', orderNumber: number, requestId = randomUUID()): Promise<Reply> {
    return this.http('ordering-api', 'PUT', `/api/orders/${command}`, {
      ...(command === 'ship' ? {} : { buyer }), body: { orderNumber }, headers: { 'x-requestid': requestId },
    });
  }
}
