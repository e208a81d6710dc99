import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '@eshop/config';
import { TestIdentityProvider } from '@eshop/testing';
import { apiGatewayConfigSchema } from '../api-gateway.config';
import { ApiGatewayModule } from '../api-gateway.module';
import { buildOpenApiDocument } from '../api/openapi.document';
import { configureGatewayApp, gatewayAdapter } from '../infrastructure/gateway-app';

/** The identity provider this test file's gateway (and the apps it starts) trust; tokens are signed synchronously. */
export const identity = TestIdentityProvider.shared;

/** Tests that are not about rate limiting are not limited (edge.int-spec.ts sets its own). */
const UNLIMITED = { RATE_LIMIT_BURST: '100000', RATE_LIMIT_WRITE_BURST: '100000' };

export interface GatewayReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly text: string;
  readonly headers: Headers;
  /** Wall time of the round trip, for generous bounds only (fast fail vs a 1 s timeout). */
  readonly elapsedMs: number;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (malformed JSON, oversized bodies). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

/** The gateway's upstream URLs: one fake may stand for several upstreams. */
export function upstreamUrls(catalog: { url: string }, basket = catalog, ordering = basket): Record<string, string> {
  return { CATALOG_URL: catalog.url, BASKET_URL: basket.url, ORDERING_URL: ordering.url };
}

/** A buyer's token. */
export function tokenFor(buyerId: string): string {
  return identity.tokenSync({ sub: buyerId, name: `Buyer ${buyerId}` });
}

/** A staff token (role `admin`): catalog writes and shipping, which the gateway forwards and the service checks. */
export function adminToken(id = 'admin-1'): string {
  return identity.tokenSync({ sub: id, name: 'Admin', roles: ['admin'] });
}

function requestHeaders(options: RequestOptions): Record<string, string> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  return {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
}

function requestBody(options: RequestOptions): string | undefined {
  return options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
}

/**
 * The gateway in the test's process, the NestJS way: the real ApiGatewayModule in a testing
 * module on Fastify, configured as production configures it, and called with supertest.
 */
export class TestGateway {
  private constructor(private readonly app: NestFastifyApplication) {}

  static async start(env: Record<string, string>): Promise<TestGateway> {
    const config = loadConfig(apiGatewayConfigSchema, { ...(await identity.listen()).env(), LOG_LEVEL: 'silent', METRICS_PORT: '0', ...UNLIMITED, ...env });
    const moduleRef = await Test.createTestingModule({ imports: [ApiGatewayModule.register(config)] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(gatewayAdapter(config), { bufferLogs: true });
    await configureGatewayApp(app, buildOpenApiDocument());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new TestGateway(app);
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<GatewayReply> {
    const started = performance.now();
    const test = request(this.app.getHttpServer())[method.toLowerCase() as 'get'](path).set(requestHeaders(options));
    const body = requestBody(options);
    const response = await (body === undefined ? test : test.send(body));
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers as Record<string, string | string[]>)) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const isJson = headers.get('content-type')?.includes('json') ?? false;
    const parsed = (isJson && response.text ? JSON.parse(response.text) : {}) as Record<string, unknown>;
    return { status: response.status, body: parsed, text: response.text, headers, elapsedMs: performance.now() - started };
  }

  /** The answer exactly as sent (Fastify's inject): no client decodes a compressed body. */
  async raw(method: 'GET' | 'HEAD', path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const response = await this.app.getHttpAdapter().getInstance().inject({ method, url: path, headers });
    const replyHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) replyHeaders.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    return { status: response.statusCode, headers: replyHeaders, body: response.rawPayload };
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/** A gateway running as its own process (`node main.js`), over real HTTP. */
export async function send(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<GatewayReply> {
  const started = performance.now();
  const body = requestBody(options);
  const response = await fetch(`${baseUrl}${path}`, { method, headers: requestHeaders(options), ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  const parsed = (isJson && text ? JSON.parse(text) : {}) as Record<string, unknown>;
  return { status: response.status, body: parsed, text, headers: response.headers, elapsedMs };
}
