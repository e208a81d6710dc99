import './instrument';
import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@eshop/config';
import { NestLogger } from '@eshop/observability';
import { bootstrapService, runService } from '@eshop/service-host';
import { catalogApiConfigSchema, catalogApiRelayConfigSchema } from './catalog-api.config';
import { CatalogApiModule } from './catalog-api.module';

/** `main.js` serves the catalog API; `main.js relay` runs only the outbox relay. */
runService('catalog-api', async () => {
  if (process.argv[2] === 'relay') {
    return runWithoutHttp(CatalogApiModule.registerRelay(loadConfigOrExit(catalogApiRelayConfigSchema)));
  }
  const config = loadConfigOrExit(catalogApiConfigSchema);
  await bootstrapService(CatalogApiModule.register(config), { port: config.PORT, host: config.HOST, http: 'fastify' });
});

async function runWithoutHttp(module: DynamicModule): Promise<void> {
  const app = await NestFactory.createApplicationContext(module, { bufferLogs: true });
  app.useLogger(app.get(NestLogger));
  app.enableShutdownHooks();
  await app.init();
}
