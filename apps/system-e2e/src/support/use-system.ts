import { EventTap } from './event-tap';
import { Shop } from './shop';
import { TestSystem, type Instance } from './system';

export interface SystemUnderTest {
  readonly system: TestSystem;
  readonly shop: Shop;
  readonly tap: EventTap;
}

/**
 * Starts `instances` before a spec file's first test, with a shop client and an event tap on
 * the run's exchange, hands them to `use`, and removes everything after its last test. One
 * system per file: each scenario works on its own products and buyers.
 */
export function useSystem(instances: readonly Instance[], use: (started: SystemUnderTest) => void): void {
  let system: TestSystem | undefined;
  let tap: EventTap | undefined;
  beforeAll(async () => {
    system = await TestSystem.start(instances);
    tap = await EventTap.open(system.exchange);
    use({ system, shop: new Shop(system), tap });
  }, 240_000);
  afterAll(async () => {
    await tap?.close();
    await system?.stop();
  }, 60_000);
}
