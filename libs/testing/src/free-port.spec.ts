import { createServer, type Server } from 'node:net';
import { ephemeralRangeStart, freePort } from './bundle-for-test';

const listen = (port: number, host: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  afterEach(() => jest.restoreAllMocks());

  it('hands out ports below the kernel ephemeral range, where no port-0 listener or client can take them first', async () => {
    const start = ephemeralRangeStart();
    expect(start).toBeGreaterThan(21_000); // Linux's default is 32768
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(start as number);
      await close(await listen(port, '0.0.0.0')); // and it is free
    }
  });

  it('passes over a port something listens on, on loopback or on every interface', async () => {
    const start = ephemeralRangeStart() as number;
    const taken = await freePort();
    const busy = await listen(taken, '127.0.0.1');
    const toRandom = (port: number) => (port - 20_000 + 0.5) / (start - 20_000);
    let next = await freePort();
    while (next === taken) next = await freePort();
    jest.spyOn(Math, 'random').mockReturnValueOnce(toRandom(taken)).mockReturnValueOnce(toRandom(next));
    try {
      await expect(freePort()).resolves.toBe(next);
    } finally {
      await close(busy);
    }
  });
});
