import net from 'node:net';
import { createCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { configureLog } from '../../src/log.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway, type GqlResponse, type TestGateway, type TestGatewayOptions } from '../helpers/gateway.js';

/** The whole-response cache (src/cache/responses.ts), through real HTTP. */

const A = { irev: 'resp-tenant-a-irev-token', integr8: 'resp-tenant-a-integr8-key' };
const B = { irev: 'resp-tenant-b-irev-token', integr8: 'resp-tenant-b-integr8-key' };
const tenant = (t: typeof A) => ({ 'x-irev-api-token': t.irev, 'x-integr8-api-key': t.integr8 });
const PUBLISHERS = '{ publishers(first: 5) { totalCount nodes { id nativeId name } } }';
const BOTH = `query Both { clicks(source: { irev: {} }, first: 3) { nodes { irev { hash } } } publishers(first: 3) { nodes { nativeId } } }`;
const UPDATE = `mutation($input: UpdatePublisherInput!) { updatePublisher(input: $input) { publisher { id name } userErrors { field message } } }`;

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators({ extraKeys: { irev: [A.irev, B.irev], integr8: [A.integr8, B.integr8] } });
});
afterAll(() => sims.stop());
beforeEach(() => {
  for (const sim of [sims.everflow, sims.irev, sims.integr8]) {
    sim.clearFaults();
    sim.clearRequests();
  }
});

/** A gateway of its own (own caches) on the shared simulators. */
async function withGateway(options: TestGatewayOptions, run: (gw: TestGateway) => Promise<void>): Promise<void> {
  const gw = await startTestGateway({ sims, ...options, env: { RETRY_LIMIT: '0', ...options.env } });
  try {
    await run(gw);
  } finally {
    await gw.stop();
  }
}

/** Posts `body` as it is, with these headers, and returns the status, the headers and the text. */
async function raw(gw: TestGateway, init: { method?: string; body?: string; headers?: Record<string, string>; search?: string }) {
  const response = await fetch(gw.url + (init.search ?? ''), {
    method: init.method ?? 'POST',
    headers: init.method === 'GET' ? init.headers : { 'content-type': 'application/json', ...init.headers },
    body: init.body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

test('a repeated query is answered from the response cache: the same bytes, no upstream call, no resolver', async () => {
  await withGateway({}, async (gw) => {
    const body = JSON.stringify({ query: PUBLISHERS });
    const first = await raw(gw, { body });
    expect(first.status).toBe(200);
    expect(gw.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v2/publishers']);
    const reads = gw.server.cache.stats();
    gw.clearRequests();
    const second = await raw(gw, { body });
    expect(second).toEqual({ ...first, headers: second.headers });
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(gw.requests()).toEqual([]);
    // No resolver ran: the read cache saw no lookup at all.
    expect(gw.server.cache.stats()).toEqual(reads);
    expect(gw.server.responses!.stats()).toEqual({ hits: 1, misses: 1, stored: 1 });
    const metrics = await (await fetch(new URL('/metrics', gw.url))).text();
    expect(metrics).toMatch(/^response_cache_hits_total 1$/m);
    expect(metrics).toMatch(/^response_cache_stores_total 1$/m);
    // Another text is another entry, even for the same operation.
    await raw(gw, { body: JSON.stringify({ query: PUBLISHERS + ' ' }) });
    expect(gw.server.responses!.stats()).toEqual({ hits: 1, misses: 2, stored: 2 });
  });
});

test('a hit has its access-log line, with the operation name and no upstream call', async () => {
  await withGateway({}, async (gw) => {
    await gw.query(BOTH);
    const lines: string[] = [];
    configureLog({ level: 'info', sink: (line) => lines.push(line) });
    try {
      await gw.query(BOTH);
    } finally {
      configureLog({ level: 'silent', sink: (line) => void process.stderr.write(line) });
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.message === 'request');
    expect(entries).toEqual([expect.objectContaining({ status: 200, operation: 'Both', upstreamCalls: 0, cacheHits: 0, cacheMisses: 0 })]);
  });
});

test('two tenants with the same query text never get each other’s response', async () => {
  await withGateway({}, async (gw) => {
    const a = await gw.query(BOTH, {}, tenant(A));
    const b = await gw.query(BOTH, {}, tenant(B));
    const plain = await gw.query(BOTH);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data).not.toEqual(b.data);
    expect(a.data).not.toEqual(plain.data);
    // One tenant's credential for one vendor only is a tenant of its own too.
    const mixed = await gw.query(BOTH, {}, { 'x-irev-api-token': A.irev });
    expect(mixed.data.clicks).toEqual(a.data.clicks);
    expect(mixed.data.publishers).toEqual(plain.data.publishers);
    expect(gw.server.responses!.stats()).toMatchObject({ hits: 0, stored: 4 });
    gw.clearRequests();
    const again = await Promise.all([
      gw.query(BOTH, {}, tenant(B)),
      gw.query(BOTH, {}, tenant(A)),
      gw.query(BOTH),
      gw.query(BOTH, {}, { 'x-irev-api-token': A.irev }),
    ]);
    expect(again.map((res) => res.data)).toEqual([b.data, a.data, plain.data, mixed.data]);
    expect(gw.requests()).toEqual([]);
    expect(gw.server.responses!.stats()).toMatchObject({ hits: 4, stored: 4 });
  });
});

test('a write through the gateway makes the responses that read what it changed unreachable', async () => {
  await withGateway({}, async (gw) => {
    const first = await gw.query(PUBLISHERS);
    const publisher = first.data.publishers.nodes[0];
    await gw.query(PUBLISHERS);
    expect(gw.server.responses!.stats().hits).toBe(1);
    const name = `Renamed ${Date.now()}`;
    const write = await gw.query(UPDATE, { input: { id: publisher.id, name } });
    expect(write.data.updatePublisher.userErrors).toEqual([]);
    gw.clearRequests();
    const after = await gw.query(PUBLISHERS);
    expect(after.data.publishers.nodes[0]).toEqual({ ...publisher, name });
    expect(gw.requests('integr8').map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v2/publishers']);
    // Mutations are never stored: the same write again is sent again.
    gw.clearRequests();
    await gw.query(UPDATE, { input: { id: publisher.id, name } });
    expect(gw.requests('integr8').filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});

test('a response read before a write completed is never served after it', async () => {
  await withGateway({}, async (gw) => {
    const { data } = await gw.query('{ publishers(first: 2) { nodes { id name } } }');
    const id = data.publishers.nodes[0].id;
    // The list read is slow: the write starts and completes while it is under way.
    const query = '{ publishers(first: 3) { nodes { id name } } }';
    sims.integr8.injectFault({ method: 'GET', path: '/api/v2/publishers', delayMs: 400 });
    const slow = gw.query(query);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const name = `Concurrent ${Date.now()}`;
    const write = await gw.query(UPDATE, { input: { id, name } });
    expect(write.data.updatePublisher.userErrors).toEqual([]);
    await slow;
    gw.clearRequests();
    const after = await gw.query(query);
    expect(after.data.publishers.nodes[0]).toEqual({ id, name });
    expect(gw.requests('integr8')).toHaveLength(1);
  });
});

test('errors, partial data and warnings are never stored', async () => {
  await withGateway({ env: { CACHE_TTL_LIST_SECONDS: '1' } }, async (gw) => {
    // A document that does not validate.
    const invalid = await gw.query('{ publishers(first: 2) { nodes { nope } } }');
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await gw.query('{ publishers(first: 2) { nodes { nope } } }');
    // Partial data: iRev fails, Integr8 answers.
    sims.irev.injectFault({ status: 500, times: 10 });
    const partial = await gw.query(BOTH);
    expect(partial.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
    expect(partial.data.publishers.nodes).toHaveLength(3);
    sims.irev.clearFaults();
    const whole = await gw.query(BOTH);
    expect(whole.errors).toBeUndefined();
    expect(whole.data.clicks.nodes).toHaveLength(3);
    expect(gw.server.responses!.stats()).toEqual({ hits: 0, misses: 4, stored: 1 });
    // A warning: the list expired (TTL 1 s) and Integr8 fails, so a stale copy stands in.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    sims.integr8.injectFault({ status: 503, times: 10 });
    const stale: GqlResponse = await gw.query(BOTH);
    expect(stale.extensions?.warnings?.map((w) => w.code)).toEqual(['STALE_DATA']);
    sims.integr8.clearFaults();
    gw.clearRequests();
    const fresh: GqlResponse = await gw.query(BOTH);
    expect(fresh.extensions).toBeUndefined();
    expect(gw.requests('integr8')).toHaveLength(1);
    expect(gw.server.responses!.stats()).toEqual({ hits: 0, misses: 6, stored: 2 });
  });
});

test('a response lives as long as the shortest TTL of the reads it used', async () => {
  await withGateway({ env: { CACHE_TTL_LIST_SECONDS: '1', CACHE_TTL_ENTITY_SECONDS: '300' } }, async (gw) => {
    await gw.query(PUBLISHERS);
    gw.clearRequests();
    await gw.query(PUBLISHERS);
    expect(gw.requests()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await gw.query(PUBLISHERS);
    expect(gw.requests('integr8')).toHaveLength(1);
  });
  // A kind with TTL 0 is not cached, so neither is a response that read it.
  await withGateway({ env: { CACHE_TTL_LIST_SECONDS: '0' } }, async (gw) => {
    await gw.query(PUBLISHERS);
    gw.clearRequests();
    await gw.query(PUBLISHERS);
    expect(gw.requests('integr8')).toHaveLength(1);
    expect(gw.server.responses!.stats().stored).toBe(0);
  });
});

test('a batch is never stored nor answered from the cache; RESPONSE_CACHE=off turns the cache off', async () => {
  await withGateway({}, async (gw) => {
    const single = JSON.stringify({ query: PUBLISHERS });
    await raw(gw, { body: single });
    const batch = `[${single}]`;
    const answers = [await raw(gw, { body: batch }), await raw(gw, { body: batch })];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(JSON.parse(answers[1].text)).toHaveLength(1);
    expect(gw.server.responses!.stats()).toEqual({ hits: 0, misses: 3, stored: 1 });
  });
  await withGateway({ env: { RESPONSE_CACHE: 'off' } }, async (gw) => {
    expect(gw.server.responses).toBeUndefined();
    await gw.query(PUBLISHERS);
    await gw.query(PUBLISHERS);
    expect(gw.server.cache.stats().hits).toBe(1);
  });
  expect(loadConfig({}).responseCache).toEqual({ enabled: true, maxBytes: 1024 * 1024 });
  expect(loadConfig({ RESPONSE_CACHE: 'no', RESPONSE_CACHE_MAX_BYTES: '2048' }).responseCache).toEqual({ enabled: false, maxBytes: 2048 });
  expect(() => loadConfig({ RESPONSE_CACHE: 'maybe' })).toThrow(/RESPONSE_CACHE: must be true or false/);
});

test('a response over RESPONSE_CACHE_MAX_BYTES is answered but not stored', async () => {
  await withGateway({ env: { RESPONSE_CACHE_MAX_BYTES: '100' } }, async (gw) => {
    await gw.query(PUBLISHERS);
    gw.clearRequests();
    await gw.query(PUBLISHERS);
    expect(gw.server.responses!.stats().stored).toBe(0);
    // The read cache still answers.
    expect(gw.requests()).toEqual([]);
  });
});

describe('checks a hit cannot bypass', () => {
  const KEY = 'resp-gateway-key-0123456789abcdef';
  const OTHER = 'resp-other-key-0123456789abcdef';

  test('gateway API keys are still required on a hit, and each key has its own entries', async () => {
    await withGateway({ env: { GATEWAY_API_KEYS: `${OTHER},${KEY}` } }, async (gw) => {
      const body = JSON.stringify({ query: PUBLISHERS });
      const ok = await raw(gw, { body, headers: { authorization: `Bearer ${KEY}` } });
      expect(ok.status).toBe(200);
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-key-0123456789abcdef' }, { 'x-api-key': 'short' }];
      for (const headers of attempts) {
        const refused = await raw(gw, { body, headers });
        expect(refused.status).toBe(401);
        expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      expect((await raw(gw, { body, headers: { 'x-api-key': KEY } })).text).toBe(ok.text);
      expect(gw.server.responses!.stats()).toEqual({ hits: 1, misses: 1, stored: 1 });
      expect((await raw(gw, { body, headers: { 'x-api-key': OTHER } })).text).toBe(ok.text);
      expect(gw.server.responses!.stats()).toEqual({ hits: 1, misses: 2, stored: 2 });
    });
  });

  test('CSRF prevention still holds on a hit', async () => {
    await withGateway({}, async (gw) => {
      const search = `?query=${encodeURIComponent(PUBLISHERS)}`;
      const preflighted = await raw(gw, { method: 'GET', search, headers: { 'apollo-require-preflight': 'true' } });
      expect(preflighted.status).toBe(200);
      expect((await raw(gw, { method: 'GET', search, headers: { 'apollo-require-preflight': 'true' } })).text).toBe(preflighted.text);
      expect(gw.server.responses!.stats()).toMatchObject({ hits: 1, stored: 1 });
      // The same GET without the preflight header, or the same POST body as a simple request: refused.
      const simple = await raw(gw, { method: 'GET', search });
      expect(simple.status).toBe(400);
      expect(simple.text).toMatch(/CSRF|preflight/i);
      const body = JSON.stringify({ query: PUBLISHERS });
      expect((await raw(gw, { body })).status).toBe(200);
      const form = await raw(gw, { body, headers: { 'content-type': 'text/plain' } });
      expect(form.status).toBe(400);
      expect(gw.server.responses!.stats()).toMatchObject({ hits: 1, stored: 2 });
    });
  });

  test('query-shape limits: a gateway with lower limits never serves what it refuses', async () => {
    const cache = createCache(loadConfig({}).cacheTtlSeconds);
    try {
      const deep = '{ publishers(first: 20) { nodes { id name } } }';
      await withGateway({ cache }, async (gw) => {
        expect((await gw.query(deep)).errors).toBeUndefined();
      });
      await withGateway({ cache, env: { MAX_QUERY_COST: '10' } }, async (gw) => {
        const refused = await gw.query(deep);
        expect(refused.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
      });
    } finally {
      await cache.close();
    }
  });
});

describe('Redis', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const SLACK = { connectMs: 1000, commandMs: 1000 };
  let reachable = false;
  beforeAll(async () => {
    const { hostname, port } = new URL(redisUrl);
    reachable = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port || 6379), hostname);
      socket.setTimeout(1000);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
    if (!reachable && process.env.CI !== 'true') {
      console.log(`Skipping the Redis response-cache test: nothing answers at ${redisUrl} (it is required when CI=true).`);
    }
  });

  test('instances on one Redis share responses, and a write through one makes them unreachable through the other', async () => {
    if (!reachable) return expect(process.env.CI).not.toBe('true');
    const caches = [
      createCache(loadConfig({}).cacheTtlSeconds, { redisUrl, redisTimeouts: SLACK }),
      createCache(loadConfig({}).cacheTtlSeconds, { redisUrl, redisTimeouts: SLACK }),
    ];
    try {
      await withGateway({ cache: caches[0] }, async (one) => {
        await withGateway({ cache: caches[1] }, async (two) => {
          // A text no earlier run stored.
          const query = `{ publishers(first: 4, filter: { name: { ne: "resp-${Date.now()}" } }) { nodes { id name } } }`;
          const first = await one.query(query);
          one.clearRequests();
          expect(await two.query(query)).toEqual(first);
          expect(two.requests()).toEqual([]);
          expect(two.server.responses!.stats()).toMatchObject({ hits: 1, stored: 0 });
          const name = `Shared ${Date.now()}`;
          const id = first.data.publishers.nodes[0].id;
          expect((await two.query(UPDATE, { input: { id, name } })).data.updatePublisher.userErrors).toEqual([]);
          two.clearRequests();
          const after = await one.query(query);
          expect(after.data.publishers.nodes[0]).toEqual({ id, name });
          expect(one.requests('integr8')).toHaveLength(1);
        });
      });
      const { createClient } = await import('@keyv/redis');
      const client = createClient({ url: redisUrl });
      await client.connect();
      const keys = await client.keys('*response:*');
      await client.quit();
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join('\n')).not.toContain(SIMULATOR_KEYS.integr8);
    } finally {
      await Promise.all(caches.map((cache) => cache.close()));
    }
  });
});
