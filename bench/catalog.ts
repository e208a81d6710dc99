// `npm run bench:catalog`: catalog-api against its floor, a plain node:http + pg Pool server
// (bench/catalog-plain-server.ts) answering the same queries with the same JSON from the same
// database, in one run:
//   GET /api/catalog/items/1, GET /api/catalog/items?pageSize=10   (wrk, 2 threads)
//   PUT /api/catalog/items/:id with a price change: the row and its outbox row in one
//   transaction (a closed loop of workers, each on its own item, carrying the version the
//   last PUT returned; catalog-api checks an admin token from a TestIdentityProvider).
// Both servers are single Node processes; the runs alternate (after a warm-up of each) so a
// change in the machine's load hits both alike. Prints req/s, p50/p99, the ratio to the floor
// and each server's CPU time per request. Goal: ≥ 0.7 of the floor on all three.
// catalog-api runs with OUTBOX_RELAY=off: the floor publishes nothing either (bench:outbox
// measures the relay). Knobs (env): BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS
// (50), BENCH_WRITE_CONNECTIONS (16), BENCH_ONLY (run the scenarios whose title contains it),
// BENCH_CPU_PROF (a directory: both servers are profiled and write catalog-api.cpuprofile
// and floor.cpuprofile there when the bench stops them; open the .cpuprofile in Chrome DevTools or speedscope).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import { fmt, startChild, verdict, waitForHttpOk, type ChildApp } from '@eshop/testing';
import { buildApps, knobs, root, startBenchInfra } from './bench-infra';
import { startPlainCatalogServer } from './catalog-plain-server';
import { closedLoop, envNumber, freePort, hasWrk, print, report, withCpu, wrk, type Figures } from './http-load';

const { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS } = knobs;
const WRITE_CONNECTIONS = envNumber('BENCH_WRITE_CONNECTIONS', 16);
const ONLY = process.env['BENCH_ONLY'] ?? '';
const CPU_PROF = process.env['BENCH_CPU_PROF'];
const GOAL = 0.7;

interface Side {
  readonly name: string;
  readonly url: string;
  readonly child: ChildApp;
  readonly headers: Record<string, string>;
}

type Item = Record<string, unknown> & { id: number; price: number; version: number };

/** One worker per item: each PUT flips the price between two values and carries the version last returned. */
async function writes(side: Side, reader: string, seconds: number): Promise<Figures> {
  const items: Item[] = await Promise.all(
    Array.from({ length: WRITE_CONNECTIONS }, async (_, i) => (await fetch(`${reader}/api/catalog/items/${i + 1}`)).json() as Promise<Item>),
  );
  const pool = new Pool(side.url, { connections: WRITE_CONNECTIONS, pipelining: 1 });
  const headers = { ...side.headers, 'content-type': 'application/json' };
  try {
    return await withCpu({ [side.name]: side.child.process.pid }, () =>
      closedLoop(seconds, WRITE_CONNECTIONS, async (worker) => {
        const item = items[worker] as Item;
        const price = Math.round(item.price * 100) % 2 === 0 ? item.price + 0.01 : item.price - 0.01;
        const body = JSON.stringify({ ...item, price: Math.round(price * 100) / 100 });
        const response = await pool.request({ path: `/api/catalog/items/${item.id}`, method: 'PUT', headers, body });
        const text = await response.body.text();
        if (response.statusCode !== 200) return false;
        items[worker] = JSON.parse(text) as Item;
        return true;
      }),
    );
  } finally {
    await pool.close();
  }
}

const reads = (path: string) => (side: Side, _reader: string, seconds: number) =>
  withCpu({ [side.name]: side.child.process.pid }, () => wrk(`${side.url}${path}`, seconds, CONNECTIONS));

const scenarios = [
  { title: 'GET /api/catalog/items/1', run: reads('/api/catalog/items/1') },
  { title: 'GET /api/catalog/items?pageSize=10', run: reads('/api/catalog/items?pageSize=10') },
  { title: `PUT /api/catalog/items/:id, price change (${WRITE_CONNECTIONS} workers)`, run: writes },
];

/**
 * NODE_OPTIONS that profile one side (catalog-api or the floor). `--cpu-prof` is refused in NODE_OPTIONS and the child
 * is started without extra node flags, so a preloaded hook runs the inspector's profiler and,
 * on the bench's SIGTERM, writes `catalog-api.cpuprofile` and exits (before Nest's shutdown).
 */
function profiling(dir: string | undefined, name: string): Record<string, string> {
  if (!dir) return {};
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const hook = join(out, `${name}-profile-hook.cjs`);
  writeFileSync(
    hook,
    `const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new Session();
session.connect();
session.post('Profiler.enable', () => session.post('Profiler.start'));
process.once('SIGTERM', () =>
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(${JSON.stringify(join(out, `${name}.cpuprofile`))}, JSON.stringify(result.profile));
    process.exit(0);
  }),
);
`,
  );
  print(`${name} profile → ${out}/${name}.cpuprofile`);
  return { NODE_OPTIONS: `--require=${hook}` };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'plain-server') {
    return startPlainCatalogServer(process.env['DATABASE_URL'] ?? '', Number(process.env['PORT']));
  }
  if (!(await hasWrk())) throw new Error('wrk is missing: apt-get install wrk');
  buildApps('catalog-api');
  const infra = await startBenchInfra('catalog');
  const children: ChildApp[] = [];
  try {
    const [catalogPort, plainPort] = [await freePort(), await freePort()];
    const catalogUrl = `http://127.0.0.1:${catalogPort}`;
    const plainUrl = `http://127.0.0.1:${plainPort}`;
    const catalog = startChild(join(root, 'dist/apps/catalog-api/main.js'), { ...infra.catalogEnv(catalogPort), ...profiling(CPU_PROF, 'catalog-api') });
    children.push(catalog);
    await waitForHttpOk(`${catalogUrl}/health/ready`, 180_000).catch((error: unknown) => {
      print(catalog.output());
      throw error;
    });
    // The same bundle, started as the floor (migrated and seeded by catalog-api above).
    const plain = startChild(__filename, { DATABASE_URL: infra.database.url, PORT: String(plainPort), ...profiling(CPU_PROF, 'floor') }, ['plain-server']);
    children.push(plain);
    await waitForHttpOk(`${plainUrl}/api/catalog/items/1`, 30_000);
    const admin = await infra.identity.bearer({ sub: 'bench-admin', roles: ['admin'] });
    const sides: [Side, Side] = [
      { name: 'catalog-api', url: catalogUrl, child: catalog, headers: { authorization: admin } },
      { name: 'node:http + pg', url: plainUrl, child: plain, headers: {} },
    ];
    print(`catalog-api vs node:http + pg: ${ROUNDS} × ${SECONDS} s each, alternated, reads with wrk -t2 -c${CONNECTIONS}`);
    const ratios: number[] = [];
    for (const scenario of scenarios.filter(({ title }) => title.includes(ONLY))) {
      print(`\n${scenario.title}`);
      for (const side of sides) await scenario.run(side, plainUrl, 3); // warm-up
      const runs: [Figures[], Figures[]] = [[], []];
      for (let round = 0; round < ROUNDS; round++) {
        for (const [index, side] of sides.entries()) runs[index]?.push(await scenario.run(side, plainUrl, SECONDS));
      }
      const [ours, floor] = [report(sides[0].name, runs[0]), report(sides[1].name, runs[1])];
      const ratio = ours.rps / floor.rps;
      ratios.push(ratio);
      print(`ratio catalog-api / floor: ${fmt(ratio, 2)} (goal ≥ ${GOAL}: ${verdict(ratio >= GOAL)})`);
      if (ours.failures + floor.failures > 0) print(`WARNING: ${ours.failures + floor.failures} failed requests`);
    }
    print(`\nall three ≥ ${GOAL}: ${verdict(ratios.every((ratio) => ratio >= GOAL))}`);
  } finally {
    await Promise.all(children.map((child) => child.stop('SIGTERM')));
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
