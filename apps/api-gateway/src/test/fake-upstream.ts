/**
 * A stand-in upstream for the gateway's tests, run as a child process (so a test can kill
 * it, or restart it on the same port). Every request outside `/__*` is recorded and
 * answered as the current behaviour says (a 4xx with a message naming the call); the test
 * changes the behaviour and reads the record over HTTP:
 *   PUT    /__behaviour {delayMs?, status?}   how to answer from now on
 *   GET    /__calls                           what reached it: method, url, headers, body, aborted
 *   DELETE /__calls                           forget them
 * Env: FAKE_NAME (echoed in answers), FAKE_PORT (0: any). Prints `listening <port>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

interface Behaviour {
  delayMs: number;
  status: number;
}

interface Call {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The caller hung up before the answer was sent (e.g. the gateway's timeout aborted it). */
  aborted: boolean;
}

const name = process.env['FAKE_NAME'] ?? 'fake-upstream';
let behaviour: Behaviour = { delayMs: 0, status: 200 };
let calls: Call[] = [];

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function control(request: IncomingMessage, response: ServerResponse, body: string): void {
  if (request.url === '/__behaviour' && request.method === 'PUT') {
    behaviour = { delayMs: 0, status: 200, ...(JSON.parse(body) as Partial<Behaviour>) };
    return json(response, 200, behaviour);
  }
  if (request.url === '/__calls' && request.method === 'GET') return json(response, 200, calls);
  if (request.url === '/__calls' && request.method === 'DELETE') {
    calls = [];
    return json(response, 200, []);
  }
  json(response, 404, { message: 'unknown control route' });
}

function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
  const call: Call = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, aborted: false };
  calls.push(call);
  const { delayMs, status } = behaviour;
  const timer = setTimeout(() => {
    if (status === 404) return json(response, 404, { statusCode: 404, error: 'Not Found', message: `${name}: nothing at ${call.url}` });
    if (status >= 400 && status < 500) return json(response, status, { statusCode: status, error: 'Client Error', message: `${name}: refused ${call.method} ${call.url}` });
    json(response, status, { upstream: name, method: call.method, url: call.url, body: body ? (JSON.parse(body) as unknown) : null });
  }, delayMs);
  response.on('close', () => {
    if (!response.writableFinished) {
      call.aborted = true;
      clearTimeout(timer);
    }
  });
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (request.url?.startsWith('/__')) control(request, response, body);
    else answer(request, response, body);
  });
});

server.listen(Number(process.env['FAKE_PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
