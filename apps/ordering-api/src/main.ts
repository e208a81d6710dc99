import 'reflect-metadata';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService } from '@eshop/service-host';
import { orderingConfigSchema } from './ordering.config';
import { OrderingModule } from './ordering.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(orderingConfigSchema);
  await bootstrapService(OrderingModule.register(config), { port: config.PORT, consumesEvents: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`ordering-api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
