import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * The request id, Fastify's way (the gateway, and services started with `http: 'fastify'`).
 * LoggingModule makes it in pino-http's `genReqId`, but on Fastify the middleware bridge hands
 * pino-http a request that already has Fastify's id (`req-1`…), so that hook never runs. Same
 * rule here: the caller's `x-request-id` when sane, else a new uuid; pino logs it, the reply
 * echoes it, and the gateway forwards it upstream so one id follows the request through every
 * service's log. Give `requestId` to the adapter as `genReqId` and call `echoRequestId`.
 */
export function requestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 128 ? incoming : randomUUID();
}

export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
}
