// `npm run soak [-- --minutes 3 --buyers 40]` (issue #14 §4): the bench:saga load for a
// bounded time, then the consistency checks on the settled system: one order per accepted
// checkout with exactly its units, stock arithmetic, order totals, baskets, nothing parked,
// nothing unpublished, and the live heap of every app sampled over the run (checked from 10
// minutes on; RSS is reported). Exit code 1 when a check fails, 2 when the run itself broke.
import { tmpdir } from 'node:os';
import { fmt } from '@eshop/testing';
import { numberArg, print, printReport, runSaga, withSagaSystem, type RunOptions } from './saga/saga-run';
import { HeapWatch, heapFloor } from './saga/heap-watch';
import { consistencyChecks, memoryGrowth } from './saga/soak-checks';
import { SAGA_APPS } from './saga/saga-system';

async function main(): Promise<void> {
  const minutes = numberArg('minutes', 3);
  const options: RunOptions = {
    buyers: numberArg('buyers', 40),
    seconds: Math.round(minutes * 60),
    products: numberArg('products', 40),
    stock: 1_000_000,
    sampleEveryMs: 10_000,
  };
  print(`soak: ${minutes} min, starting the shop (build, databases, five apps)…`);
  // `kill -USR2 <ordering pid>` writes a heap snapshot of ordering-api to the temp folder.
  const heapSnapshots = { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${tmpdir()}` };
  const checks = await withSagaSystem(async (system) => {
    print(`ordering-api pid ${system.pid('ordering-api')} (kill -USR2 it for a heap snapshot in ${tmpdir()})`);
    const heaps = HeapWatch.start(system);
    const report = await runSaga(system, options).finally(() => heaps.stop());
    printReport(report, options);
    print('RSS at the end of each minute / floor of the used heap in it (MB):');
    const minuteCount = Math.ceil(minutes);
    for (const app of SAGA_APPS) {
      const figures = Array.from({ length: minuteCount }, (_, n) => {
        const rss = report.samples.filter((s) => s.atS < (n + 1) * 60).at(-1)?.rssMb[app] ?? Number.NaN;
        return `${fmt(rss, 0)}/${fmt(heapFloor(heaps.of(app), n * 60_000, (n + 1) * 60_000).mb, 0)}`;
      });
      print(`  ${app.padEnd(13)} ${figures.join(' ')}`);
    }
    return [...(await consistencyChecks(system, report)), ...memoryGrowth(heaps, report.samples, minutes)];
  }, heapSnapshots);
  print('\nchecks:');
  for (const { name, ok, detail } of checks) print(`  ${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  print(failed === 0 ? 'soak: every check passed' : `soak: ${failed} check(s) failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
