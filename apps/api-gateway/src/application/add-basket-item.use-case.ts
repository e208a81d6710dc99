import {
  ProductNotFoundError,
  UnexpectedUpstreamAnswerError,
} from '../domain/gateway.errors';
import { catalogProductSchema, toBasketLine, type CatalogProduct } from '../domain/basket-line';
import type { UpstreamResponse } from '../infrastructure/upstream-http-client';
import type { UpstreamProxy } from './upstream-proxy';

export interface AddBasketItemCommand {
  readonly productId: number;
  readonly quantity: number;
}

/**
 * Aggregation: `POST /api/basket/items {productId, quantity}` reads the product from
 * catalog (a read: retried) and writes the basket line with catalog's name, price, picture
 * and version (a write: sent once). Basket's answer goes back to the client as is.
 */
export class AddBasketItem {
  constructor(
    private readonly proxy: UpstreamProxy,
    private readonly pictureBaseUrl: string,
  ) {}

  /** `headers` are the client's forwarded headers (Authorization, x-requestid, traceparent…). */
  async execute(command: AddBasketItemCommand, headers: Readonly<Record<string, string>>): Promise<UpstreamResponse> {
    const product = await this.readProduct(command.productId, withoutBodyHeaders(headers));
    const line = toBasketLine(product, command.quantity, this.pictureBaseUrl);
    return this.proxy.call('basket-api', {
      method: 'POST',
      path: '/api/basket/items',
      headers: { ...withoutBodyHeaders(headers), 'content-type': 'application/json' },
      body: JSON.stringify(line),
    });
  }

  private async readProduct(productId: number, headers: Readonly<Record<string, string>>): Promise<CatalogProduct> {
    const response = await this.proxy.call('catalog-api', {
      method: 'GET',
      path: `/api/catalog/items/${productId}`,
      headers,
    });
    if (response.status === 404) throw new ProductNotFoundError(productId);
    if (response.status !== 200) {
      throw new UnexpectedUpstreamAnswerError('catalog-api', `GET item ${productId} answered ${response.status}`);
    }
    const parsed = catalogProductSchema.safeParse(parseJson(response.body));
    if (!parsed.success) {
      throw new UnexpectedUpstreamAnswerError('catalog-api', `item ${productId}: ${parsed.error.message}`);
    }
    return parsed.data;
  }
}

function withoutBodyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const { 'content-type': _contentType, ...rest } = headers;
  return rest;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
