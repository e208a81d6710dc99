import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { signToken } from '@eshop/auth';
import { loadConfig } from '@eshop/config';
import { apiGatewayConfigSchema } from '../api-gateway.config';
import { bootstrapGateway } from '../bootstrap-gateway';

export const TEST_SECRET = 'gateway-test-secret-0123456789';

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

export function tokenFor(buyerId: string, secret = TEST_SECRET): string {
  return signToken({ id: buyerId, name: `Buyer ${buyerId}` }, secret);
}

/** The gateway in the test's process, started as main.ts starts it, on a free port. */
export class TestGateway {
  private constructor(
    private readonly app: INestApplication,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<TestGateway> {
    const config = loadConfig(apiGatewayConfigSchema, { JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...env });
    const app = await bootstrapGateway(config, 0);
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TestGateway(app, `http://127.0.0.1:${port}`);
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<GatewayReply> {
    return send(this.url, method, path, options);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

export async function send(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<GatewayReply> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  const body = (isJson && text ? JSON.parse(text) : {}) as Record<string, unknown>;
  return { status: response.status, body, text, headers: response.headers, elapsedMs };
}
