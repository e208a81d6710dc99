/** The bus has no live connection to the broker; nothing was sent. Retry later. */
export class EventBusUnavailableError extends Error {
  override readonly name = 'EventBusUnavailableError';
  readonly code = 'EVENT_BUS_UNAVAILABLE';
  constructor(reason = 'not connected to the broker') {
    super(`event bus unavailable: ${reason}`);
  }
}

/** The broker did not confirm a publish (nack, channel error or timeout). */
export class PublishNotConfirmedError extends Error {
  override readonly name = 'PublishNotConfirmedError';
  readonly code = 'PUBLISH_NOT_CONFIRMED';
  constructor(
    readonly eventName: string,
    readonly messageId: string,
    reason: string,
  ) {
    super(`publish of ${eventName} ${messageId} not confirmed: ${reason}`);
  }
}

/** A handler ran longer than the configured handler timeout. */
export class HandlerTimeoutError extends Error {
  override readonly name = 'HandlerTimeoutError';
  constructor(eventName: string, timeoutMs: number) {
    super(`handler for ${eventName} did not finish within ${timeoutMs} ms`);
  }
}
