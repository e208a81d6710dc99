import { randomUUID } from 'node:crypto';
import { signToken } from '@eshop/auth';
import { waitFor } from '@eshop/testing';
import { JWT_SECRET, type AppName, type SagaSystem } from './saga-system';

export interface Product {
  readonly id: number;
  readonly name: string;
  readonly price: number;
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

const address = {
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

/** What a client does over HTTP, straight to each service (the gateway is not part of this). */
export class ShopClient {
  constructor(private readonly system: SagaSystem) {}

  token(buyer: string): string {
    return signToken({ id: buyer, name: `Buyer ${buyer}` }, JWT_SECRET);
  }

  async http<T = unknown>(
    app: AppName,
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const response = await fetch(`${this.system.urls[app]}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.token ?? this.token('admin')}`,
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async createProduct(availableStock: number, price = 12.5): Promise<Product> {
    const name = `Saga test item ${randomUUID().slice(0, 8)}`;
    const reply = await this.http<Product>('catalog-api', 'POST', '/api/catalog/items', {
      body: { name, price, catalogTypeId: 1, catalogBrandId: 1, availableStock },
    });
    if (reply.status !== 201) throw new Error(`create item: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async stockOf(productId: number): Promise<number> {
    const reply = await this.http<{ availableStock: number }>('catalog-api', 'GET', `/api/catalog/items/${productId}`);
    return reply.body.availableStock;
  }

  /** Fills the buyer's basket and checks it out; returns basket's answer (202 expected). */
  async checkout(
    buyer: string,
    lines: ReadonlyArray<{ product: Product; quantity: number }>,
    requestId: string = randomUUID(),
  ): Promise<Reply> {
    const items = lines.map(({ product, quantity }) => ({
      productId: product.id,
      productName: product.name,
      unitPrice: product.price,
      quantity,
      pictureUrl: '',
    }));
    const token = this.token(buyer);
    const basket = await this.http('basket-api', 'PUT', '/api/basket', { token, body: { items } });
    if (basket.status !== 200) throw new Error(`basket: ${basket.status} ${JSON.stringify(basket.body)}`);
    return this.http('basket-api', 'POST', '/api/basket/checkout', {
      token,
      body: address,
      headers: { 'x-requestid': requestId },
    });
  }

  async orderNumbers(buyer: string): Promise<number[]> {
    const reply = await this.http<Array<{ orderNumber: number }>>('ordering-api', 'GET', '/api/orders', {
      token: this.token(buyer),
    });
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
        const reply = await this.http<OrderView>('ordering-api', 'GET', `/api/orders/${orderNumber}`, {
          token: this.token(buyer),
        });
        seen = reply.body.status;
        return seen === status ? reply.body : undefined;
      }, `order ${orderNumber} to be ${status}`, 20_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; it is ${seen}`);
    }
  }

  orderCommand(buyer: string, command: 'cancel' | 'ship', orderNumber: number, requestId = randomUUID()) {
    return this.http('ordering-api', 'PUT', `/api/orders/${command}`, {
      token: this.token(buyer),
      body: { orderNumber },
      headers: { 'x-requestid': requestId },
    });
  }

  async basketOf(buyer: string): Promise<Array<{ productId: number; quantity: number }>> {
    const reply = await this.http<{ items: Array<{ productId: number; quantity: number }> }>(
      'basket-api',
      'GET',
      '/api/basket',
      { token: this.token(buyer) },
    );
    return reply.body.items;
  }
}
