import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { UpstreamHttpClient } from './upstream-http-client';

describe('UpstreamHttpClient', () => {
  let server: Server;
  let base: string;
  const client = new UpstreamHttpClient({ keepAliveTimeoutMs: 1_000 });

  beforeAll(async () => {
    server = createServer((request, response) => response.end(`${request.method} ${request.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the request under the base path and reads the whole answer', async () => {
    const response = await client.send(base, { method: 'GET', path: '/items/1', headers: {}, body: undefined }, new AbortController().signal);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('GET /api/items/1');
  });

  it('hands undici sockets that already know their peer, so they all keep one V8 map whoever reads remoteAddress later', async () => {
    const known: boolean[] = [];
    const connected = (message: unknown) => {
      known.push(Object.hasOwn((message as { socket: Socket }).socket, '_peername'));
    };
    subscribe('undici:client:connected', connected);
    try {
      const fresh = new UpstreamHttpClient({ keepAliveTimeoutMs: 1_000 });
      await fresh.send(base, { method: 'GET', path: '/', headers: {}, body: undefined }, new AbortController().signal);
      await fresh.close();
    } finally {
      unsubscribe('undici:client:connected', connected);
    }
    expect(known).toEqual([true]);
  });
});
