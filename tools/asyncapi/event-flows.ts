import { posix } from 'node:path';
import * as ts from 'typescript';
import type { IntegrationEventName } from '@eshop/contracts';
import { EventFlowScanError, calleeName, parseFile, visit, type ParsedFile, type SourceTree } from './source-tree';
import { broadcastSubscriptionsOf, subscriptionsOf, type BroadcastHandler, type Handler } from './subscriptions';

/**
 * Who publishes and who consumes each integration event, read from the apps' source code
 * rather than from a hand-kept table, so the catalogue follows what runs:
 *
 * - subscribers: the classes listed in the app's one `apps/<app>/src/<any>.subscriptions.ts`
 *   and the wire-name constant of each of their `@EventPattern(…)` methods (subscriptions.ts),
 *   each bound to the app's durable service queue;
 * - broadcast subscribers: the `@Broadcast()` classes listed in an exported array named
 *   `…BroadcastSubscriptions` in any non-test file of the app (the gateway's
 *   `apiGatewayBroadcastSubscriptions`), each bound to every instance's own exclusive queue;
 * - publishers: every `{ name: <constant>, … }` message literal (the outbox and payment
 *   builders) and every `.publish(<constant>, …)` call in an app's non-test source;
 * - the queue: the argument of the app's `eventBusEnv('<queue>')` (EVENT_BUS_QUEUE's default);
 * - the outbox: an app that calls `saveEvent(…)` publishes through its outbox relay.
 *
 * Constants count only when imported from '@eshop/contracts'; what cannot be resolved is an
 * error (EventFlowScanError), never a silent gap. Every non-test `.ts` file under the app's
 * `src/` is read, so renaming a use case, handler or event builder changes nothing here.
 */

export type { BroadcastHandler, Handler };

export interface PublishSite {
  readonly event: IntegrationEventName;
  readonly file: string;
}

export interface ServiceFlows {
  readonly service: string;
  /** The default service queue, or undefined for an app that does not use the bus. */
  readonly queue: string | undefined;
  readonly subscriptionsFile: string | undefined;
  /** Service-queue subscribers (competing consumers): one instance of the service gets each event. */
  readonly handlers: readonly Handler[];
  /** Broadcast subscribers: every instance gets each event, on a queue of its own. */
  readonly broadcastHandlers: readonly BroadcastHandler[];
  readonly publishes: readonly PublishSite[];
  readonly viaOutbox: boolean;
}

/** The apps tagged `type:app` (not e2e or check projects), by name, sorted. */
export function serviceApps(tree: SourceTree): string[] {
  return tree
    .list('apps')
    .filter((path) => /^apps\/[^/]+\/project\.json$/.test(path))
    .filter((path) => (JSON.parse(tree.read(path)) as { tags?: string[] }).tags?.includes('type:app') ?? false)
    .map((path) => path.split('/')[1] as string)
    .sort();
}

export function scanServices(tree: SourceTree): ServiceFlows[] {
  return serviceApps(tree).map((service) => scanService(tree, service));
}

export function scanService(tree: SourceTree, service: string): ServiceFlows {
  const sources = tree.list(`apps/${service}/src`).filter(isProductionSource);
  const subscriptionsFiles = sources.filter((path) => isSubscriptionsList(service, path));
  const misplaced = sources.find((path) => path.endsWith('.subscriptions.ts') && !subscriptionsFiles.includes(path));
  if (misplaced) {
    throw new EventFlowScanError(`${misplaced}: a subscriptions list belongs directly in apps/${service}/src/`);
  }
  if (subscriptionsFiles.length > 1) {
    throw new EventFlowScanError(
      `${service} has ${subscriptionsFiles.length} subscriptions lists (${subscriptionsFiles.join(', ')}): keep one`,
    );
  }
  const subscriptionsFile = subscriptionsFiles[0];
  const parsed = sources.map((path) => parseFile(tree, path));
  const queue = parsed.map(defaultQueue).find((name) => name !== undefined);
  const handlers = subscriptionsFile ? subscriptionsOf(tree, subscriptionsFile) : [];
  const broadcastHandlers = sources
    .filter((path) => tree.read(path).includes('BroadcastSubscriptions'))
    .flatMap((path) => broadcastSubscriptionsOf(tree, path));
  // The queue (EVENT_BUS_QUEUE's default) also names the broadcast parking queue.
  if ((handlers.length > 0 || broadcastHandlers.length > 0) && !queue) {
    throw new EventFlowScanError(`${service} handles events but declares no eventBusEnv('<queue>')`);
  }
  return {
    service,
    queue,
    subscriptionsFile,
    handlers,
    broadcastHandlers,
    publishes: parsed.flatMap(publishSites),
    viaOutbox: parsed.some((file) => calls(file, 'saveEvent')),
  };
}

/** `apps/<app>/src/<any name>.subscriptions.ts`, directly in src/ as the style guide puts it. */
function isSubscriptionsList(service: string, path: string): boolean {
  const [folder, name] = [posix.dirname(path), posix.basename(path)];
  return folder === `apps/${service}/src` && name.endsWith('.subscriptions.ts') && name !== '.subscriptions.ts';
}

/** Unit tests (`*.spec.ts`), integration tests (`*.int-spec.ts`) and `test/` folders are not the app. */
function isProductionSource(path: string): boolean {
  return path.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(path) && !path.includes('/test/');
}

function defaultQueue(file: ParsedFile): string | undefined {
  let queue: string | undefined;
  visit(file.source, (node) => {
    if (ts.isCallExpression(node) && calleeName(node) === 'eventBusEnv') {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) queue = argument.text;
    }
  });
  return queue;
}

function publishSites(file: ParsedFile): PublishSite[] {
  const sites: PublishSite[] = [];
  visit(file.source, (node) => {
    let candidate: ts.Expression | undefined;
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'name') {
      candidate = node.initializer;
    } else if (isMethodCall(node, 'publish')) {
      candidate = node.arguments[0];
    }
    const event = candidate && ts.isIdentifier(candidate) ? file.wireNames.get(candidate.text) : undefined;
    if (event) sites.push({ event, file: file.path });
  });
  return sites;
}

function isMethodCall(node: ts.Node, method: string): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && calleeName(node) === method;
}

function calls(file: ParsedFile, method: string): boolean {
  let found = false;
  visit(file.source, (node) => {
    if (isMethodCall(node, method)) found = true;
  });
  return found;
}
