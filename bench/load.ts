/**
 * The bounded load run: the vendor simulators and one gateway in this process, on 127.0.0.1
 * only, `--concurrency` virtual clients of two tenants sending mixed queries for `--seconds`
 * while the simulators cycle through faults (429 with Retry-After, 503, delays past the
 * timeout, malformed bodies, dropped connections, quiet spells). It then prints requests
 * served, status and error-code mix, latency, memory before and after, and the tenant check:
 * every record of every answer is looked up in the simulators' datasets, and a record of
 * another tenant is a mix-up. Exits 1 when a tenant saw another's data or the gateway stopped
 * answering, else 0.
 *
 * With `--instances N` (N >= 2) the gateway runs as N processes of the build (dist/src/index.js),
 * all on one Redis (REDIS_URL, default redis://127.0.0.1:6379) in front of the same simulators,
 * and the clients' requests go to the instances in turn (round robin, so one client's
 * consecutive requests land on different instances and read what the others cached). The report
 * then adds per-instance figures (requests, outcomes, latency, RSS, where each caches) to the
 * combined ones. The tenants' keys carry a run id there: Redis outlives a run.
 *
 * Run with `npm run build && node --expose-gc dist/bench/load.js [--seconds 30] [--concurrency 32] [--instances 1]`
 * (--expose-gc so the memory figures are taken after a forced GC).
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { loadConfig } from '../src/config.js';
import { toGlobalId } from '../src/ids.js';
import { configureLog } from '../src/log.js';
import { startGateway, type GatewayServer } from '../src/server.js';
import { perVendor, vendorKeys, VENDORS, type VendorKey } from '../src/vendors/registry.js';
import { SIMULATOR_KEYS, simulatorEndpoints, startSimulators, type Simulators } from '../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS } from '../src/simulators/integr8/index.js';
import { Random } from '../src/simulators/random.js';
import type { Fault } from '../src/simulators/server.js';
import { startGatewayChild } from './processes.js';
import { median, mib, ms, percentile, table } from './stats.js';

type Vendor = VendorKey;
const VENDOR_KEYS: readonly Vendor[] = vendorKeys();

/** Run length, clients and gateway processes when not given on the command line (1: the gateway in this process). */
const DEFAULTS = { seconds: 30, concurrency: 32, instances: 1 } as const;
/** Each fault phase lasts this long; faults are cleared at every change. */
const PHASE_MS = 3000;
/** Matching upstream requests each vendor's fault affects per phase (a burst, not the whole phase). */
const FAULT_TIMES = 40;
/** A client gives up on a gateway answer after this long (the gateway's own budget is 3 s). */
const CLIENT_TIMEOUT_MS = 10_000;
/** Ids per kind each tenant's node lookups draw from: a fixed pool, so the warm-up covers every cache key. */
const NODE_POOL = 40;

/** The gateway under load: short cache TTLs so caching does not hide the load, a 1 s vendor timeout, a 3 s budget. */
const GATEWAY_ENV = {
  HOST: '127.0.0.1',
  CACHE_TTL_ENTITY_SECONDS: '2',
  CACHE_TTL_LIST_SECONDS: '2',
  CACHE_TTL_REPORT_SECONDS: '2',
  CACHE_TTL_CLICK_STREAM_SECONDS: '2',
  CACHE_TTL_CURSOR_SECONDS: '2',
  UPSTREAM_TIMEOUT_MS: '1000',
  REQUEST_BUDGET_MS: '3000',
  RETRY_LIMIT: '3',
  RETRY_BASE_DELAY_MS: '100',
  VENDOR_MAX_CONCURRENCY: '16',
  CIRCUIT_FAILURE_THRESHOLD: '5',
  CIRCUIT_COOLDOWN_MS: '2000',
  INTROSPECTION: 'false',
  SANDBOX: 'false',
} as const;

/** One step of the fault cycle, injected into all three simulators. */
interface Phase {
  label: string;
  fault?: Omit<Fault, 'times'>;
}

/** The fault cycle; at 3 s a phase, a 30 s run goes through it once. */
const PHASES: readonly Phase[] = [
  { label: '429, Retry-After: 1', fault: { status: 429, headers: { 'retry-after': '1' } } },
  { label: 'quiet' },
  { label: '503', fault: { status: 503 } },
  { label: 'quiet' },
  { label: 'delay 1500 ms (timeout 1000)', fault: { delayMs: 1500 } },
  { label: 'quiet' },
  { label: 'malformed body', fault: { malformed: true } },
  { label: 'quiet' },
  { label: 'dropped connection', fault: { drop: true } },
  { label: 'quiet' },
];

/** A client tenant: its own key at every vendor, sent in the gateway's credential headers. */
interface Tenant {
  name: string;
  keys: Record<Vendor, string>;
}

/** The two client tenants; `run` (several instances) makes their keys, hence their cache entries in Redis, this run's own. */
function tenants(run = ''): Tenant[] {
  const keys = (tenant: string) => perVendor((vendor) => `load-tenant-${tenant}-${vendor}${run}`);
  return [
    { name: 'A', keys: keys('a') },
    { name: 'B', keys: keys('b') },
  ];
}

/** Kinds of record the tenant check recognises. */
type RecordKind = 'everflowAffiliate' | 'irevClick' | 'integr8Click' | 'integr8Offer' | 'integr8Publisher';
const RECORD_KINDS: readonly RecordKind[] = ['everflowAffiliate', 'irevClick', 'integr8Click', 'integr8Offer', 'integr8Publisher'];

/**
 * What one tenant's simulator data looks like through the gateway: per kind, native id to a
 * fingerprint (name, hash, ...). Ids repeat across tenants (Everflow affiliate 4 exists
 * in each), so a record is the tenant's own only when id and fingerprint both match.
 */
interface TenantIndex {
  name: string;
  records: Record<RecordKind, Map<string, string>>;
  /** Global IDs for node lookups, NODE_POOL of each kind, in the order of NODE_QUERY. */
  nodeIds: string[][];
}

/** A record found in an answer: its kind, native id and fingerprint. */
type FoundRecord = [kind: RecordKind, id: string, fingerprint: string];

/** One query of the mix: `variants` numbered inputs (pages, id sets), and how to find its records. */
interface Operation {
  label: string;
  variants: number;
  request(index: TenantIndex, variant: number): { query: string; variables?: Record<string, unknown> };
  records(data: any): FoundRecord[];
}

interface GqlBody {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { warnings?: { code?: string }[] };
}

/** Latency samples and counts of one slice of the run (a phase, an operation, everything). */
class Tally {
  readonly times: number[] = [];
  sent = 0;
  complete = 0;
  partial = 0;
  failed = 0;
  unanswered = 0;
  stale = 0;
  upstreamCalls = 0;
}

/** Everything the clients record. */
interface LoadStats {
  all: Tally;
  byPhase: Tally[];
  /** One per gateway instance, in the order of `GatewayTarget`s. */
  byInstance: Tally[];
  byOperation: Map<string, Tally>;
  statuses: Map<string, number>;
  /** extensions.code: errors, and responses carrying at least one. */
  codes: Map<string, { errors: number; responses: number }>;
  tenant: { responses: number; records: number; own: number; foreign: number; unrecognised: number; mixedResponses: number; examples: string[] };
}

/** A gateway the clients send to: in this process, or a child process of the build. */
interface GatewayTarget {
  url: string;
  /** The child's pid (several instances), for its memory figures. */
  pid?: number;
  /** Its resident set size now (bytes), when it is a child process on Linux. */
  rss(): number | undefined;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const TENANTS = tenants(options.instances > 1 ? `-${randomBytes(3).toString('hex')}` : '');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const watchdog = setTimeout(
    () => {
      console.error(`load: still running ${options.seconds + 120} s after start; giving up.`);
      process.exit(1);
    },
    (options.seconds + 120) * 1000,
  );
  watchdog.unref();
  const logLines = new Map<string, number>();
  configureLog({ ...(process.env.LOG_LEVEL ? {} : { level: 'warn' as const }), sink: (line) => countLogLine(logLines, line) });

  console.log(`affiliate-gateway load run: Node ${process.version}, ${new Date().toISOString()}`);
  console.log(
    options.instances === 1
      ? `${options.seconds} s, ${options.concurrency} clients alternating tenants A and B; the gateway and the simulators run in this process on 127.0.0.1.`
      : `${options.seconds} s, ${options.concurrency} clients alternating tenants A and B, requests round-robin over ${options.instances} gateway processes ` +
          `sharing Redis at ${redisLabel(redisUrl)}; the simulators run in this process on 127.0.0.1.`,
  );
  console.log(
    `Gateway: ${Object.entries(GATEWAY_ENV)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}`,
  );
  console.log(
    `Faults: ${PHASE_MS / 1000} s phases on all three vendors, ${FAULT_TIMES} matching upstream calls per vendor each, cleared at every change: ` +
      PHASES.map((p) => p.label).join(' / '),
  );

  const extraKeys = { everflow: [] as string[], irev: [] as string[], integr8: [] as string[] };
  for (const tenant of TENANTS) for (const vendor of VENDOR_KEYS) extraKeys[vendor].push(tenant.keys[vendor]);
  if (options.instances > 1 && !(await redisAnswers(redisUrl))) {
    console.error(`load: --instances ${options.instances} needs Redis, and nothing answers at ${redisLabel(redisUrl)} (set REDIS_URL).`);
    process.exit(1);
  }
  const sims = await startSimulators({ extraKeys });
  let gateways: GatewayTarget[] = [];
  let healthy: boolean;
  let mixed: number;
  try {
    gateways =
      options.instances === 1
        ? [await inProcessGateway(sims)]
        : await Promise.all(Array.from({ length: options.instances }, () => gatewayProcess(sims, redisUrl, logLines)));
    const urls = gateways.map((gateway) => gateway.url);
    /** The next instance a request goes to: one counter for every client, so requests take turns. */
    let turn = 0;
    const target = () => {
      const instance = turn++ % urls.length;
      return { url: urls[instance], instance };
    };
    // The gateway's own configured credentials are a third tenant: its data must not reach A or B either.
    const indexes = TENANTS.map((tenant) => tenantIndex(sims, tenant.name, tenant.keys));
    const defaultIndex = tenantIndex(sims, 'gateway default', SIMULATOR_KEYS);
    const operations = mixedOperations();

    // Warm-up: every variant of every query once per tenant, so caches, pools and the JIT hold steady.
    const warmStats = newStats(urls.length);
    const warmJobs = TENANTS.flatMap((_, t) => operations.flatMap((op) => Array.from({ length: op.variants }, (_, v) => ({ t, op, v }))));
    await pool(options.concurrency, warmJobs, async ({ t, op, v }) => {
      await send(target(), TENANTS[t], indexes, t, defaultIndex, op, v, warmStats, 0);
    });
    for (const vendor of VENDOR_KEYS) sims[vendor].clearRequests();
    await settle();
    const before = process.memoryUsage();
    const rssBefore = gateways.map((gateway) => gateway.rss());

    const stats = newStats(urls.length);
    const start = performance.now();
    const end = start + options.seconds * 1000;
    const peaks = samplePeakRss(gateways, start, options.seconds * 1000);
    const schedule = runSchedule(sims, start, end, stats);
    const clients = Array.from({ length: options.concurrency }, async (_, c) => {
      const t = c % TENANTS.length;
      const random = new Random(`load-client-${c}`);
      while (performance.now() < end) {
        const op = random.pick(operations);
        const phase = Math.floor((performance.now() - start) / PHASE_MS) % PHASES.length;
        await send(target(), TENANTS[t], indexes, t, defaultIndex, op, random.int(0, op.variants - 1), stats, phase);
      }
    });
    await Promise.all([schedule, ...clients]);
    const elapsed = (performance.now() - start) / 1000;
    const afterRun = process.memoryUsage();
    const rssAfter = gateways.map((gateway) => gateway.rss());
    await settle();
    const afterGc = process.memoryUsage();

    const answering = await Promise.all(urls.map(healthCheck));
    healthy = answering.every(Boolean);
    mixed = stats.tenant.mixedResponses;
    report(stats, warmStats, operations, elapsed, { before, afterRun, afterGc }, logLines, healthy, urls.length > 1);
    reportPeaks(await peaks, (urls.length > 1 ? sum(rssBefore) : before.rss) ?? Number.NaN, urls.length > 1);
    if (urls.length > 1) {
      const stores = await Promise.all(urls.map(cacheStore));
      reportInstances(stats, elapsed, { before: rssBefore, after: rssAfter }, answering, stores);
    }
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await sims.stop();
  }
  const passed = healthy && mixed === 0;
  console.log(
    `\nResult: ${passed ? 'PASS' : 'FAIL'} (gateway ${healthy ? 'answering' : 'NOT answering'}, ${mixed} responses with another tenant's data)`,
  );
  process.exitCode = passed ? 0 : 1;
}

// Sections

/** Injects each phase's faults into all three simulators, clears them at every change, and counts upstream calls per phase. */
async function runSchedule(sims: Simulators, start: number, end: number, stats: LoadStats): Promise<void> {
  let slot = -1;
  const close = () => {
    if (slot < 0) return;
    for (const vendor of VENDOR_KEYS) {
      stats.byPhase[slot % PHASES.length].upstreamCalls += sims[vendor].requests().length;
      // Cleared every phase, so the simulators' request logs do not grow into the memory figures.
      sims[vendor].clearRequests();
      sims[vendor].clearFaults();
    }
  };
  for (const vendor of VENDOR_KEYS) sims[vendor].clearRequests();
  for (let now = performance.now(); now < end; now = performance.now()) {
    const current = Math.floor((now - start) / PHASE_MS);
    if (current !== slot) {
      close();
      slot = current;
      const fault = PHASES[slot % PHASES.length].fault;
      if (fault) for (const vendor of VENDOR_KEYS) sims[vendor].injectFault({ ...fault, times: FAULT_TIMES });
    }
    const nextChange = start + (slot + 1) * PHASE_MS;
    await sleep(Math.max(1, Math.min(end, nextChange) - now));
  }
  close();
}

/** Sends one query as `tenant` to one instance, checks every record in the answer, and records the outcome. */
async function send(
  { url, instance }: { url: string; instance: number },
  tenant: Tenant,
  indexes: TenantIndex[],
  self: number,
  defaultIndex: TenantIndex,
  op: Operation,
  variant: number,
  stats: LoadStats,
  phase: number,
): Promise<void> {
  const { query, variables } = op.request(indexes[self], variant);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const vendor of VENDOR_KEYS) headers[VENDORS[vendor].tenantHeader] = tenant.keys[vendor];
  const tallies = [stats.all, stats.byPhase[phase], tallyOf(stats, op.label), stats.byInstance[instance]];
  for (const tally of tallies) tally.sent++;
  const t0 = performance.now();
  let status: string;
  let body: GqlBody | undefined;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    status = String(response.status);
    const text = await response.text();
    try {
      body = JSON.parse(text) as GqlBody;
    } catch {
      status += ' (body not JSON)';
    }
  } catch (error) {
    status = (error as Error).name === 'TimeoutError' ? `no answer in ${CLIENT_TIMEOUT_MS / 1000} s` : 'connection failed';
  }
  const elapsed = performance.now() - t0;
  increment(stats.statuses, status);
  const hasData = body?.data != null && Object.values(body.data).some((value) => value != null);
  const errors = body?.errors ?? [];
  const stale = (body?.extensions?.warnings ?? []).some((w) => w.code === 'STALE_DATA');
  for (const tally of tallies) {
    if (!body) tally.unanswered++;
    else if (hasData && errors.length === 0) tally.complete++;
    else if (hasData) tally.partial++;
    else tally.failed++;
    if (stale) tally.stale++;
    if (body) tally.times.push(elapsed);
  }
  const codesHere = new Set<string>();
  for (const error of errors) {
    const code = error.extensions?.code ?? '(no code)';
    const entry = stats.codes.get(code) ?? { errors: 0, responses: 0 };
    entry.errors++;
    if (!codesHere.has(code)) entry.responses++;
    codesHere.add(code);
    stats.codes.set(code, entry);
  }
  if (hasData) checkTenant(stats, op, body?.data, indexes, self, defaultIndex);
}

/** Counts the answer's records that are the tenant's own, another tenant's, or neither. */
function checkTenant(stats: LoadStats, op: Operation, data: any, indexes: TenantIndex[], self: number, defaultIndex: TenantIndex): void {
  const own = indexes[self];
  const others = [...indexes.filter((_, i) => i !== self), defaultIndex];
  const check = stats.tenant;
  check.responses++;
  let foreignHere = false;
  for (const [kind, id, fingerprint] of op.records(data)) {
    check.records++;
    if (own.records[kind].get(id) === fingerprint) {
      check.own++;
      continue;
    }
    const owner = others.find((other) => other.records[kind].get(id) === fingerprint);
    if (owner) {
      check.foreign++;
      foreignHere = true;
      if (check.examples.length < 5) check.examples.push(`${op.label}: tenant ${own.name} got ${owner.name}'s ${kind} ${id}`);
    } else {
      check.unrecognised++;
      if (check.examples.length < 5) check.examples.push(`${op.label}: tenant ${own.name} got an unrecognised ${kind} ${id} (${fingerprint})`);
    }
  }
  if (foreignHere) check.mixedResponses++;
}

/** Whether the gateway still answers a query that needs no vendor, within 5 s. */
async function healthCheck(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as GqlBody;
    return response.status === 200 && body.data?.__typename === 'Query';
  } catch {
    return false;
  }
}

/** Prints every figure of the run. */
function report(
  stats: LoadStats,
  warm: LoadStats,
  operations: Operation[],
  elapsed: number,
  memory: { before: NodeJS.MemoryUsage; afterRun: NodeJS.MemoryUsage; afterGc: NodeJS.MemoryUsage },
  logLines: Map<string, number>,
  healthy: boolean,
  children = false,
): void {
  const all = stats.all;
  const answered = all.sent - all.unanswered;
  section(`Requests (after a warm-up of ${warm.all.sent} requests, ${warm.all.complete} complete)`);
  console.log(
    table(
      ['', 'count', 'share'],
      [
        ['sent', String(all.sent), ''],
        ['answered (HTTP response with a GraphQL body)', String(answered), share(answered, all.sent)],
        ['  served in full (data, no errors)', String(all.complete), share(all.complete, all.sent)],
        ['  served in part (data and errors)', String(all.partial), share(all.partial, all.sent)],
        ['  errors only (no data)', String(all.failed), share(all.failed, all.sent)],
        ['  carrying a STALE_DATA warning', String(all.stale), share(all.stale, all.sent)],
        ['no answer (connection failed or client timeout)', String(all.unanswered), share(all.unanswered, all.sent)],
      ],
    ),
  );
  console.log(
    `Throughput: ${(all.sent / elapsed).toFixed(1)} requests/s sent, ${((all.complete + all.partial) / elapsed).toFixed(1)}/s served, over ${elapsed.toFixed(1)} s.`,
  );

  section('HTTP status');
  console.log(
    table(
      ['status', 'responses'],
      sortedEntries(stats.statuses).map(([status, count]) => [status, String(count)]),
    ),
  );

  section('Error codes (extensions.code)');
  const codes = [...stats.codes].sort((a, b) => b[1].errors - a[1].errors);
  console.log(
    codes.length === 0
      ? 'none'
      : table(
          ['code', 'errors', 'responses with it'],
          codes.map(([code, c]) => [code, String(c.errors), String(c.responses)]),
        ),
  );

  section('Latency of answered requests (ms, nearest rank)');
  const latencyRow = (label: string, tally: Tally) => [
    label,
    String(tally.sent),
    String(tally.complete),
    String(tally.partial),
    String(tally.failed + tally.unanswered),
    String(tally.stale),
    ms(median(tally.times)),
    ms(percentile(tally.times, 95)),
    ms(percentile(tally.times, 99)),
    ms(tally.times.length ? Math.max(...tally.times) : Number.NaN),
  ];
  const header = ['', 'sent', 'full', 'part', 'failed', 'stale', 'p50', 'p95', 'p99', 'max'];
  console.log(table(header, [...operations.map((op) => latencyRow(op.label, tallyOf(stats, op.label))), latencyRow('all', all)]));

  section(`By fault phase (requests counted in the phase they started; upstream calls from the simulators' logs)`);
  console.log(
    table(
      ['#', 'phase', 'sent', 'full', 'part', 'failed', 'stale', 'p50', 'p99', 'upstream calls'],
      PHASES.map((phase, i) => {
        const tally = stats.byPhase[i];
        return [
          String(i + 1),
          phase.label,
          String(tally.sent),
          String(tally.complete),
          String(tally.partial),
          String(tally.failed + tally.unanswered),
          String(tally.stale),
          ms(median(tally.times)),
          ms(percentile(tally.times, 99)),
          String(tally.upstreamCalls),
        ];
      }),
    ),
  );

  section(
    children
      ? 'Memory of this process (simulators and this harness; the gateways are child processes: see By instance)'
      : 'Memory of the whole process (gateway, simulators and this harness)',
  );
  const { before, afterRun, afterGc } = memory;
  const gcNote = (globalThis as { gc?: () => void }).gc ? 'after forced GC' : 'no GC exposed';
  console.log(
    table(
      ['', `before (after warm-up, ${gcNote})`, 'after the run', `after the run, ${gcNote}`, 'change (settled)'],
      (['rss', 'heapUsed'] as const).map((field) => [
        field,
        mib(before[field]),
        mib(afterRun[field]),
        mib(afterGc[field]),
        mib(afterGc[field] - before[field], true),
      ]),
    ),
  );
  if (!(globalThis as { gc?: () => void }).gc) console.log('Note: run with node --expose-gc for settled figures.');

  section("Tenant isolation (every record of every answer looked up in the simulators' datasets)");
  const t = stats.tenant;
  console.log(
    table(
      ['', 'count'],
      [
        ['answers with data checked', String(t.responses)],
        ['records checked', String(t.records)],
        ["  the tenant's own", String(t.own)],
        ["  another tenant's (A, B or the gateway's default key)", String(t.foreign)],
        ["  in no tenant's data", String(t.unrecognised)],
        ['responses that mix tenants (expected 0)', String(t.mixedResponses)],
      ],
    ),
  );
  for (const example of t.examples) console.log(`  e.g. ${example}`);

  section('Gateway log lines at warn and above (by level and message)');
  const lines = sortedEntries(logLines);
  console.log(
    lines.length === 0
      ? 'none'
      : table(
          ['line', 'count'],
          lines.slice(0, 10).map(([line, count]) => [line, String(count)]),
        ),
  );

  section('After the run');
  console.log(`${children ? 'Every gateway instance answers' : 'Gateway answers'} { __typename }: ${healthy ? 'yes' : 'NO'}`);
}

/** Prints the per-instance figures of a run on several gateway processes, and the combined row. */
function reportInstances(
  stats: LoadStats,
  elapsed: number,
  rss: { before: (number | undefined)[]; after: (number | undefined)[] },
  answering: boolean[],
  stores: string[],
): void {
  section('By instance (round robin; RSS of each gateway process before and after the run)');
  const row = (label: string, tally: Tally, extra: string[]) => [
    label,
    String(tally.sent),
    (tally.sent / elapsed).toFixed(1),
    String(tally.complete),
    String(tally.partial),
    String(tally.failed + tally.unanswered),
    String(tally.stale),
    ms(median(tally.times)),
    ms(percentile(tally.times, 95)),
    ms(percentile(tally.times, 99)),
    ...extra,
  ];
  const mebibytes = (bytes: number | undefined) => (bytes === undefined ? '-' : mib(bytes));
  console.log(
    table(
      ['', 'sent', 'req/s', 'full', 'part', 'failed', 'stale', 'p50', 'p95', 'p99', 'RSS before', 'RSS after', 'cache', 'answering'],
      [
        ...stats.byInstance.map((tally, i) =>
          row(`instance ${i + 1}`, tally, [mebibytes(rss.before[i]), mebibytes(rss.after[i]), stores[i], answering[i] ? 'yes' : 'NO']),
        ),
        row('combined', stats.all, [mebibytes(sum(rss.before)), mebibytes(sum(rss.after)), '', answering.every(Boolean) ? 'yes' : 'NO']),
      ],
    ),
  );
}

/** The gateway in this process (one instance). */
async function inProcessGateway(sims: Simulators): Promise<GatewayTarget> {
  const gateway: GatewayServer = await startGateway(loadConfig(GATEWAY_ENV), simulatorEndpoints(sims), { port: 0 });
  return { url: gateway.url, rss: () => undefined, stop: () => gateway.stop() };
}

/**
 * One gateway process of the build with GATEWAY_ENV, the simulators as its vendors and Redis as
 * its cache; its log lines (warn and above) are counted with this process's own.
 */
async function gatewayProcess(sims: Simulators, redisUrl: string, logLines: Map<string, number>): Promise<GatewayTarget> {
  const env: NodeJS.ProcessEnv = { ...GATEWAY_ENV, REDIS_URL: redisUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  for (const vendor of VENDOR_KEYS) {
    env[VENDORS[vendor].env.baseUrl] = sims[vendor].url;
    env[VENDORS[vendor].env.credential] = SIMULATOR_KEYS[vendor];
  }
  return startGatewayChild(env, (line) => countLogLine(logLines, line));
}

/** The sum of figures, or undefined when one is missing (off Linux). */
function sum(values: (number | undefined)[]): number | undefined {
  return values.every((value) => value !== undefined) ? values.reduce((a, b) => a! + b!, 0) : undefined;
}

/** Rounds the run is cut into for the peak-RSS figures. */
const RSS_ROUNDS = 5;

/**
 * The peak RSS of each of RSS_ROUNDS equal parts of the run, sampled every 100 ms: the gateway
 * processes' sum with several instances, else this whole process (gateway, simulators, harness).
 */
async function samplePeakRss(gateways: GatewayTarget[], start: number, runMs: number): Promise<number[]> {
  const peaks = Array.from({ length: RSS_ROUNDS }, () => 0);
  const children = gateways.length > 1;
  for (let now = performance.now(); now < start + runMs; now = performance.now()) {
    const round = Math.min(RSS_ROUNDS - 1, Math.floor(((now - start) / runMs) * RSS_ROUNDS));
    const rss = children ? sum(gateways.map((gateway) => gateway.rss())) : process.memoryUsage().rss;
    if (rss !== undefined) peaks[round] = Math.max(peaks[round], rss);
    await sleep(100);
  }
  return peaks;
}

function reportPeaks(peaks: number[], idle: number, children: boolean): void {
  section(`Peak RSS by round (${RSS_ROUNDS} equal parts of the run; ${children ? 'the gateway processes together' : 'the whole process'})`);
  console.log(table(['idle (after warm-up)', ...peaks.map((_, i) => `round ${i + 1} peak`)], [[mib(idle), ...peaks.map((peak) => mib(peak))]]));
  console.log(
    `Peak over idle: ${mib(Math.max(...peaks) - idle, true)} MiB; last round's peak against the first's: ${mib(peaks[peaks.length - 1] - peaks[0], true)} MiB (flat is near 0).`,
  );
}

/** Where an instance caches now, from its /ready (`redis`, or `degraded` while Redis failed it). */
async function cacheStore(url: string): Promise<string> {
  try {
    const response = await fetch(new URL('ready', url), { signal: AbortSignal.timeout(5000) });
    return ((await response.json()) as { cache?: string }).cache ?? '?';
  } catch {
    return '?';
  }
}

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** A Redis URL without its credentials, for the report. */
function redisLabel(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

// Private:

/** The query mix: Everflow affiliates, iRev clicks with relations, Integr8 report clicks with relations, publishers, node lookups. */
function mixedOperations(): Operation[] {
  // Fixed instants, so equal queries have equal cache keys for the whole run.
  const now = Math.floor(Date.now() / 1000) * 1000;
  const iso = (daysBack: number) => new Date(now - daysBack * 86_400_000).toISOString();
  // By name only: Everflow's find-by-id (node lookups) does not return the balance.
  const affiliateRecord = (n: any): FoundRecord => ['everflowAffiliate', n.nativeId, n.name];
  const irevRecord = (n: any): FoundRecord => ['irevClick', n.nativeId, `${n.irev?.hash}|${n.affiliate?.name}|${n.offer?.name}`];
  const nodes = (connection: any): any[] => (connection?.nodes ?? []).filter((n: unknown) => n != null);
  return [
    {
      label: 'Everflow affiliates page',
      variants: 12,
      request: (_, v) => ({
        query: `query($page: Int!) { affiliates(page: $page, pageSize: 25) { totalCount nodes { id nativeId name balance } } }`,
        variables: { page: v + 1 },
      }),
      records: (data) => nodes(data.affiliates).map(affiliateRecord),
    },
    {
      label: 'iRev clicks page + relations',
      variants: 20,
      request: (_, v) => ({
        query: `query($page: Int!) { clicks(source: { irev: {} }, page: $page, pageSize: 50) { totalCount nodes { id nativeId time irev { hash } affiliate { nativeId name } offer { nativeId name advertiser { name } } } } }`,
        variables: { page: v + 1 },
      }),
      records: (data) => nodes(data.clicks).map(irevRecord),
    },
    {
      label: 'Integr8 click report + offer/publisher',
      variants: INTEGR8_INTEGRATION_IDS.length * 4,
      request: (_, v) => ({
        query: `query($q: ReportQuery!, $page: Int!) { clicks(source: { integr8: $q }, page: $page, pageSize: 50) { totalCount nodes { nativeId status offer { nativeId name } publisher { nativeId name } } } }`,
        variables: {
          q: { integrationId: INTEGR8_INTEGRATION_IDS[v % INTEGR8_INTEGRATION_IDS.length], from: iso(30), to: iso(0) },
          page: Math.floor(v / INTEGR8_INTEGRATION_IDS.length) + 1,
        },
      }),
      records: (data) =>
        nodes(data.clicks).flatMap((n): FoundRecord[] => [
          ['integr8Click', n.nativeId, ''],
          ...(n.offer ? [['integr8Offer', n.offer.nativeId, n.offer.name] as FoundRecord] : []),
          ...(n.publisher ? [['integr8Publisher', n.publisher.nativeId, n.publisher.name] as FoundRecord] : []),
        ]),
    },
    {
      label: 'Integr8 publishers page',
      variants: 6,
      request: (_, v) => ({
        query: `query($page: Int!) { publishers(page: $page, pageSize: 50) { totalCount nodes { id nativeId name } } }`,
        variables: { page: v + 1 },
      }),
      records: (data) => nodes(data.publishers).map((n): FoundRecord => ['integr8Publisher', n.nativeId, n.name]),
    },
    {
      label: "node lookups (4 vendors' records)",
      variants: NODE_POOL,
      request: (index, v) => ({
        query: `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Affiliate { nativeId name } ... on Click { nativeId irev { hash } affiliate { name } offer { name } } ... on Publisher { nativeId name } ... on Offer { nativeId name } } }`,
        variables: { ids: index.nodeIds.map((ids) => ids[v]) },
      }),
      // Positions follow nodeIds: Everflow affiliate, iRev click, Integr8 publisher, Integr8 offer.
      records: (data) => {
        const [affiliate, click, publisher, offer] = (data.nodes ?? []) as any[];
        const found: FoundRecord[] = [];
        if (affiliate) found.push(affiliateRecord(affiliate));
        if (click) found.push(irevRecord(click));
        if (publisher) found.push(['integr8Publisher', publisher.nativeId, publisher.name]);
        if (offer) found.push(['integr8Offer', offer.nativeId, offer.name]);
        return found;
      },
    },
  ];
}

/** A tenant's records as the gateway shows them, from the simulators' datasets (generated here, before the baseline). */
function tenantIndex(sims: Simulators, name: string, keys: Record<Vendor, string>): TenantIndex {
  const everflow = sims.everflow.dataset(keys.everflow);
  const irev = sims.irev.dataset(keys.irev);
  const integr8 = sims.integr8.dataset(keys.integr8);
  const records = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, new Map<string, string>()])) as TenantIndex['records'];
  for (const a of everflow.affiliates) records.everflowAffiliate.set(String(a.network_affiliate_id), a.name);
  for (const c of irev.clicks) records.irevClick.set(String(c.id), `${c.hash}|${c.affiliate_name}|${c.offer_name}`);
  for (const entry of integr8.clicks.entries) records.integr8Click.set(entry.txId, '');
  for (const o of integr8.offers) records.integr8Offer.set(o.id, o.name);
  for (const p of integr8.publishers) records.integr8Publisher.set(p.id, p.name);
  const random = new Random(`load-nodes-${name}`);
  const some = <T>(list: readonly T[], toId: (item: T) => string) => Array.from({ length: NODE_POOL }, () => toId(random.pick(list)));
  const newestClicks = irev.clicks.slice(-2000);
  const nodeIds = [
    some(everflow.affiliates, (a) => toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: [String(a.network_affiliate_id)] })),
    some(newestClicks, (c) => toGlobalId({ vendor: 'IREV', type: 'Click', key: [String(c.id)] })),
    some(integr8.publishers, (p) => toGlobalId({ vendor: 'INTEGR8', type: 'Publisher', key: [p.id] })),
    some(integr8.offers, (o) => toGlobalId({ vendor: 'INTEGR8', type: 'Offer', key: [integr8.offerIntegration.get(o.id) ?? '', o.id] })),
  ];
  return { name, records, nodeIds };
}

function newStats(instances: number): LoadStats {
  return {
    all: new Tally(),
    byPhase: PHASES.map(() => new Tally()),
    byInstance: Array.from({ length: instances }, () => new Tally()),
    byOperation: new Map(),
    statuses: new Map(),
    codes: new Map(),
    tenant: { responses: 0, records: 0, own: 0, foreign: 0, unrecognised: 0, mixedResponses: 0, examples: [] },
  };
}

function tallyOf(stats: LoadStats, label: string): Tally {
  let tally = stats.byOperation.get(label);
  if (!tally) stats.byOperation.set(label, (tally = new Tally()));
  return tally;
}

/** Runs `work` over `jobs` with at most `concurrency` at a time. */
async function pool<T>(concurrency: number, jobs: readonly T[], work: (job: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await work(jobs[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
}

/** Forces GC twice around a turn of the event loop, when exposed, so figures are settled. */
async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/** `--seconds N`, `--concurrency N` and `--instances N`, positive whole numbers. */
function parseArgs(args: string[]): { seconds: number; concurrency: number; instances: number } {
  const options: { seconds: number; concurrency: number; instances: number } = { ...DEFAULTS };
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, '');
    const [flag, inline] = name.split('=', 2);
    if (flag !== 'seconds' && flag !== 'concurrency' && flag !== 'instances') usage(`unknown option "${args[i]}"`);
    const raw = inline ?? args[++i];
    if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1) usage(`--${flag} must be a whole number of at least 1, got "${raw ?? ''}"`);
    options[flag] = Number(raw);
  }
  return options;
}

function usage(problem: string): never {
  console.error(
    `load: ${problem}\nusage: node --expose-gc dist/bench/load.js [--seconds ${DEFAULTS.seconds}] [--concurrency ${DEFAULTS.concurrency}] [--instances ${DEFAULTS.instances}]`,
  );
  process.exit(2);
}

/** Counts a gateway log line by level and message (the JSON line's fields). */
function countLogLine(lines: Map<string, number>, line: string): void {
  let key = line.trim().slice(0, 80);
  try {
    const parsed = JSON.parse(line) as { level?: string; message?: string };
    key = `${parsed.level}: ${parsed.message}`;
  } catch {
    // Not JSON: counted by its start.
  }
  increment(lines, key);
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedEntries(map: Map<string, number>): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]);
}

function share(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`;
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

function section(title: string): void {
  console.log(`\n${title}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
