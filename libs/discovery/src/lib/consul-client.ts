import Consul from 'consul';

/**
 * A `consul` client for `consulUrl` (`http://consul:8500`). Every request times out after
 * `requestTimeoutMs`, except blocking queries, which set their own (wait + a margin).
 * Call `destroy()` when done: the client keeps sockets alive between requests.
 */
export function createConsulClient(consulUrl: string, requestTimeoutMs: number): Consul {
  const url = new URL(consulUrl);
  // `baseUrl` and `timeout` are passed through to papi, the HTTP layer under `consul`, but are
  // missing from its typings; host/port alone would drop an https scheme's default port and
  // any path prefix of a proxied Consul.
  const options: ConstructorParameters<typeof Consul>[0] & { baseUrl: string; timeout: number } = {
    baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1`,
    timeout: requestTimeoutMs,
  };
  return new Consul(options);
}
