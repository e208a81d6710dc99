import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { DeliveryContext } from '@eshop/event-bus';
import { isObservable, lastValueFrom } from 'rxjs';
import type { RabbitMqEventBus } from '../lib/rabbitmq-event-bus';
import { RabbitMqContext } from './rabbitmq.context';

export const RABBITMQ_EVENT_BUS_TRANSPORT = Symbol('RABBITMQ_EVENT_BUS');

/**
 * The event bus as a Nest custom transport. Every `@EventPattern(<wire name>)` of the app
 * becomes a subscription (and so a queue binding): the handlers are the service's list of
 * subscriptions. Ack, retry and parking are the bus' job, decided by whether the handler
 * resolves or fails.
 */
export class ServerRabbitMq extends Server implements CustomTransportStrategy {
  override readonly transportId = RABBITMQ_EVENT_BUS_TRANSPORT;

  constructor(private readonly bus: RabbitMqEventBus<IntegrationEventMap>) {
    super();
  }

  async listen(callback: (error?: unknown, ...info: unknown[]) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.getHandlers()) {
        await this.subscribe(pattern, handler);
      }
      await this.bus.startConsuming();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * Stops taking deliveries and lets running handlers finish; the bus closes later. The
   * queue keeps its bindings: events published while this service is down wait for it.
   */
  async close(): Promise<void> {
    await this.bus.stopConsuming();
  }

  on(): never {
    throw new Error('ServerRabbitMq emits no events; use the bus status for health');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private async subscribe(pattern: string, handler: MessageHandler): Promise<void> {
    if (!handler.isEventHandler) {
      throw new Error(`@MessagePattern('${pattern}') is not supported: use @EventPattern`);
    }
    if (!integrationEvents.has(pattern)) {
      throw new Error(`@EventPattern('${pattern}') names no integration event of the contract`);
    }
    // Nest chains several handlers of one pattern behind the first (forkJoin): call the head.
    const run = async (event: unknown, delivery: DeliveryContext): Promise<void> => {
      const result: unknown = await handler(event, new RabbitMqContext([delivery]));
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    };
    await this.bus.subscribe(pattern, run as never);
  }
}
