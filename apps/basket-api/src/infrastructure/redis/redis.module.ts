import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { RedisHealthIndicator } from './redis.health';
import { REDIS } from './redis.tokens';

export interface RedisModuleOptions {
  readonly url: string;
  readonly connectionName: string;
}

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Runs after the bus stopped consuming and running handlers finished. */
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function createClient(options: RedisModuleOptions): Redis {
  const logger = new Logger('Redis');
  const redis = new Redis(options.url, {
    connectionName: options.connectionName,
    // Fail a command after two reconnect attempts rather than queueing it for ever: an HTTP
    // request then errors, and a handler fails and is retried by the bus.
    maxRetriesPerRequest: 2,
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn(`redis: ${error.message}`);
    lastError = error.message;
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

/** The ioredis client (`REDIS`) with its readiness indicator; closed on shutdown. */
@Module({})
export class RedisModule {
  static forRoot(options: RedisModuleOptions): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        { provide: REDIS, useFactory: () => createClient(options) },
        RedisLifecycle,
        RedisHealthIndicator,
      ],
      exports: [REDIS, RedisHealthIndicator],
    };
  }
}
