import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { ConsulRegistration, type HealthCheckOptions, type ServiceIdentity } from '../lib/consul-registration';
import { ConsulServiceResolver } from '../lib/consul-service-resolver';
import type { ServiceWatchOptions } from '../lib/consul-service-watch';
import { DEFAULT_STATIC_URLS } from '../lib/discovery.env';
import type { ServiceResolver } from '../lib/service-resolver';
import { StaticServiceResolver } from '../lib/static-service-resolver';
import { NestStructuredLogger } from '@eshop/observability';

/** Injection token: `@Inject(SERVICE_RESOLVER) resolver: ServiceResolver`. */
export const SERVICE_RESOLVER = Symbol('SERVICE_RESOLVER');

export interface DiscoveryModuleOptions {
  /** The app's `DISCOVERY` variable. */
  readonly mode: 'consul' | 'static';
  /** The app's `CONSUL_URL` variable. */
  readonly consulUrl: string;
  /** This app, as it registers itself in consul mode. */
  readonly service: ServiceIdentity;
  /** Static mode: service name → base URL (`staticUrlsFromConfig(config)`); contract defaults if omitted. */
  readonly staticUrls?: Readonly<Record<string, string>>;
  /** Services this app calls (the gateway's upstreams): in consul mode, watched from start. */
  readonly upstreams?: readonly string[];
  readonly check?: Partial<HealthCheckOptions>;
  readonly watch?: Partial<ServiceWatchOptions>;
  /** How often a registered instance checks that Consul still lists it (ConsulRegistration). */
  readonly verifyIntervalMs?: number;
}

const DISCOVERY_UPSTREAMS = Symbol('DISCOVERY_UPSTREAMS');

/** Consul mode: register once Nest has initialised the app, deregister first thing at shutdown. */
class RegistrationLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ConsulRegistration) private readonly registration: ConsulRegistration) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.registration.register();
  }

  // Before the HTTP server closes: the gateway stops picking this instance while the
  // requests it already sent still get their answers.
  async beforeApplicationShutdown(): Promise<void> {
    await this.registration.deregister();
  }
}

class ResolverLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_RESOLVER) private readonly resolver: ServiceResolver,
    @Inject(DISCOVERY_UPSTREAMS) private readonly upstreams: readonly string[],
  ) {}

  // The first requests then find the instance lists already there.
  onApplicationBootstrap(): void {
    if (this.resolver instanceof ConsulServiceResolver) this.resolver.watch(...this.upstreams);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.resolver.close();
  }
}

/**
 * Thin Nest adapter: in consul mode the app registers itself (needs
 * `app.enableShutdownHooks()` so SIGTERM/SIGINT deregister it) and `SERVICE_RESOLVER` reads
 * Consul; in static mode nothing registers and the resolver returns the configured URLs.
 */
@Module({})
export class DiscoveryModule {
  static forRoot(options: DiscoveryModuleOptions): DynamicModule {
    const logger = new NestStructuredLogger('Discovery');
    const providers: Provider[] = [
      {
        provide: SERVICE_RESOLVER,
        useFactory: (): ServiceResolver =>
          options.mode === 'consul'
            ? new ConsulServiceResolver({ consulUrl: options.consulUrl, ...options.watch, logger })
            : new StaticServiceResolver(options.staticUrls ?? DEFAULT_STATIC_URLS),
      },
      { provide: DISCOVERY_UPSTREAMS, useValue: options.upstreams ?? [] },
      ResolverLifecycle,
    ];
    if (options.mode === 'consul') {
      providers.push(
        {
          provide: ConsulRegistration,
          useFactory: () =>
            new ConsulRegistration({
              consulUrl: options.consulUrl,
              service: options.service,
              ...(options.check ? { check: options.check } : {}),
              ...(options.verifyIntervalMs ? { verifyIntervalMs: options.verifyIntervalMs } : {}),
              logger,
            }),
        },
        RegistrationLifecycle,
      );
    }
    return { module: DiscoveryModule, global: true, providers, exports: [SERVICE_RESOLVER] };
  }
}
