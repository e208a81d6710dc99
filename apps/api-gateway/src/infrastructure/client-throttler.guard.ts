import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Rate limiting per client address. The stock guard takes `req.ips[0]`, the client in
 * Express' order; Fastify lists `ips` closest first (that would be the ingress), and its
 * `req.ip` already is the client, honouring TRUST_PROXY.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return typeof request['ip'] === 'string' ? request['ip'] : 'unknown';
  }
}

/** Probes (kubelet, Consul, compose) are never throttled. */
export function isHealthProbe(context: ExecutionContext): boolean {
  const url = context.switchToHttp().getRequest<{ url?: string }>().url ?? '';
  return url.startsWith('/health/');
}
