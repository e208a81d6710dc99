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

/** A call the limit refuses: how long until the client may call again, and why. */
export interface RateLimited {
  readonly retryAfterSeconds: number;
  readonly message: string;
}

/**
 * Rate limiting per client address and route class, with token buckets: a client may send
 * `burst` calls at once, then `max` per window on average; beyond that, 429 with
 * Retry-After. Fastify's `request.ip` is the client, honouring TRUST_PROXY. Health probes
 * (kubelet, Consul, compose) are never limited. Nest's routes ask it as a global guard; the
 * storefront's routes, which are Fastify's own, through `refusal` in an onRequest hook.
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
    const refused = this.refusal(context.switchToHttp().getRequest<FastifyRequest>());
    if (!refused) return true;
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(refused.retryAfterSeconds));
    throw new HttpException(refused.message, HttpStatus.TOO_MANY_REQUESTS);
  }

  /** Takes a token for this call from its client's bucket: undefined when there was one. */
  refusal(request: Pick<FastifyRequest, 'url' | 'method' | 'ip'>): RateLimited | undefined {
    if (request.url.startsWith('/health/')) return undefined;
    const routeClass: RouteClass = isIdempotent(request.method) ? 'read' : 'write';
    const limit = this.limits[routeClass];
    const { allowed, retryAfterMs } = this.buckets.take(`${routeClass}:${request.ip}`, this.bucketLimits[routeClass]);
    if (allowed) return undefined;
    return {
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1_000)),
      message: `too many ${routeClass}s from this client: ${limit.burst} at once, ${limit.max} per ${limit.windowMs} ms`,
    };
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}

function bucketOf(limit: RateLimit): BucketLimit {
  return { capacity: limit.burst, refillPerMs: limit.max / limit.windowMs };
}
