/**
 * Bench section: Integr8's verdicts on a page of Everflow clicks (src/verdicts). What the
 * verdicts add to a page of 100 clicks, batched by time (src/vendors/integr8/verdicts.ts), against
 * the per-click lookup a client without batching makes (one Integr8 report call per click, over
 * the same 60 s either side), and what a page of the verdict filter costs. Cold cache, injected
 * vendor latency. Called from run.ts, or alone: `node dist/bench/verdicts.js` (after `npm run
 * build`). Asserts nothing.
 */
import { fileURLToPath } from 'node:url';
import Keyv from 'keyv';
import { GatewayCache } from '../src/cache/index.js';
import { loadConfig } from '../src/config.js';
import { configureLog } from '../src/log.js';
import { INTEGR8_INTEGRATION_IDS } from '../src/simulators/integr8/index.js';
import { startGateway, type Endpoints, type GatewayServer } from '../src/server.js';
import { VENDORS } from '../src/vendors/registry.js';
import { SIMULATOR_KEYS, simulatorEndpoints, startSimulators, type Simulators } from '../src/vendors/simulators.js';
import { median, ms, percentile, table } from './stats.js';

/** Cold runs per variant, interleaved. */
const ROUNDS = 5;
/** Injected vendor latency per upstream call. */
const LATENCY_MS = { integr8: 20, everflow: 30 } as const;
const INTEGRATION = INTEGR8_INTEGRATION_IDS[0];
const VERDICT = `verdict(integrationId: "${INTEGRATION}") { status score risk }`;

interface Run {
  ms: number;
  everflow: number;
  integr8: number;
  errors: number;
}

/** Prints the section: a gateway on a fresh cache per run, in front of `sims`. */
export async function benchVerdicts(sims: Simulators, endpoints: Endpoints, gateways: GatewayServer[]): Promise<void> {
  const store = new Keyv({ namespace: 'affiliate-gateway-verdicts' });
  // Cold reads: the response cache would answer repeats from its in-process copy.
  const config = loadConfig({ LOG_LEVEL: 'silent', RESPONSE_CACHE: 'off' });
  const gateway = await startGateway(config, endpoints, { port: 0, cache: new GatewayCache(store, config.cacheTtlSeconds) });
  gateways.push(gateway);
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const range = { from: new Date(hour - 30 * 3_600_000).toISOString(), to: new Date(hour - 20 * 3_600_000).toISOString() };
  const page = (fields: string, extra = '') =>
    `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to${extra} } }, first: 100) { nodes { nativeId time ${fields} } } }`;
  const variants: [string, () => Promise<Run>][] = [
    ['100 Everflow clicks', () => viaGateway(sims, gateway.url, page(''), range)],
    ['the same with verdict (batched)', () => viaGateway(sims, gateway.url, page(VERDICT), range)],
    ['the same, verdicts looked up per click', () => perClick(sims, gateway.url, page(''), range)],
    [
      'verdict filter: 20 rejected clicks',
      () =>
        viaGateway(
          sims,
          gateway.url,
          page(VERDICT, `, verdict: { integrationId: "${INTEGRATION}", status: [REJECTED] }`).replace('first: 100', 'first: 20'),
          range,
        ),
    ],
  ];
  sims.integr8.injectFault({ path: /^\/api\/v2\//, delayMs: LATENCY_MS.integr8, times: 1_000_000 });
  sims.everflow.injectFault({ path: /^\/v1\//, delayMs: LATENCY_MS.everflow, times: 1_000_000 });
  const runs = variants.map(() => [] as Run[]);
  try {
    for (const [, run] of variants) await run(); // warm-up: datasets and JIT
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < variants.length; k++) {
        const i = (k + round) % variants.length;
        await store.clear();
        runs[i].push(await variants[i][1]());
      }
    }
  } finally {
    sims.integr8.clearFaults();
    sims.everflow.clearFaults();
  }
  console.log(
    `\n6b. Verdicts: Integr8's verdict on a page of Everflow clicks, cold cache, ${LATENCY_MS.integr8} ms per Integr8 call and ${LATENCY_MS.everflow} ms per Everflow call injected, ${ROUNDS} rounds interleaved\n`,
  );
  const rows = variants.map(([label], i) => {
    const times = runs[i].map((r) => r.ms);
    return [
      label,
      ms(median(times)),
      ms(percentile(times, 95)),
      String(median(runs[i].map((r) => r.everflow))),
      String(median(runs[i].map((r) => r.integr8))),
      String(Math.max(...runs[i].map((r) => r.errors))),
    ];
  });
  console.log(table(['query', 'p50 ms', 'p95', 'Everflow calls', 'Integr8 calls', 'errors'], rows));
  console.log('Per click: the page through the gateway, then one Integr8 click-report call per click (60 s either side), 16 at a time as the');
  console.log("gateway's bulkhead would allow; calls are medians from the simulators' request logs.");
}

// Private:

async function viaGateway(sims: Simulators, url: string, query: string, variables: Record<string, unknown>): Promise<Run> {
  sims.everflow.clearRequests();
  sims.integr8.clearRequests();
  const t0 = performance.now();
  const body = await post(url, query, variables);
  return {
    ms: performance.now() - t0,
    everflow: sims.everflow.requests().length,
    integr8: sims.integr8.requests().length,
    errors: body.errors?.length ?? 0,
  };
}

/** The page, then one report call per click straight against the Integr8 simulator. */
async function perClick(sims: Simulators, url: string, query: string, variables: Record<string, unknown>): Promise<Run> {
  sims.everflow.clearRequests();
  sims.integr8.clearRequests();
  const t0 = performance.now();
  const body = await post(url, query, variables);
  const times: string[] = (body.data?.clicks?.nodes ?? []).map((n: { time: string }) => n.time);
  const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const queue = [...times];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
        const t = Date.parse(at);
        const search = new URLSearchParams({
          integration_id: INTEGRATION,
          start_time: wall(t - 60_000),
          end_time: wall(t + 60_000),
          timezone: 'UTC',
          'page[size]': '100',
        });
        await fetch(`${sims.integr8.url}/api/v2/reports/v2/click-table?${search}`, {
          headers: VENDORS.integr8.authHeaders(SIMULATOR_KEYS.integr8),
        }).then((r) => r.text());
      }
    }),
  );
  return {
    ms: performance.now() - t0,
    everflow: sims.everflow.requests().length,
    integr8: sims.integr8.requests().length,
    errors: body.errors?.length ?? 0,
  };
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

// Run alone: its own simulators and gateway.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  configureLog({ level: 'warn' });
  const sims = await startSimulators();
  const gateways: GatewayServer[] = [];
  try {
    await benchVerdicts(sims, simulatorEndpoints(sims), gateways);
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
    await sims.stop();
  }
}
