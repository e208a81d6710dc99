import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { ApiGatewayConfig } from './api-gateway.config';
import { ApiGatewayModule } from './api-gateway.module';
import { buildOpenApiDocument } from './api/openapi.document';
import { GatewayErrorFilter } from './infrastructure/gateway-error.filter';
import { echoRequestId, requestId } from './infrastructure/request-id';
import { serveSwaggerUi } from './infrastructure/swagger-ui';

const DOCS_PATH = '/api/docs';

/**
 * Starts the gateway on Fastify (ADR 0007); the other apps use libs/service-host on
 * Express. Same conventions: pino logger, the shared error filter, shutdown on
 * SIGTERM/SIGINT (which also deregisters from Consul). `port` 0 picks a free one (tests).
 */
export async function bootstrapGateway(config: ApiGatewayConfig, port = config.PORT): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: requestId,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiGatewayModule.register(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new GatewayErrorFilter());
  app.enableShutdownHooks();
  echoRequestId(app.getHttpAdapter().getInstance());
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument({ devTokens: config.AUTH_DEV_TOKENS }), {
    ui: false,
    raw: ['json'],
  });
  serveSwaggerUi(app.getHttpAdapter().getInstance(), DOCS_PATH, `${DOCS_PATH}-json`);
  // All interfaces: in a container the gateway is reached through the container's address.
  await app.listen(port, '0.0.0.0');
  return app;
}
