import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWait, readBody, toHealthEntry, type CheckStatus, type RegisteredService } from './fake-consul.wire';

export type { CheckStatus, RegisteredService } from './fake-consul.wire';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * Just enough of Consul's HTTP API, on 127.0.0.1 and a random port, to test against:
 * agent service register/deregister and `GET /v1/health/service/:name` with `passing` and
 * blocking queries (`index` + `wait`, answered with `X-Consul-Index`). One index for the
 * whole catalog: a wake-up for an unrelated change is allowed by Consul's contract too.
 */
export class FakeConsul {
  readonly requests: RecordedRequest[] = [];
  readonly registrations: RegisteredService[] = [];
  readonly deregistrations: string[] = [];
  /** Answer the next N registrations with a 500 (an agent that is not ready). */
  failRegistrations = 0;
  private index = 1;
  private readonly services = new Map<string, { definition: RegisteredService; status: CheckStatus }>();
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: Server) {}

  private port = 0;

  static async start(): Promise<FakeConsul> {
    const server = createServer();
    const fake = new FakeConsul(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    await fake.listen();
    return fake;
  }

  /** Listens again on the same port after `close()`, with the same catalog (an agent restart). */
  async reopen(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Registers an instance directly, as another agent of the cluster would. */
  add(definition: RegisteredService, status: CheckStatus = 'passing'): void {
    this.services.set(definition.ID, { definition, status });
    this.changed();
  }

  /** Drops an instance as Consul does after DeregisterCriticalServiceAfter, or all of them (a dev agent restart). */
  forget(id?: string): void {
    if (id) this.services.delete(id);
    else this.services.clear();
    this.changed();
  }

  setStatus(id: string, status: CheckStatus): void {
    const entry = this.services.get(id);
    if (!entry) throw new Error(`fake consul: no service ${id}`);
    entry.status = status;
    this.changed();
  }

  /** Runs every registered HTTP check once, as the agent does every `Interval`. */
  async runChecks(): Promise<void> {
    for (const entry of this.services.values()) {
      const url = entry.definition.Check?.HTTP;
      if (!url) continue;
      const ok = await fetch(url).then((r) => r.status >= 200 && r.status < 300, () => false);
      entry.status = ok ? 'passing' : 'critical';
    }
    this.changed();
  }

  status(id: string): CheckStatus | undefined {
    return this.services.get(id)?.status;
  }

  /** Stops answering, as a Consul that went down: open blocking queries are cut too. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    for (const wake of this.waiters) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private changed(): void {
    this.index += 1;
    for (const wake of this.waiters) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams });
    const deregister = /^\/v1\/agent\/service\/deregister\/(.+)$/.exec(url.pathname);
    const health = /^\/v1\/health\/service\/(.+)$/.exec(url.pathname);
    if (req.method === 'PUT' && url.pathname === '/v1/agent/service/register') {
      return this.register(JSON.parse(await readBody(req)) as RegisteredService, res);
    }
    if (req.method === 'PUT' && deregister) return this.deregister(decodeURIComponent(deregister[1] ?? ''), res);
    if (req.method === 'GET' && health) return this.health(decodeURIComponent(health[1] ?? ''), url.searchParams, res);
    if (req.method === 'GET' && url.pathname === '/v1/agent/services') return this.agentServices(res);
    res.writeHead(404).end('not found');
  }

  private register(definition: RegisteredService, res: ServerResponse): void {
    this.registrations.push(definition);
    if (this.failRegistrations > 0) {
      this.failRegistrations -= 1;
      res.writeHead(500).end('agent not ready');
      return;
    }
    // Consul starts a service with checks as critical until its first check passes.
    this.add(definition, 'critical');
    res.writeHead(200).end();
  }

  private deregister(id: string, res: ServerResponse): void {
    this.deregistrations.push(id);
    if (!this.services.delete(id)) {
      res.writeHead(404).end(`Unknown service ID "${id}"`);
      return;
    }
    this.changed();
    res.writeHead(200).end();
  }

  /** `GET /v1/agent/services`: the agent's own services, keyed by id. */
  private agentServices(res: ServerResponse): void {
    const services = Object.fromEntries(
      [...this.services.values()].map(({ definition }) => [
        definition.ID,
        { ID: definition.ID, Service: definition.Name, Tags: definition.Tags ?? [], Address: definition.Address, Port: definition.Port, Meta: definition.Meta ?? {} },
      ]),
    );
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(services));
  }

  private async health(name: string, query: URLSearchParams, res: ServerResponse) {
    const index = Number(query.get('index') ?? 0);
    if (index > 0 && index >= this.index) await this.waitForChange(parseWait(query.get('wait')), res);
    if (res.destroyed) return;
    const passingOnly = query.has('passing') && query.get('passing') !== 'false';
    const entries = [...this.services.values()]
      .filter(({ definition, status }) => definition.Name === name && (!passingOnly || status === 'passing'))
      .map(({ definition, status }) => toHealthEntry(definition, status));
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Consul-Index': String(this.index) });
    res.end(JSON.stringify(entries));
  }

  private waitForChange(waitMs: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, waitMs);
      this.waiters.add(wake);
      res.once('close', wake); // the client gave up (or the watch was ended)
    });
  }
}
