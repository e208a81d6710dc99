import { BaseRpcContext } from '@nestjs/microservices';
import type { DeliveryContext } from '@eshop/event-bus';

/** What an `@EventPattern` handler gets from `@Ctx()`: the delivery's attempt, trace, etc. */
export class RabbitMqContext extends BaseRpcContext<[DeliveryContext]> {
  get delivery(): DeliveryContext {
    return this.args[0];
  }
}
