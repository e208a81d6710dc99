import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService, runService } from '@eshop/service-host';
import { paymentConfigSchema } from './payment.config';
import { PaymentModule } from './payment.module';

runService('payment-api', async () => {
  const config = loadConfigOrExit(paymentConfigSchema);
  await bootstrapService(PaymentModule.register(config), { port: config.PORT });
});
