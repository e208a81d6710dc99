import { z } from 'zod';
import { HEADERS } from '@eshop/event-bus-rabbitmq';
import { integrationEventSchemas, money, type IntegrationEventName } from '@eshop/contracts';

type JsonSchema = Record<string, unknown>;

/**
 * The payload of an event as JSON Schema (draft-07, the base of AsyncAPI 3.0's default
 * schema format), from the same zod schema the bus validates with.
 *
 * `io: 'input'` describes what consumers accept: an unknown field is tolerated (zod strips
 * it); our publishers send exactly the listed fields, because the bus publishes the parsed
 * event. The `money` refinement (at most two decimals) has no JSON Schema form, so it is
 * stated in the field's description.
 */
export function payloadSchema(event: IntegrationEventName): JsonSchema {
  const schema = z.toJSONSchema(integrationEventSchemas[event], {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'throw',
    override: (context) => {
      if (context.zodSchema === money) {
        context.jsonSchema.description =
          'Price in currency units with at most two decimals (exact integer cents ÷ 100); never summed as a float.';
      }
    },
  }) as JsonSchema;
  delete schema.$schema;
  return schema;
}

/** The AMQP headers every publish of the bus sets (libs/event-bus-rabbitmq, HEADERS). */
export function messageHeadersSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      [HEADERS.traceparent]: {
        type: 'string',
        pattern: '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description:
          'W3C trace context of the change that caused the event; the outbox stores it with the row, so a trace crosses the relay.',
      },
      [HEADERS.attempt]: {
        type: 'integer',
        minimum: 1,
        description: 'Delivery attempt: 1 when published; a retry copy from <queue>.retry.<ms> carries the next number.',
      },
      [HEADERS.lastError]: {
        type: 'string',
        description: 'Only on retry copies: the error of the previous attempt.',
      },
    },
    required: [HEADERS.traceparent, HEADERS.attempt],
  };
}
