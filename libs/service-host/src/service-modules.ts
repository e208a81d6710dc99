import type { DynamicModule } from '@nestjs/common';
import type { CommonEnv, EventBusEnv, OutboxEnv } from '@eshop/config';
import { subscriberQueues } from '@eshop/contracts';
import { DiscoveryModule, type DiscoveryModuleOptions } from '@eshop/discovery';
import type { EventMap, EventSchemaRegistry } from '@eshop/event-bus';
import {
  RabbitMqEventBus,
  RabbitMqEventBusModule,
  type BusObserver,
  type EventBusModuleOptions,
  type SubscriberQueue,
} from '@eshop/event-bus-rabbitmq';
import { ServiceLogger, ServiceMetrics, structuredLogger } from '@eshop/observability';
import {
  OutboxModule,
  maxRelayPublishTimeoutMs,
  relayOptionsFromEnv,
  type OutboxRelayOverrides,
  type OutboxSchemaCheck,
} from '@eshop/outbox';

/**
 * The building blocks every service composes the same way, from its validated environment.
 * `ServiceHostModule` uses them for the HTTP apps; a process without HTTP (the catalog's
 * standalone relay) picks the ones it needs.
 */

export interface EventBusPart<M extends EventMap> {
  /** The contract's events: the bus checks what it publishes and consumes against them. */
  readonly registry: EventSchemaRegistry<M>;
  /** Declare and consume the service queue (EVENT_BUS_QUEUE); false for publish-only processes. */
  readonly queue?: boolean;
}

export interface OutboxPart {
  readonly schemas: OutboxSchemaCheck;
  readonly databaseUrl: string;
  readonly env: OutboxEnv;
  /** Run the relay in this process (OUTBOX_RELAY); the writer is there either way. */
  readonly relay: boolean;
  /** Test seams of the relay (e.g. a crash after a confirmed publish). */
  readonly relayOverrides?: OutboxRelayOverrides;
}

type BusEnv = Pick<CommonEnv, 'RABBITMQ_URL'> & EventBusEnv;

/** The RabbitMQ event bus of `connectionName`, logging through the app's pino logger. */
export function eventBusModule<M extends EventMap>(
  connectionName: string,
  env: BusEnv,
  bus: EventBusPart<M>,
  outbox?: Pick<OutboxPart, 'env'>,
): DynamicModule {
  const options: EventBusModuleOptions = {
    url: env.RABBITMQ_URL,
    exchange: env.EVENT_BUS_EXCHANGE,
    ...(bus.queue === false ? {} : { queue: env.EVENT_BUS_QUEUE }),
    prefetch: env.EVENT_BUS_PREFETCH,
    queueType: env.EVENT_BUS_QUEUE_TYPE,
    subscriberQueues: subscriberQueuesFor(env.EVENT_BUS_QUEUE),
    retry: { maxRetries: env.EVENT_BUS_MAX_RETRIES, initialDelayMs: env.EVENT_BUS_RETRY_INITIAL_MS },
    connectionName,
    // A relay's publish must give up before another relay may take its rows over: before the
    // lease ends, and before an orphaned claim's grace (docs/adr/0002).
    ...(outbox
      ? {
          publishTimeoutMs: maxRelayPublishTimeoutMs(relayOptionsFromEnv(outbox.env, () => true)),
          reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
        }
      : {}),
  };
  return RabbitMqEventBusModule.forRootAsync({
    registry: bus.registry,
    inject: [ServiceLogger, { token: ServiceMetrics, optional: true }],
    useFactory: (pino: ServiceLogger, metrics?: ServiceMetrics) => ({
      ...options,
      logger: structuredLogger(pino, 'EventBus'),
      ...(metrics ? { observer: busObserver(metrics) } : {}),
    }),
  });
}

/** `eshop_bus_published_total` and `eshop_bus_consumed_total` from the bus' hooks. */
function busObserver(metrics: ServiceMetrics): BusObserver {
  return {
    published: (event) => metrics.busPublished.inc({ event }),
    consumed: (event, outcome) => metrics.busConsumed.inc({ event, outcome }),
  };
}

/**
 * The subscriber queues this process declares as a publisher. Queue names follow this
 * service's own: `basket-api` beside `catalog-api`, or `<prefix>basket-api` beside
 * `<prefix>catalog-api` (tests run side by side with a per-run prefix). A queue named
 * otherwise gives no prefix to follow, so nothing is declared.
 */
export function subscriberQueuesFor(ownQueue: string): SubscriberQueue[] {
  const queues = subscriberQueues();
  const own = queues.find(({ service }) => ownQueue.endsWith(service));
  if (!own) return [];
  const prefix = ownQueue.slice(0, ownQueue.length - own.service.length);
  return queues.map(({ service, events }) => ({ queue: `${prefix}${service}`, events }));
}

/** The transactional outbox: the writer for use cases and, when asked, the relay on this bus. */
export function outboxModule(outbox: OutboxPart): DynamicModule {
  return OutboxModule.forRootAsync({
    inject: [RabbitMqEventBus, ServiceLogger],
    useFactory: (bus: RabbitMqEventBus<EventMap>, pino: ServiceLogger) => {
      const logger = structuredLogger(pino, 'OutboxRelay');
      if (!outbox.relay) return { schemas: outbox.schemas, logger };
      const options = { ...relayOptionsFromEnv(outbox.env, () => bus.status().connected), ...outbox.relayOverrides };
      return { schemas: outbox.schemas, logger, relay: { databaseUrl: outbox.databaseUrl, publisher: bus, options } };
    },
  });
}

export type DiscoveryPart = Omit<DiscoveryModuleOptions, 'mode' | 'consulUrl' | 'service'> & {
  readonly version?: string;
};

/** Self-registration with Consul (DISCOVERY=consul) or static URLs, the same in every app. */
export function discoveryModule(
  name: string,
  env: Pick<CommonEnv, 'DISCOVERY' | 'CONSUL_URL' | 'SERVICE_ADDRESS'> &
    Partial<Pick<CommonEnv, 'CONSUL_VERIFY_INTERVAL_MS'>> & { readonly PORT: number },
  extra: DiscoveryPart = {},
): DynamicModule {
  const { version, ...rest } = extra;
  return DiscoveryModule.forRoot({
    mode: env.DISCOVERY,
    consulUrl: env.CONSUL_URL,
    ...(env.CONSUL_VERIFY_INTERVAL_MS ? { verifyIntervalMs: env.CONSUL_VERIFY_INTERVAL_MS } : {}),
    service: {
      name,
      port: env.PORT,
      tags: ['eshop'],
      ...(version ? { version } : {}),
      ...(env.SERVICE_ADDRESS ? { address: env.SERVICE_ADDRESS } : {}),
    },
    ...rest,
  });
}
