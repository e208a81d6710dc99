import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceMetrics } from './metrics-registry';

interface ExpressLikeRequest extends IncomingMessage {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: string };
}

/**
 * Times every request from its first byte to the response's end, guards and filters
 * included (an interceptor would miss a 401 from the guard). The route label is Express'
 * matched template, or `unmatched` for a 404: raw paths would make one series per id.
 */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return (req: ExpressLikeRequest, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const template = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      metrics.observeHttp(template, req.method ?? 'GET', res.statusCode, seconds);
    });
    next();
  };
}

/** What the Fastify hook needs of a Fastify instance (the library stays free of a Fastify import). */
export interface FastifyLike {
  addHook(
    name: 'onResponse',
    hook: (
      request: { readonly method: string; readonly routeOptions: { readonly url?: string } },
      reply: { readonly statusCode: number; readonly elapsedTime: number },
      done: () => void,
    ) => void,
  ): unknown;
}

/** The same histogram on Fastify: its matched route (`/api/catalog/items/:id`) and its clock, from the first byte. */
export function timeFastifyRequests(fastify: FastifyLike, metrics: ServiceMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1_000);
    done();
  });
}
