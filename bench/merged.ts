/**
 * Bench section: a merged page of 100 clicks across Everflow, iRev and Integr8 (clicks(query:),
 * src/pagination/merge.ts) against the three single-vendor pages of 100 it replaces, sent as one
 * document of three aliased root fields (which the gateway reads in parallel). Both newest first
 * over the same range, on a cache emptied before each query, with vendor latency injected, the
 * variants interleaved. Called from run.ts; asserts nothing.
 */
import Keyv from 'keyv';
import { GatewayCache } from '../src/cache/index.js';
import { loadConfig } from '../src/config.js';
import { INTEGR8_INTEGRATION_IDS } from '../src/simulators/integr8/index.js';
import { startGateway, type Endpoints, type GatewayServer } from '../src/server.js';
import type { Simulators } from '../src/vendors/simulators.js';
import { median, ms, percentile, table } from './stats.js';

/** Interleaved rounds per variant. */
const ROUNDS = 9;
/** Injected vendor latency per upstream call, every vendor. */
const LATENCY_MS = 20;
/** The range every query reads, in days back from now. */
const RANGE_DAYS = 7;
const NODE = 'id vendor time';
const MERGED = `query MergedPage($q: ClickQuery!, $after: String) {
  clicks(query: $q, first: 100, after: $after) { missingVendors { vendor } pageInfo { endCursor } nodes { ${NODE} } }
}`;
// Newest first each: Everflow's stream is oldest first, so its newest 100 are `last: 100`.
const SINGLES = `query SinglePages($from: DateTime!, $to: DateTime!, $integrationId: ID!) {
  everflow: clicks(source: { everflow: { from: $from, to: $to } }, last: 100) { nodes { ${NODE} } }
  irev: clicks(source: { irev: { from: $from, to: $to } }, first: 100) { nodes { ${NODE} } }
  integr8: clicks(source: { integr8: { integrationId: $integrationId, from: $from, to: $to } }, first: 100) { nodes { ${NODE} } }
}`;

interface Run {
  ms: number;
  calls: Record<'everflow' | 'irev' | 'integr8', number>;
  rows: number;
  errors: number;
}

/** Prints section `number`: upstream calls and wall time of a merged page of 100 against the three single pages. */
export async function benchMerged(sims: Simulators, endpoints: Endpoints, gateways: GatewayServer[], number: number): Promise<void> {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const from = new Date(now - RANGE_DAYS * 86_400_000).toISOString();
  const to = new Date(now).toISOString();
  const integrationId = INTEGR8_INTEGRATION_IDS[0];
  const store = new Keyv({ namespace: 'affiliate-gateway' });
  // Cold reads: the response cache would answer repeats from its in-process copy.
  const config = loadConfig({ LOG_LEVEL: 'silent', RESPONSE_CACHE: 'off' });
  const gateway = await startGateway(config, endpoints, { port: 0, cache: new GatewayCache(store, config.cacheTtlSeconds) });
  gateways.push(gateway);
  const q = { from, to, integr8IntegrationIds: [integrationId] };
  const merged: Run[] = [];
  const next: Run[] = [];
  const singles: Run[] = [];
  // Warm the JIT and the simulators' datasets first.
  await post(gateway.url, MERGED, { q });
  await post(gateway.url, SINGLES, { from, to, integrationId });
  for (const sim of [sims.everflow, sims.irev, sims.integr8]) sim.injectFault({ delayMs: LATENCY_MS, times: 1_000_000 });
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const runMerged = async () => {
        await store.clear();
        const first = await run(sims, gateway.url, MERGED, { q });
        merged.push(first);
        // The next page, on the cache the first page left (as a client paging on would find it).
        next.push(await run(sims, gateway.url, MERGED, { q, after: first.endCursor }));
      };
      const runSingles = async () => {
        await store.clear();
        singles.push(await run(sims, gateway.url, SINGLES, { from, to, integrationId }));
      };
      if (round % 2 === 0) await runMerged().then(runSingles);
      else await runSingles().then(runMerged);
    }
  } finally {
    for (const sim of [sims.everflow, sims.irev, sims.integr8]) sim.clearFaults();
  }
  const row = (label: string, runs: Run[]) => [
    label,
    String(median(runs.map((r) => r.calls.everflow))),
    String(median(runs.map((r) => r.calls.irev))),
    String(median(runs.map((r) => r.calls.integr8))),
    String(median(runs.map((r) => r.calls.everflow + r.calls.irev + r.calls.integr8))),
    ms(median(runs.map((r) => r.ms))),
    ms(
      percentile(
        runs.map((r) => r.ms),
        95,
      ),
    ),
    String(median(runs.map((r) => r.rows))),
    String(runs.reduce((sum, r) => sum + r.errors, 0)),
  ];
  console.log(
    `\n${number}. Merged clicks: one page of 100 across three vendors vs the three single-vendor pages of 100 it replaces; ` +
      `${RANGE_DAYS}-day range, newest first, ${LATENCY_MS} ms vendor latency per call, cold cache, ${ROUNDS} rounds interleaved`,
  );
  console.log(
    table(
      ['query', 'Everflow calls', 'iRev calls', 'Integr8 calls', 'calls', 'wall p50 ms', 'p95 ms', 'rows returned', 'errors'],
      [
        row('merged page: clicks(query:, first: 100)', merged),
        row('its next page (after endCursor; cache as the first page left it)', next),
        row('three single pages of 100 (one document, read in parallel)', singles),
      ],
    ),
  );
  console.log(
    'The merged page asks each vendor for at most 100 rows, as the single pages do, and returns the newest 100 of the 300 it reads;\n' +
      "Everflow's click stream is read in UTC-day windows back from the range's end until it has 100 rows.",
  );
}

// Private:

async function run(sims: Simulators, url: string, query: string, variables: Record<string, unknown>): Promise<Run & { endCursor?: string }> {
  for (const sim of [sims.everflow, sims.irev, sims.integr8]) sim.clearRequests();
  const t0 = performance.now();
  const body = await post(url, query, variables);
  const elapsed = performance.now() - t0;
  const data = (body.data ?? {}) as Record<string, { nodes?: unknown[]; pageInfo?: { endCursor?: string } } | null>;
  const rows = Object.values(data).reduce((sum, field) => sum + (field?.nodes?.length ?? 0), 0);
  return {
    ms: elapsed,
    calls: { everflow: sims.everflow.requests().length, irev: sims.irev.requests().length, integr8: sims.integr8.requests().length },
    rows,
    errors: body.errors?.length ?? 0,
    endCursor: data.clicks?.pageInfo?.endCursor,
  };
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}
