import type { INestApplication } from '@nestjs/common';
import { ServerRabbitMq } from './server-rabbitmq';
import { RethrowRpcExceptionFilter } from './rethrow-rpc-exception.filter';

/**
 * Makes an HTTP app hybrid: its `@EventPattern` handlers consume from the service queue.
 * Call before `app.startAllMicroservices()`.
 */
export function connectEventBus(app: INestApplication): void {
  const microservice = app.connectMicroservice({ strategy: app.get(ServerRabbitMq) });
  microservice.useGlobalFilters(new RethrowRpcExceptionFilter());
}
