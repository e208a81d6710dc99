import type {
  INetworkPolicy,
  INetworkPolicyPeer,
  INetworkPolicyPort,
  INetworkPolicySpec,
} from 'kubernetes-models/networking.k8s.io/v1';
import type { K8sObject } from './kustomize';

type ILabelSelector = INetworkPolicySpec['podSelector'];

/** A pod as a NetworkPolicy sees it. */
export interface PodEndpoint {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Named container ports, for policies that name a port. */
  readonly ports?: Record<string, number>;
}

export function selectorMatches(selector: ILabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((expression) => {
    const value = labels[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        throw new Error(`unsupported selector operator ${expression.operator}`);
    }
  });
  return byLabel && byExpression;
}

function peerMatches(peer: INetworkPolicyPeer, policyNamespace: string, source: PodEndpoint): boolean {
  if (peer.ipBlock) throw new Error('ipBlock peers are not evaluated: extend this checker first');
  const namespaceLabels = { 'kubernetes.io/metadata.name': source.namespace };
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels)
    : source.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, source.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(ports: INetworkPolicyPort[] | undefined, target: PodEndpoint, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((rule) => {
    if (rule.protocol && rule.protocol !== 'TCP') return false;
    if (rule.port === undefined) return true;
    const number = typeof rule.port === 'number' ? rule.port : target.ports?.[rule.port];
    if (number === undefined) return false;
    return rule.endPort === undefined ? number === port : port >= number && port <= rule.endPort;
  });
}

/**
 * Whether a TCP connection from `source` to `target:port` is allowed by the policies' ingress
 * rules: a pod no ingress policy selects accepts everything; otherwise some rule of a policy
 * that selects it must admit the source and the port.
 */
export function ingressAllowed(
  policies: K8sObject[],
  source: PodEndpoint,
  target: PodEndpoint,
  port: number,
): boolean {
  const selecting = (policies as unknown as INetworkPolicy[]).filter(
    (policy) =>
      (policy.metadata?.namespace ?? '') === target.namespace &&
      (policy.spec?.policyTypes ?? ['Ingress']).includes('Ingress') &&
      selectorMatches(policy.spec?.podSelector ?? {}, target.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec?.ingress ?? []).some(
      (rule) =>
        (!rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(peer, target.namespace, source))) &&
        portMatches(rule.ports, target, port),
    ),
  );
}
