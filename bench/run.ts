/**
 * The gateway benchmark: starts the vendor simulators and a few gateways in this process, on
 * loopback only, and prints figures measured side by side in one run (cache, batching, the
 * Everflow click stream, memory). Compared variants are interleaved and repeated, and medians
 * (p50) and p95 are reported, because the machine is shared and noisy. It asserts nothing.
 *
 * Run with `npm run bench` (it builds, then runs with --expose-gc so the memory figures are
 * taken after a forced GC).
 */
import net from 'node:net';
import Keyv from 'keyv';
import { GatewayCache } from '../src/cache/index.js';
import { loadConfig } from '../src/config.js';
import { configureLog } from '../src/log.js';
import { startGateway, type Endpoints, type GatewayServer } from '../src/server.js';
import { vendorKeys, VENDORS, type VendorKey } from '../src/vendors/registry.js';
import { SIMULATOR_KEYS, simulatorEndpoints, startSimulators, type Simulators } from '../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS } from '../src/simulators/integr8/index.js';
import { EVERFLOW_ROUTES, SHAPES as EVERFLOW_SHAPES } from '../src/vendors/everflow/client.js';
import { mapClick } from '../src/vendors/everflow/mappers.js';
import type { EverflowClickStreamResponse } from '../src/vendors/everflow/types.js';
import { benchClickWindows } from './clickWindows.js';
import { benchMerged } from './merged.js';
import { benchHttpClient } from './httpClient.js';
import { benchOverhead } from './overhead.js';
import { benchVerdicts } from './verdicts.js';
import { benchWarm } from './warm.js';
import { median, mib, ms, percentile, ratio, table } from './stats.js';
import { NO_CACHE_ENV } from './env.js';

type Vendor = VendorKey;
const VENDOR_KEYS: readonly Vendor[] = vendorKeys();

/** Repetitions per section; the whole run stays well under 90 s on two busy cores. */
const ROUNDS = { cache: 20, batching: 11, clickStream: 5, memoryQueries: 300, reading: 30 } as const;
/** Injected vendor latency per upstream call. */
const LATENCY_MS = { integr8: 20, everflow: 30 } as const;

/** One GraphQL operation of the benchmark. */
interface Operation {
  label: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** One timed GraphQL request: wall time, upstream calls per vendor, the body. */
interface Sample {
  ms: number;
  calls: number;
  body: GqlBody;
}

interface GqlBody {
  data?: any;
  errors?: { message: string; path?: unknown; extensions?: unknown }[];
}

/** GraphQL errors seen while measuring, printed once at the end (a fast error is no result). */
const errorsSeen = new Map<string, string>();

async function main(): Promise<void> {
  const started = performance.now();
  // The access log's line per request would bury the figures; warnings (Redis down) still show.
  if (!process.env.LOG_LEVEL) configureLog({ level: 'warn' });
  console.log(`affiliate-gateway benchmark: Node ${process.version}, ${new Date().toISOString()}`);
  console.log("Gateways and simulators run in this process on 127.0.0.1; times include the simulators' own work.");
  console.log('p50/p95 by nearest rank over the runs shown; with fewer than 20 runs p95 is the slowest run.');
  const sims = await startSimulators();
  const endpoints = simulatorEndpoints(sims);
  const gateways: GatewayServer[] = [];
  try {
    // Fixed instants, so equal queries have equal cache keys from one run to the next.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const iso = (daysBack: number) => new Date(now - daysBack * 86_400_000).toISOString();
    const integr8Report = { integrationId: INTEGR8_INTEGRATION_IDS[0], from: iso(30), to: iso(0) };

    // Cold: a gateway whose cache store is emptied before every query (a fresh cache each time).
    const coldStore = new Keyv({ namespace: 'affiliate-gateway' });
    // The response cache (section 9) would answer every repeat before the read cache measured here.
    const defaults = loadConfig({ RESPONSE_CACHE: 'off' });
    const cold = await startGateway(defaults, endpoints, { port: 0, cache: new GatewayCache(coldStore, defaults.cacheTtlSeconds) });
    gateways.push(cold);
    const warm = await startGateway(defaults, endpoints, { port: 0 });
    gateways.push(warm);

    const mixed = mixedOperations(integr8Report, iso);
    // Generates the simulators' datasets and warms the JIT before anything is timed.
    for (const op of mixed) await graphql(cold.url, op);
    for (const op of mixed) await graphql(warm.url, op);

    await benchCache(sims, mixed, cold.url, () => coldStore.clear(), warm.url);
    await benchBatching(sims, cold.url, () => coldStore.clear(), integr8Report);
    await benchClickStream(sims, endpoints, gateways, iso);
    await benchMemory(mixed, warm.url);
    await benchReading(sims);
    await benchStores(sims, endpoints, gateways, mixed);
    await benchVerdicts(sims, endpoints, gateways);
    // Last: its emulation of the whole-range cache of before leaves the process's RSS high.
    await benchClickWindows(sims, endpoints, gateways, 7);
    await benchMerged(sims, endpoints, gateways, 8);
    // Throughput, not memory: the RSS the section before leaves does not matter here.
    await benchWarm(sims, endpoints, gateways, 9);
    // The gateway in a child process: this process's RSS does not matter to it.
    await benchOverhead(sims, section);
    await benchHttpClient(section);
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await sims.stop();
  }
  if (errorsSeen.size > 0) {
    console.log('\nGraphQL errors seen while measuring (those samples are not real results):');
    for (const [label, message] of errorsSeen) console.log(`  ${label}: ${message}`);
  }
  console.log(`\nTotal bench time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// Sections

/** 1. The same mixed queries on a cold cache and on a warm gateway, interleaved. */
async function benchCache(
  sims: Simulators,
  operations: Operation[],
  coldUrl: string,
  clearCold: () => Promise<void>,
  warmUrl: string,
): Promise<void> {
  const cold = operations.map(() => [] as Sample[]);
  const warm = operations.map(() => [] as Sample[]);
  for (let round = 0; round < ROUNDS.cache; round++) {
    // Rotate the order each round, and which variant goes first, so neither rides on the other's noise.
    for (let k = 0; k < operations.length; k++) {
      const i = (k + round) % operations.length;
      const runCold = async () => {
        await clearCold();
        cold[i].push(await measured(sims, coldUrl, operations[i]));
      };
      const runWarm = async () => warm[i].push(await measured(sims, warmUrl, operations[i]));
      if (round % 2 === 0) await runCold().then(runWarm);
      else await runWarm().then(runCold);
    }
  }
  const setTimes = (samples: Sample[][]) => samples[0].map((_, round) => samples.reduce((sum, op) => sum + op[round].ms, 0));
  const calls = (samples: Sample[]) => median(samples.map((s) => s.calls)).toString();
  const rows = operations.map((op, i) => row(op.label, cold[i], warm[i], calls(cold[i]), calls(warm[i])));
  const coldSet = setTimes(cold);
  const warmSet = setTimes(warm);
  const sumCalls = (samples: Sample[][]) => samples.reduce((sum, op) => sum + median(op.map((s) => s.calls)), 0).toString();
  rows.push([
    'whole mixed set (sum of 4)',
    ms(median(coldSet)),
    ms(percentile(coldSet, 95)),
    ms(median(warmSet)),
    ms(percentile(warmSet, 95)),
    ratio(median(coldSet), median(warmSet)),
    sumCalls(cold),
    sumCalls(warm),
  ]);
  section(`1. Cache: cold (cache emptied before each query) vs warm (repeat on a warm gateway), ${ROUNDS.cache} rounds, interleaved`);
  console.log(table(['query', 'cold p50 ms', 'cold p95', 'warm p50 ms', 'warm p95', 'cold/warm p50', 'calls cold', 'calls warm'], rows));
  console.log("calls = upstream calls per query (median), from the simulators' request logs. No vendor latency is");
  console.log('injected here, so a cold call costs only a loopback round trip; real vendor latency widens the ratio.');

  function row(label: string, c: Sample[], w: Sample[], callsCold: string, callsWarm: string): string[] {
    const [cMs, wMs] = [c.map((s) => s.ms), w.map((s) => s.ms)];
    return [
      label,
      ms(median(cMs)),
      ms(percentile(cMs, 95)),
      ms(median(wMs)),
      ms(percentile(wMs, 95)),
      ratio(median(cMs), median(wMs)),
      callsCold,
      callsWarm,
    ];
  }
}

/**
 * 2. 100 Integr8 report clicks with offer, publisher and advertiser names: through the gateway
 * (batched) vs the naive N+1 written here (one GET per row and relation), with vendor latency.
 */
async function benchBatching(
  sims: Simulators,
  coldUrl: string,
  clearCold: () => Promise<void>,
  report: { integrationId: string; from: string; to: string },
): Promise<void> {
  const op: Operation = {
    label: 'batching',
    query: `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 100) { nodes { nativeId offer { name } publisher { name } advertiser { name } } } }`,
    variables: { q: report },
  };
  const integr8 = sims.integr8;
  integr8.injectFault({ path: /^\/api\/v2\//, delayMs: LATENCY_MS.integr8, times: 1_000_000 });
  const gateway: Sample[] = [];
  const parallel: NaiveSample[] = [];
  const sequential: NaiveSample[] = [];
  try {
    for (let round = 0; round < ROUNDS.batching; round++) {
      const runGateway = async () => {
        await clearCold();
        gateway.push(await measured(sims, coldUrl, op));
      };
      const runNaive = async () => parallel.push(await naiveN1(sims, report, 'parallel'));
      if (round % 2 === 0) await runGateway().then(runNaive);
      else await runNaive().then(runGateway);
    }
    // The sequential N+1 costs ~300 round trips of 20 ms each: one run is enough to show it.
    sequential.push(await naiveN1(sims, report, 'sequential'));
  } finally {
    integr8.clearFaults();
  }

  const gatewayRows = JSON.stringify(namesOf(gateway[gateway.length - 1].body.data?.clicks?.nodes ?? []));
  const same = (naive: NaiveSample[]) => (JSON.stringify(naive[naive.length - 1].names) === gatewayRows ? 'yes' : 'NO');
  const gMs = gateway.map((s) => s.ms);
  const line = (label: string, samples: NaiveSample[]) => {
    const times = samples.map((s) => s.ms);
    return [
      label,
      String(samples.length),
      median(samples.map((s) => s.calls)).toString(),
      ms(median(times)),
      ms(percentile(times, 95)),
      ratio(median(samples.map((s) => s.calls)), median(gateway.map((s) => s.calls))),
      ratio(median(times), median(gMs)),
      same(samples),
    ];
  };
  section(`2. Batching: 100 Integr8 report clicks with offer, publisher and advertiser names, ${LATENCY_MS.integr8} ms vendor latency per call`);
  console.log(
    table(
      ['variant', 'runs', 'calls', 'p50 ms', 'p95 ms', 'calls vs gateway', 'p50 vs gateway', 'same names'],
      [
        [
          'gateway (DataLoader batches, cold cache)',
          String(gateway.length),
          median(gateway.map((s) => s.calls)).toString(),
          ms(median(gMs)),
          ms(percentile(gMs, 95)),
          '1.0x',
          '1.0x',
          'reference',
        ],
        line('naive N+1, per-row GETs in parallel', parallel),
        line('naive N+1, per-row GETs one by one', sequential),
      ],
    ),
  );
  console.log('Parallel N+1 is what GraphQL resolvers without DataLoader do (list items resolve concurrently).');
}

/** 3. A 60-day Everflow click stream read with concurrency 1 vs 4, nothing cached, vendor latency. */
async function benchClickStream(sims: Simulators, endpoints: Endpoints, gateways: GatewayServer[], iso: (daysBack: number) => string): Promise<void> {
  const variants = [1, 4].map((concurrency) => ({ concurrency, url: '', samples: [] as Sample[] }));
  for (const variant of variants) {
    const config = loadConfig({ ...NO_CACHE_ENV, EVERFLOW_CLICK_CONCURRENCY: String(variant.concurrency) });
    const gateway = await startGateway(config, endpoints, { port: 0 });
    gateways.push(gateway);
    variant.url = gateway.url;
  }
  const op: Operation = {
    label: 'everflow click stream, 60 days',
    query: `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 1) { totalCount truncated } }`,
    variables: { from: iso(60), to: iso(0) },
  };
  sims.everflow.injectFault({ delayMs: LATENCY_MS.everflow, times: 1_000_000 });
  try {
    for (let round = 0; round < ROUNDS.clickStream; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) variant.samples.push(await measured(sims, variant.url, op));
    }
  } finally {
    sims.everflow.clearFaults();
  }
  const [one, four] = variants.map((v) => v.samples.map((s) => s.ms));
  const figure = (samples: Sample[], pick: (body: GqlBody) => unknown) => String(pick(samples[samples.length - 1].body) ?? 'error');
  section(
    `3. Everflow click stream: 60-day range, ${LATENCY_MS.everflow} ms vendor latency per call, cache off, ${ROUNDS.clickStream} rounds interleaved`,
  );
  console.log(
    table(
      ['EVERFLOW_CLICK_CONCURRENCY', 'wall p50 ms', 'wall p95 ms', 'upstream calls', 'rows returned', 'truncated'],
      variants.map((v) => [
        String(v.concurrency),
        ms(median(v.samples.map((s) => s.ms))),
        ms(
          percentile(
            v.samples.map((s) => s.ms),
            95,
          ),
        ),
        median(v.samples.map((s) => s.calls)).toString(),
        figure(v.samples, (b) => b.data?.clicks?.totalCount),
        figure(v.samples, (b) => b.data?.clicks?.truncated),
      ]),
    ),
  );
  console.log(`Speed-up, concurrency 4 over 1 (wall p50): ${ratio(median(one), median(four))}`);
  const waited = median(variants[0].samples.map((s) => s.calls)) * LATENCY_MS.everflow;
  console.log(
    `Injected latency is ${waited} ms of the concurrency-1 p50 (calls x ${LATENCY_MS.everflow} ms); the rest is CPU work, and the\n` +
      'simulator and the gateway share this one thread, so concurrency cannot overlap it.',
  );
}

/** 4. Process memory before and after 300 mixed queries against the warm gateway. */
async function benchMemory(operations: Operation[], warmUrl: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const settle = async () => {
    if (!gc) return;
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  };
  await settle();
  const before = process.memoryUsage();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS.memoryQueries; i++) {
    const op = operations[i % operations.length];
    const t0 = performance.now();
    const body = await graphql(warmUrl, op);
    times.push(performance.now() - t0);
    noteErrors(op.label, body);
  }
  await settle();
  const after = process.memoryUsage();
  section(`4. Memory: ${ROUNDS.memoryQueries} mixed queries against the warm gateway (whole process: gateways + simulators)`);
  console.log(
    table(
      ['', 'before MiB', 'after MiB', 'change MiB'],
      [
        ['rss', mib(before.rss), mib(after.rss), mib(after.rss - before.rss, true)],
        ['heapUsed', mib(before.heapUsed), mib(after.heapUsed), mib(after.heapUsed - before.heapUsed, true)],
      ],
    ),
  );
  console.log(`Query latency over those ${times.length} warm queries: p50 ${ms(median(times))} ms, p95 ${ms(percentile(times, 95))} ms.`);
  console.log(
    gc
      ? 'Measured after a forced GC (global.gc).'
      : 'Note: global.gc is not exposed, so no GC was forced and heapUsed includes garbage; for settled figures run `node --expose-gc dist/bench/run.js`.',
  );
}

/**
 * 5. What reading a vendor answer costs per row: JSON parsing alone, then with the shape check,
 * then with the mapping to models, on one real click-stream answer of the simulator, and the
 * credential scan of the raw bytes that decides whether a body needs redacting.
 */
async function benchReading(sims: Simulators): Promise<void> {
  const logged = sims.everflow.requests().find((r) => r.path === EVERFLOW_ROUTES.clickStream && r.status === 200);
  if (!logged) throw new Error('bench: no click-stream request to replay');
  const response = await fetch(sims.everflow.url + EVERFLOW_ROUTES.clickStream, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...VENDORS.everflow.authHeaders(SIMULATOR_KEYS.everflow) },
    body: JSON.stringify(logged.body),
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const text = raw.toString('utf8');
  const rows = (JSON.parse(text) as EverflowClickStreamResponse).clicks.length;
  const forms = [SIMULATOR_KEYS.everflow, encodeURIComponent(SIMULATOR_KEYS.everflow)];
  const variants: [string, () => unknown][] = [
    ['JSON.parse', () => JSON.parse(text)],
    ['parse + shape check', () => EVERFLOW_SHAPES.clickStream(JSON.parse(text), '')],
    ['parse + shape + map', () => EVERFLOW_SHAPES.clickStream(JSON.parse(text), '').clicks.map(mapClick)],
    ['credential scan of the raw bytes', () => forms.some((form) => raw.includes(form))],
  ];
  const times = new Map<string, number[]>(variants.map(([label]) => [label, []]));
  for (let round = 0; round < ROUNDS.reading; round++) {
    for (const [label, run] of variants) {
      const t0 = performance.now();
      run();
      times.get(label)!.push(performance.now() - t0);
    }
  }
  const parse = median(times.get('JSON.parse')!);
  section(`5. Reading one Everflow click-stream answer: ${rows} rows, ${mib(raw.length)} MiB, ${ROUNDS.reading} rounds interleaved`);
  console.log(
    table(
      ['step', 'p50 ms', 'p95 ms', 'µs per row', 'vs JSON.parse'],
      variants.map(([label]) => {
        const samples = times.get(label)!;
        return [label, ms(median(samples)), ms(percentile(samples, 95)), ((median(samples) * 1000) / rows).toFixed(2), ratio(median(samples), parse)];
      }),
    ),
  );
  console.log('The shape check is what turns an answer of an undocumented shape into a coded error instead of a record of nulls.');
}

/** Rounds of the cache-store section (each round runs the mixed set once per variant). */
const STORE_ROUNDS = 12;

/**
 * 6. The cache store: the same warm mixed queries on a gateway caching in memory, on one caching
 * in Redis, and on one whose Redis is down (a closed port: it falls back to its memory store),
 * with the configured Redis timeouts; then the in-memory store's size against its byte bound.
 */
async function benchStores(sims: Simulators, endpoints: Endpoints, gateways: GatewayServer[], operations: Operation[]): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisUp = await reachable(redisUrl);
  const variants: { label: string; env: NodeJS.ProcessEnv; gateway?: GatewayServer; first: number; samples: Sample[][] }[] = [
    { label: 'in memory', env: {}, first: 0, samples: [] },
    ...(redisUp ? [{ label: `Redis up (${new URL(redisUrl).host})`, env: { REDIS_URL: redisUrl }, first: 0, samples: [] }] : []),
    { label: 'Redis down (closed port 127.0.0.1:1)', env: { REDIS_URL: 'redis://127.0.0.1:1' }, first: 0, samples: [] },
  ];
  for (const variant of variants) {
    const config = loadConfig({ ...variant.env, RESPONSE_CACHE: 'off' });
    variant.gateway = await startGateway(config, endpoints, { port: 0 });
    gateways.push(variant.gateway);
    // The first set on a fresh gateway: cold, and where a dead Redis would make requests wait.
    const t0 = performance.now();
    for (const op of operations) await measured(sims, variant.gateway.url, op);
    variant.first = performance.now() - t0;
    variant.samples = operations.map(() => []);
  }
  for (let round = 0; round < STORE_ROUNDS; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      for (let k = 0; k < operations.length; k++) {
        const i = (k + round) % operations.length;
        variant.samples[i].push(await measured(sims, variant.gateway!.url, operations[i]));
      }
    }
  }
  const memory = variants[0];
  const all = (variant: (typeof variants)[number]) => variant.samples.flat().map((s) => s.ms);
  const sets = (variant: (typeof variants)[number]) =>
    variant.samples[0].map((_, round) => variant.samples.reduce((sum, op) => sum + op[round].ms, 0));
  const rows = variants.map((variant) => {
    const times = all(variant);
    const stats = variant.gateway!.cache.stats();
    return [
      variant.label,
      String(times.length),
      ms(median(times)),
      ms(percentile(times, 95)),
      ms(median(sets(variant))),
      ratio(median(times), median(all(memory))),
      ratio(percentile(times, 95), percentile(all(memory), 95)),
      String(variant.samples.flat().reduce((sum, s) => sum + s.calls, 0)),
      stats.store,
      ms(variant.first),
    ];
  });
  const timeouts = loadConfig({}).redisTimeouts;
  section(
    `6. Cache store: warm mixed queries in memory, on Redis, and with Redis down, ${STORE_ROUNDS} rounds interleaved (Redis timeouts: connect ${timeouts.connectMs} ms, command ${timeouts.commandMs} ms)`,
  );
  if (!redisUp) console.log(`Redis up: skipped, nothing answers at ${new URL(redisUrl).host} (set REDIS_URL, or start redis-server).`);
  console.log(
    table(
      ['variant', 'queries', 'p50 ms', 'p95 ms', 'set p50 ms', 'p50 vs memory', 'p95 vs memory', 'upstream calls', 'store', 'first set ms'],
      rows,
    ),
  );
  console.log('upstream calls = over all timed queries; with Redis down, local copies are fresh for 5 s at most (other instances may');
  console.log('invalidate in Redis meanwhile), so warm queries go upstream again now and then. first set = the mixed set once on a');
  console.log('fresh gateway, cold (upstream calls included; Redis may still hold some answers of an earlier run): with Redis down');
  console.log('it includes finding out, within the connect timeout.');
  const rowsMemory = variants.flatMap((variant) => {
    const stats = variant.gateway!.cache.stats().memory;
    return stats
      ? [[variant.label, String(stats.entries), mib(stats.bytes), mib(stats.maxBytes), `${((100 * stats.bytes) / stats.maxBytes).toFixed(2)}%`]]
      : [];
  });
  console.log('\nIn-memory store after these queries (with Redis up it only stands in while Redis fails, so it is empty):');
  console.log(table(['gateway', 'entries', 'MiB (estimated)', 'bound MiB (CACHE_MAX_BYTES)', 'of bound'], rowsMemory));
}

// Private:

/** Whether something accepts TCP connections at the Redis URL's host and port, within 1 s. */
async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** The mixed query set of the cache and memory sections. */
function mixedOperations(report: { integrationId: string; from: string; to: string }, iso: (daysBack: number) => string): Operation[] {
  return [
    {
      label: 'Everflow affiliates page',
      query: `{ affiliates(first: 50) { totalCount nodes { id nativeId name status balance accountManager { name } } } }`,
    },
    {
      label: 'iRev clicks page',
      query: `query($from: DateTime!, $to: DateTime!) { clicks(source: { irev: { from: $from, to: $to } }, first: 100) { totalCount nodes { id nativeId time ip country } } }`,
      variables: { from: iso(30), to: iso(0) },
    },
    {
      label: 'Integr8 publishers page',
      query: `{ publishers(first: 100) { totalCount nodes { id nativeId name country active } } }`,
    },
    {
      label: 'Integr8 click report + offer/publisher',
      query: `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 100) { totalCount nodes { nativeId status offer { name } publisher { name } } } }`,
      variables: { q: report },
    },
  ];
}

/** Runs one operation with empty request logs and counts the upstream calls it caused. */
async function measured(sims: Simulators, url: string, op: Operation): Promise<Sample> {
  for (const vendor of VENDOR_KEYS) sims[vendor].clearRequests();
  const t0 = performance.now();
  const body = await graphql(url, op);
  const elapsed = performance.now() - t0;
  noteErrors(op.label, body);
  // Every upstream call is logged on arrival, so all of them are in the logs by now.
  const calls = VENDOR_KEYS.reduce((sum, vendor) => sum + sims[vendor].requests().length, 0);
  return { ms: elapsed, calls, body };
}

async function graphql(url: string, op: Operation): Promise<GqlBody> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: op.query, variables: op.variables }),
  });
  return (await response.json()) as GqlBody;
}

function noteErrors(label: string, body: GqlBody): void {
  const first = body.errors?.[0];
  if (first && !errorsSeen.has(label)) errorsSeen.set(label, `${first.message} ${JSON.stringify(first.extensions ?? {})}`);
}

interface NaiveSample {
  ms: number;
  calls: number;
  names: RowNames[];
}

type RowNames = [offer: string | null, publisher: string | null, advertiser: string | null];

interface ReportRow {
  integration_id: string;
  offer_db_id: string;
  publisher_db_id: string;
  advertiser_db_id: string;
}

/**
 * The N+1 a client without batching writes: the report page, then one GET per row for its
 * offer, its publisher and its advertiser, straight against the Integr8 simulator.
 */
async function naiveN1(
  sims: Simulators,
  report: { integrationId: string; from: string; to: string },
  mode: 'parallel' | 'sequential',
): Promise<NaiveSample> {
  const base = sims.integr8.url;
  const get = async (path: string, search?: Record<string, string>): Promise<any> => {
    const url = new URL(path, base);
    for (const [key, value] of Object.entries(search ?? {})) url.searchParams.set(key, value);
    const response = await fetch(url, { headers: VENDORS.integr8.authHeaders(SIMULATOR_KEYS.integr8) });
    return response.ok ? ((await response.json()) as { data: unknown }).data : null;
  };
  const wallClock = (isoTime: string) => isoTime.slice(0, 19).replace('T', ' ');
  for (const vendor of VENDOR_KEYS) sims[vendor].clearRequests();
  const t0 = performance.now();
  const page = (await get('/api/v2/reports/v2/click-table', {
    integration_id: report.integrationId,
    start_time: wallClock(report.from),
    end_time: wallClock(report.to),
    timezone: 'UTC',
    'page[size]': '100',
  })) as { data: ReportRow[] } | null;
  const rowNames = async (row: ReportRow): Promise<RowNames> => {
    const name = (entity: { name?: string } | null) => entity?.name ?? null;
    const paths = [
      `/api/v2/integrations/${row.integration_id}/offers/${row.offer_db_id}`,
      `/api/v2/publishers/${row.publisher_db_id}`,
      `/api/v2/advertisers/${row.advertiser_db_id}`,
    ];
    if (mode === 'parallel') return (await Promise.all(paths.map((path) => get(path)))).map(name) as RowNames;
    const names: (string | null)[] = [];
    for (const path of paths) names.push(name(await get(path)));
    return names as RowNames;
  };
  const rows = page?.data ?? [];
  let names: RowNames[];
  if (mode === 'parallel') {
    names = await Promise.all(rows.map(rowNames));
  } else {
    names = [];
    for (const row of rows) names.push(await rowNames(row));
  }
  const elapsed = performance.now() - t0;
  return { ms: elapsed, calls: sims.integr8.requests().length, names };
}

function namesOf(
  nodes: { offer?: { name?: string } | null; publisher?: { name?: string } | null; advertiser?: { name?: string } | null }[],
): RowNames[] {
  return nodes.map((n) => [n.offer?.name ?? null, n.publisher?.name ?? null, n.advertiser?.name ?? null]);
}

function section(title: string): void {
  console.log(`\n${title}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
