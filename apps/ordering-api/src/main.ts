import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService, runService } from '@eshop/service-host';
import { orderingApiConfigSchema } from './ordering-api.config';
import { OrderingApiModule } from './ordering-api.module';

runService('ordering-api', async () => {
  const config = loadConfigOrExit(orderingApiConfigSchema);
  await bootstrapService(OrderingApiModule.register(config), { port: config.PORT, host: config.HOST });
});
