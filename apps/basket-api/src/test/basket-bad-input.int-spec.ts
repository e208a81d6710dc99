import { randomUUID } from 'node:crypto';
import {
  BasketClient,
  TestRun,
  basketEnv,
  line,
  startBasketApp,
  type RunningApp,
} from './basket-app.fixture';
import { checkoutAddress, type BadInput, badInputCases } from './bad-input.cases';

/**
 * Every basket write route against a table of invalid input (types, bounds, control
 * characters, depth, size, unknown fields, prototype keys, headers, tokens): each must be a
 * 4xx — never a 2xx (accepted) and never a 5xx (broken) — and must change nothing.
 */
describe('basket bad-input sweep (real Redis and RabbitMQ, catalog over HTTP)', () => {
  let run: TestRun;
  let running: RunningApp;

  beforeAll(async () => {
    run = await TestRun.open('basket_sweep');
    run.catalog.sells(1, 10).sells(2, 5);
    running = await startBasketApp(basketEnv(run.names));
  });

  afterAll(async () => {
    await running.app.close();
    await run.close();
  });

  async function send(input: BadInput) {
    const client = input.authorization === undefined
      ? BasketClient.as(running.server, 'sweeper')
      : new BasketClient(running.server, input.authorization ?? undefined);
    const requestId: Record<string, string> =
      input.route.endsWith('checkout') && !input.withoutRequestId ? { 'x-requestid': randomUUID() } : {};
    const headers = { ...requestId, ...input.headers };
    const [method, path] = input.route.split(' ') as ['put' | 'post' | 'delete', string];
    return client.send(method, path, input.body, headers);
  }

  it('answers every invalid write with a 4xx: 0 × 2xx, 0 × 5xx', async () => {
    const sweeper = BasketClient.as(running.server, 'sweeper');
    // The routes work: valid input is accepted, so every 4xx below is the input's fault.
    expect((await sweeper.put({ items: [line(1, 2)] })).status).toBe(200);
    expect((await sweeper.addItem(line(2))).status).toBe(200);
    expect((await sweeper.checkout(checkoutAddress, randomUUID())).status).toBe(202);
    const before = (await sweeper.get()).body;

    const outcomes: Array<{ case: string; status: number; body: unknown }> = [];
    for (const input of badInputCases()) {
      const reply = await send(input);
      outcomes.push({ case: `${input.route} ${input.name}`, status: reply.status, body: reply.body });
    }
    const count = (test: (status: number) => boolean) => outcomes.filter((o) => test(o.status)).length;
    const [ok, clientErrors, serverErrors] = [count((s) => s < 300), count((s) => s >= 400 && s < 500), count((s) => s >= 500)];
    process.stdout.write(`basket bad-input sweep: cases=${outcomes.length} 4xx=${clientErrors} 5xx=${serverErrors} 2xx=${ok}\n`);

    expect(outcomes.filter((o) => o.status < 400 || o.status >= 500)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(150);
    // Nothing of it reached the basket.
    expect((await sweeper.get()).body).toEqual(before);
  });
});
