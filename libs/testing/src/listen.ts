import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on `host:port` (0: any free port); rejects if it cannot listen. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** `http://host:port` of a listening server (IPv6 hosts bracketed). */
export function baseUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
