import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { runService } from '@eshop/service-host';
import { apiGatewayConfigSchema } from './api-gateway.config';
import { ApiGatewayModule } from './api-gateway.module';
import { buildOpenApiDocument } from './api/openapi.document';
import { bootstrapGateway } from './infrastructure/gateway-app';

runService('api-gateway', async () => {
  const config = loadConfigOrExit(apiGatewayConfigSchema);
  await bootstrapGateway(ApiGatewayModule.register(config), config, buildOpenApiDocument());
});
