import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { apiGatewayConfigSchema } from './api-gateway.config';
import { bootstrapGateway } from './bootstrap-gateway';

const config = loadConfigOrExit(apiGatewayConfigSchema);
bootstrapGateway(config).catch((error: unknown) => {
  process.stderr.write(`api-gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
