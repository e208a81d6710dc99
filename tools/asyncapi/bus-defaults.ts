import { z } from 'zod';
import { eventBusEnv } from '@eshop/config';
import { integrationEvents, type IntegrationEventMap, type IntegrationEventName } from '@eshop/contracts';
import { parkingQueueName, resolveOptions, retryDelays, retryQueueName } from '@eshop/event-bus-rabbitmq';

/**
 * The bus options a service runs with when its EVENT_BUS_* variables are left at their
 * defaults, computed by the same functions the apps use (libs/config `eventBusEnv`, the bus'
 * `resolveOptions`), so the catalogue's exchange and queue names cannot drift from them.
 */
export function busDefaults(service: string) {
  const env = z.object(eventBusEnv(service)).parse({});
  return resolveOptions<IntegrationEventMap>({
    url: 'amqp://localhost',
    registry: integrationEvents,
    exchange: env.EVENT_BUS_EXCHANGE,
    queue: env.EVENT_BUS_QUEUE,
    retry: { maxRetries: env.EVENT_BUS_MAX_RETRIES, initialDelayMs: env.EVENT_BUS_RETRY_INITIAL_MS },
  });
}

/** A subscriber's queue and its binding to one routing key, with where failures go. */
export function queueBinding(service: string, queueOfService: string | undefined, event: IntegrationEventName) {
  const options = busDefaults(queueOfService ?? service);
  const queue = options.queue ?? service;
  return {
    service,
    queue,
    durable: true,
    bindingKey: event,
    retryQueues: retryDelays(options.retry).map((delay) => retryQueueName(queue, delay)),
    parkingQueue: parkingQueueName(queue),
  };
}
