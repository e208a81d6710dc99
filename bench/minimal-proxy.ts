// A baseline of bench:gateway: the least a Node reverse proxy does, node:http in front of an
// undici Pool with keep-alive sockets to one upstream, no logic (no auth, no policies, no
// logging). `node <bench bundle> minimal-proxy` runs it on PORT in front of UPSTREAM.
import { createServer } from 'node:http';
import { Pool, type Dispatcher } from 'undici';

const RETURNED = ['content-type', 'cache-control', 'etag'];

export function startMinimalProxy(upstream: string, port: number): void {
  const pool = new Pool(upstream, { pipelining: 1, connections: 128 });
  const server = createServer((req, res) => {
    pool
      .request({ path: req.url ?? '/', method: (req.method ?? 'GET') as Dispatcher.HttpMethod, headers: req.headers, body: req })
      .then(async (response) => {
        const body = Buffer.from(await response.body.arrayBuffer());
        const headers: Record<string, string | string[]> = { 'content-length': String(body.length) };
        for (const name of RETURNED) {
          const value = response.headers[name];
          if (value !== undefined) headers[name] = value;
        }
        res.writeHead(response.statusCode, headers).end(body);
      })
      .catch(() => res.writeHead(502).end());
  });
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void pool.close();
  });
}
