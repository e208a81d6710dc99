import './instrument';
import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService, runService } from '@eshop/service-host';
import { paymentApiConfigSchema } from './payment-api.config';
import { PaymentApiModule } from './payment-api.module';

runService('payment-api', async () => {
  const config = loadConfigOrExit(paymentApiConfigSchema);
  await bootstrapService(PaymentApiModule.register(config), { port: config.PORT, host: config.HOST });
});
