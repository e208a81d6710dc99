import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService } from '@eshop/service-host';
import { basketApiConfigSchema } from './basket-api.config';
import { BasketApiModule } from './basket-api.module';

const config = loadConfigOrExit(basketApiConfigSchema);
void bootstrapService(BasketApiModule.register(config), {
  port: config.PORT,
  consumesEvents: true,
  // Room for a full basket (100 items with long names and picture URLs) in one PUT.
  bodyLimit: '256kb',
});
