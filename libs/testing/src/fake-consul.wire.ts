import type { IncomingMessage } from 'node:http';

// Consul's wire formats, as its HTTP API documentation shows them, for FakeConsul.

/** The JSON body of `PUT /v1/agent/service/register`, as Consul documents it. */
export interface RegisteredService {
  ID: string;
  Name: string;
  Address: string;
  Port: number;
  Tags?: string[];
  Meta?: Record<string, string>;
  Check?: { Name?: string; HTTP?: string; Interval?: string; Timeout?: string; DeregisterCriticalServiceAfter?: string };
}

export type CheckStatus = 'passing' | 'warning' | 'critical';

const NODE = { ID: 'f0f0f0f0-0000-0000-0000-000000000001', Node: 'fake-node', Address: '127.0.0.1', Datacenter: 'dc1' };

export function toHealthEntry(service: RegisteredService, status: CheckStatus) {
  return {
    Node: { ...NODE, TaggedAddresses: { lan: NODE.Address, wan: NODE.Address }, Meta: {} },
    Service: {
      ID: service.ID,
      Service: service.Name,
      Tags: service.Tags ?? [],
      Address: service.Address,
      Meta: service.Meta ?? {},
      Port: service.Port,
      Weights: { Passing: 1, Warning: 1 },
    },
    Checks: [
      { Node: NODE.Node, CheckID: 'serfHealth', Name: 'Serf Health Status', Status: 'passing', ServiceID: '', ServiceName: '' },
      {
        Node: NODE.Node,
        CheckID: `service:${service.ID}`,
        Name: service.Check?.Name ?? `Service '${service.Name}' check`,
        Status: status,
        ServiceID: service.ID,
        ServiceName: service.Name,
        Type: 'http',
      },
    ],
  };
}

/** Consul's `wait`: `30s`, `500ms`, `5m`; default 5 minutes, at most 10. */
export function parseWait(wait: string | null): number {
  const match = /^(\d+)(ms|s|m)?$/.exec(wait ?? '');
  if (!match) return 5 * 60_000;
  const unit = match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1_000;
  return Math.min(Number(match[1]) * unit, 10 * 60_000);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
