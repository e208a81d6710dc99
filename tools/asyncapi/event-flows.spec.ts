import { PRODUCT_PRICE_CHANGED, integrationEvents } from '@eshop/contracts';
import { contractDocs } from './contract-docs';
import { scanService } from './event-flows';
import { EventFlowScanError, diskTree, findWorkspaceRoot, type SourceTree } from './source-tree';

/** An app in memory: the scanner reads only through SourceTree. */
function memoryTree(files: Record<string, string>): SourceTree {
  const paths = Object.keys(files).sort();
  return {
    read: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no file ${path}`);
      return text;
    },
    exists: (path) => path in files,
    list: (folder) => paths.filter((path) => path.startsWith(`${folder}/`)),
  };
}

/** A service's config file: the bus variables under the service's name. */
const busConfig = (service: string) => `import { eventBusEnv } from '@eshop/config';\nexport const env = { ...eventBusEnv('${service}') };`;

/** A service's tree: `files` (paths relative to `src`), then `extra` (whole paths, overriding). */
const serviceTree = (src: string, files: Record<string, string>, extra: Record<string, string>) =>
  memoryTree({ ...Object.fromEntries(Object.entries(files).map(([path, text]) => [`${src}/${path}`, text])), ...extra });

const APP = 'apps/demo-api/src';
const CONFIG = busConfig('demo-api');
const STARTED_HANDLER =
  "import { ORDER_STARTED as STARTED } from '@eshop/contracts';\n" +
  'export class DemoHandler { @EventPattern(STARTED) handle() {} }';
const demoApp = (handler: string, extra: Record<string, string> = {}) =>
  serviceTree(
    APP,
    {
      'demo.config.ts': CONFIG,
      'demo.subscriptions.ts': "import { DemoHandler } from './demo.handler';\nexport const DEMO = [DemoHandler] as const;",
      'demo.handler.ts': handler,
    },
    extra,
  );
const STARTED = { event: 'OrderStartedIntegrationEvent', handlerClass: 'DemoHandler' };

describe('the event-flow scanner', () => {
  it('follows the subscriptions list to @EventPattern constants (aliases too), and finds publish sites', () => {
    const tree = demoApp(STARTED_HANDLER, {
      [`${APP}/demo.publisher.ts`]:
        "import { ORDER_PAID_LIKE, PRODUCT_PRICE_CHANGED } from '@eshop/contracts';\n" +
        'export const build = () => ({ name: PRODUCT_PRICE_CHANGED, event: {} });\n' +
        'export const other = () => ({ name: ORDER_PAID_LIKE });',
      [`${APP}/test/fixture.ts`]:
        "import { ORDER_STOCK_REJECTED } from '@eshop/contracts';\nexport const x = () => bus.publish(ORDER_STOCK_REJECTED, {});",
    });
    const flows = scanService(tree, 'demo-api');
    expect(flows.queue).toBe('demo-api');
    expect(flows.handlers).toEqual([{ ...STARTED, file: `${APP}/demo.handler.ts` }]);
    expect(flows.publishes).toEqual([{ event: PRODUCT_PRICE_CHANGED, file: `${APP}/demo.publisher.ts` }]);
    expect(flows.viaOutbox).toBe(false);
  });

  it('depends on no file name but the list’s suffix: any prefix, index files, aliases, re-exports', () => {
    const tree = memoryTree({
      [`${APP}/whatever-name.env.ts`]: CONFIG,
      [`${APP}/demo-api.subscriptions.ts`]:
        "import { Renamed } from './handlers';\nexport const LIST = [Renamed];",
      [`${APP}/handlers/index.ts`]: "export { DemoHandler as Renamed } from './started/on-started.use-case';",
      [`${APP}/handlers/started/on-started.use-case.ts`]: STARTED_HANDLER,
      [`${APP}/outbound/started.integration-event-factory.ts`]:
        "import { ORDER_STARTED } from '@eshop/contracts';\n" +
        'export const started = (manager: unknown) => writer.saveEvent({ name: ORDER_STARTED, event: {} }, manager);',
    });
    const flows = scanService(tree, 'demo-api');
    expect(flows.subscriptionsFile).toBe(`${APP}/demo-api.subscriptions.ts`);
    expect(flows.handlers).toEqual([{ ...STARTED, file: `${APP}/handlers/started/on-started.use-case.ts` }]);
    expect(flows.publishes).toEqual([
      { event: 'OrderStartedIntegrationEvent', file: `${APP}/outbound/started.integration-event-factory.ts` },
    ]);
    expect(flows.viaOutbox).toBe(true);
  });

  it.each([
    ['a constant that is not from the contract', "const X = 'Nope';\nexport class DemoHandler { @EventPattern(X) handle() {} }", /names no event of @eshop\/contracts/],
    ['a listed class without @EventPattern', 'export class DemoHandler { handle() {} }', /which has no @EventPattern method/],
    ['a listed class the file does not declare', 'export class Other {}', /demo\.handler\.ts declares no class DemoHandler/],
  ])('refuses %s', (_case, handler, message) => {
    expect(() => scanService(demoApp(handler), 'demo-api')).toThrow(EventFlowScanError);
    expect(() => scanService(demoApp(handler), 'demo-api')).toThrow(message);
  });

  it('names an import that reaches no file of the app', () => {
    const tree = demoApp(STARTED_HANDLER, {
      [`${APP}/demo.subscriptions.ts`]: "import { DemoHandler } from './moved/demo.handler';\nexport const DEMO = [DemoHandler];",
    });
    expect(() => scanService(tree, 'demo-api')).toThrow(/imported from '.\/moved\/demo.handler', which is no .ts file of the app/);
  });

  it('refuses a second list, or a list outside src/ itself', () => {
    const second = demoApp(STARTED_HANDLER, { [`${APP}/other.subscriptions.ts`]: 'export const B = [];' });
    expect(() => scanService(second, 'demo-api')).toThrow(/2 subscriptions lists .*: keep one/);
    const nested = demoApp(STARTED_HANDLER, { [`${APP}/api/nested.subscriptions.ts`]: 'export const B = [];' });
    expect(() => scanService(nested, 'demo-api')).toThrow(/belongs directly in apps\/demo-api\/src\//);
  });
});

describe('the event-flow scanner, broadcast subscribers', () => {
  const GW = 'apps/gateway/src';
  const STATUS_NAMES =
    "import { ORDER_STATUS_CHANGED_TO_PAID as PAID, ORDER_STATUS_CHANGED_TO_SHIPPED } from '@eshop/contracts';\n" +
    "export const BY_EVENT = { [PAID]: 'paid', [ORDER_STATUS_CHANGED_TO_SHIPPED]: 'shipped' } as const;\n" +
    'export const NAMES = Object.keys(BY_EVENT) as Array<keyof typeof BY_EVENT>;';
  const STATUS_HANDLER =
    "import { Broadcast } from '@eshop/event-bus-rabbitmq';\nimport { NAMES } from '../domain/names';\n" +
    '@Broadcast()\n@Injectable()\nexport class StatusHandler { @EventPattern(NAMES) handle() {} }';
  const gateway = (handler: string, extra: Record<string, string> = {}) =>
    serviceTree(
      GW,
      {
        'gateway.config.ts': busConfig('gateway'),
        'domain/names.ts': STATUS_NAMES,
        'events.module.ts':
          "import { StatusHandler } from './handlers/status.handler';\n" +
          'export const gatewayBroadcastSubscriptions: ReadonlyArray<Type<unknown>> = [StatusHandler];\n' +
          '@Module({})\nexport class EventsModule {}',
        'handlers/status.handler.ts': handler,
      },
      extra,
    );
  const broadcast = (event: string) => ({
    event,
    handlerClass: 'StatusHandler',
    file: `${GW}/handlers/status.handler.ts`,
    listedIn: `${GW}/events.module.ts`,
    list: 'gatewayBroadcastSubscriptions',
  });

  it('finds an exported …BroadcastSubscriptions list in any source file, apart from the service-queue handlers', () => {
    const flows = scanService(gateway(STATUS_HANDLER), 'gateway');
    expect(flows.queue).toBe('gateway');
    expect(flows.subscriptionsFile).toBeUndefined();
    expect(flows.handlers).toEqual([]);
    expect(flows.broadcastHandlers).toEqual([
      broadcast('OrderStatusChangedToPaidIntegrationEvent'),
      broadcast('OrderStatusChangedToShippedIntegrationEvent'),
    ]);
  });

  it('reads an array of contract constants, and @Broadcast() on the method', () => {
    const handler =
      "import { ORDER_STATUS_CHANGED_TO_PAID, ORDER_STATUS_CHANGED_TO_SHIPPED as SHIPPED } from '@eshop/contracts';\n" +
      'export class StatusHandler { @Broadcast() @EventPattern([ORDER_STATUS_CHANGED_TO_PAID, SHIPPED]) handle() {} }';
    expect(scanService(gateway(handler), 'gateway').broadcastHandlers).toEqual([
      broadcast('OrderStatusChangedToPaidIntegrationEvent'),
      broadcast('OrderStatusChangedToShippedIntegrationEvent'),
    ]);
  });

  it('finds the api-gateway’s broadcast handler of every OrderStatusChangedTo… event, and no service-queue one', () => {
    const flows = scanService(diskTree(findWorkspaceRoot()), 'api-gateway');
    expect(flows.handlers).toEqual([]);
    expect(flows.broadcastHandlers.map((handler) => [handler.event, handler.handlerClass, handler.listedIn, handler.list])).toEqual(
      [
        'OrderStatusChangedToAwaitingValidationIntegrationEvent',
        'OrderStatusChangedToStockConfirmedIntegrationEvent',
        'OrderStatusChangedToPaidIntegrationEvent',
        'OrderStatusChangedToShippedIntegrationEvent',
        'OrderStatusChangedToCancelledIntegrationEvent',
      ].map((event) => [
        event,
        'OrderStatusChangedIntegrationEventHandler',
        'apps/api-gateway/src/order-events.module.ts',
        'apiGatewayBroadcastSubscriptions',
      ]),
    );
  });

  it.each([
    ['a listed class without @EventPattern', '@Broadcast()\nexport class StatusHandler { handle() {} }', /gatewayBroadcastSubscriptions lists StatusHandler, which has no @EventPattern method/],
    ['a listed class not marked @Broadcast()', STATUS_HANDLER.replace('@Broadcast()\n', ''), /@EventPattern\(NAMES\) is not marked @Broadcast\(\): the bus would bind it to the service queue/],
    ['a pattern constant that names no contract event', STATUS_HANDLER.replace("from '../domain/names'", "from '../domain/other'"), /@EventPattern\(NAMES\) names no event of @eshop\/contracts/],
  ])('refuses %s', (_case, handler, message) => {
    const tree = gateway(handler, { [`${GW}/domain/other.ts`]: "export const NAMES = Object.keys({ nope: 1 });" });
    expect(() => scanService(tree, 'gateway')).toThrow(EventFlowScanError);
    expect(() => scanService(tree, 'gateway')).toThrow(message);
  });

  it('refuses an empty broadcast list, and a @Broadcast() class in a service-queue list', () => {
    const empty = gateway(STATUS_HANDLER, { [`${GW}/events.module.ts`]: 'export const gatewayBroadcastSubscriptions = [];' });
    expect(() => scanService(empty, 'gateway')).toThrow(/gatewayBroadcastSubscriptions lists no handler class/);
    const misfiled = gateway(STATUS_HANDLER, {
      [`${GW}/events.module.ts`]: 'export class EventsModule {}',
      [`${GW}/gateway.subscriptions.ts`]: "import { StatusHandler } from './handlers/status.handler';\nexport const LIST = [StatusHandler];",
    });
    expect(() => scanService(misfiled, 'gateway')).toThrow(/is marked @Broadcast\(\): the bus binds it to each instance's own queue/);
  });
});

describe('the contract docs', () => {
  it('finds every event’s schema wherever libs/contracts declares it', () => {
    const docs = contractDocs(diskTree(findWorkspaceRoot()));
    expect([...docs.keys()]).toEqual(integrationEvents.names);
    for (const doc of docs.values()) {
      expect(doc).toMatchObject({ schemaName: expect.any(String), file: expect.stringMatching(/^libs\/contracts\/src\/.+\.ts$/) });
    }
  });
});
