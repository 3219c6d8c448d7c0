import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulators, type Simulators } from '../../src/vendors/simulators.js';
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

/** A gateway on the shared simulators with quick retries; each test gets its own (own cache, own circuits). */
async function gateway(env: NodeJS.ProcessEnv = {}): Promise<TestGateway> {
  return startTestGateway({ sims, env: { RETRY_BASE_DELAY_MS: '5', ...env } });
}

const PUBLISHERS = (n = 3) => `{ publishers(first: ${n}) { nodes { nativeId } } }`;
const publisherCalls = () => sims.integr8.requests().filter((r) => r.path === '/api/v2/publishers');

describe('retries', () => {
  test.each([
    ['503', { status: 503 }],
    ['502', { status: 502 }],
    ['504', { status: 504 }],
    ['a dropped connection', { drop: true }],
    ['a delay over the timeout', { delayMs: 400 }],
  ])('a read is retried after %s and answers', async (_, fault) => {
    const gw = await gateway({ INTEGR8_TIMEOUT_MS: '200' });
    try {
      sims.integr8.injectFault({ path: '/api/v2/publishers', times: 2, ...fault });
      const res = await gw.query(PUBLISHERS());
      expect(res.errors).toBeUndefined();
      expect(res.data.publishers.nodes).toHaveLength(3);
      expect(publisherCalls()).toHaveLength(3);
    } finally {
      await gw.stop();
    }
  });

  test('a 429 is retried after the Retry-After the vendor asks for', async () => {
    const gw = await gateway();
    try {
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 429, headers: { 'retry-after': '1' } });
      const started = Date.now();
      const res = await gw.query(PUBLISHERS());
      expect(res.errors).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(publisherCalls()).toHaveLength(2);
    } finally {
      await gw.stop();
    }
  });

  test('a Retry-After beyond the request budget gives up at once as RATE_LIMITED', async () => {
    const gw = await gateway({ REQUEST_BUDGET_MS: '2000' });
    try {
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 429, headers: { 'retry-after': '30' } });
      const started = Date.now();
      const res = await gw.query(PUBLISHERS());
      expect(Date.now() - started).toBeLessThan(1500);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', vendor: 'INTEGR8', upstreamStatus: 429 });
      expect(publisherCalls()).toHaveLength(1);
    } finally {
      await gw.stop();
    }
  });

  test('retries stop after RETRY_LIMIT', async () => {
    const gw = await gateway({ RETRY_LIMIT: '2' });
    try {
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 503, times: 10 });
      const res = await gw.query(PUBLISHERS());
      expect(res.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
      expect(publisherCalls()).toHaveLength(3);
    } finally {
      await gw.stop();
    }
  });

  test('a create (POST) is never repeated; an idempotent PATCH is', async () => {
    const gw = await gateway();
    try {
      sims.integr8.injectFault({ path: '/api/v2/publishers', method: 'POST', status: 503 });
      const created = await gw.query(`mutation { createPublisher(input: { name: "Retry Media" }) { publisher { id } userErrors { message } } }`);
      expect(created.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamStatus: 503 });
      expect(sims.integr8.requests().filter((r) => r.method === 'POST')).toHaveLength(1);

      const list = await gw.query(PUBLISHERS(1));
      sims.integr8.clearRequests();
      sims.integr8.injectFault({ path: '/api/v2/publishers/status', method: 'PATCH', status: 503 });
      const id = Buffer.from(JSON.stringify(['INTEGR8', 'Publisher', list.data.publishers.nodes[0].nativeId])).toString('base64url');
      const patched = await gw.query(
        `mutation($id: ID!) { setPublishersActive(input: { ids: [$id], active: false }) { results { status } userErrors { message } } }`,
        { id },
      );
      expect(patched.errors).toBeUndefined();
      expect(patched.data.setPublishersActive.results).toEqual([{ status: 'CHANGED' }]);
      expect(sims.integr8.requests().filter((r) => r.method === 'PATCH')).toHaveLength(2);
    } finally {
      await gw.stop();
    }
  });
});

describe('circuit breaker', () => {
  test('opens after repeated failures, fails fast, and closes when a probe succeeds', async () => {
    const gw = await gateway({ RETRY_LIMIT: '0', CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_COOLDOWN_MS: '400' });
    try {
      sims.integr8.injectFault({ path: /^\/api\/v2\//, status: 500, times: 3 });
      for (let i = 1; i <= 3; i++) {
        const res = await gw.query(PUBLISHERS(i));
        expect(res.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
      }
      const calls = sims.integr8.requests().length;
      const open = await gw.query(PUBLISHERS(4));
      expect(open.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', vendor: 'INTEGR8' });
      expect(open.errors?.[0].message).toMatch(/circuit open/);
      expect(sims.integr8.requests()).toHaveLength(calls);
      // Other vendors are not affected.
      expect((await gw.query(`{ affiliates(first: 1) { totalCount } }`)).errors).toBeUndefined();
      await sleep(450);
      const probe = await gw.query(PUBLISHERS(5));
      expect(probe.errors).toBeUndefined();
      expect((await gw.query(PUBLISHERS(6))).errors).toBeUndefined();
    } finally {
      await gw.stop();
    }
  });

  test('4xx answers do not open the circuit', async () => {
    const gw = await gateway({ RETRY_LIMIT: '0', CIRCUIT_FAILURE_THRESHOLD: '2' });
    try {
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 404, times: 3 });
      for (let i = 1; i <= 3; i++) expect((await gw.query(PUBLISHERS(i))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await gw.query(PUBLISHERS(9))).errors).toBeUndefined();
    } finally {
      await gw.stop();
    }
  });
});

describe('bulkhead and connections', () => {
  test('no more than VENDOR_MAX_CONCURRENCY calls are in flight at one vendor', async () => {
    const gw = await gateway({ VENDOR_MAX_CONCURRENCY: '2' });
    try {
      sims.irev.injectFault({ delayMs: 100, times: 8 });
      sims.irev.resetStats();
      const pages = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((page) => gw.query(`{ clicks(source: { irev: {} }, page: ${page}, pageSize: 5) { nodes { nativeId } } }`)),
      );
      expect(pages.every((res) => !res.errors && res.data.clicks.nodes.length === 5)).toBe(true);
      expect(sims.irev.stats().peakConcurrency).toBe(2);
    } finally {
      await gw.stop();
    }
  });

  test('calls reuse keep-alive connections', async () => {
    const gw = await gateway();
    try {
      sims.irev.resetStats();
      for (let page = 1; page <= 5; page++) await gw.query(`{ clicks(source: { irev: {} }, page: ${page}, pageSize: 2) { totalCount } }`);
      expect(sims.irev.requests()).toHaveLength(5);
      expect(sims.irev.stats().connections).toBe(1);
    } finally {
      await gw.stop();
    }
  });
});

describe('stale data', () => {
  test('a failing vendor is answered from an expired cached copy, with a warning giving its age', async () => {
    const gw = await gateway({ CACHE_TTL_LIST_SECONDS: '1', STALE_IF_ERROR_SECONDS: '60', RETRY_LIMIT: '0' });
    try {
      const fresh = await gw.query(PUBLISHERS());
      expect(fresh.extensions).toBeUndefined();
      await sleep(1100);
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 503, times: 5 });
      const stale = await gw.query(PUBLISHERS());
      expect(stale.errors).toBeUndefined();
      expect(stale.data).toEqual(fresh.data);
      expect(stale.extensions?.warnings).toEqual([
        { code: 'STALE_DATA', vendor: 'INTEGR8', ageSeconds: expect.any(Number), message: expect.stringMatching(/cached copy/) },
      ]);
      expect(stale.extensions!.warnings![0].ageSeconds).toBeGreaterThanOrEqual(1);
      // Requests that join the same failing fetch each carry the warning.
      await sleep(1100);
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 503, delayMs: 150, times: 5 });
      const joined = await Promise.all([gw.query(PUBLISHERS()), gw.query(PUBLISHERS())]);
      expect(joined.map((res) => res.extensions?.warnings?.[0].code)).toEqual(['STALE_DATA', 'STALE_DATA']);
      expect(joined.map((res) => res.data)).toEqual([fresh.data, fresh.data]);
      // A read never cached still fails.
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 503, times: 5 });
      expect((await gw.query(PUBLISHERS(7))).errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
    } finally {
      await gw.stop();
    }
  });
});
