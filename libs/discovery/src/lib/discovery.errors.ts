/**
 * No instance of `service` can take a call right now: none registered and passing, Consul
 * never answered, or no URL configured. The edge maps `kind: 'unavailable'` to 503.
 */
export class NoHealthyInstanceError extends Error {
  override readonly name = 'NoHealthyInstanceError';
  readonly code = 'NO_HEALTHY_INSTANCE';
  readonly kind = 'unavailable';

  constructor(
    readonly service: string,
    readonly reason: string,
  ) {
    super(`no healthy instance of ${service}: ${reason}`);
  }
}
