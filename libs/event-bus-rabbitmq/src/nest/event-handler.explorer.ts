import { Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PATTERN_HANDLER_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';
import { RpcParamtype } from '@nestjs/microservices/enums/rpc-paramtype.enum';
import type { DeliveryContext, IntegrationEventHandler } from '@eshop/event-bus';
import { BROADCAST_METADATA } from './broadcast.decorator';
import { RabbitMqContext } from './rabbitmq.context';

/** One `@EventPattern` method found in the app, ready to subscribe on the bus. */
export interface DiscoveredEventHandler {
  readonly eventName: string;
  /** `ClassName.method`, for error messages and logs. */
  readonly source: string;
  /** `@Broadcast()`: every instance gets the event (its own queue), not one of them. */
  readonly broadcast: boolean;
  readonly handle: IntegrationEventHandler<unknown>;
}

type Method = (...args: unknown[]) => unknown;
type ArgsMetadata = Record<string, { readonly index: number }>;

/**
 * Finds the app's `@EventPattern(<wire name>)` methods through Nest's discovery, the way
 * @nestjs/schedule finds `@Cron`: handlers stay declared the NestJS way, but are called
 * directly by the bus, outside Nest's RPC pipeline (no guards, interceptors or exception
 * filters to undo; the handler's own error reaches the bus). ADR 0009 explains why.
 */
@Injectable()
export class EventHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  explore(): DiscoveredEventHandler[] {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    const seen = new Set<object>();
    const found: DiscoveredEventHandler[] = [];
    for (const { instance } of wrappers) {
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        found.push(...handlersOf(instance as Record<string, Method>, name));
      }
    }
    return found;
  }
}

function handlersOf(instance: Record<string, Method>, methodName: string): DiscoveredEventHandler[] {
  const method = instance[methodName];
  if (typeof method !== 'function') return [];
  const patterns = Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined;
  if (!patterns) return [];
  const source = `${instance.constructor.name}.${methodName}`;
  if (Reflect.getMetadata(PATTERN_HANDLER_METADATA, method) !== PatternHandler.EVENT) {
    throw new Error(`${source}: @MessagePattern is not supported on the event bus; use @EventPattern`);
  }
  const toArgs = argumentBuilder(instance.constructor, methodName);
  const broadcast = Reflect.getMetadata(BROADCAST_METADATA, method) === true || Reflect.getMetadata(BROADCAST_METADATA, instance.constructor) === true;
  return patterns.map((pattern) => {
    if (typeof pattern !== 'string') throw new Error(`${source}: an event pattern must be a wire-name string`);
    const handle = async (event: unknown, delivery: DeliveryContext): Promise<void> => {
      await method.apply(instance, toArgs(event, delivery));
    };
    return { eventName: pattern, source, broadcast, handle };
  });
}

/**
 * Honours `@Payload()` and `@Ctx()` where the method uses them; without them a handler gets
 * `(event, context)`. The context is a `RabbitMqContext` (its `delivery` holds the attempt).
 */
function argumentBuilder(type: object, methodName: string) {
  const metadata = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, methodName) ?? {}) as ArgsMetadata;
  const positions: Array<{ index: number; kind: 'payload' | 'context' }> = [];
  for (const [key, { index }] of Object.entries(metadata)) {
    const paramType = Number(key.split(':')[0]);
    if (paramType === RpcParamtype.PAYLOAD) positions.push({ index, kind: 'payload' });
    else if (paramType === RpcParamtype.CONTEXT) positions.push({ index, kind: 'context' });
  }
  return (event: unknown, delivery: DeliveryContext): unknown[] => {
    const context = new RabbitMqContext([delivery]);
    if (positions.length === 0) return [event, context];
    const args: unknown[] = [];
    for (const { index, kind } of positions) args[index] = kind === 'payload' ? event : context;
    return args;
  };
}
