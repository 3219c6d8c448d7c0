/**
 * Operating the gateway: /health, /ready and /metrics through real HTTP, with the metrics read
 * from the exposition text after real queries against the simulators.
 */
import { credentialHash } from '../../src/cache/index.js';
import { toGlobalId } from '../../src/ids.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.stop());
beforeEach(() => {
  for (const sim of [sims.everflow, sims.irev, sims.integr8]) {
    sim.clearFaults();
    sim.clearRequests();
  }
});

/**
 * A gateway on the shared simulators with quick retries; each test gets its own (own metrics, cache and circuits).
 * Without the response cache, whose hits skip the GraphQL pipeline measured here (test/cache/responses.test.ts).
 */
async function withGateway(env: NodeJS.ProcessEnv, run: (gw: TestGateway) => Promise<void>): Promise<void> {
  const gw = await startTestGateway({ sims, env: { RETRY_BASE_DELAY_MS: '1', RESPONSE_CACHE: 'off', ...env } });
  try {
    await run(gw);
  } finally {
    await gw.stop();
  }
}

/** One sample of the exposition: `name{labels} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

async function metricsOf(gw: TestGateway, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await fetch(new URL('/metrics', gw.url), { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** The value of the one sample with this name and (at least) these labels; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Every label set of a metric, for whole-list assertions. */
const labelsOf = (samples: Sample[], name: string) => samples.filter((s) => s.name === name).map((s) => s.labels);

const PUBLISHERS = `query Publishers { publishers(first: 3) { nodes { nativeId } } }`;
const PUBLISHERS_PATH = '/api/v2/publishers';

const get = (gw: TestGateway, path: string, headers: Record<string, string> = {}) => fetch(new URL(path, gw.url), { headers });

describe('/health and /ready', () => {
  test('/health answers 200 {status: ok} without a preflight header or gateway key; /ready names the cache store and each vendor', async () => {
    await withGateway({ GATEWAY_API_KEYS: 'gateway-key-0123456789abcdef' }, async (gw) => {
      const health = await get(gw, '/health');
      expect(health.status).toBe(200);
      expect(health.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await get(gw, '/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        cache: 'memory',
        vendors: {
          everflow: { circuit: 'closed', configured: true },
          irev: { circuit: 'closed', configured: true },
          integr8: { circuit: 'closed', configured: true },
        },
      });
      // GraphQL itself still needs the key.
      expect((await get(gw, '/?query=%7B__typename%7D', { 'apollo-require-preflight': 'true' })).status).toBe(401);
      expect((await fetch(new URL('/health', gw.url), { method: 'POST' })).status).toBe(405);
    });
  });

  test('beginShutdown() turns /ready into 503 shutting-down while /health and queries still answer', async () => {
    await withGateway({}, async (gw) => {
      gw.server.beginShutdown();
      const ready = await get(gw, '/ready');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'shutting-down', cache: 'memory' });
      expect((await get(gw, '/health')).status).toBe(200);
      expect((await gw.query(PUBLISHERS)).errors).toBeUndefined();
    });
  });

  test('a vendor whose circuit is open makes /ready degraded (still 200), and the circuit metrics show it', async () => {
    await withGateway({ CIRCUIT_FAILURE_THRESHOLD: '2', RETRY_LIMIT: '1', CIRCUIT_COOLDOWN_MS: '60000' }, async (gw) => {
      sims.integr8.injectFault({ path: PUBLISHERS_PATH, status: 503, times: 2 });
      const res = await gw.query(PUBLISHERS);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_ERROR']);
      const ready = await get(gw, '/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'degraded',
        cache: 'memory',
        vendors: {
          everflow: { circuit: 'closed', configured: true },
          irev: { circuit: 'closed', configured: true },
          integr8: { circuit: 'open', configured: true },
        },
      });
      const samples = await metricsOf(gw);
      expect(labelsOf(samples, 'upstream_circuit_state').filter((l) => l.vendor === 'integr8')).toEqual([
        { vendor: 'integr8', state: 'closed' },
        { vendor: 'integr8', state: 'open' },
        { vendor: 'integr8', state: 'half-open' },
      ]);
      expect(valueOf(samples, 'upstream_circuit_state', { vendor: 'integr8', state: 'open' })).toBe(1);
      expect(valueOf(samples, 'upstream_circuit_state', { vendor: 'integr8', state: 'closed' })).toBe(0);
      expect(valueOf(samples, 'upstream_circuit_state', { vendor: 'irev', state: 'closed' })).toBe(1);
      expect(valueOf(samples, 'upstream_circuit_transitions_total', { vendor: 'integr8', from: 'closed', to: 'open' })).toBe(1);
      expect(valueOf(samples, 'upstream_circuit_transitions_total', { vendor: 'integr8', from: 'open', to: 'half-open' })).toBe(0);
      expect(valueOf(samples, 'upstream_retries_total', { vendor: 'integr8', route: '/api/v2/publishers' })).toBe(1);
      expect(valueOf(samples, 'upstream_requests_total', { vendor: 'integr8', method: 'GET', route: '/api/v2/publishers', status: '503' })).toBe(2);
      // The circuit fails the next call fast: no attempt, so no new sample.
      await gw.query(PUBLISHERS);
      expect(valueOf(await metricsOf(gw), 'upstream_requests_total', { vendor: 'integr8', status: '503' })).toBe(2);
    });
  });

  test('a cache whose Redis is unreachable makes /ready degraded (still 200), and cache_store says so', async () => {
    // Nothing listens on port 1: every connection attempt is refused.
    await withGateway({ REDIS_URL: 'redis://127.0.0.1:1' }, async (gw) => {
      expect((await gw.query(PUBLISHERS)).errors).toBeUndefined();
      const ready = await get(gw, '/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'degraded', cache: 'degraded' });
      const samples = await metricsOf(gw);
      expect(valueOf(samples, 'cache_store', { store: 'degraded' })).toBe(1);
      expect(valueOf(samples, 'cache_store', { store: 'redis' })).toBe(0);
      expect(valueOf(samples, 'cache_store_errors_total')).toBeGreaterThan(0);
    });
  });
});

describe('/metrics', () => {
  test('GraphQL operations by name and outcome, with their durations', async () => {
    await withGateway({}, async (gw) => {
      await gw.query(PUBLISHERS);
      await gw.query(PUBLISHERS);
      await gw.query('{ __typename }');
      await gw.query('query Broken { nope }');
      const samples = await metricsOf(gw);
      expect(labelsOf(samples, 'graphql_requests_total')).toEqual([
        { operation: 'Publishers', outcome: 'success' },
        { operation: 'anonymous', outcome: 'success' },
        { operation: 'Broken', outcome: 'invalid' },
      ]);
      expect(valueOf(samples, 'graphql_requests_total', { operation: 'Publishers', outcome: 'success' })).toBe(2);
      expect(valueOf(samples, 'graphql_request_duration_seconds_count', { operation: 'Publishers' })).toBe(2);
      expect(valueOf(samples, 'graphql_request_duration_seconds_bucket', { operation: 'Publishers', le: '+Inf' })).toBe(2);
      expect(valueOf(samples, 'graphql_request_duration_seconds_sum', { operation: 'Publishers' })).toBeGreaterThan(0);
      // Every HTTP request, whatever status the GraphQL-over-HTTP rules gave the invalid one.
      expect(samples.filter((s) => s.name === 'http_requests_total' && s.labels.handler === 'graphql').reduce((n, s) => n + s.value, 0)).toBe(4);
    });
  });

  test('upstream calls by vendor, method, route template and status; the cache by hits and misses', async () => {
    await withGateway({}, async (gw) => {
      const click = sims.irev.dataset(SIMULATOR_KEYS.irev).clicks[0];
      const id = toGlobalId({ vendor: 'IREV', type: 'Click', key: [String(click.id)] });
      const query = `query Click($id: ID!) { click(id: $id) { nativeId } }`;
      expect((await gw.query(query, { id })).data).toEqual({ click: { nativeId: String(click.id) } });
      expect((await gw.query(query, { id })).errors).toBeUndefined();
      await gw.query(PUBLISHERS);
      const samples = await metricsOf(gw);
      expect(labelsOf(samples, 'upstream_requests_total')).toEqual([
        { vendor: 'irev', method: 'GET', route: '/backend/open-api/v1/users/clicks/:id', status: '200' },
        { vendor: 'integr8', method: 'GET', route: '/api/v2/publishers', status: '200' },
      ]);
      expect(valueOf(samples, 'upstream_request_duration_seconds_count', { vendor: 'irev', route: '/backend/open-api/v1/users/clicks/:id' })).toBe(1);
      expect(labelsOf(samples, 'upstream_request_duration_seconds_count')).toEqual([
        { vendor: 'irev', method: 'GET', route: '/backend/open-api/v1/users/clicks/:id' },
        { vendor: 'integr8', method: 'GET', route: '/api/v2/publishers' },
      ]);
      // The second click query was a hit.
      expect(valueOf(samples, 'cache_hits_total')).toBe(1);
      expect(valueOf(samples, 'cache_misses_total')).toBe(2);
      expect(valueOf(samples, 'cache_stale_served_total')).toBe(0);
      expect(valueOf(samples, 'cache_store', { store: 'memory' })).toBe(1);
      expect(valueOf(samples, 'cache_memory_entries')).toBeGreaterThanOrEqual(2);
      expect(labelsOf(samples, 'upstream_bulkhead_queue_length')).toEqual([{ vendor: 'everflow' }, { vendor: 'irev' }, { vendor: 'integr8' }]);
      expect(valueOf(samples, 'upstream_bulkhead_queue_length', { vendor: 'integr8' })).toBe(0);
      expect(valueOf(samples, 'upstream_bulkhead_active', { vendor: 'integr8' })).toBe(0);
    });
  });

  test('timeouts and retries are counted, and the rate-limit headers a vendor sends become gauges', async () => {
    await withGateway({ INTEGR8_TIMEOUT_MS: '200' }, async (gw) => {
      const reset = Math.round(Date.now() / 1000) + 30;
      sims.integr8.injectFault({ path: PUBLISHERS_PATH, delayMs: 400 });
      sims.integr8.injectFault({
        path: PUBLISHERS_PATH,
        status: 429,
        headers: { 'retry-after': '0', 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      });
      expect((await gw.query(PUBLISHERS)).errors).toBeUndefined();
      const samples = await metricsOf(gw);
      const route = { vendor: 'integr8', method: 'GET', route: '/api/v2/publishers' };
      expect(valueOf(samples, 'upstream_timeouts_total', route)).toBe(1);
      expect(valueOf(samples, 'upstream_retries_total', route)).toBe(2);
      expect(labelsOf(samples, 'upstream_requests_total')).toEqual([
        { ...route, status: 'timeout' },
        { ...route, status: '429' },
        { ...route, status: '200' },
      ]);
      expect(valueOf(samples, 'upstream_rate_limit_limit', { vendor: 'integr8' })).toBe(600);
      expect(valueOf(samples, 'upstream_rate_limit_remaining', { vendor: 'integr8' })).toBe(0);
      expect(valueOf(samples, 'upstream_rate_limit_reset_seconds', { vendor: 'integr8' })).toBeGreaterThan(25);
      expect(valueOf(samples, 'upstream_rate_limit_reset_seconds', { vendor: 'integr8' })).toBeLessThanOrEqual(31);
      expect(valueOf(samples, 'upstream_retry_after_seconds', { vendor: 'integr8' })).toBe(0);
      // A vendor that sent none has no rate-limit series.
      expect(valueOf(samples, 'upstream_rate_limit_limit', { vendor: 'irev' })).toBeUndefined();
    });
  });

  test('operation names are capped: over 64 characters, past 100 distinct names, or not GraphQL names, they count as "other"', async () => {
    await withGateway({}, async (gw) => {
      for (let i = 0; i < 102; i++) await gw.query(`query Op${i} { __typename }`);
      await gw.query(`query ${'L'.repeat(65)} { __typename }`);
      // A document that does not parse: the request's operationName is all there is, and it is no GraphQL name.
      const response = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{', operationName: 'not a name' }),
      });
      expect(response.status).toBeLessThan(500);
      const samples = await metricsOf(gw);
      const operations = [...new Set(labelsOf(samples, 'graphql_requests_total').map((l) => l.operation))];
      expect(operations).toHaveLength(101);
      expect(operations.slice(0, 3)).toEqual(['Op0', 'Op1', 'Op2']);
      expect(operations).toContain('Op99');
      expect(operations).not.toContain('Op100');
      expect(valueOf(samples, 'graphql_requests_total', { operation: 'other', outcome: 'success' })).toBe(3);
      expect(valueOf(samples, 'graphql_requests_total', { operation: 'other', outcome: 'invalid' })).toBe(1);
    });
  });

  test('no label holds a credential or a credential hash, and the process metrics appear once', async () => {
    await withGateway({}, async (gw) => {
      const tenant = { 'x-integr8-api-key': SIMULATOR_KEYS.integr8 };
      await gw.query(PUBLISHERS, undefined, tenant);
      const text = await (await get(gw, '/metrics')).text();
      for (const key of Object.keys(SIMULATOR_KEYS) as (keyof typeof SIMULATOR_KEYS)[]) {
        const name = ({ everflow: 'EVERFLOW', irev: 'IREV', integr8: 'INTEGR8' } as const)[key];
        expect(text).not.toContain(SIMULATOR_KEYS[key]);
        expect(text).not.toContain(credentialHash(name, SIMULATOR_KEYS[key]));
      }
      expect(text.match(/^# TYPE process_cpu_user_seconds_total counter$/gm)).toHaveLength(1);
      expect(text.match(/^# TYPE nodejs_eventloop_lag_seconds gauge$/gm)).toHaveLength(1);
    });
  });

  test('two gateways in one process keep their own series', async () => {
    await withGateway({}, async (a) => {
      await withGateway({}, async (b) => {
        await a.query(PUBLISHERS);
        await a.query(PUBLISHERS);
        await b.query(PUBLISHERS);
        expect(valueOf(await metricsOf(a), 'graphql_requests_total', { operation: 'Publishers' })).toBe(2);
        expect(valueOf(await metricsOf(b), 'graphql_requests_total', { operation: 'Publishers' })).toBe(1);
      });
    });
  });

  test('METRICS_TOKEN protects /metrics with a Bearer token; GATEWAY_API_KEYS does not apply to it', async () => {
    const token = 'metrics-token-0123456789';
    await withGateway({ METRICS_TOKEN: token, GATEWAY_API_KEYS: 'gateway-key-0123456789abcdef' }, async (gw) => {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wrong-token-0123456789' },
        { authorization: token },
        { 'x-api-key': 'gateway-key-0123456789abcdef' },
      ];
      for (const headers of attempts) {
        const response = await get(gw, '/metrics', headers);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await response.json()).toEqual({
          errors: [{ message: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.', extensions: { code: 'UNAUTHENTICATED' } }],
        });
      }
      const samples = await metricsOf(gw, { authorization: `Bearer ${token}` });
      expect(valueOf(samples, 'http_requests_total', { handler: 'metrics', status: '401' })).toBe(4);
      // /health and /ready need neither.
      expect((await get(gw, '/health')).status).toBe(200);
      expect((await get(gw, '/ready')).status).toBe(200);
    });
  });
});
