import { basketItemSchema } from '@eshop/contracts';
import { z } from 'zod';
import { UnexpectedUpstreamAnswerError } from '../domain/gateway.errors';
import { draftOfBasket, type BasketLine, type OrderDraft } from '../domain/order-draft';
import { composedCallHeaders } from './composed-call-headers';
import type { ForwardToUpstreamUseCase } from './forward-to-upstream.use-case';
import type { UpstreamResponse } from './upstream.port';

/** What the draft needs of `GET /api/basket`: the contract's basket lines (prices with at most two decimals). */
const basketAnswer = z.object({
  items: z.array(basketItemSchema.pick({ productId: true, productName: true, unitPrice: true, quantity: true, pictureUrl: true })),
});

/** The draft, or basket's own refusal (a 4xx: 401, 403…) to relay as basket gave it. */
export type DraftOrderResult = { readonly draft: OrderDraft } | { readonly refused: UpstreamResponse };

/**
 * Aggregation: `POST /api/orders/draft` drafts the order of the caller's basket. The gateway
 * reads the basket (a read: retried) with the caller's token and computes the draft from
 * basket's lines, whose names and prices basket took from catalog. The client sends no lines
 * and no service takes lines from anyone for a draft: no price of a caller's reaches one
 * (docs/security.md). Nothing is stored: an order is made from basket's checkout event alone.
 */
export class DraftOrderUseCase {
  constructor(private readonly forward: ForwardToUpstreamUseCase) {}

  /** `headers` are the client's forwarded headers (Authorization, traceparent…). */
  async execute(headers: Readonly<Record<string, string>>): Promise<DraftOrderResult> {
    const basket = await this.forward.execute('basket-api', { method: 'GET', path: '/api/basket', headers: composedCallHeaders(headers) });
    if (basket.status >= 400 && basket.status < 500) return { refused: basket };
    if (basket.status !== 200) throw new UnexpectedUpstreamAnswerError('basket-api', `GET /api/basket answered ${basket.status}`);
    return { draft: draftOfBasket(linesOf(basket)) };
  }
}

function linesOf(basket: UpstreamResponse): BasketLine[] {
  let body: unknown;
  try {
    body = JSON.parse(basket.body.toString('utf8'));
  } catch (error) {
    throw new UnexpectedUpstreamAnswerError('basket-api', `GET /api/basket: ${(error as Error).message}`);
  }
  const parsed = basketAnswer.safeParse(body);
  if (!parsed.success) throw new UnexpectedUpstreamAnswerError('basket-api', `GET /api/basket: ${parsed.error.message}`);
  return parsed.data.items;
}
