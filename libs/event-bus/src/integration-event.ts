/** The minimum every integration event carries; see libs/contracts for the real schemas. */
export interface IntegrationEvent {
  readonly id: string;
  readonly creationDate: string;
}

/** Wire name → event type. A bus is typed by the map of the events it may carry. */
export type EventMap = { [name: string]: IntegrationEvent };

/** Names of a map, as strings (the wire names). */
export type EventName<M extends EventMap> = keyof M & string;

/**
 * Validates message bodies against the contract. `parse` throws on an unknown name or an
 * invalid body; the bus treats that as poison and never hands the message to a handler.
 */
export interface EventSchemaRegistry<M extends EventMap> {
  has(name: string): name is EventName<M>;
  parse<N extends EventName<M>>(name: N, data: unknown): M[N];
}
