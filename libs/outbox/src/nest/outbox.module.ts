import {
  Inject,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { OutboxRelay } from '../lib/outbox-relay';
import { createRelayPool } from '../lib/relay-pool';
import { resolveRelayOptions, type OutboxRelayOverrides } from '../lib/outbox-relay.options';
import { OutboxWriter, type OutboxSchemaCheck } from '../lib/outbox-writer';
import { silentLogger, type StructuredLogger } from '@eshop/logger';
import type { OutboxPublisher } from '../lib/outbox.types';

export interface OutboxModuleOptions {
  /** Contract check applied by `saveEvent`. */
  readonly schemas?: OutboxSchemaCheck;
  /** The relay of this process; absent for `OUTBOX_RELAY=off`. */
  readonly relay?: {
    /** The service's database; the relay gets its own small pool so it never starves requests. */
    readonly databaseUrl: string;
    readonly publisher: OutboxPublisher;
    readonly options?: OutboxRelayOverrides;
  };
  readonly logger?: StructuredLogger;
}

export interface OutboxModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (...deps: never[]) => OutboxModuleOptions | Promise<OutboxModuleOptions>;
}

const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');
const OUTBOX_RUNTIME = Symbol('OUTBOX_RUNTIME');

interface RelayRuntime {
  readonly relay: OutboxRelay;
  readonly pool: Pool;
}

function createRelay(options: OutboxModuleOptions): RelayRuntime | null {
  if (!options.relay) return null;
  const { databaseUrl, publisher, options: overrides = {} } = options.relay;
  const logger = options.logger ?? silentLogger;
  const pool = createRelayPool(databaseUrl, resolveRelayOptions(overrides).concurrency, logger);
  return { relay: new OutboxRelay(pool, publisher, overrides, logger), pool };
}

/**
 * Starts the relay after the app is up, stops it (finishing batches in flight) before the
 * event bus closes: Nest runs every `onModuleDestroy` before any `onApplicationShutdown`.
 */
class OutboxLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(@Inject(OUTBOX_RUNTIME) private readonly runtime: RelayRuntime | null) {}

  onApplicationBootstrap(): void {
    this.runtime?.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runtime?.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime?.pool.end();
  }
}

/** Thin Nest adapter: `OutboxWriter` for use cases, and the relay's lifecycle. */
@Module({})
export class OutboxModule {
  static forRootAsync(options: OutboxModuleAsyncOptions): DynamicModule {
    return {
      module: OutboxModule,
      imports: options.imports ?? [],
      providers: [
        { provide: OUTBOX_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: OutboxWriter,
          inject: [OUTBOX_OPTIONS],
          useFactory: (o: OutboxModuleOptions) => new OutboxWriter(o.schemas),
        },
        { provide: OUTBOX_RUNTIME, inject: [OUTBOX_OPTIONS], useFactory: createRelay },
        OutboxLifecycle,
      ],
      exports: [OutboxWriter],
    };
  }
}
