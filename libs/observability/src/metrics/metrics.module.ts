import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { httpMetricsMiddleware, timeFastifyRequests, type FastifyLike } from './http-metrics.middleware';
import { ServiceMetrics } from './metrics-registry';
import { MetricsServer } from './metrics-server';

export interface MetricsModuleOptions {
  readonly service: string;
  /** METRICS_PORT; 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** Time HTTP requests (Express middleware or Fastify hook); the gateway times them itself. */
  readonly httpTiming?: boolean;
}

const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

class MetricsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  /** The port actually bound (useful when 0 was asked). */
  static lastPort = 0;

  constructor(
    @Inject(MetricsServer) private readonly server: MetricsServer,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    MetricsLifecycle.lastPort = await this.server.listen(this.options.port, this.options.host);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}

/** Prometheus metrics of one service: the registry (`ServiceMetrics`), HTTP timing and the scrape port. */
@Module({})
export class MetricsModule implements NestModule {
  constructor(
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsModuleOptions,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    if (this.options.httpTiming === false) return;
    const adapter = this.adapterHost.httpAdapter;
    // Fastify's middleware sees the raw request, without the route: time it in Fastify's own hook.
    if (adapter.getType() === 'fastify') return timeFastifyRequests(adapter.getInstance<FastifyLike>(), this.metrics);
    consumer.apply(httpMetricsMiddleware(this.metrics)).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  static forRoot(options: MetricsModuleOptions): DynamicModule {
    const metrics = new ServiceMetrics(options.service);
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        { provide: ServiceMetrics, useValue: metrics },
        { provide: MetricsServer, useValue: new MetricsServer(metrics) },
        MetricsLifecycle,
      ],
      exports: [ServiceMetrics, MetricsServer],
    };
  }
}

/** The port the metrics server bound in this process (tests that asked for port 0). */
export const boundMetricsPort = (): number => MetricsLifecycle.lastPort;
