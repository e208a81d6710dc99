import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { echoRequestId, NestLogger, requestId } from '@eshop/observability';
import { API_GATEWAY_CONFIG, type ApiGatewayConfig } from '../api-gateway.config';
import { GatewayErrorFilter } from './gateway-error.filter';
import { useDepthLimitedJsonParser } from './json-body-parser';
import { useSecurityHeaders } from './security-headers';
import { RateLimitGuard } from './rate-limit.guard';
import { serveStorefront } from './storefront';
import { serveSwaggerUi } from './swagger-ui';

const DOCS_PATH = '/api/docs';

/** The gateway's HTTP server: Fastify (ADR 0007) with the edge's body limit and proxy trust. */
export function gatewayAdapter(config: ApiGatewayConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: requestId,
  });
}

/**
 * What every gateway app gets, in production and in tests alike: pino logger, the shared
 * error filter, shutdown on SIGTERM/SIGINT (which also deregisters from Consul), JSON bodies
 * of bounded depth, security headers, the request id echoed, the OpenAPI document with
 * Swagger UI at /api/docs, and the storefront at / (its catch-all ranks below every route).
 */
export async function configureGatewayApp(app: NestFastifyApplication, openApi: OpenAPIObject): Promise<void> {
  app.useLogger(app.get(NestLogger));
  app.useGlobalFilters(new GatewayErrorFilter());
  app.enableShutdownHooks();
  useDepthLimitedJsonParser(app);
  useSecurityHeaders(app);
  const fastify = app.getHttpAdapter().getInstance();
  echoRequestId(fastify);
  SwaggerModule.setup(DOCS_PATH, app, openApi, { ui: false, raw: ['json'] });
  serveSwaggerUi(fastify, DOCS_PATH, `${DOCS_PATH}-json`);
  const limits = app.get(RateLimitGuard, { strict: false });
  await serveStorefront(fastify, app.get<ApiGatewayConfig>(API_GATEWAY_CONFIG).WEBAPP_DIR, (request) => limits.refusal(request));
}

/**
 * Starts the gateway on Fastify; the other apps use libs/service-host on Express, with the
 * same conventions (logger, error filter, shutdown hooks).
 */
export async function bootstrapGateway(
  module: DynamicModule,
  config: ApiGatewayConfig,
  openApi: OpenAPIObject,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, gatewayAdapter(config), { bufferLogs: true });
  await configureGatewayApp(app, openApi);
  // HOST: loopback for npm start, 0.0.0.0 in the image (a container is reached through its address).
  await app.listen(config.PORT, config.HOST);
  return app;
}
