import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@eshop/auth';
import type { CommonEnv, EventBusEnv } from '@eshop/config';
import type { EventMap } from '@eshop/event-bus';
import { HealthModule, LoggingModule, MetricsModule, TracingShutdownModule, type HealthModuleOptions } from '@eshop/observability';
import { BusMetrics } from './bus-metrics';
import { outboxMetricsProviders } from './outbox-metrics';
import { tokenVerification } from './token-verification';
import {
  discoveryModule,
  eventBusModule,
  outboxModule,
  type DiscoveryPart,
  type EventBusPart,
  type OutboxPart,
} from './service-modules';

export type ServiceEnv = CommonEnv & EventBusEnv & { readonly PORT: number };

export interface ServiceHostModuleOptions<M extends EventMap> {
  /** The service name: logs, the broker connection and the Consul registration carry it. */
  readonly service: string;
  readonly env: ServiceEnv;
  /** Bearer tokens on every route not marked `@Public()` (default); false for event-only apps. */
  readonly auth?: boolean;
  readonly eventBus: EventBusPart<M>;
  readonly outbox?: OutboxPart;
  readonly discovery?: DiscoveryPart;
  /** What `/health/ready` checks: the stores this service needs to serve its routes. */
  readonly readiness: HealthModuleOptions;
}

/**
 * One composition for every service: structured logs, token checks, the event bus (its
 * `@EventPattern` handlers subscribe themselves), the outbox when the service has one,
 * discovery and health. An app module imports it and adds only what is its own.
 */
@Module({})
export class ServiceHostModule {
  static forRoot<M extends EventMap>(options: ServiceHostModuleOptions<M>): DynamicModule {
    const { service, env } = options;
    const parts = [
      LoggingModule.forRoot({ service, level: env.LOG_LEVEL }),
      MetricsModule.forRoot({ service, port: env.METRICS_PORT ?? env.PORT + 1_000, host: env.HOST }),
      TracingShutdownModule,
      ...(options.auth === false ? [] : [AuthModule.forRoot(tokenVerification(env))]),
      eventBusModule(service, env, options.eventBus, options.outbox),
      ...(options.outbox ? [outboxModule(options.outbox)] : []),
      discoveryModule(service, env, options.discovery),
      HealthModule.forRoot(options.readiness),
    ];
    // Re-exported, so the app's own providers can inject OutboxWriter, the resolver, etc.
    const metrics = [BusMetrics, ...(options.outbox ? outboxMetricsProviders(options.outbox.databaseUrl) : [])];
    return { module: ServiceHostModule, imports: parts, providers: metrics, exports: parts };
  }
}
