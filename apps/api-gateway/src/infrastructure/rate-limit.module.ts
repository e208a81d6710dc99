import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ApiGatewayConfig } from '../api-gateway.config';
import { RateLimitGuard, type RateLimit, type RouteClass } from './rate-limit.guard';

/** The limits per route class from the config; a burst defaults to a tenth of the window's budget. */
export function rateLimitsFrom(config: ApiGatewayConfig): Record<RouteClass, RateLimit> {
  const limit = (max: number, burst: number | undefined): RateLimit => ({
    max,
    windowMs: config.RATE_LIMIT_WINDOW_MS,
    burst: burst ?? Math.max(1, Math.ceil(max / 10)),
  });
  return {
    read: limit(config.RATE_LIMIT_MAX, config.RATE_LIMIT_BURST),
    write: limit(config.RATE_LIMIT_WRITE_MAX, config.RATE_LIMIT_WRITE_BURST),
  };
}

/**
 * Rate limiting per client and route class (RateLimitGuard). Import it before AuthModule:
 * global guards run in module order, so refused tokens count toward the limit too (no free
 * token guessing).
 */
@Module({})
export class RateLimitModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    return {
      module: RateLimitModule,
      // One guard, one set of buckets: Nest's routes use it as a global guard, the storefront's
      // Fastify routes through its `refusal` (gateway-app.ts).
      providers: [
        { provide: RateLimitGuard, useFactory: () => new RateLimitGuard(rateLimitsFrom(config)) },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
      exports: [RateLimitGuard],
    };
  }
}
