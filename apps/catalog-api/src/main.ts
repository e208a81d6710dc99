import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService, runService } from '@eshop/service-host';
import { catalogConfigSchema, catalogRelayConfigSchema, type CatalogRelayConfig } from './catalog.config';
import { CatalogModule } from './catalog.module';
import { CatalogRelayModule } from './catalog-relay.module';
import { catalogDataSourceOptions, prepareCatalogDatabase } from './infrastructure/catalog-database';

/** `main.js` serves the catalog API; `main.js relay` runs only the outbox relay. */
runService('catalog-api', async () => {
  if (process.argv[2] === 'relay') return runRelay(loadConfigOrExit(catalogRelayConfigSchema));
  const config = loadConfigOrExit(catalogConfigSchema);
  await bootstrapService(CatalogModule.register(config), { port: config.PORT });
});

async function runRelay(config: CatalogRelayConfig): Promise<void> {
  // The relay may start before the API: make sure the outbox table exists (no seeding).
  const dataSource = await new DataSource(catalogDataSourceOptions(config.DATABASE_URL, 'catalog-api-relay')).initialize();
  await prepareCatalogDatabase(dataSource, { seed: false });
  await dataSource.destroy();
  const app = await NestFactory.createApplicationContext(CatalogRelayModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}
