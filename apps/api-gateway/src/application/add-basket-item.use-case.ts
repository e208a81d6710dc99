import { ProductNotFoundError, UnexpectedUpstreamAnswerError } from '../domain/gateway.errors';
import { composedCallHeaders } from './composed-call-headers';
import type { ForwardToUpstreamUseCase } from './forward-to-upstream.use-case';
import type { UpstreamResponse } from './upstream.port';

export interface AddBasketItemCommand {
  readonly productId: number;
  readonly quantity: number;
}

/**
 * Aggregation: `POST /api/basket/items {productId, quantity}` first reads the product from
 * catalog (a read: retried), then sends basket only `{productId, quantity}` (a write: sent
 * once); basket takes name, price and picture from catalog itself. The read at the edge
 * keeps a catalog outage on catalog's breaker (a 503 naming catalog-api, basket never
 * called) instead of turning it into basket failures. Basket's answer goes back as is.
 */
export class AddBasketItemUseCase {
  constructor(private readonly forward: ForwardToUpstreamUseCase) {}

  /** `headers` are the client's forwarded headers (Authorization, x-requestid, traceparent…). */
  async execute(command: AddBasketItemCommand, headers: Readonly<Record<string, string>>): Promise<UpstreamResponse> {
    const refused = await this.checkProduct(command.productId, composedCallHeaders(headers));
    if (refused) return refused;
    return this.forward.execute('basket-api', {
      method: 'POST',
      path: '/api/basket/items',
      headers: { ...composedCallHeaders(headers), 'content-type': 'application/json' },
      body: JSON.stringify({ productId: command.productId, quantity: command.quantity }),
    });
  }

  /**
   * Nothing when catalog has the product. Catalog's own client error (a 400 for an id out of
   * its range, a 431 for oversized headers…) is the client's: it is relayed as catalog gave it.
   */
  private async checkProduct(productId: number, headers: Readonly<Record<string, string>>): Promise<UpstreamResponse | undefined> {
    const response = await this.forward.execute('catalog-api', { method: 'GET', path: `/api/catalog/items/${productId}`, headers });
    if (response.status === 200) return undefined;
    if (response.status === 404) throw new ProductNotFoundError(productId);
    if (response.status >= 400 && response.status < 500) return response;
    throw new UnexpectedUpstreamAnswerError('catalog-api', `GET item ${productId} answered ${response.status}`);
  }
}
