import type { ConsumeMessage } from 'amqplib';
import {
  integrationEvents,
  newEventIdentity,
  PRODUCT_PRICE_CHANGED,
  type IntegrationEventMap,
} from '@eshop/contracts';
import type { IntegrationEventHandler } from '@eshop/event-bus';
import { runDelivery, type DeliveryRules } from './delivery';

/** A delivery as amqplib hands it over (plain data; no broker needed for the decision). */
function message(body: string, headers: Record<string, unknown> = {}, type = PRODUCT_PRICE_CHANGED) {
  return {
    content: Buffer.from(body),
    fields: { deliveryTag: 1, redelivered: false, exchange: 'x', routingKey: type, consumerTag: 'c' },
    properties: { type, messageId: 'm-1', headers },
  } as unknown as ConsumeMessage;
}

const valid = JSON.stringify({ ...newEventIdentity(), productId: 1, newPrice: 2, oldPrice: 3, version: 1 });

function rules(handler?: IntegrationEventHandler<never>): DeliveryRules<IntegrationEventMap> {
  return {
    registry: integrationEvents,
    handlersFor: () => (handler ? [handler] : []),
    delaysMs: [100, 500],
    handlerTimeoutMs: 50,
  };
}

describe('runDelivery verdicts', () => {
  const ok: IntegrationEventHandler<never> = async () => undefined;
  const failing: IntegrationEventHandler<never> = async () => {
    throw new Error('db down');
  };

  it('acks when every handler resolves', async () => {
    await expect(runDelivery(message(valid), rules(ok))).resolves.toEqual({ kind: 'ack' });
  });

  it('retries with the delay of the current attempt, then parks when delays are used up', async () => {
    expect(await runDelivery(message(valid), rules(failing))).toMatchObject({ kind: 'retry', attempt: 2, delayMs: 100 });
    expect(await runDelivery(message(valid, { 'x-attempt': 2 }), rules(failing))).toMatchObject({ kind: 'retry', attempt: 3, delayMs: 500 });
    expect(await runDelivery(message(valid, { 'x-attempt': 3 }), rules(failing))).toMatchObject({
      kind: 'park',
      reason: 'handler failed 3 times',
    });
  });

  it('treats a handler that outlives the timeout as failed', async () => {
    const slow: IntegrationEventHandler<never> = () => new Promise((r) => setTimeout(r, 500));
    const verdict = await runDelivery(message(valid), rules(slow));
    expect(verdict).toMatchObject({ kind: 'retry' });
    expect(String((verdict as { error: Error }).error)).toMatch(/did not finish within 50 ms/);
  });

  it.each([
    ['{not json', PRODUCT_PRICE_CHANGED, 'unparsable JSON'],
    [JSON.stringify({ id: 'x' }), PRODUCT_PRICE_CHANGED, 'schema-invalid'],
    [valid, 'Mystery', 'unknown event Mystery'],
  ])('parks poison %s at once', async (body, type, reason) => {
    const verdict = await runDelivery(message(body, {}, type as typeof PRODUCT_PRICE_CHANGED), rules(ok));
    expect(verdict).toMatchObject({ kind: 'park', reason });
  });

  it('parks a message nobody here subscribes to instead of dropping it', async () => {
    expect(await runDelivery(message(valid), rules())).toMatchObject({
      kind: 'park',
      reason: `no handler subscribed for ${PRODUCT_PRICE_CHANGED}`,
    });
  });

  it('passes attempt, redelivered flag and a valid traceparent to the handler', async () => {
    const seen: unknown[] = [];
    const spy: IntegrationEventHandler<never> = async (_e, ctx) => void seen.push(ctx);
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await runDelivery(message(valid, { 'x-attempt': 2, traceparent }), rules(spy));
    await runDelivery(message(valid, { traceparent: 'garbage' }), rules(spy));
    expect(seen).toEqual([
      { eventName: PRODUCT_PRICE_CHANGED, messageId: 'm-1', attempt: 2, redelivered: false, traceparent },
      { eventName: PRODUCT_PRICE_CHANGED, messageId: 'm-1', attempt: 1, redelivered: false },
    ]);
  });
});
