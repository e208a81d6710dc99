import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService } from '@eshop/service-host';
import { paymentConfigSchema } from './payment.config';
import { PaymentModule } from './payment.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(paymentConfigSchema);
  await bootstrapService(PaymentModule.register(config), { port: config.PORT, consumesEvents: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`payment-api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
