import { uniqueName } from '@eshop/testing';
import { BasketKeys } from '../infrastructure/basket-keys';
import { deleteKeys, redisBackend, type Redis } from './basket-app.fixture';
import { MODES, Schedule } from './checkout-schedule.fixture';

// The checkout invariant under thousands of seeded random schedules (see the fixture for the
// operations and the model of time). Replay one schedule:
// BASKET_SCHEDULE_SEED=<seed> BASKET_SCHEDULE_MODE=<mode> npx jest apps/basket-api/src/test/checkout-interleavings

const SCHEDULES = Number(process.env['BASKET_SCHEDULES'] ?? 1_000);
/** A shared 2-core machine can be slow: past this, no new batch of schedules starts. */
const BUDGET_MS = Number(process.env['BASKET_SCHEDULE_BUDGET_MS'] ?? 40_000);
const PARALLEL = 25;

describe('checkout under random interleavings (real Redis, use cases)', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = (await redisBackend()).client();
    prefix = `${uniqueName('basket_schedules')}:`;
  });

  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('accounts for every unit added: in the basket or in exactly one order; never negative, never doubled', async () => {
    const onlySeed = process.env['BASKET_SCHEDULE_SEED'];
    const modes = MODES.filter((m) => !process.env['BASKET_SCHEDULE_MODE'] || m.name === process.env['BASKET_SCHEDULE_MODE']);
    const seeds = onlySeed ? [Number(onlySeed)] : Array.from({ length: SCHEDULES }, (_, i) => 1_000 + i);
    const runs = seeds.flatMap((seed) => modes.map((mode) => ({ mode, seed })));
    const totals: Record<string, number> = {};
    const started = Date.now();
    // Schedules are independent (each has its own key prefix, so its own sweeper set and
    // clock): PARALLEL of them share the connection, each one still strictly sequential.
    let ran = 0;
    for (let i = 0; i < runs.length && Date.now() - started < BUDGET_MS; i += PARALLEL) {
      await Promise.all(runs.slice(i, i + PARALLEL).map(async ({ mode, seed }) => {
        const schedule = new Schedule(seed, mode, redis, new BasketKeys(`${prefix}${mode.name}-${seed}:`));
        try {
          await schedule.run();
        } catch (error) {
          const replay = `BASKET_SCHEDULE_SEED=${seed} BASKET_SCHEDULE_MODE=${mode.name}`;
          throw new Error(`schedule failed (${replay}): ${String(error)}\n${schedule.log.slice(-40).join('\n')}`);
        }
        for (const [what, n] of Object.entries(schedule.counts)) {
          const kind = what.replace(/ [^ ]*[0-9][^ ]*/g, ' …');
          totals[kind] = (totals[kind] ?? 0) + n;
        }
        ran += 1;
      }));
    }
    const operations = Object.values(totals).reduce((sum, n) => sum + n, 0);
    process.stdout.write(
      `checkout interleavings: ${ran} of ${runs.length} schedules (${modes.map((m) => m.name).join(', ')}), ${operations} operations in ${Date.now() - started} ms\n` +
        Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${n}\t${k}`).join('\n') + '\n',
    );
    expect(ran).toBeGreaterThanOrEqual(Math.min(runs.length, 2 * PARALLEL));
  });
});
