/**
 * Bench section: what the gateway's own processing costs, against floors measured in the same run.
 * The gateway runs alone in a child process (the build, every cache off), so its CPU (from /proc)
 * counts neither the simulators nor this client.
 * - CPU per list request (100, 500 and 1000 rows) against the JSON floor: JSON.parse of the vendor
 *   bodies the request made the gateway receive plus JSON.stringify of the response it sent, timed
 *   here (target: at most 2x).
 * - Added latency of a one-entity query over the vendor call it makes, both timed sequentially and
 *   interleaved from here over keep-alive connections (target: p50 at most 0.35 ms, p99 at most 2 ms).
 * - Upstream calls per request next to the minimum.
 * Called from run.ts; asserts nothing.
 */
import http from 'node:http';
import { toGlobalId } from '../src/ids.js';
import { vendorKeys, VENDORS, type VendorKey } from '../src/vendors/registry.js';
import { SIMULATOR_KEYS, type Simulators } from '../src/vendors/simulators.js';
import type { LoggedRequest } from '../src/simulators/server.js';
import { startGatewayChild, type GatewayChild } from './processes.js';
import { median, ms, percentile, ratio, table } from './stats.js';
import { NO_CACHE_ENV } from './env.js';

/** Requests per list operation whose CPU is summed. */
const LIST_REQUESTS = 60;
/** Interleaved pairs (gateway, direct) per one-entity operation. */
const ENTITY_PAIRS = 400;
/** Rounds of the floor's parse + stringify, of which the median counts. */
const FLOOR_ROUNDS = 15;

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
  const gateway = await startGatewayChild(env);
  try {
    await listCpu(sims, gateway, section);
    await entityLatency(sims, gateway, section);
  } finally {
    await gateway.stop();
  }
}

// Private:

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

async function listCpu(sims: Simulators, gateway: GatewayChild, section: (title: string) => void): Promise<void> {
  const to = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000);
  const from = new Date(to.getTime() - 7 * 86_400_000);
  const operations: Operation[] = [
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
  const rows: string[][] = [];
  for (const op of operations) {
    const body = JSON.stringify({ query: op.query, variables: op.variables });
    // Warm: graphql-jit compiles on the first request, V8 optimises over the next ones.
    for (let i = 0; i < 30; i++) await post(gateway.url, body);
    clearLogs(sims);
    const before = gateway.cpuMs();
    let response = '';
    for (let i = 0; i < LIST_REQUESTS; i++) response = await post(gateway.url, body);
    const cpu = ((gateway.cpuMs() ?? Number.NaN) - (before ?? Number.NaN)) / LIST_REQUESTS;
    const calls = logs(sims);
    const perRequest = calls.length / LIST_REQUESTS;
    const last = calls.slice(-Math.round(perRequest));
    const bodies = await Promise.all(last.map((request) => replay(sims, request)));
    const parsed = JSON.parse(response) as { data?: unknown; errors?: unknown };
    if (parsed.errors) throw new Error(`${op.label}: ${JSON.stringify(parsed.errors)}`);
    const floor = median(
      Array.from({ length: FLOOR_ROUNDS }, () => {
        const started = performance.now();
        for (const text of bodies) JSON.parse(text);
        JSON.stringify(JSON.parse(response));
        return performance.now() - started;
      }),
    );
    rows.push([
      op.label,
      String(op.rows(parsed.data)),
      `${perRequest} (min ${op.minCalls})`,
      ms(cpu),
      ms(floor),
      ratio(cpu, floor),
      `${Math.round(bodies.reduce((sum, text) => sum + text.length, 0) / 1024)} + ${Math.round(response.length / 1024)}`,
    ]);
  }
  section(
    `10. Gateway CPU per list request (caches off, the gateway alone in a child process), ${LIST_REQUESTS} requests each, against the JSON floor`,
  );
  console.log(table(['operation', 'rows', 'calls/request', 'gateway CPU ms', 'JSON floor ms', 'CPU / floor', 'KiB in + out'], rows));
  console.log(
    'JSON floor = JSON.parse of the vendor bodies one request received (replayed from the simulators) plus JSON.stringify of the\n' +
      'response it sent, timed here. Target: CPU / floor at most 2.0x. Gateway CPU from /proc (10 ms ticks, summed over the requests).',
  );
}

async function entityLatency(sims: Simulators, gateway: GatewayChild, section: (title: string) => void): Promise<void> {
  const publisher = [...sims.integr8.dataset(SIMULATOR_KEYS.integr8).publishers].sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  const affiliate = sims.everflow.dataset(SIMULATOR_KEYS.everflow).affiliates[0];
  const operations: Operation[] = [
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
  const rows: string[][] = [];
  for (const op of operations) {
    const body = JSON.stringify({ query: op.query, variables: op.variables });
    for (let i = 0; i < 20; i++) await post(gateway.url, body);
    clearLogs(sims);
    const check = JSON.parse(await post(gateway.url, body)) as { errors?: unknown };
    if (check.errors) throw new Error(`${op.label}: ${JSON.stringify(check.errors)}`);
    const calls = logs(sims);
    const upstream = calls[calls.length - 1];
    const viaGateway: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < ENTITY_PAIRS; i++) {
      let started = performance.now();
      await post(gateway.url, body);
      viaGateway.push(performance.now() - started);
      started = performance.now();
      await replay(sims, upstream);
      direct.push(performance.now() - started);
    }
    const [g50, g99, d50, d99] = [median(viaGateway), percentile(viaGateway, 99), median(direct), percentile(direct, 99)];
    rows.push([op.label, String(calls.length), ms3(d50), ms3(g50), ms3(g50 - d50), ms3(d99), ms3(g99), ms3(g99 - d99)]);
  }
  section(`11. Added latency of a one-entity query over the vendor call it makes (${ENTITY_PAIRS} sequential pairs, interleaved, caches off)`);
  console.log(table(['operation', 'calls', 'vendor p50 ms', 'gateway p50 ms', 'added p50', 'vendor p99', 'gateway p99', 'added p99'], rows));
  console.log('Targets: added p50 at most 0.35 ms, added p99 at most 2 ms. Both timed from here over one keep-alive connection each.');
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

/** Sends an upstream request the gateway made, as it made it, straight to its simulator; the body text. */
function replay(sims: Simulators, request: LoggedRequest): Promise<string> {
  const base = new URL(sims[request.vendor as VendorKey].url);
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) for (const one of [value].flat()) search.append(name, one);
  const qs = search.toString();
  const payload = request.body === undefined || request.body === null || request.body === '' ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { ...request.headers };
  delete headers['content-length'];
  delete headers.host;
  delete headers.connection;
  return send(base, `${request.path}${qs ? `?${qs}` : ''}`, request.method, headers, payload);
}

function post(url: string, body: string): Promise<string> {
  return send(new URL(url), '/', 'POST', { 'content-type': 'application/json' }, body);
}

function send(base: URL, path: string, method: string, headers: Record<string, string>, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
