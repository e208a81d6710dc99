import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Instance {
  readonly id: string;
  readonly port: number;
}

/**
 * Just enough of a Consul agent for the gateway in consul mode: it accepts the gateway's
 * own registration, and answers `GET /v1/health/service/<name>` with the instances the test
 * set, as blocking queries do (an `index` equal to the current one is held until the list
 * changes or `wait` elapses). No Consul binary runs on these machines.
 */
export class FakeConsul {
  private index = 1;
  private readonly services = new Map<string, Instance[]>();
  private readonly waiting = new Set<() => void>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeConsul> {
    const server = createServer();
    const fake = new FakeConsul(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => fake.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The passing instances of `service` (all on 127.0.0.1) from now on. */
  setInstances(service: string, instances: Instance[]): void {
    this.services.set(service, instances);
    this.index += 1;
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  }

  async close(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    const url = new URL(request.url ?? '/', 'http://consul');
    const health = /^\/v1\/health\/service\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'PUT' && url.pathname.startsWith('/v1/agent/service/')) {
      response.writeHead(200).end();
      return;
    }
    if (request.method !== 'GET' || !health?.[1]) {
      response.writeHead(404).end();
      return;
    }
    const service = decodeURIComponent(health[1]);
    const answer = () => this.answer(response, service);
    if (Number(url.searchParams.get('index') ?? 0) !== this.index) return answer();
    const waitMs = Number.parseInt(url.searchParams.get('wait') ?? '1', 10) * 1_000;
    const timer = setTimeout(() => this.waiting.delete(wake) && answer(), waitMs);
    const wake = () => {
      clearTimeout(timer);
      if (!response.writableEnded) answer();
    };
    this.waiting.add(wake);
  }

  private answer(response: ServerResponse, service: string): void {
    const entries = (this.services.get(service) ?? []).map(({ id, port }) => ({
      Node: { Address: '127.0.0.1' },
      Service: { ID: id, Service: service, Address: '127.0.0.1', Port: port, Tags: [], Meta: {} },
    }));
    response.writeHead(200, { 'content-type': 'application/json', 'x-consul-index': String(this.index) });
    response.end(JSON.stringify(entries));
  }
}
