import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isIdempotent } from '../domain/upstreams';
import { TokenBuckets, type BucketLimit } from './token-buckets';

/** Reads (GET/HEAD) and writes (everything else) have separate budgets; writes are tighter. */
export type RouteClass = 'read' | 'write';

export interface RateLimit {
  /** On average: `max` calls per `windowMs`. */
  readonly max: number;
  readonly windowMs: number;
  /** At once: the bucket's size. */
  readonly burst: number;
}

/**
 * Rate limiting per client address and route class, with token buckets: a client may send
 * `burst` calls at once, then `max` per window on average; beyond that, 429 with
 * Retry-After. Fastify's `request.ip` is the client, honouring TRUST_PROXY. Health probes
 * (kubelet, Consul, compose) are never limited.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleDestroy {
  private readonly buckets = new TokenBuckets();
  private readonly sweeper: NodeJS.Timeout;
  /** The buckets' shapes, made once rather than on every request. */
  private readonly bucketLimits: Readonly<Record<RouteClass, BucketLimit>>;

  constructor(private readonly limits: Readonly<Record<RouteClass, RateLimit>>) {
    this.bucketLimits = { read: bucketOf(limits.read), write: bucketOf(limits.write) };
    // Clients seen once do not accumulate.
    this.sweeper = setInterval(() => this.buckets.sweep(), 60_000);
    this.sweeper.unref();
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.url.startsWith('/health/')) return true;
    const routeClass: RouteClass = isIdempotent(request.method) ? 'read' : 'write';
    const limit = this.limits[routeClass];
    const { allowed, retryAfterMs } = this.buckets.take(`${routeClass}:${request.ip}`, this.bucketLimits[routeClass]);
    if (allowed) return true;
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1_000))));
    throw new HttpException(
      `too many ${routeClass}s from this client: ${limit.burst} at once, ${limit.max} per ${limit.windowMs} ms`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}

function bucketOf(limit: RateLimit): BucketLimit {
  return { capacity: limit.burst, refillPerMs: limit.max / limit.windowMs };
}
