import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import {
  integrationEventSubscribers,
  ORDER_STOCK_REJECTED,
  PRODUCT_PRICE_CHANGED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventName,
} from '@eshop/contracts';
import { ASYNCAPI_PATH, generateAsyncApi, readCommittedAsyncApi } from './asyncapi-document';

type Json = Record<string, unknown>;

/**
 * The contract's event table (publisher → subscribers, as docs/architecture.md states it),
 * written out here by hand and independently of the generator, which derives the same facts
 * from the apps' code. Shipped has no subscriber in this repository yet (the live status will).
 */
const CONTRACT_TABLE: Record<IntegrationEventName, { publisher: string; subscribers: string[] }> = {
  ProductPriceChangedIntegrationEvent: { publisher: 'catalog-api', subscribers: ['basket-api'] },
  UserCheckoutAcceptedIntegrationEvent: { publisher: 'basket-api', subscribers: ['ordering-api'] },
  OrderStartedIntegrationEvent: { publisher: 'ordering-api', subscribers: ['basket-api'] },
  GracePeriodConfirmedIntegrationEvent: { publisher: 'ordering-api', subscribers: ['ordering-api'] },
  OrderStatusChangedToAwaitingValidationIntegrationEvent: { publisher: 'ordering-api', subscribers: ['catalog-api'] },
  OrderStockConfirmedIntegrationEvent: { publisher: 'catalog-api', subscribers: ['ordering-api'] },
  OrderStockRejectedIntegrationEvent: { publisher: 'catalog-api', subscribers: ['ordering-api'] },
  OrderStatusChangedToStockConfirmedIntegrationEvent: { publisher: 'ordering-api', subscribers: ['payment-api'] },
  OrderPaymentSucceededIntegrationEvent: { publisher: 'payment-api', subscribers: ['ordering-api'] },
  OrderPaymentFailedIntegrationEvent: { publisher: 'payment-api', subscribers: ['ordering-api'] },
  OrderStatusChangedToPaidIntegrationEvent: { publisher: 'ordering-api', subscribers: ['catalog-api'] },
  OrderStatusChangedToShippedIntegrationEvent: { publisher: 'ordering-api', subscribers: [] },
  OrderStatusChangedToCancelledIntegrationEvent: { publisher: 'ordering-api', subscribers: ['catalog-api', 'payment-api'] },
  OrderPaymentRefundedIntegrationEvent: { publisher: 'payment-api', subscribers: ['ordering-api'] },
};

/**
 * Broadcast subscribers (`@Broadcast()`): not in the contract's table (no queue to declare),
 * every instance gets every event on a queue of its own (docs/patterns/event-bus-topology.md).
 */
const BROADCAST_SUBSCRIBERS: Partial<Record<IntegrationEventName, string[]>> = {
  OrderStatusChangedToAwaitingValidationIntegrationEvent: ['api-gateway'],
  OrderStatusChangedToStockConfirmedIntegrationEvent: ['api-gateway'],
  OrderStatusChangedToPaidIntegrationEvent: ['api-gateway'],
  OrderStatusChangedToShippedIntegrationEvent: ['api-gateway'],
  OrderStatusChangedToCancelledIntegrationEvent: ['api-gateway'],
};

const committedText = readCommittedAsyncApi();
const committed = parse(committedText) as Json;

/** Follows a local `$ref` ("#/a/b/c") through the document. */
function resolve(ref: string): Json {
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], committed);
  if (!target || typeof target !== 'object') throw new Error(`unresolved $ref ${ref}`);
  return target as Json;
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
  );
}

const section = (name: string) => committed[name] as Record<string, Json>;
/** channel → its message → the message's payload schema, each step through its $ref. */
function payloadOf(event: string): Json {
  const channelMessages = section('channels')[event]?.messages as Record<string, Json>;
  const message = resolve(channelMessages[event]?.$ref as string);
  return resolve((message.payload as Json).$ref as string);
}

describe('docs/asyncapi.yaml', () => {
  it('is what the generator makes from the code today', () => {
    const generated = generateAsyncApi();
    if (generated !== committedText) {
      const lines = [generated.split('\n'), committedText.split('\n')] as const;
      const at = lines[0].findIndex((line, i) => line !== lines[1][i]);
      throw new Error(
        `${ASYNCAPI_PATH} is stale: run npm run docs:asyncapi (first difference at line ${at + 1}: ` +
          `expected ${JSON.stringify(lines[0][at])}, committed ${JSON.stringify(lines[1][at])})`,
      );
    }
    expect(generateAsyncApi()).toBe(generated); // and the same code gives the same bytes
  });

  it('is an AsyncAPI 3.0 document whose every $ref resolves', () => {
    expect(committed.asyncapi).toBe('3.0.0');
    expect(Object.keys(committed)).toEqual(
      expect.arrayContaining(['info', 'channels', 'operations', 'components']),
    );
    const refs = refsIn(committed);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(() => resolve(ref)).not.toThrow();
  });

  it.each(integrationEvents.names)('%s has a channel whose payload requires id and creationDate', (event) => {
    const channel = section('channels')[event] as Json;
    expect(channel).toMatchObject({ address: event });
    expect(channel.bindings).toEqual({
      amqp: {
        is: 'routingKey',
        exchange: { name: 'eshop.events', type: 'topic', durable: true, autoDelete: false, vhost: '/' },
        bindingVersion: '0.3.0',
      },
    });
    const payload = payloadOf(event);
    expect(payload.required).toEqual(expect.arrayContaining(['id', 'creationDate']));
    expect(payload.properties).toMatchObject({
      id: { type: 'string', format: 'uuid' },
      creationDate: { type: 'string', format: 'date-time' },
    });
  });

  it('names the publisher and subscribers of the contract table, and the broadcast subscribers, derived from the apps', () => {
    const derived: Record<string, { publishers: string[]; subscribers: string[]; broadcast: string[] }> = {};
    for (const [id, operation] of Object.entries(section('operations'))) {
      const event = ((operation.channel as Json).$ref as string).replace('#/channels/', '');
      const entry = (derived[event] ??= { publishers: [], subscribers: [], broadcast: [] });
      const kind = operation.action === 'send' ? 'publishers' : id.includes('.receive-broadcast.') ? 'broadcast' : 'subscribers';
      entry[kind].push(operation['x-eshop-service'] as string);
    }
    const expected = Object.fromEntries(
      Object.entries(CONTRACT_TABLE).map(([event, row]) => [
        event,
        {
          publishers: [row.publisher],
          subscribers: row.subscribers,
          broadcast: BROADCAST_SUBSCRIBERS[event as IntegrationEventName] ?? [],
        },
      ]),
    );
    expect(derived).toEqual(expected);
    for (const [event, row] of Object.entries(CONTRACT_TABLE)) {
      const bindings = section('channels')[event]?.['x-eshop-queue-bindings'] as Json[];
      expect(bindings.map((binding) => [binding.queue, binding.bindingKey])).toEqual(
        row.subscribers.map((service) => [service, event]),
      );
    }
  });

  it.each(Object.keys(BROADCAST_SUBSCRIBERS))('%s is broadcast to every api-gateway instance, on no service queue', (event) => {
    const channel = section('channels')[event] as Json;
    expect(channel.description).toMatch(/broadcast to every api-gateway instance/);
    expect(channel.description).not.toMatch(/no service of this repository consumes it/);
    const queueBindings = channel['x-eshop-queue-bindings'] as Json[];
    expect(queueBindings.map((binding) => binding.service)).not.toContain('api-gateway');
    expect(queueBindings.map((binding) => binding.queue)).not.toContain('api-gateway');
    expect(channel['x-eshop-broadcast-bindings']).toEqual([
      {
        service: 'api-gateway',
        queue: 'server-named (amq.gen-…), one per instance',
        exclusive: true,
        autoDelete: true,
        durable: false,
        bindingKey: event,
        retryQueues: [],
        parkingQueue: 'api-gateway.broadcast.parking',
      },
    ]);
    const operation = section('operations')[`api-gateway.receive-broadcast.${event}`] as Json;
    expect(operation).toMatchObject({ action: 'receive', channel: { $ref: `#/channels/${event}` }, 'x-eshop-service': 'api-gateway' });
    expect(operation.summary).toMatch(/Every api-gateway instance .* its own broadcast queue/);
    for (const phrase of [
      'OrderStatusChangedIntegrationEventHandler',
      '@Broadcast()',
      'apps/api-gateway/src/order-events.module.ts (apiGatewayBroadcastSubscriptions)',
      'exclusive, auto-delete, non-durable queue named by the broker',
      'binds it per event',
      'every instance receives every event',
      'parked at once in api-gateway.broadcast.parking',
      'no retries',
    ]) {
      expect(operation.description).toContain(phrase);
    }
    expect(section('operations')[`api-gateway.receive.${event}`]).toBeUndefined();
  });

  it('says so of an event that only broadcast subscribers consume', () => {
    const channel = section('channels').OrderStatusChangedToShippedIntegrationEvent as Json;
    expect(channel['x-eshop-queue-bindings']).toEqual([]);
    expect(channel.description).toMatch(
      /; broadcast to every api-gateway instance\. No service queue is bound to the key: while no instance is connected, the broker drops it\.$/,
    );
  });

  it('agrees with the subscriber table publishers declare queues from (libs/contracts)', () => {
    const fromTable = Object.fromEntries(Object.entries(CONTRACT_TABLE).map(([event, row]) => [event, row.subscribers]));
    expect(integrationEventSubscribers).toEqual(fromTable);
  });

  it('lets each operation carry only messages of its own channel', () => {
    for (const [id, operation] of Object.entries(section('operations'))) {
      expect(['send', 'receive']).toContain(operation.action);
      const channelRef = (operation.channel as Json).$ref as string;
      for (const { $ref } of operation.messages as Array<{ $ref: string }>) {
        expect({ id, message: $ref.startsWith(`${channelRef}/messages/`) }).toEqual({ id, message: true });
      }
    }
  });

  it('has payload schemas that accept the events the contract accepts, and reject what it rejects', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = (event: IntegrationEventName, data: unknown) =>
      ajv.validate(payloadOf(event), data) ? 'valid' : ajv.errorsText(ajv.errors);
    const priceChange = { ...newEventIdentity(), productId: 7, newPrice: 19.99, oldPrice: 21.5, version: 3 };
    expect(integrationEvents.parse(PRODUCT_PRICE_CHANGED, priceChange)).toEqual(priceChange);
    expect(validate(PRODUCT_PRICE_CHANGED, priceChange)).toBe('valid');
    const { id: _id, ...withoutId } = priceChange;
    expect(validate(PRODUCT_PRICE_CHANGED, withoutId)).toMatch(/must have required property 'id'/);
    expect(validate(PRODUCT_PRICE_CHANGED, { ...priceChange, creationDate: 'yesterday' })).toMatch(/creationDate/);
    const rejected = { ...newEventIdentity(), orderId: 3, orderStockItems: [{ productId: 8, hasStock: false }] };
    expect(validate(ORDER_STOCK_REJECTED, rejected)).toBe('valid');
    expect(validate(ORDER_STOCK_REJECTED, { ...rejected, orderStockItems: [{ productId: 8, hasStock: 'no' }] })).toMatch(
      /hasStock/,
    );
    expect(ajv.validateSchema(resolve('#/components/schemas/MessageHeaders'))).toBe(true);
  });
});
