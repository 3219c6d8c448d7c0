/**
 * Bench section: what the gateway's own processing costs, against floors measured in the same run.
 * The gateway runs alone in a child process (the build, every cache off), so its CPU (from /proc)
 * counts neither the simulators nor this client.
 * - CPU per list request (100, 500 and 1000 rows) against the JSON floor: JSON.parse of the vendor
 *   bodies the request made the gateway receive plus JSON.stringify of the response it sent, timed
 *   in the bare proxy's process, which is as lean as the gateway's (target: at most 2x).
 * - Added latency of a one-entity query over the vendor call it makes, both timed sequentially and
 *   interleaved from here over keep-alive connections (target: p50 at most 0.35 ms, p99 at most 2 ms).
 * - Upstream calls per request next to the minimum.
 * - Beside each, a bare proxy (bench/proxy.ts) in its own process, measured the same way: the
 *   same upstream calls and the same answer bytes, without GraphQL. Its CPU and added latency are
 *   the transport's share, which no gateway can go below on this machine.
 * Called from run.ts; asserts nothing.
 */
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toGlobalId } from '../src/ids.js';
import { vendorKeys, VENDORS, type VendorKey } from '../src/vendors/registry.js';
import { SIMULATOR_KEYS, type Simulators } from '../src/vendors/simulators.js';
import type { LoggedRequest } from '../src/simulators/server.js';
import { startGatewayChild, startProxyChild, type GatewayChild } from './processes.js';
import { breakdownTable, profileGateway } from './profile.js';
import type { ProxyPlanEntry } from './proxy.js';
import { median, ms, percentile, ratio, table } from './stats.js';
import { NO_CACHE_ENV } from './env.js';

/** Rows of the list requests whose CPU is summed per operation (60 to 300 requests), so that /proc's 10 ms ticks stay under 1%. */
const LIST_ROWS = 60_000;
/** Interleaved pairs (gateway, direct) per one-entity operation. */
const ENTITY_PAIRS = 400;
/**
 * Requests that warm the gateway on an operation before it is measured, by rows per answer:
 * graphql-jit compiles on the first, and V8 keeps optimising for about 2000 one-entity requests
 * (their CPU falls from 4 to 2 ms here), so a short warm-up measures start-up, not the server.
 */
const WARM_ROWS = 200_000;
const WARM_MAX = 2000;
/** Rounds of the floor's parse + stringify, each after a full GC, of which the median counts. */
const FLOOR_ROUNDS = 40;

interface Operation {
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The fewest upstream calls that can answer it. */
  minCalls: number;
  /** Rows in the answer. */
  rows(data: any): number;
}

export async function benchOverhead(sims: Simulators, section: (title: string) => void): Promise<void> {
  const env: NodeJS.ProcessEnv = { HOST: '127.0.0.1', LOG_LEVEL: 'error', ...NO_CACHE_ENV };
  for (const vendor of vendorKeys()) {
    env[VENDORS[vendor].env.baseUrl] = sims[vendor].url;
    env[VENDORS[vendor].env.credential] = SIMULATOR_KEYS[vendor];
  }
  // Kept so that a gateway that fails mid-section says why.
  const logged: string[] = [];
  const gateway = await startGatewayChild(env, (line) => logged.push(line));
  let proxy: GatewayChild | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-bench-'));
  try {
    const lists = listOperations();
    const entities = entityOperations(sims);
    const recorded: Recorded[] = [];
    for (const op of [...lists, ...entities]) recorded.push(await record(sims, gateway, op));
    const plan = path.join(dir, 'proxy-plan.json');
    writeFileSync(plan, JSON.stringify(recorded.map(({ calls, response }) => ({ calls: calls.map((call) => upstreamCall(sims, call)), response }))));
    proxy = await startProxyChild(plan);
    await listCpu(sims, gateway, proxy, recorded.slice(0, lists.length), section);
    await entityLatency(sims, gateway, proxy, recorded.slice(lists.length), lists.length, section);
    await cpuShares(env, recorded, section);
  } catch (error) {
    console.log(`The gateway process logged:\n${logged.slice(-20).join('\n')}`);
    throw error;
  } finally {
    await Promise.all([gateway.stop(), proxy?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

// Private:

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** An operation as the gateway answered it once warm: the upstream calls it made, its answer and the answer's rows. */
interface Recorded {
  op: Operation;
  body: string;
  rows: number;
  calls: (LoggedRequest & { vendor: string })[];
  response: string;
}

function listOperations(): Operation[] {
  const to = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000);
  const from = new Date(to.getTime() - 7 * 86_400_000);
  return [
    {
      label: 'Integr8 publishers, 100 rows',
      query: `query Publishers { publishers(first: 100) { nodes { id nativeId name companyName email website country timezone active createdAt } } }`,
      minCalls: 1,
      rows: (data) => data.publishers.nodes.length,
    },
    {
      label: 'iRev clicks, 500 rows',
      query: `query IrevClicks { clicks(source: { irev: {} }, first: 500) { nodes { id nativeId time ip country city os browser deviceType isUnique irev { hash } } } }`,
      minCalls: 1,
      rows: (data) => data.clicks.nodes.length,
    },
    {
      label: 'Everflow click stream, 1000 rows',
      query: `query EverflowClicks($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 1000) { nodes { id nativeId time ip country city os browser deviceType isUnique revenue everflow { transactionId } } } }`,
      variables: { from: from.toISOString(), to: to.toISOString() },
      minCalls: 1,
      rows: (data) => data.clicks.nodes.length,
    },
  ];
}

function entityOperations(sims: Simulators): Operation[] {
  const publisher = [...sims.integr8.dataset(SIMULATOR_KEYS.integr8).publishers].sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  const affiliate = sims.everflow.dataset(SIMULATOR_KEYS.everflow).affiliates[0];
  return [
    {
      label: 'Integr8 publisher by id',
      query: `query Publisher($id: ID!) { publisher(id: $id) { id nativeId name email country timezone active } }`,
      variables: { id: toGlobalId({ vendor: 'INTEGR8', type: 'Publisher', key: [String(publisher.id)] }) },
      minCalls: 1,
      rows: () => 1,
    },
    {
      label: 'Everflow affiliate by id',
      query: `query Affiliate($id: ID!) { affiliate(id: $id) { id nativeId name status } }`,
      variables: { id: toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: [String(affiliate.network_affiliate_id)] }) },
      minCalls: 1,
      rows: () => 1,
    },
  ];
}

/**
 * Warms the gateway on `op` (see WARM_ROWS), then records one answer and its upstream calls: a
 * warm gateway's (a repeated Everflow page makes fewer calls than the first, see README).
 */
async function record(sims: Simulators, gateway: GatewayChild, op: Operation): Promise<Recorded> {
  const body = JSON.stringify({ query: op.query, variables: op.variables });
  const answer = async () => {
    const response = await post(gateway.url, body);
    const parsed = JSON.parse(response) as { data?: unknown; errors?: unknown };
    if (parsed.errors) throw new Error(`${op.label}: ${JSON.stringify(parsed.errors)}`);
    return { response, rows: op.rows(parsed.data) };
  };
  const warm = Math.min(WARM_MAX, Math.ceil(WARM_ROWS / Math.max(1, (await answer()).rows)));
  for (let i = 0; i < warm; i++) await post(gateway.url, body);
  clearLogs(sims);
  const { response, rows } = await answer();
  return { op, body, rows, calls: logs(sims), response };
}

/** CPU per request of `child` (from /proc) over `requests` requests, after `warm` to warm it. */
async function cpuPerRequest(child: GatewayChild, url: string, body: string, requests: number, warm: number): Promise<number> {
  for (let i = 0; i < warm; i++) await post(url, body);
  const before = child.cpuMs();
  for (let i = 0; i < requests; i++) await post(url, body);
  return ((child.cpuMs() ?? Number.NaN) - (before ?? Number.NaN)) / requests;
}

async function listCpu(
  sims: Simulators,
  gateway: GatewayChild,
  proxy: GatewayChild,
  recorded: Recorded[],
  section: (title: string) => void,
): Promise<void> {
  const rows: string[][] = [];
  for (const [index, { op, body, rows: answerRows, response }] of recorded.entries()) {
    const requests = Math.min(300, Math.max(60, Math.ceil(LIST_ROWS / Math.max(1, answerRows))));
    clearLogs(sims);
    const cpu = await cpuPerRequest(gateway, gateway.url, body, requests, 0);
    const perRequest = logs(sims).length / requests;
    const transport = await cpuPerRequest(proxy, `${proxy.url}${index}`, body, requests, 100);
    const timed = JSON.parse(await send(new URL(`${proxy.url}floor/${index}?rounds=${FLOOR_ROUNDS}`), 'GET', {})) as {
      ms: number[];
      bytesIn: number;
    };
    const floor = median(timed.ms);
    rows.push([
      op.label,
      String(answerRows),
      String(requests),
      `${perRequest} (min ${op.minCalls})`,
      ms(cpu),
      ms(floor),
      ratio(cpu, floor),
      ms(transport),
      ratio(transport + floor, floor),
      ratio(cpu - transport, floor),
      `${Math.round(timed.bytesIn / 1024)} + ${Math.round(response.length / 1024)}`,
    ]);
  }
  section('10. Gateway CPU per list request (caches off, the gateway alone in a child process), against the JSON floor');
  console.log(
    table(
      [
        'operation',
        'rows',
        'requests',
        'calls/request',
        'gateway CPU ms',
        'JSON floor ms',
        'CPU / floor',
        'proxy CPU ms',
        '(proxy + floor) / floor',
        '(CPU - proxy) / floor',
        'KiB in + out',
      ],
      rows,
    ),
  );
  console.log(
    'JSON floor = JSON.parse of the vendor bodies one request received (the proxy calls the simulators again) plus JSON.stringify\n' +
      `of the response it sent (already parsed), timed in the proxy's process (as lean as the gateway's; this process, which holds\n` +
      `the simulators' data, parses the same bodies up to 2x slower) after a full GC, median of ${FLOOR_ROUNDS} rounds. Target: CPU / floor\n` +
      'at most 2.0x.\n' +
      'Gateway CPU from /proc (10 ms ticks, summed over the requests),\n' +
      `after ${WARM_MAX} warm-up requests or ${WARM_ROWS} rows, whichever is fewer.\n` +
      'proxy = bench/proxy.ts, a bare node:http proxy making the same upstream calls and sending the same answer bytes: the transport\n' +
      'alone. (proxy + floor) / floor is the lowest ratio any gateway on this machine could show; (CPU - proxy) / floor is what\n' +
      "the gateway's own processing costs against the floor.",
  );
}

async function entityLatency(
  sims: Simulators,
  gateway: GatewayChild,
  proxy: GatewayChild,
  recorded: Recorded[],
  firstIndex: number,
  section: (title: string) => void,
): Promise<void> {
  const rows: string[][] = [];
  for (const [offset, { op, body, calls }] of recorded.entries()) {
    const upstream = calls[calls.length - 1];
    const proxyUrl = `${proxy.url}${firstIndex + offset}`;
    for (let i = 0; i < 200; i++) await post(proxyUrl, body);
    const viaGateway: number[] = [];
    const viaProxy: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < ENTITY_PAIRS; i++) {
      let started = performance.now();
      await post(gateway.url, body);
      viaGateway.push(performance.now() - started);
      started = performance.now();
      await post(proxyUrl, body);
      viaProxy.push(performance.now() - started);
      started = performance.now();
      await replay(sims, upstream);
      direct.push(performance.now() - started);
    }
    const [d50, d99] = [median(direct), percentile(direct, 99)];
    rows.push([
      op.label,
      String(calls.length),
      ms3(d50),
      ms3(median(viaGateway)),
      ms3(median(viaGateway) - d50),
      ms3(median(viaProxy) - d50),
      ms3(d99),
      ms3(percentile(viaGateway, 99)),
      ms3(percentile(viaGateway, 99) - d99),
      ms3(percentile(viaProxy, 99) - d99),
    ]);
  }
  section(`11. Added latency of a one-entity query over the vendor call it makes (${ENTITY_PAIRS} sequential rounds, interleaved, caches off)`);
  console.log(
    table(
      [
        'operation',
        'calls',
        'vendor p50 ms',
        'gateway p50 ms',
        'added p50',
        'proxy added p50',
        'vendor p99',
        'gateway p99',
        'added p99',
        'proxy added p99',
      ],
      rows,
    ),
  );
  console.log(
    'Targets: added p50 at most 0.35 ms, added p99 at most 2 ms. Each round times the gateway, the bare proxy (bench/proxy.ts:\n' +
      'the same upstream call and answer, no GraphQL) and the vendor call alone, from here over one keep-alive connection each.',
  );
}

/** Rows per operation of the profiled gateway's warm-up, and inside each operation's window. */
const PROFILE_WARM_ROWS = 50_000;
const PROFILE_ROWS = 60_000;

/** Sections 10 and 11's operations again, on a gateway of their own under V8's profiler (bench/profile.ts). */
async function cpuShares(env: NodeJS.ProcessEnv, recorded: Recorded[], section: (title: string) => void): Promise<void> {
  const operations = recorded.map(({ op, body, rows: answerRows }) => {
    const rows = Math.max(1, answerRows);
    return {
      label: op.label,
      send: (url: string) => post(url, body),
      warm: Math.min(1000, Math.ceil(PROFILE_WARM_ROWS / rows)),
      requests: Math.min(1000, Math.ceil(PROFILE_ROWS / rows)),
    };
  });
  const breakdowns = await profileGateway(env, operations);
  section("11a. Where the gateway's CPU goes (sections 10 and 11's operations, V8's sampling profiler, caches off)");
  console.log(
    breakdownTable(
      operations.map(({ label, requests }) => `${label} (${requests})`),
      breakdowns,
    ),
  );
  console.log(
    "Each share is the profiled gateway's busy CPU in the operation's requests (count in brackets), by the frames on the stack:\n" +
      "JSON.parse in = under the RestClient's jsonBody (decoding the bytes and JSON.parse), JSON.stringify out = under Apollo's\n" +
      "prettyJSONStringify; the others by the frame itself (a built-in by its caller's script): Node = its own modules\n" +
      '(sockets, HTTP parsing, streams, buffers), got = got and its packages, Apollo + GraphQL = Apollo Server, graphql-js,\n' +
      "graphql-jit and their packages, gateway src/ = this project's code, other libs = the rest of node_modules. floor share\n" +
      "= the two JSON shares; the last column is CPU / floor if the gateway's own code cost nothing: what got, Node, Apollo and\n" +
      'GC alone come to here.',
  );
}

function ms3(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '-';
}

function clearLogs(sims: Simulators): void {
  for (const vendor of vendorKeys()) sims[vendor].clearRequests();
}

function logs(sims: Simulators): (LoggedRequest & { vendor: string })[] {
  return vendorKeys().flatMap((vendor) => sims[vendor].requests().map((request) => ({ ...request, vendor })));
}

/** An upstream request the gateway made, as it made it, addressed to its simulator. */
function upstreamCall(sims: Simulators, request: LoggedRequest & { vendor: string }): ProxyPlanEntry['calls'][number] {
  const base = new URL(sims[request.vendor as VendorKey].url);
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) for (const one of [value].flat()) search.append(name, one);
  const qs = search.toString();
  const payload = request.body === undefined || request.body === null || request.body === '' ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { ...request.headers };
  delete headers['content-length'];
  delete headers.host;
  delete headers.connection;
  return { url: `${base.origin}${request.path}${qs ? `?${qs}` : ''}`, method: request.method, headers, body: payload };
}

/** Sends an upstream request the gateway made straight to its simulator; the body text. */
function replay(sims: Simulators, request: LoggedRequest & { vendor: string }): Promise<string> {
  const { url, method, headers, body } = upstreamCall(sims, request);
  return send(new URL(url), method, headers, body);
}

function post(url: string, body: string): Promise<string> {
  return send(new URL(url), 'POST', { 'content-type': 'application/json' }, body);
}

/**
 * One request over the keep-alive agent. A kept connection the server closed while it was idle
 * (its keep-alive timeout: the sections leave some idle for seconds) is retried once on a new one,
 * as Node's documentation advises for `reusedSocket`.
 */
function send(url: URL, method: string, headers: Record<string, string>, body?: string, retried = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET') resolve(send(url, method, headers, body, true));
      else reject(error);
    });
    req.end(body);
  });
}
