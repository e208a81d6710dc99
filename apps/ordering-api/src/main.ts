import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService, runService } from '@eshop/service-host';
import { orderingConfigSchema } from './ordering.config';
import { OrderingModule } from './ordering.module';

runService('ordering-api', async () => {
  const config = loadConfigOrExit(orderingConfigSchema);
  await bootstrapService(OrderingModule.register(config), { port: config.PORT });
});
