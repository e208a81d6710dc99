import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@eshop/config';
import {
  ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION,
  ORDER_STATUS_CHANGED_TO_CANCELLED,
  ORDER_STATUS_CHANGED_TO_PAID,
  ORDER_STATUS_CHANGED_TO_SHIPPED,
  ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED,
  integrationEvents,
  newEventIdentity,
  type IntegrationEventMap,
} from '@eshop/contracts';
import { RabbitMqEventBus } from '@eshop/event-bus-rabbitmq';
import { ServiceMetrics } from '@eshop/observability';
import { freePort, TestIdentityProvider, testEnv } from '@eshop/testing';
import { apiGatewayConfigSchema } from '../api-gateway.config';
import { ApiGatewayModule } from '../api-gateway.module';
import { buildOpenApiDocument } from '../api/openapi.document';
import { bootstrapGateway } from '../infrastructure/gateway-app';

const identity = TestIdentityProvider.shared;

export function buyerToken(buyerId: string, expiresInSeconds?: number): string {
  return identity.tokenSync({ sub: buyerId, name: `Buyer ${buyerId}` }, expiresInSeconds === undefined ? {} : { expiresInSeconds });
}

/** A gateway listening on a real port (a stream is read as it arrives, which supertest cannot), on this run's exchange. */
export class StreamingGateway {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<StreamingGateway> {
    const port = await freePort();
    const config = loadConfig(apiGatewayConfigSchema, {
      ...(await identity.listen()).env(),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      METRICS_PORT: '0',
      RABBITMQ_URL: testEnv.rabbitmqUrl,
      // Never called here: order status comes from the bus.
      CATALOG_URL: 'http://127.0.0.1:9',
      BASKET_URL: 'http://127.0.0.1:9',
      ORDERING_URL: 'http://127.0.0.1:9',
      RATE_LIMIT_BURST: '100000',
      ...env,
    });
    const app = await bootstrapGateway(ApiGatewayModule.register(config), config, buildOpenApiDocument());
    return new StreamingGateway(app, `http://127.0.0.1:${port}`);
  }

  /** Consuming its broadcast queue: from now on it sees every status change. */
  get broadcasting(): boolean {
    return this.app.get(RabbitMqEventBus).status().broadcasting;
  }

  async openStreams(): Promise<number> {
    const text = await this.app.get(ServiceMetrics).registry.getSingleMetricAsString('eshop_gateway_sse_streams');
    return Number(/^eshop_gateway_sse_streams\{[^}]*\} (\d+)$/m.exec(text)?.[1] ?? NaN);
  }
}

export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: Record<string, unknown>;
}

/** An EventSource-like reader over fetch: messages, comments and `retry:` as they arrive. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  ended = false;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  /** Opens the stream; a refused one (no 200) is returned with its response for the assertions, unread. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(`${url}/api/orders/events`, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const client = new SseClient(response, abort);
    if (response.ok && response.body) void client.read(response.body);
    return client;
  }

  get ids(): Array<string | undefined> {
    return this.messages.map((message) => message.id);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          this.frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      /* aborted by close() */
    }
    this.ended = true;
  }

  private frame(text: string): void {
    let id: string | undefined;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) this.messages.push({ id, event, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
  }
}

type StatusEventName =
  | typeof ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION
  | typeof ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED
  | typeof ORDER_STATUS_CHANGED_TO_PAID
  | typeof ORDER_STATUS_CHANGED_TO_SHIPPED
  | typeof ORDER_STATUS_CHANGED_TO_CANCELLED;

/** Publishes the real status events, as ordering's relay does, on this run's exchange. */
export class OrderingPublisher {
  readonly bus: RabbitMqEventBus<IntegrationEventMap>;

  constructor(exchange: string) {
    this.bus = new RabbitMqEventBus<IntegrationEventMap>({ url: testEnv.rabbitmqUrl, registry: integrationEvents, exchange, connectionName: `${exchange}:ordering` });
  }

  /** Publishes `name` for the order; resolves to the event id (the SSE id). */
  async statusChanged(name: StatusEventName, buyerId: string, orderId: number): Promise<string> {
    const base = { ...newEventIdentity(), orderId, buyerId };
    const change = { ...base, buyerName: `Buyer ${buyerId}` };
    const items = [{ productId: 1, units: 2 }];
    switch (name) {
      case ORDER_STATUS_CHANGED_TO_AWAITING_VALIDATION:
        await this.bus.publish(name, { ...change, orderStatus: 'awaitingvalidation', orderStockItems: items });
        break;
      case ORDER_STATUS_CHANGED_TO_STOCK_CONFIRMED:
        await this.bus.publish(name, { ...change, orderStatus: 'stockconfirmed', total: 25.5 });
        break;
      case ORDER_STATUS_CHANGED_TO_PAID:
        await this.bus.publish(name, { ...base, orderStockItems: items });
        break;
      case ORDER_STATUS_CHANGED_TO_SHIPPED:
        await this.bus.publish(name, { ...change, orderStatus: 'shipped' });
        break;
      case ORDER_STATUS_CHANGED_TO_CANCELLED:
        await this.bus.publish(name, { ...change, orderStatus: 'cancelled', reason: 'buyer cancelled' });
        break;
    }
    return base.id;
  }
}
