/**
 * Bench section: the Everflow click stream read in aligned UTC days (src/vendors/everflow/clickStream.ts).
 * What a 90-day range's first page costs against reading every day of it (which `totalCount`
 * asks for, and which every query did before the stream was windowed); the memory ten distinct
 * 90-day ranges leave behind, and one range cached whole as before, each measured in a fresh
 * process (`node --expose-gc dist/bench/clickWindows.js windows|whole`), so that RSS is not the
 * high-water mark of whatever ran first; and what a cached click costs in each form it could be
 * kept in. Called from run.ts; asserts nothing.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Keyv from 'keyv';
import { GatewayCache } from '../src/cache/index.js';
import { loadConfig } from '../src/config.js';
import { startGateway, type Endpoints, type GatewayServer } from '../src/server.js';
import { packWindow, readStream, unpackWindow, type PackedWindow, type Window } from '../src/vendors/everflow/clickStream.js';
import { EVERFLOW_LIMITS, EVERFLOW_ROUTES } from '../src/vendors/everflow/client.js';
import { mapClick } from '../src/vendors/everflow/mappers.js';
import type { EverflowRawClick } from '../src/vendors/everflow/types.js';
import { VENDORS } from '../src/vendors/registry.js';
import { RESOURCES } from '../src/vendors/resources.js';
import { SIMULATOR_KEYS, simulatorEndpoints, startSimulators, type Simulators } from '../src/vendors/simulators.js';
import { median, mib, ms, ratio, table } from './stats.js';

const DAY = 86_400;
/** The range every query here reads, in days. */
const RANGE_DAYS = 90;
/** Distinct ranges of the memory part: each ends a day earlier than the one before. */
const DISTINCT_RANGES = 10;
/** Cold runs per variant of the cost part. */
const ROUNDS = 3;
/** Injected vendor latency per upstream call in the cost part. */
const LATENCY_MS = 30;
const NODES = 'nodes { id nativeId time ip country everflow { transactionId } }';
const FIRST_PAGE = `query($from: DateTime!, $to: DateTime!, $after: String) { clicks(source: { everflow: { from: $from, to: $to } }, first: 100, after: $after) { truncated pageInfo { hasNextPage endCursor } ${NODES} } }`;
const WITH_TOTAL = `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 100) { totalCount truncated pageInfo { hasNextPage endCursor } ${NODES} } }`;
/** The gateway's logs would mix with the figures; the response cache would answer the repeats measured here. */
const QUIET = { LOG_LEVEL: 'silent', RESPONSE_CACHE: 'off' } as const;

interface Run {
  ms: number;
  calls: number;
  /** Distinct UTC days the upstream calls covered. */
  days: number;
  body: {
    data?: { clicks?: { totalCount?: number; truncated?: boolean; nodes?: unknown[]; pageInfo?: { endCursor?: string } } };
    errors?: unknown[];
  };
}

type Memory = Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'external'>;

/** What the fresh process of the memory part measures. */
interface WindowsFigures {
  before: Memory;
  afterPages: Memory;
  afterTotal: Memory;
  pagesBytes: number;
  totalBytes: number;
  pageDays: number[];
  totalDays: number;
  cachedPageMs: number;
}

/** What the fresh process of the whole-range emulation measures. */
interface WholeFigures {
  before: Memory;
  after: Memory;
  rows: number;
  readMs: number;
  cachedPageMs: number;
}

/** The section, numbered `number`. `gateways` collects the gateways started here, for the caller to stop. */
export async function benchClickWindows(sims: Simulators, endpoints: Endpoints, gateways: GatewayServer[], number: number): Promise<void> {
  const range = ranges();
  const inRange = Math.floor(Date.parse(range(0).to) / 1000 / DAY) - Math.floor(Date.parse(range(0).from) / 1000 / DAY) + 1;

  // 1. Cost: a first page, the next page, and totalCount, on a cache emptied before each cold run.
  const coldStore = new Keyv({ namespace: 'affiliate-gateway' });
  const config = loadConfig(QUIET);
  const cold = await startGateway(config, endpoints, { port: 0, cache: new GatewayCache(coldStore, config.cacheTtlSeconds) });
  gateways.push(cold);
  const firsts: Run[] = [];
  const nexts: Run[] = [];
  const totals: Run[] = [];
  sims.everflow.injectFault({ delayMs: LATENCY_MS, times: 1_000_000 });
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const firstPages = async () => {
        await coldStore.clear();
        const first = await run(sims, cold.url, FIRST_PAGE, range(0));
        firsts.push(first);
        nexts.push(await run(sims, cold.url, FIRST_PAGE, { ...range(0), after: first.body.data?.clicks?.pageInfo?.endCursor }));
      };
      const total = async () => {
        await coldStore.clear();
        totals.push(await run(sims, cold.url, WITH_TOTAL, range(0)));
      };
      if (round % 2 === 0) await firstPages().then(total);
      else await total().then(firstPages);
    }
  } finally {
    sims.everflow.clearFaults();
  }
  const row = (label: string, runs: Run[]) => {
    const last = runs[runs.length - 1].body;
    return [
      label,
      `${median(runs.map((r) => r.days))} of ${inRange}`,
      String(median(runs.map((r) => r.calls))),
      ms(median(runs.map((r) => r.ms))),
      String(last.data?.clicks?.nodes?.length ?? 'error'),
      String(last.data?.clicks?.totalCount ?? '-'),
      String(last.data?.clicks?.truncated ?? 'error'),
    ];
  };
  section(
    `${number}. Everflow click stream in aligned UTC days: one ${RANGE_DAYS}-day range, first: 100, ${LATENCY_MS} ms vendor latency per call, cold cache, ${ROUNDS} rounds interleaved`,
  );
  console.log(
    table(
      ['query', 'days (windows) fetched', 'upstream calls', 'wall p50 ms', 'rows', 'totalCount', 'truncated'],
      [
        row('first page (totalCount not selected)', firsts),
        row('next page (after its endCursor, first day cached)', nexts),
        row('first page with totalCount (every day: what every page cost before)', totals),
      ],
    ),
  );
  const med = (runs: Run[], pick: (r: Run) => number) => median(runs.map(pick));
  console.log(
    `With totalCount vs without: ${ratio(
      med(totals, (r) => r.days),
      med(firsts, (r) => r.days),
    )} the days fetched, ${ratio(
      med(totals, (r) => r.calls),
      med(firsts, (r) => r.calls),
    )} the calls, ${ratio(
      med(totals, (r) => r.ms),
      med(firsts, (r) => r.ms),
    )} the wall time (the days are read 14 at most a call, sized to stay under the 5000-row cap once one day was seen).`,
  );

  // 2. Memory, each in a fresh process.
  const windows = await inFreshProcess<WindowsFigures>('windows');
  const whole = await inFreshProcess<WholeFigures>('whole');
  const perRange = (m: (f: Memory) => number) => (m(windows.afterPages) - m(windows.before)) / DISTINCT_RANGES;
  section(
    `${number}b. Memory (a fresh process: simulators and one gateway, after a forced GC): ${DISTINCT_RANGES} distinct ${RANGE_DAYS}-day ranges, first page each, then one of them with totalCount`,
  );
  console.log(
    table(
      ['', 'rss MiB', 'heapUsed MiB', 'external MiB', 'cache store MiB', 'days fetched'],
      [
        ['before', mib(windows.before.rss), mib(windows.before.heapUsed), mib(windows.before.external), '0.0', '-'],
        [
          `after ${DISTINCT_RANGES} first pages`,
          mib(windows.afterPages.rss),
          mib(windows.afterPages.heapUsed),
          mib(windows.afterPages.external),
          mib(windows.pagesBytes),
          String(windows.pageDays.reduce((sum, days) => sum + days, 0)),
        ],
        [
          'after one totalCount too',
          mib(windows.afterTotal.rss),
          mib(windows.afterTotal.heapUsed),
          mib(windows.afterTotal.external),
          mib(windows.totalBytes),
          String(windows.totalDays),
        ],
      ],
    ),
  );
  console.log(
    `RSS growth in all: ${mib(windows.afterTotal.rss - windows.before.rss, true)} MiB (target: under 150 MB). Per range, first page: ` +
      `${mib(
        perRange((m) => m.rss),
        true,
      )} MiB RSS, ${mib(
        perRange((m) => m.heapUsed),
        true,
      )} MiB heap; the range read whole for totalCount: ` +
      `${mib(windows.afterTotal.rss - windows.afterPages.rss, true)} MiB RSS, ${mib(windows.afterTotal.heapUsed - windows.afterPages.heapUsed, true)} MiB heap.\n` +
      `Days each first page read: ${windows.pageDays.join(', ')} (a range that reaches past the 3-month retention starts on days holding only converted ` +
      'clicks, so its first 100 rows take a few more). Cache store: the length of the strings keyv holds.',
  );
  section(
    `${number}c. The whole-range cache of before, emulated in a fresh process: one ${RANGE_DAYS}-day range (${whole.rows} rows) read whole and cached as its rows`,
  );
  console.log(
    table(
      ['', 'RSS MiB', 'heap MiB', 'a cached page ms'],
      [
        [
          'before: one range cached whole',
          mib(whole.after.rss - whole.before.rss, true),
          mib(whole.after.heapUsed - whole.before.heapUsed, true),
          ms(whole.cachedPageMs),
        ],
        [
          'now: a first page',
          mib(
            perRange((m) => m.rss),
            true,
          ),
          mib(
            perRange((m) => m.heapUsed),
            true,
          ),
          ms(windows.cachedPageMs),
        ],
        [
          'now: the range read whole (totalCount)',
          mib(windows.afterTotal.rss - windows.afterPages.rss, true),
          mib(windows.afterTotal.heapUsed - windows.afterPages.heapUsed, true),
          '-',
        ],
      ],
    ),
  );
  const oldHeap = whole.after.heapUsed - whole.before.heapUsed;
  console.log(
    `One range cached whole, before: ${mib(whole.after.rss - whole.before.rss, true)} MiB RSS; now all ${DISTINCT_RANGES} ranges' first pages and one range ` +
      `counted whole: ${mib(windows.afterTotal.rss - windows.before.rss, true)} MiB (${ratio(whole.after.rss - whole.before.rss, windows.afterTotal.rss - windows.before.rss)} less). ` +
      `Heap, before vs now: ${ratio(
        oldHeap,
        perRange((m) => m.heapUsed),
      )} a first page's, ` +
      `${ratio(oldHeap, windows.afterTotal.heapUsed - windows.afterPages.heapUsed)} the range counted whole. ` +
      `Reading and caching the range whole took ${ms(whole.readMs)} ms (no latency), and every page of it parsed the whole range again.`,
  );

  // 3. What a cached click costs in each form, on the rows of the range's first 10 days.
  const from = Date.parse(range(0).from) / 1000;
  const rows = await readRaw(sims.everflow.url, from, from + 10 * DAY);
  const days = byDay(rows);
  const packStart = performance.now();
  const packed: PackedWindow[] = [];
  for (const day of days) packed.push(await packWindow({ times: day.times, rows: () => Promise.resolve(day.texts), truncated: [] }));
  const packMs = (performance.now() - packStart) / days.length;
  const unpackStart = performance.now();
  for (const p of packed) await unpackWindow(p)!.rows();
  const unpackMs = (performance.now() - unpackStart) / days.length;
  const keyv = new Keyv();
  const serialize = async (value: unknown) => (await keyv.serialize!({ value: { value, storedAt: 0 }, expires: 0 })) as string;
  const serializedLength = async (values: unknown[]) => (await Promise.all(values.map(serialize))).reduce((sum, text) => sum + text.length, 0);
  const perRow = (bytes: number) => (bytes / rows.length).toFixed(0);
  const mapperFields = (r: EverflowRawClick) => {
    const { raw: _, offerRef, ...fields } = mapClick(r);
    return JSON.stringify({ ...fields, offer: offerRef && 'model' in offerRef ? { ...offerRef.model, raw: undefined } : null });
  };
  section(`${number}d. One cached click in each form it could be kept in, bytes per click (${rows.length} clicks of ${days.length} UTC days)`);
  console.log(
    table(
      ['form', 'as a value', 'serialized (keyv)', 'serialized, as held'],
      [
        [
          'the vendor row, parsed (the whole-range cache kept these)',
          perRow(await heapBytes(() => rows.map((r) => JSON.parse(JSON.stringify(r)) as unknown))),
          perRow(await serializedLength([rows])),
          perRow(await heapBytes(() => serialize(rows))),
        ],
        [
          "the row's JSON text (a day's texts in one entry)",
          perRow(await heapBytes(() => rows.map((r) => JSON.stringify(r)))),
          perRow(await serializedLength(days.map((day) => ({ times: day.times, rows: day.texts, truncated: [] })))),
          perRow(await heapBytes(() => Promise.all(days.map((day) => serialize({ times: day.times, rows: day.texts, truncated: [] }))))),
        ],
        [
          "a day's times as text, JSON texts Brotli q4 (what the windows keep)",
          `${perRow(packed.reduce((sum, p) => sum + p.rows.length + p.times.length, 0))}`,
          perRow(await serializedLength(packed)),
          perRow(await heapBytes(() => Promise.all(packed.map(serialize)))),
        ],
        [
          "the mapper's fields alone, as JSON (raw cannot be rebuilt from them)",
          '-',
          perRow(rows.reduce((sum, r) => sum + mapperFields(r).length, 0)),
          '-',
        ],
      ],
    ),
  );
  console.log(
    "'serialized, as held': keyv's string in the heap, a rope of every piece its serializer concatenated until it is first read.\n" +
      `Packing a day takes ${ms(packMs)} ms, unpacking its rows ${ms(unpackMs)} ms (Brotli runs in the libuv thread pool); counting a cached day unpacks no row, and a page parses only its own rows' JSON.`,
  );
}

// Private:

/** 90-day ranges ending `endDaysBack` days before a fixed now. */
function ranges(): (endDaysBack: number) => { from: string; to: string } {
  const nowMs = Math.floor(Date.now() / 1000) * 1000;
  return (endDaysBack) => ({
    from: new Date(nowMs - (endDaysBack + RANGE_DAYS) * DAY * 1000).toISOString(),
    to: new Date(nowMs - endDaysBack * DAY * 1000).toISOString(),
  });
}

/** One GraphQL request with the Everflow log emptied first: its time, the upstream calls and the days they covered. */
async function run(sims: Simulators, url: string, query: string, variables: Record<string, unknown>): Promise<Run> {
  sims.everflow.clearRequests();
  const t0 = performance.now();
  const body = (await post(url, query, variables)) as Run['body'];
  const elapsed = performance.now() - t0;
  const requests = sims.everflow.requests();
  return { ms: elapsed, calls: requests.length, days: daysCovered(requests.map((r) => r.body as { from: string; to: string })), body };
}

/** Runs one memory part of this file in a fresh Node process and returns the figures it prints (its last line). */
async function inFreshProcess<T>(part: 'windows' | 'whole'): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), part], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

/** The memory part in a fresh process: ten distinct ranges' first pages, then one with totalCount. */
async function measureWindows(sims: Simulators): Promise<WindowsFigures> {
  const range = ranges();
  const endpoints = simulatorEndpoints(sims);
  // Warm the JIT on a gateway of its own (its cache goes with it).
  const warm = await startGateway(loadConfig(QUIET), endpoints, { port: 0 });
  await post(warm.url, FIRST_PAGE, range(30));
  await post(warm.url, WITH_TOTAL, { from: range(30).from, to: range(75).to });
  await warm.stop();
  // A plain Map as the store, so that its bytes can be summed; entries kept 15 minutes.
  const store = new Map<string, unknown>();
  const config = loadConfig({ ...QUIET, CACHE_TTL_CLICK_STREAM_SECONDS: '900' });
  const gateway = await startGateway(config, endpoints, {
    port: 0,
    cache: new GatewayCache(new Keyv({ store, namespace: 'affiliate-gateway' }), config.cacheTtlSeconds),
  });
  try {
    const before = await memory();
    const pageDays: number[] = [];
    for (let k = 0; k < DISTINCT_RANGES; k++) pageDays.push((await run(sims, gateway.url, FIRST_PAGE, range(k))).days);
    const afterPages = await memory();
    const pagesBytes = storeBytes(store);
    const total = await run(sims, gateway.url, WITH_TOTAL, range(0));
    const afterTotal = await memory();
    const cached = await run(sims, gateway.url, FIRST_PAGE, range(0));
    return { before, afterPages, afterTotal, pagesBytes, totalBytes: storeBytes(store), pageDays, totalDays: total.days, cachedPageMs: cached.ms };
  } finally {
    await gateway.stop();
  }
}

/** The whole-range cache of before, in a fresh process: one range read whole, cached as its parsed rows (as reads.ts did), and a page served from it. */
async function measureWhole(sims: Simulators): Promise<WholeFigures> {
  const range = ranges()(0);
  const [from, to] = [Date.parse(range.from) / 1000, Date.parse(range.to) / 1000];
  await readRaw(sims.everflow.url, from, from + 14 * DAY); // warms the JIT
  const cache = new GatewayCache(new Keyv({ store: new Map(), namespace: 'affiliate-gateway' }), loadConfig(QUIET).cacheTtlSeconds);
  const entry = {
    scope: { vendor: 'EVERFLOW' as const, credentialHash: 'bench' },
    resource: RESOURCES.clicks,
    operation: 'clickStream',
    params: range,
  };
  const before = await memory();
  const t0 = performance.now();
  // Only the cache holds the range once this returns.
  const count = await (async () => {
    const stream = await cache.wrap('clickStream', entry, async () => ({
      rows: await readRaw(sims.everflow.url, from, to),
      truncated: [] as Window[],
    }));
    return stream.rows.length;
  })();
  const readMs = performance.now() - t0;
  const after = await memory();
  const t1 = performance.now();
  const hit = await cache.wrap<{ rows: EverflowRawClick[] }>('clickStream', entry, () => Promise.reject(new Error('not cached')));
  hit.rows.slice(0, 100).map(mapClick);
  return { before, after, rows: count, readMs, cachedPageMs: performance.now() - t1 };
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return response.json();
}

/** Every row of [from, to] straight from the Everflow simulator, read as the gateway read a range before (14 days a call, capped calls split). */
async function readRaw(everflowUrl: string, from: number, to: number): Promise<EverflowRawClick[]> {
  const wall = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const fetchWindow = async (window: Window) => {
    const response = await fetch(everflowUrl + EVERFLOW_ROUTES.clickStream, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...VENDORS.everflow.authHeaders(SIMULATOR_KEYS.everflow) },
      body: JSON.stringify({ from: wall(window.from), to: wall(window.to), timezone_id: EVERFLOW_LIMITS.utcTimezoneId }),
    });
    return ((await response.json()) as { clicks: EverflowRawClick[] }).clicks;
  };
  const { rows } = await readStream({ from, to }, fetchWindow, {
    maxWindowSeconds: EVERFLOW_LIMITS.clickStreamMaxWindowSeconds,
    maxRows: EVERFLOW_LIMITS.clickStreamMaxRows,
    requestBudget: 1000,
    concurrency: 4,
  });
  return rows;
}

/** Distinct UTC days that calls' windows ("YYYY-MM-DD HH:MM:SS" UTC; a `to` at midnight ends the day before) cover. */
function daysCovered(bodies: { from: string; to: string }[]): number {
  const days = new Set<number>();
  for (const body of bodies) {
    const from = Math.floor(Date.parse(`${body.from.replace(' ', 'T')}Z`) / 1000 / DAY);
    const to = Math.ceil(Date.parse(`${body.to.replace(' ', 'T')}Z`) / 1000 / DAY);
    for (let day = from; day < Math.max(to, from + 1); day++) days.add(day);
  }
  return days.size;
}

/** Rows grouped by UTC day, each day as the window the gateway caches. */
function byDay(rows: EverflowRawClick[]): { times: number[]; texts: string[] }[] {
  const days = new Map<number, EverflowRawClick[]>();
  for (const row of rows) {
    const day = Math.floor(row.unix_timestamp / DAY);
    if (!days.has(day)) days.set(day, []);
    days.get(day)!.push(row);
  }
  return [...days.values()].map((day) => ({ times: day.map((r) => r.unix_timestamp), texts: day.map((r) => JSON.stringify(r)) }));
}

/** Characters of the strings a Map store holds (V8 keeps these one byte a character). */
function storeBytes(store: Map<string, unknown>): number {
  let bytes = 0;
  for (const [key, value] of store) bytes += key.length + (typeof value === 'string' ? value.length : 0);
  return bytes;
}

/** Heap bytes that what `build` returns keeps alive, after a forced GC either side. */
async function heapBytes(build: () => unknown): Promise<number> {
  await settle();
  const before = process.memoryUsage().heapUsed;
  const kept = await build();
  await settle();
  const after = process.memoryUsage().heapUsed;
  sink.push(kept);
  sink.length = 0;
  return after - before;
}

/** Keeps a measured value reachable until its heap figure is taken. */
const sink: unknown[] = [];

/** The process's memory after a forced GC. */
async function memory(): Promise<Memory> {
  await settle();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

function section(title: string): void {
  console.log(`\n${title}`);
}

/** The fresh process of a memory part: simulators of its own, the simulated clicks built up front, the figures as its last line. */
async function freshProcess(part: string): Promise<void> {
  const sims = await startSimulators();
  try {
    // The simulator builds a click's details on first read and keeps them: build them all now, so that the figures are the gateway's.
    for (const click of sims.everflow.dataset(SIMULATOR_KEYS.everflow).clicks) void click.raw;
    const figures = part === 'windows' ? await measureWindows(sims) : await measureWhole(sims);
    console.log(JSON.stringify(figures));
  } finally {
    await sims.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  freshProcess(process.argv[2]).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
