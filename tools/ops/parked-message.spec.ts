import type { Message, MessageProperties, XDeath } from 'amqplib';
import { HEADERS } from '@eshop/event-bus-rabbitmq';
import { REPLAYED_AT_HEADER, describeParked, replayProperties } from './parked-message';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function message(properties: Partial<MessageProperties>, content = '{"id":"e-1"}'): Message {
  const empty: MessageProperties = {
    contentType: undefined,
    contentEncoding: undefined,
    headers: undefined,
    deliveryMode: undefined,
    priority: undefined,
    correlationId: undefined,
    replyTo: undefined,
    expiration: undefined,
    messageId: undefined,
    timestamp: undefined,
    type: undefined,
    userId: undefined,
    appId: undefined,
    clusterId: undefined,
  };
  return {
    content: Buffer.from(content),
    fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'basket-api.parking' },
    properties: { ...empty, ...properties },
  };
}

const parkedByTheBus = () =>
  message({
    messageId: 'e-1',
    type: 'ProductPriceChanged',
    contentType: 'application/json',
    timestamp: 1_700_000_000,
    userId: 'guest',
    headers: {
      [HEADERS.traceparent]: TRACEPARENT,
      [HEADERS.attempt]: 3,
      [HEADERS.lastError]: 'Error: earlier',
      [HEADERS.parkedReason]: 'handler failed 3 times',
      [HEADERS.parkedError]: 'Error: catalog price rejected',
      [HEADERS.parkedAt]: '2025-01-02T03:04:05.000Z',
      [HEADERS.parkedFrom]: 'basket-api',
      'x-delivery-count': 2,
    },
  });

describe('describeParked', () => {
  it('reads what the bus writes when it parks a message', () => {
    expect(describeParked(parkedByTheBus())).toEqual({
      messageId: 'e-1',
      event: 'ProductPriceChanged',
      attempt: 3,
      reason: 'handler failed 3 times',
      error: 'Error: catalog price rejected',
      parkedAt: '2025-01-02T03:04:05.000Z',
      parkedFrom: 'basket-api',
      deliveryCount: 2,
      traceparent: TRACEPARENT,
      payload: { id: 'e-1' },
    });
  });

  it('reads a message the broker dead-lettered past the delivery limit (no headers of ours)', () => {
    const parked = describeParked(
      message({
        messageId: 'e-2',
        headers: {
          'x-first-death-reason': 'delivery_limit',
          'x-first-death-queue': 'ordering-api',
          // @types/amqplib predates the quorum `delivery_limit` reason.
          'x-death': [{ count: 1, reason: 'delivery_limit' as XDeath['reason'], queue: 'ordering-api', time: { '!': 'timestamp', value: 1_700_000_000 }, exchange: '', 'routing-keys': ['ordering-api'] }],
        },
      }, 'not json'),
    );
    expect(parked).toMatchObject({
      messageId: 'e-2',
      event: 'basket-api.parking', // no type property: the routing key is all there is
      attempt: 1,
      reason: 'dead-lettered by the broker: delivery_limit',
      error: 'redelivered past the delivery limit without an ack',
      parkedAt: new Date(1_700_000_000_000).toISOString(),
      parkedFrom: 'ordering-api',
      payload: 'not json',
    });
  });
});

describe('replayProperties', () => {
  it('keeps identity, type and trace, resets the attempt, drops parking and broker headers', () => {
    const now = new Date('2025-02-03T04:05:06.000Z');
    expect(replayProperties(parkedByTheBus(), now)).toEqual({
      messageId: 'e-1',
      type: 'ProductPriceChanged',
      contentType: 'application/json',
      timestamp: 1_700_000_000,
      headers: { [HEADERS.traceparent]: TRACEPARENT, [HEADERS.attempt]: 1, [REPLAYED_AT_HEADER]: now.toISOString() },
      persistent: true,
      mandatory: true,
    });
  });
});
