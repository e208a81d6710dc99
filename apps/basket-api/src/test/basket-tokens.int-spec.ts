import { describeTokenChecks, sendTo } from '@eshop/testing';
import { TestRun, basketEnv, identity, startBasketApp, type RunningApp } from './basket-app.fixture';

// basket-api verifies tokens itself: the shared case table. It has no staff routes (every
// route is the caller's own basket).
describe('basket-api access tokens', () => {
  let run: TestRun;
  let running: RunningApp;
  beforeAll(async () => {
    run = await TestRun.open('basket_tokens');
    running = await startBasketApp(basketEnv(run.names));
  }, 120_000);
  afterAll(async () => {
    await running?.app.close();
    await run?.close();
  });

  describeTokenChecks(
    () => ({ identity, send: sendTo(running.server), protectedRoute: { method: 'GET', path: '/api/basket', buyerStatus: 200 } }),
    { staffRoutes: false },
  );
});
