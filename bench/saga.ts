// `npm run bench:saga [-- --buyers 40 --seconds 180]` (issue #14 §3): the checkout saga under
// load on the whole shop, built apps as child processes (bench/saga/saga-system.ts).
//
// N buyers loop through the gateway (add 1–3 products, check out, repeat) while an admin
// changes a price every second; stock is raised so that every order can be paid, and
// GRACE_PERIOD_MS=1000. Prints checkouts accepted/s, orders reaching a final state/s during
// the load and their ratio, ordering's queue depth over time, p50/p95 checkout → paid, and
// CPU per order of ordering-api and of Postgres. Goals: ratio ≥ 0.95, p95 ≤ 15 s; the exit
// code is 1 when one is missed. Everything the run created is removed at the end.
import { numberArg, print, printReport, runSaga, withSagaSystem, type RunOptions } from './saga/saga-run';

async function main(): Promise<void> {
  const options: RunOptions = {
    buyers: numberArg('buyers', 40),
    seconds: numberArg('seconds', 180),
    products: numberArg('products', 40),
    stock: 1_000_000,
    sampleEveryMs: 5_000,
  };
  print(`starting the shop (build, databases, five apps)…`);
  const met = await withSagaSystem(async (system) => printReport(await runSaga(system, options), options));
  process.exitCode = met ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
