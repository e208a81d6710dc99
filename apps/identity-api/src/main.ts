import './instrument';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@eshop/config';
import { bootstrapService, runService } from '@eshop/service-host';
import { RotateSigningKeyUseCase } from './application/rotate-signing-key.use-case';
import { identityApiConfigSchema } from './identity-api.config';
import { IdentityApiModule } from './identity-api.module';

/** `main.js` serves the provider; `main.js rotate-signing-key` adds a development signing key. */
runService('identity-api', async () => {
  const config = loadConfigOrExit(identityApiConfigSchema);
  if (process.argv[2] === 'rotate-signing-key') {
    const app = await NestFactory.createApplicationContext(IdentityApiModule.registerKeyRotation(config), { bufferLogs: false, logger: ['error', 'warn'] });
    const kid = await app.get(RotateSigningKeyUseCase).execute();
    process.stdout.write(`new signing key ${kid}: it signs from the next start; the previous one stays published for the overlap\n`);
    await app.close();
    return;
  }
  await bootstrapService(IdentityApiModule.register(config), { port: config.PORT, host: config.HOST });
});
