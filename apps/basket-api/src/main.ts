import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService, runService } from '@eshop/service-host';
import { basketApiConfigSchema } from './basket-api.config';
import { BasketApiModule } from './basket-api.module';

runService('basket-api', async () => {
  const config = loadConfigOrExit(basketApiConfigSchema);
  // Room for a full basket (100 items with long names and picture URLs) in one PUT.
  await bootstrapService(BasketApiModule.register(config), { port: config.PORT, host: config.HOST, bodyLimit: '256kb' });
});
