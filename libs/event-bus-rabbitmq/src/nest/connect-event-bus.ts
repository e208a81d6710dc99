import type { INestApplication } from '@nestjs/common';
import { NestMicroservice } from '@nestjs/microservices';
import { ServerRabbitMq } from './server-rabbitmq';
import { RethrowRpcExceptionFilter } from './rethrow-rpc-exception.filter';

/**
 * Makes an HTTP app hybrid: its `@EventPattern` handlers consume from the service queue.
 * Call before `app.startAllMicroservices()`.
 *
 * Initialisation is deferred so the filter that keeps handler errors intact is in place
 * before Nest wraps the handlers; the hooks flag stops the microservice from running the
 * app's lifecycle hooks (migrations, seeding, connecting) a second time.
 */
export function connectEventBus(app: INestApplication): void {
  const microservice = app.connectMicroservice(
    { strategy: app.get(ServerRabbitMq) },
    { deferInitialization: true },
  );
  if (!(microservice instanceof NestMicroservice)) {
    throw new Error('unexpected microservice implementation');
  }
  microservice.useGlobalFilters(new RethrowRpcExceptionFilter());
  microservice.setIsInitHookCalled(true);
}
