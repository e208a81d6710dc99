import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@eshop/config';
import { IdentityApiProcess, testEnv } from '@eshop/testing';
import { apiGatewayConfigSchema } from '../api-gateway.config';
import { ApiGatewayModule } from '../api-gateway.module';
import { buildOpenApiDocument } from '../api/openapi.document';
import { bootstrapGateway } from '../infrastructure/gateway-app';

export const CLIENT_SECRET = 'bff-test-gateway-secret-0123456789';
export { DEMO_PASSWORD } from '@eshop/testing';

/** identity-api with the demo users, this gateway's callback and home page registered for its client. */
export function startIdentityApi(gatewayUrl: string, env: Record<string, string> = {}): Promise<IdentityApiProcess> {
  return IdentityApiProcess.start({
    IDENTITY_GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    IDENTITY_GATEWAY_REDIRECT_URIS: `${gatewayUrl}/auth/callback`,
    IDENTITY_GATEWAY_POST_LOGOUT_REDIRECT_URIS: `${gatewayUrl}/`,
    ...env,
  });
}

/**
 * The real gateway (ApiGatewayModule, Fastify, listening on a real port, as main.ts starts
 * it) in the test's process: the browser reaches it and identity-api sends the browser back
 * to it. Restartable on the same port.
 */
export class BffGateway {
  private app: NestFastifyApplication | undefined;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static env(gatewayUrl: string, identity: IdentityApiProcess, upstreamUrl: string): Record<string, string> {
    return {
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      PUBLIC_URL: gatewayUrl,
      IDENTITY_ISSUER: identity.url,
      IDENTITY_URL: identity.url,
      GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
      REDIS_URL: testEnv.redisUrl,
      CATALOG_URL: upstreamUrl,
      BASKET_URL: upstreamUrl,
      ORDERING_URL: upstreamUrl,
      // The test is the TLS-terminating proxy: X-Forwarded-Proto is believed.
      TRUST_PROXY: 'true',
      RATE_LIMIT_BURST: '100000',
      RATE_LIMIT_WRITE_BURST: '100000',
    };
  }

  async start(): Promise<this> {
    const config = loadConfig(apiGatewayConfigSchema, { ...this.env, PORT: String(this.port) });
    this.app = await bootstrapGateway(ApiGatewayModule.register(config), config, buildOpenApiDocument());
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }
}
