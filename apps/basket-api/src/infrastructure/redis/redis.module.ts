import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { createRedisClient, type RedisModuleOptions } from './redis-client';
import { RedisHealthIndicator } from './redis.health';
import { REDIS, type RedisClient } from './redis.tokens';

export type { RedisModuleOptions };

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  /** Runs after the bus stopped consuming and running handlers finished. */
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function createClient(options: RedisModuleOptions): RedisClient {
  const logger = new Logger('Redis');
  const redis = createRedisClient(options);
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
