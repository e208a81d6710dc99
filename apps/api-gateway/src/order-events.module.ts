import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type Type } from '@nestjs/common';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { ServiceMetrics } from '@eshop/observability';
import { eventBusModule } from '@eshop/service-host';
import type { ApiGatewayConfig } from './api-gateway.config';
import { ORDER_EVENTS_OPTIONS, OrderEventsController, type OrderEventsOptions } from './api/order-events.controller';
import { OrderStatusFeed } from './application/order-status-feed';
import { exportSseStreams } from './infrastructure/gateway-metrics';
import { OrderStatusChangedIntegrationEventHandler } from './integration-events/order-status-changed.integration-event-handler';

/**
 * Everything the gateway consumes, in one place: broadcast only, each instance on its own
 * queue (`@Broadcast()`), none on a service queue. Deliberately not an
 * `api-gateway.subscriptions.ts`: those lists are the service-queue subscribers the
 * contract's subscriber table declares queues for; a broadcast subscriber has no queue to
 * declare ahead of it (docs/patterns/event-bus-topology.md). tools/asyncapi finds this list by
 * its name (an exported `…BroadcastSubscriptions` array) and catalogues it apart, as
 * `receive-broadcast` operations with no service-queue binding.
 */
export const apiGatewayBroadcastSubscriptions: ReadonlyArray<Type<unknown>> = [
  OrderStatusChangedIntegrationEventHandler, // ordering: every status change → the buyer's live streams (SSE)
];

/** A reader this far behind is cut off; it reconnects and resumes from its Last-Event-ID. */
const MAX_UNREAD_BYTES = 64 * 1_024;

/**
 * Ends every stream before the HTTP server closes: an open event stream would keep
 * `app.close()` waiting for ever. Runs before the server is disposed (Nest's shutdown order).
 */
class OrderEventsLifecycle implements BeforeApplicationShutdown {
  constructor(@Inject(OrderStatusFeed) private readonly feed: OrderStatusFeed) {}

  beforeApplicationShutdown(): void {
    this.feed.close();
  }
}

/**
 * Live order status (architecture.md "Broker topology", Broadcast): the event bus with the
 * gateway's broadcast subscriptions (no service queue: it publishes nothing and shares no
 * queue), the per-instance feed they fill, and `GET /api/orders/events` that streams it.
 * The bus connects in the background: a broker outage stops the live updates, never the
 * gateway (not a readiness dependency).
 */
@Module({})
export class OrderEventsModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    const options: OrderEventsOptions = { heartbeatMs: config.SSE_HEARTBEAT_MS, retryMs: config.SSE_RETRY_MS, maxBufferedBytes: MAX_UNREAD_BYTES };
    return {
      module: OrderEventsModule,
      // The connection is named after EVENT_BUS_QUEUE (default `api-gateway`), and so is the broadcast parking queue.
      imports: [eventBusModule<IntegrationEventMap>(config.EVENT_BUS_QUEUE, config, { registry: integrationEvents, queue: false })],
      controllers: [OrderEventsController],
      providers: [
        { provide: ORDER_EVENTS_OPTIONS, useValue: options },
        {
          provide: OrderStatusFeed,
          inject: [ServiceMetrics],
          useFactory: (metrics: ServiceMetrics) => {
            const feed = new OrderStatusFeed({
              maxStreams: config.SSE_MAX_STREAMS,
              maxStreamsPerBuyer: config.SSE_MAX_STREAMS_PER_BUYER,
              replayPerBuyer: config.SSE_REPLAY_PER_BUYER,
              replayBuyers: config.SSE_REPLAY_BUYERS,
            });
            exportSseStreams(metrics, () => feed.openStreams);
            return feed;
          },
        },
        OrderEventsLifecycle,
        ...apiGatewayBroadcastSubscriptions,
      ],
    };
  }
}
