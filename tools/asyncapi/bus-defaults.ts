import { z } from 'zod';
import { eventBusEnv } from '@eshop/config';
import { integrationEvents, type IntegrationEventMap, type IntegrationEventName } from '@eshop/contracts';
import { broadcastParkingQueueName, parkingQueueName, resolveOptions, retryDelays, retryQueueName } from '@eshop/event-bus-rabbitmq';

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

/**
 * A broadcast subscriber's binding to one routing key: each instance declares its own
 * server-named (`amq.gen-…`), exclusive, auto-delete, non-durable queue and binds it, so it has
 * no name to give here; no retry queues, and failures parked in the durable
 * `<name>.broadcast.parking`, `<name>` being the process' EVENT_BUS_QUEUE (topology.ts `broadcastQueue`).
 */
export function broadcastBinding(service: string, queueOfService: string | undefined, event: IntegrationEventName) {
  const options = busDefaults(queueOfService ?? service);
  return {
    service,
    queue: 'server-named (amq.gen-…), one per instance',
    exclusive: true,
    autoDelete: true,
    durable: false,
    bindingKey: event,
    retryQueues: [] as string[],
    parkingQueue: broadcastParkingQueueName(options.broadcastName),
  };
}
