import type { ConfirmChannel, Options } from 'amqplib';

/**
 * Publishes on a confirm channel and resolves when the broker acks it. Rejects on nack,
 * on channel close before the ack (amqplib fails pending confirms then) and on timeout.
 * Never resolves on "written to the socket": only the broker's ack counts as sent.
 */
export function confirmPublish(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => settle(new Error(`no confirm within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      channel.publish(exchange, routingKey, content, options, (err) =>
        settle(err ? toError(err) : null),
      );
    } catch (error) {
      settle(toError(error));
    }
  });
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
