import type Consul from 'consul';
import { z } from 'zod';
import type { StructuredLogger } from '@eshop/logger';
import { instanceUrl, type DiscoveryStatus, type ServiceInstance } from './service-resolver';

export interface ServiceWatchOptions {
  /** How long Consul may hold each blocking query (`wait`), in seconds. */
  readonly waitSeconds: number;
  /** Longest pause between retries while Consul is unreachable. */
  readonly retryMaxMs: number;
}

// One entry of `GET /v1/health/service/:name`; only what routing needs, the rest ignored.
const healthEntry = z.object({
  Node: z.object({ Address: z.string() }),
  Service: z.object({
    ID: z.string(),
    Service: z.string(),
    Address: z.string(),
    Port: z.number().int().min(1).max(65_535),
    Tags: z.array(z.string()).nullish(),
    Meta: z.record(z.string(), z.string()).nullish(),
  }),
});

/**
 * The live list of passing instances of one service. A blocking query
 * (`?passing=true&index=<last X-Consul-Index>&wait=<n>s`) stays open at Consul until the
 * list changes or `wait` elapses, so a change arrives within one round trip instead of a
 * polling interval. While Consul is unreachable the last list is kept and served.
 */
export class ConsulServiceWatch {
  private list: readonly ServiceInstance[] = [];
  private cursor = 0;
  private answered = false;
  private lastError?: string;
  private lastErrorAt = 0;
  private watch?: ReturnType<Consul['watch']>;
  private restartTimer?: NodeJS.Timeout;
  private closed = false;
  /** Settles at Consul's first answer or first failure, whichever comes first. */
  private readonly firstOutcome: Promise<void>;
  private onFirstOutcome!: () => void;

  constructor(
    private readonly consul: Consul,
    readonly service: string,
    private readonly options: ServiceWatchOptions,
    private readonly logger: StructuredLogger,
  ) {
    this.firstOutcome = new Promise((resolve) => (this.onFirstOutcome = resolve));
    this.start();
  }

  /**
   * The current list. Only the very first calls wait (up to `timeoutMs`) for the first
   * query to come back; once it failed, calls get the empty list at once rather than each
   * waiting while Consul is down.
   */
  async instances(timeoutMs: number): Promise<readonly ServiceInstance[]> {
    if (!this.answered) await waitUpTo(this.firstOutcome, timeoutMs);
    return this.list;
  }

  /** Round robin over the current list; undefined when it is empty. */
  next(): ServiceInstance | undefined {
    if (this.list.length === 0) return undefined;
    const instance = this.list[this.cursor % this.list.length];
    this.cursor = (this.cursor + 1) % this.list.length;
    return instance;
  }

  hasAnswered(): boolean {
    return this.answered;
  }

  status(): DiscoveryStatus {
    const lastSuccessAt = this.watch?.updateTime() ?? 0;
    const upToDate = this.answered && lastSuccessAt > this.lastErrorAt;
    return {
      source: 'consul',
      instances: this.list.length,
      upToDate,
      ...(upToDate || !this.lastError ? {} : { lastError: this.lastError }),
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.restartTimer);
    this.watch?.end(); // also aborts the blocking query in flight
  }

  private start(): void {
    const watch = this.consul.watch({
      method: this.consul.health.service,
      // `passing` goes on the query string as-is; the typings only allow strings.
      options: { service: this.service, passing: 'true', wait: `${this.options.waitSeconds}s` },
      backoffFactor: 100,
      backoffMax: this.options.retryMaxMs,
    });
    watch.on('change', (entries: unknown) => this.update(entries));
    watch.on('error', (error: Error) => this.failed(error));
    // The watch gives up by itself on a 400 or a Consul without blocking queries; keep trying.
    watch.on('end', () => {
      if (this.closed) return;
      this.restartTimer = setTimeout(() => this.start(), this.options.retryMaxMs);
      this.restartTimer.unref();
    });
    this.watch = watch;
  }

  private update(entries: unknown): void {
    const instances: ServiceInstance[] = [];
    for (const entry of Array.isArray(entries) ? entries : []) {
      const parsed = healthEntry.safeParse(entry);
      if (parsed.success) instances.push(toInstance(parsed.data));
      else this.logger.warn({ service: this.service, entry }, 'ignored a malformed consul health entry');
    }
    instances.sort((a, b) => a.id.localeCompare(b.id));
    const before = this.list.map((i) => i.id).join(',');
    this.list = instances;
    if (!this.answered || before !== instances.map((i) => i.id).join(',')) {
      this.logger.info({ service: this.service, instances: instances.map((i) => i.url) }, 'instances changed');
    }
    this.answered = true;
    this.onFirstOutcome();
  }

  private failed(error: Error): void {
    // Warn once per outage: on the first error, or the first after a success. Strictly later:
    // under load a success and an error can share a millisecond, and then it is one outage.
    const lastSuccessAt = this.watch?.updateTime() ?? 0;
    if (this.lastErrorAt === 0 || lastSuccessAt > this.lastErrorAt) {
      this.logger.warn(
        { service: this.service, err: error.message, serving: this.list.length },
        'consul unreachable; serving the last known instances',
      );
    }
    this.lastError = error.message;
    this.lastErrorAt = Date.now();
    this.onFirstOutcome();
  }
}

function toInstance({ Node, Service }: z.infer<typeof healthEntry>): ServiceInstance {
  // Consul's rule: an empty service address means "the node's address".
  const address = Service.Address || Node.Address;
  return {
    id: Service.ID,
    service: Service.Service,
    address,
    port: Service.Port,
    url: instanceUrl(address, Service.Port),
    tags: Service.Tags ?? [],
    meta: Service.Meta ?? {},
  };
}

async function waitUpTo(promise: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
