import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimited } from './rate-limit.guard';

/**
 * The storefront (apps/webapp, built by `npm run build:webapp`) at the gateway's origin, so
 * the SPA calls /api and /auth same-origin with its session cookie (ADR 0012). Vite names
 * every file under /assets by its content hash: those are cached for a year; index.html,
 * which names them, is revalidated on every load, so a new build reaches browsers at once.
 * The build writes a `.br` and a `.gz` beside each text asset (apps/webapp/vite.config.ts):
 * a browser that accepts one gets it (`Content-Encoding`, `Vary: Accept-Encoding`), others
 * the file as it is; nothing is compressed per request.
 */
export const ASSETS_PREFIX = '/assets/';
export const ASSETS_CACHE = 'public, max-age=31536000, immutable';
export const PAGE_CACHE = 'no-cache';
/** Never the SPA's: the gateway's own routes (/api/docs included), and a miss under /assets stays a miss. */
const RESERVED_PREFIXES = ['/api', '/auth', '/health', '/metrics', '/assets'];
/** A file at the build's top level (a favicon, robots.txt): one segment with an extension. */
const TOP_LEVEL_FILE = /^\/([A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.[A-Za-z0-9]+)$/;
const NOT_BUILT = 'The storefront is not built: run `npm run build:webapp` (or `npm run build`) and reload.';

/** What a GET or HEAD that matched no other route gets. */
export type StorefrontAnswer = { kind: 'page' } | { kind: 'file'; file: string } | { kind: 'not-found' };

/**
 * The history fallback's rule: the SPA's routes (`/`, `/basket`, `/orders/42`, ...) get
 * index.html when a browser navigates there (it asks for text/html); `/` does for any
 * client, it is the shop's address. A path with an extension is a file, never the page
 * (a missing script must not come back as HTML); unknown API paths stay JSON 404s.
 */
export function storefrontAnswer(url: string, accept: string | undefined): StorefrontAnswer {
  const path = url.split('?', 1)[0] ?? '/';
  if (RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return { kind: 'not-found' };
  if (path === '/' || path === '/index.html') return { kind: 'page' };
  const file = TOP_LEVEL_FILE.exec(path)?.[1];
  if (file) return { kind: 'file', file };
  if (/\.[A-Za-z0-9]+$/.test(path)) return { kind: 'not-found' };
  return acceptsHtml(accept) ? { kind: 'page' } : { kind: 'not-found' };
}

export function acceptsHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.split(';', 1)[0]?.trim().toLowerCase() === 'text/html');
}

/** Asked before every storefront request: a refusal (the client's rate limit) is answered 429. */
export type StorefrontAdmission = (request: FastifyRequest) => RateLimited | undefined;

/**
 * Registers the storefront on the gateway's Fastify instance: /assets/* from `dir/assets`,
 * and a GET/HEAD catch-all for the rest. The catch-all ranks below every other route
 * (find-my-way tries static and parametric paths first), and whatever it does not serve
 * goes to `callNotFound()`: Nest's 404 handler, which answers JSON through the error filter.
 * Without a build the gateway still starts; the page answers 503 saying how to build it.
 * `admission` (the gateway's rate limit) is asked first, for these routes only.
 */
export async function serveStorefront(fastify: FastifyInstance, dir: string, admission?: StorefrontAdmission): Promise<void> {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('Storefront').warn(`no storefront build at ${dir} (index.html missing): / answers 503 until \`npm run build:webapp\` has run`);
  }
  // A scope of their own: the admission hook runs for these routes only, not for Nest's
  // (which have the same limit as a guard: a call is counted once).
  await fastify.register(async (scope) => {
    if (admission) {
      scope.addHook('onRequest', async (request, reply) => {
        const refused = admission(request);
        if (refused) {
          await reply
            .code(429)
            .header('retry-after', String(refused.retryAfterSeconds))
            .send({ statusCode: 429, error: 'Too Many Requests', message: refused.message });
        }
      });
    }
    await registerRoutes(scope, dir, index);
  });
}

async function registerRoutes(fastify: FastifyInstance, dir: string, index: string): Promise<void> {
  await fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: ASSETS_PREFIX,
    index: false,
    dotfiles: 'ignore',
    maxAge: 31_536_000_000,
    immutable: true,
    preCompressed: true,
    // The folder may appear after start (a build while the gateway runs).
    suppressWarning: true,
  });
  fastify.get('/*', async (request, reply) => {
    const answer = storefrontAnswer(request.url, request.headers.accept);
    if (answer.kind === 'page') return sendPage(reply, dir, index);
    if (answer.kind === 'file' && (await isFile(join(dir, answer.file)))) return sendTopLevelFile(reply, dir, answer.file);
    reply.callNotFound();
    return reply;
  });
}

async function sendPage(reply: FastifyReply, dir: string, index: string): Promise<FastifyReply> {
  if (!(await isFile(index))) {
    return reply
      .code(503)
      .header('cache-control', 'no-store')
      .send({ statusCode: 503, error: 'Service Unavailable', message: NOT_BUILT });
  }
  return reply.header('cache-control', PAGE_CACHE).sendFile('index.html', dir, { cacheControl: false });
}

function sendTopLevelFile(reply: FastifyReply, dir: string, file: string): FastifyReply {
  return reply.header('cache-control', PAGE_CACHE).sendFile(file, dir, { cacheControl: false });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
