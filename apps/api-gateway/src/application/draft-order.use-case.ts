import { UnexpectedUpstreamAnswerError } from '../domain/gateway.errors';
import type { ForwardToUpstreamUseCase } from './forward-to-upstream.use-case';
import type { UpstreamResponse } from './upstream.port';

interface BasketLine {
  readonly productId: number;
  readonly productName: string;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly pictureUrl: string;
}

/**
 * Aggregation: `POST /api/orders/draft` drafts the order of the caller's basket. The gateway
 * reads the basket (a read: retried) with the caller's token and sends ordering exactly those
 * lines, whose names and prices basket took from catalog; the client sends no lines, so no
 * price or name of its own reaches the draft. Basket's refusal (401, 503…) and ordering's
 * answer (the draft, or its 400 for an empty basket) go back as they are.
 */
export class DraftOrderUseCase {
  constructor(private readonly forward: ForwardToUpstreamUseCase) {}

  /** `headers` are the client's forwarded headers (Authorization, traceparent…). */
  async execute(headers: Readonly<Record<string, string>>): Promise<UpstreamResponse> {
    const { 'content-type': _contentType, ...readHeaders } = headers;
    const basket = await this.forward.execute('basket-api', { method: 'GET', path: '/api/basket', headers: readHeaders });
    if (basket.status !== 200) return basket;
    return this.forward.execute('ordering-api', {
      method: 'POST',
      path: '/api/orders/draft',
      headers: { ...readHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ items: linesOf(basket) }),
    });
  }
}

function linesOf(basket: UpstreamResponse): BasketLine[] {
  try {
    const { items } = JSON.parse(basket.body.toString('utf8')) as { items: BasketLine[] };
    return items.map(({ productId, productName, unitPrice, quantity, pictureUrl }) => ({ productId, productName, unitPrice, quantity, pictureUrl }));
  } catch (error) {
    throw new UnexpectedUpstreamAnswerError('basket-api', `GET /api/basket: ${(error as Error).message}`);
  }
}
