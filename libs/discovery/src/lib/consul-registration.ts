import type Consul from 'consul';
import type { RegisterOptions } from 'consul/lib/agent/service';
import { createConsulClient } from './consul-client';
import { silentLogger, type StructuredLogger } from '@eshop/logger';
import { advertisedAddress } from './discovery.env';
import { instanceUrl } from './service-resolver';

export interface ServiceIdentity {
  /** The Consul service name other services resolve: `catalog-api`. */
  readonly name: string;
  readonly port: number;
  /** Defaults to `advertisedAddress()`: SERVICE_ADDRESS, else the host name. */
  readonly address?: string;
  readonly tags?: readonly string[];
  /** Sent as `Meta.version`, so an operator sees which build each instance runs. */
  readonly version?: string;
  /** Overrides the generated instance id. */
  readonly id?: string;
}

/** Consul's HTTP check; durations in Consul's syntax (`10s`, `1m`). */
export interface HealthCheckOptions {
  readonly path: string;
  readonly interval: string;
  readonly timeout: string;
  /** A check critical for this long makes Consul drop the instance (a crashed one, say). */
  readonly deregisterCriticalServiceAfter: string;
}

export interface ConsulRegistrationOptions {
  readonly consulUrl: string;
  readonly service: ServiceIdentity;
  readonly check?: Partial<HealthCheckOptions>;
  readonly logger?: StructuredLogger;
  /** Per call to the agent; shutdown must not hang on a dead Consul. */
  readonly requestTimeoutMs?: number;
  /** First delay before retrying a failed registration; doubles up to 30 s. */
  readonly retryDelayMs?: number;
  /**
   * Anti-entropy: how often a registered instance checks that Consul still has it and
   * registers again if not (Consul dropped it after a long critical spell, or a dev-mode
   * agent restarted and forgot everything).
   */
  readonly verifyIntervalMs?: number;
}

export const defaultHealthCheck: HealthCheckOptions = {
  path: '/health/ready',
  interval: '10s',
  timeout: '5s',
  deregisterCriticalServiceAfter: '1m',
};

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Self-registration of one instance with the local Consul agent
 * (`PUT /v1/agent/service/register`) and its removal at shutdown. A failed registration is
 * retried in the background: the app keeps serving (and stays out of rotation) until Consul
 * is back, rather than crash-looping with it.
 */
export class ConsulRegistration {
  /** Unique per instance: name, advertised address and port (two copies cannot share all three). */
  readonly id: string;
  private readonly consul: Consul;
  private readonly logger: StructuredLogger;
  private readonly definition: RegisterOptions;
  private retryTimer?: NodeJS.Timeout;
  private verifyTimer?: NodeJS.Timeout;
  private readonly verifyIntervalMs: number;
  private retryDelayMs: number;
  private registered = false;
  private stopped = false;

  constructor(options: ConsulRegistrationOptions) {
    const { service } = options;
    const address = service.address ?? advertisedAddress();
    const check = { ...defaultHealthCheck, ...options.check };
    this.id = service.id ?? `${service.name}-${address}-${service.port}`;
    this.consul = createConsulClient(options.consulUrl, options.requestTimeoutMs ?? 5_000);
    this.logger = options.logger ?? silentLogger;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.verifyIntervalMs = options.verifyIntervalMs ?? 30_000;
    this.definition = {
      id: this.id,
      name: service.name,
      address,
      port: service.port,
      tags: [...(service.tags ?? [])],
      meta: { version: service.version ?? 'unknown' },
      check: {
        name: `${service.name} ${check.path}`,
        http: `${instanceUrl(address, service.port)}${check.path}`,
        interval: check.interval,
        timeout: check.timeout,
        deregistercriticalserviceafter: check.deregisterCriticalServiceAfter,
      },
    };
  }

  /** One attempt now; on failure, retries in the background. Resolves to whether it worked. */
  async register(): Promise<boolean> {
    this.stopped = false;
    return this.attempt();
  }

  isRegistered(): boolean {
    return this.registered;
  }

  /** Stops retrying and removes the instance from Consul. Never throws: it runs at shutdown. */
  async deregister(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.verifyTimer);
    try {
      await this.consul.agent.service.deregister(this.id);
      this.registered = false;
      this.logger.info({ serviceId: this.id }, 'deregistered from consul');
    } catch (error) {
      // If Consul is unreachable, the check goes critical once we stop answering and Consul
      // removes the instance after deregisterCriticalServiceAfter.
      this.logger.warn({ serviceId: this.id, err: describe(error) }, 'consul deregistration failed');
    } finally {
      this.consul.destroy();
    }
  }

  private async attempt(): Promise<boolean> {
    try {
      await this.consul.agent.service.register(this.definition);
      this.registered = true;
      this.logger.info({ serviceId: this.id, check: this.definition.check?.http }, 'registered with consul');
      this.startVerifying();
      return true;
    } catch (error) {
      this.logger.warn(
        { serviceId: this.id, err: describe(error), retryInMs: this.retryDelayMs },
        'consul registration failed; retrying',
      );
      this.scheduleRetry();
      return false;
    }
  }

  private startVerifying(): void {
    if (this.verifyTimer || this.stopped) return;
    this.verifyTimer = setInterval(() => void this.verify(), this.verifyIntervalMs);
    this.verifyTimer.unref();
  }

  /** Registers again when the agent no longer lists this instance; an unreachable agent is left for the next round. */
  private async verify(): Promise<void> {
    // Only while we believe we are registered: a failing registration has its own retries.
    if (this.stopped || !this.registered) return;
    let services: Record<string, unknown>;
    try {
      services = (await this.consul.agent.service.list()) as Record<string, unknown>;
    } catch (error) {
      this.logger.debug({ serviceId: this.id, err: describe(error) }, 'consul unreachable; registration not verified');
      return;
    }
    if (this.stopped || this.id in services) return;
    this.registered = false;
    this.logger.warn({ serviceId: this.id }, 'consul no longer lists this instance; registering again');
    await this.attempt();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.attempt(), this.retryDelayMs);
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_DELAY_MS);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
