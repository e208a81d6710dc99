import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ApiGatewayConfig } from '../api-gateway.config';
import { ClientThrottlerGuard, isHealthProbe } from './client-throttler.guard';
import { FixedWindowThrottlerStorage } from './fixed-window-throttler.storage';

/**
 * Rate limiting per client: RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS, answered 429
 * with Retry-After beyond that. Import it before AuthModule: global guards run in module
 * order, so refused tokens count toward the limit too (no free token guessing).
 */
@Module({})
export class RateLimitModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: config.RATE_LIMIT_WINDOW_MS, limit: config.RATE_LIMIT_MAX }],
          skipIf: isHealthProbe,
          // One budget per client across all routes (the default keys by route handler too).
          generateKey: (_context, tracker, throttler) => `${throttler}:${tracker}`,
          storage: new FixedWindowThrottlerStorage(),
          errorMessage: `too many requests: at most ${config.RATE_LIMIT_MAX} per ${config.RATE_LIMIT_WINDOW_MS} ms per client`,
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ClientThrottlerGuard }],
    };
  }
}
