import type { StructuredLogger } from '@eshop/logger';
import type { UpstreamPolicyOptions } from './upstream-policy.options';
import { UpstreamPolicy, type CircuitStateName, type UpstreamPolicySnapshot } from './upstream-policy';

/**
 * One `UpstreamPolicy` per upstream, built once at start (a bad option fails the app
 * there). `states()` is what a readiness endpoint shows: one broken upstream must not make
 * the whole gateway look down, but an operator should see which circuit is open.
 */
export class UpstreamPolicies<U extends string = string> {
  private readonly policies = new Map<U, UpstreamPolicy>();

  constructor(options: Readonly<Record<U, UpstreamPolicyOptions>>, logger: StructuredLogger) {
    for (const upstream of Object.keys(options) as U[]) {
      this.policies.set(upstream, new UpstreamPolicy(upstream, options[upstream], logger));
    }
  }

  for(upstream: U): UpstreamPolicy {
    const policy = this.policies.get(upstream);
    if (!policy) throw new Error(`no resilience policy configured for upstream ${upstream}`);
    return policy;
  }

  states(): Record<U, CircuitStateName> {
    return this.map((policy) => policy.state());
  }

  snapshots(): Record<U, UpstreamPolicySnapshot> {
    return this.map((policy) => policy.snapshot());
  }

  private map<T>(read: (policy: UpstreamPolicy) => T): Record<U, T> {
    return Object.fromEntries([...this.policies].map(([upstream, policy]) => [upstream, read(policy)])) as Record<U, T>;
  }
}
