import { sleep } from '@eshop/testing';
import type { AppName, TestSystem } from '../support/system';

/** What each app's `/health/ready` must answer while the broker is away (architecture.md, "Every app serves"). */
export const READY_DURING_OUTAGE: Readonly<Record<AppName, number>> = {
  'catalog-api': 200, // Postgres; the outbox keeps its price changes
  'ordering-api': 200, // Postgres; the outbox keeps its events
  'basket-api': 200, // Redis; checkout answers 503 on its own
  'api-gateway': 200, // itself; it is on no bus
  'payment-api': 503, // it only consumes: not ready while it cannot
};

/** The apps on the bus: their readiness body names the broker and its state. */
const ON_THE_BUS: readonly AppName[] = ['catalog-api', 'ordering-api', 'basket-api', 'payment-api'];

interface ReadinessBody {
  readonly details?: { readonly rabbitmq?: { readonly connected?: boolean } };
}

/** One probe of `app`: its status, and whether its body says the broker is connected (undefined: not named). */
export async function probeReady(system: TestSystem, app: AppName): Promise<{ status: number; brokerConnected?: boolean }> {
  const response = await fetch(`${system.url(app)}/health/ready`);
  const body = (await response.json().catch(() => ({}))) as ReadinessBody;
  const connected = body.details?.rabbitmq?.connected;
  return { status: response.status, ...(connected === undefined ? {} : { brokerConnected: connected }) };
}

/** Whether every app on the bus reports the broker as `connected`. */
export async function everyBusAppReports(system: TestSystem, connected: boolean): Promise<boolean> {
  const probes = await Promise.all(ON_THE_BUS.map((app) => probeReady(system, app)));
  return probes.every((probe) => probe.brokerConnected === connected);
}

/**
 * Probes every app's readiness in rounds, as a kubelet or Consul would, until stopped; keeps
 * every answer that differs from READY_DURING_OUTAGE, or that does not name the broker as
 * down (apps on the bus).
 */
export class ReadinessWatch {
  ready200 = 0;
  rounds = 0;
  readonly unexpected: string[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(private readonly system: TestSystem) {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      await Promise.all((Object.keys(READY_DURING_OUTAGE) as AppName[]).map((app) => this.probe(app)));
      this.rounds++;
      await sleep(500);
    }
  }

  private async probe(app: AppName): Promise<void> {
    try {
      const { status, brokerConnected } = await probeReady(this.system, app);
      if (status === 200) this.ready200++;
      if (status !== READY_DURING_OUTAGE[app]) this.unexpected.push(`${app}: ${status}`);
      if (ON_THE_BUS.includes(app) && brokerConnected !== false) this.unexpected.push(`${app}: broker not named as down`);
    } catch (error) {
      this.unexpected.push(`${app}: ${(error as Error).message}`);
    }
  }
}
