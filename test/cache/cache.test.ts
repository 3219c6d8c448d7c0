import net from 'node:net';
import Keyv from 'keyv';
import { createCache, GatewayCache, type CacheStats, type SharedStore } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { UpstreamError } from '../../src/errors.js';
import { configureLog } from '../../src/log.js';
import { RESOURCES } from '../../src/vendors/resources.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startTcpProxy } from './tcpProxy.js';

const TENANT_B = 'tenant-b-irev-token';
const TTLS = loadConfig({}).cacheTtlSeconds;
/** These tests are about the read cache: the response cache (test/cache/responses.test.ts) would answer their repeats first. */
const READ_CACHE_ONLY = { RESPONSE_CACHE: 'off' } as const;
const QUERY = `{ clicks(source: { irev: {} }, first: 5) { totalCount nodes { nativeId irev { hash } } } publishers(first: 3) { nodes { name } } }`;

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators({ extraKeys: { irev: [TENANT_B] } });
});
afterAll(() => sims.stop());

test('a repeated query makes no upstream call', async () => {
  const gw = await startTestGateway({ env: READ_CACHE_ONLY, sims });
  try {
    const first = await gw.query(QUERY);
    const calls = gw.requests().length;
    gw.clearRequests();
    const second = await gw.query(QUERY);
    expect(calls).toBe(2);
    expect(gw.requests()).toEqual([]);
    expect(second).toEqual(first);
  } finally {
    await gw.stop();
  }
});

test('two credentials never share entries, and keys hold no credential', async () => {
  const store = new Map<string, unknown>();
  const cache = new GatewayCache(new Keyv({ store }), TTLS);
  const a = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache });
  const b = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache, credentials: { irev: TENANT_B } });
  try {
    const fromA = await a.query(QUERY);
    sims.irev.clearRequests();
    const fromB = await b.query(QUERY);
    // B's iRev read is its own call with its own token, though A's answer is cached.
    expect(sims.irev.requests().map((r) => r.headers.authorization)).toEqual([`Bearer ${TENANT_B}`]);
    const dataB = sims.irev.dataset(TENANT_B);
    expect(fromB.data.clicks.nodes.map((n: { irev: { hash: string } }) => n.irev.hash)).toEqual(
      [...dataB.clicks]
        .sort((x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : y.id - x.id))
        .slice(0, 5)
        .map((c) => c.hash),
    );
    expect(fromB.data.clicks.nodes).not.toEqual(fromA.data.clicks.nodes);
    const keys = [...store.keys()].join('\n');
    expect(keys.length).toBeGreaterThan(0);
    for (const secret of [SIMULATOR_KEYS.irev, SIMULATOR_KEYS.integr8, TENANT_B]) expect(keys).not.toContain(secret);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a store that fails is a cache miss, never a failed request', async () => {
  const broken = new Keyv({
    store: {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
      delete: () => Promise.reject(new Error('store down')),
      clear: () => Promise.reject(new Error('store down')),
    } as never,
  });
  const gw = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache: new GatewayCache(broken, TTLS) });
  try {
    const res = await gw.query(QUERY);
    expect(res.errors).toBeUndefined();
    expect(res.data.clicks.totalCount).toBe(sims.irev.dataset(SIMULATOR_KEYS.irev).clicks.length);
  } finally {
    await gw.stop();
  }
});

test('invalidating a resource makes its cached reads unreachable', async () => {
  const cache = new GatewayCache(new Keyv(), TTLS);
  const scope = { vendor: 'IREV' as const, credentialHash: 'abc' };
  const entry = { scope, resource: RESOURCES.clicks, operation: 'list', params: { page: 1 } };
  let computed = 0;
  const read = () => cache.wrap('list', entry, async () => ++computed);
  expect(await read()).toBe(1);
  expect(await read()).toBe(1);
  await cache.invalidate(scope, 'clicks');
  expect(await read()).toBe(2);
  await cache.invalidate(scope, 'publishers');
  expect(await read()).toBe(2);
});

test('a fresh read asks again and stores the answer; cacheIf can refuse to store', async () => {
  const cache = new GatewayCache(new Keyv(), TTLS);
  const entry = {
    scope: { vendor: 'EVERFLOW' as const, credentialHash: 'abc' },
    resource: RESOURCES.affiliates,
    operation: 'get',
    params: { id: 1 },
  };
  let computed = 0;
  const read = (options = {}) => cache.wrap('entity', entry, async () => ++computed, options);
  expect(await read()).toBe(1);
  expect(await read({ fresh: true })).toBe(2);
  expect(await read()).toBe(2);
  const other = { ...entry, params: { id: 2 } };
  expect(await cache.wrap('entity', other, async () => 'running', { cacheIf: (v: string) => v === 'done' })).toBe('running');
  expect(await cache.wrap('entity', other, async () => 'done', { cacheIf: (v: string) => v === 'done' })).toBe('done');
  expect(await cache.wrap('entity', other, async () => 'never asked')).toBe('done');
});

test('a fresh read never serves a stale copy when the vendor fails: a write must not build on it', async () => {
  const cache = new GatewayCache(new Keyv(), TTLS, 3600);
  const entry = { scope: { vendor: 'INTEGR8' as const, credentialHash: 'abc' }, resource: RESOURCES.publishers, operation: 'get', params: { id: 1 } };
  const outage = () => Promise.reject(new UpstreamError('Integr8 answered 503', 'INTEGR8', 503));
  expect(await cache.wrap('entity', entry, async () => 'v1')).toBe('v1');
  await expect(cache.wrap('entity', entry, outage, { fresh: true })).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
  // A plain read still gets the stale stand-in (its TTL has not even run out here).
  expect(await cache.wrap('entity', entry, outage)).toBe('v1');
});

/** A publishers list whose filter matches every publisher: equal answers, one cache entry per marker. */
const publishersQuery = (marker: string) => `{ publishers(filter: { name: { ne: "${marker}" } }, first: 4) { nodes { nativeId } } }`;

/** The upstream calls one query makes, as "METHOD path". */
async function upstreamCalls(gw: TestGateway, query: string): Promise<string[]> {
  gw.clearRequests();
  const res = await gw.query(query);
  expect(res.errors).toBeUndefined();
  return gw.requests().map((r) => `${r.method} ${r.path}`);
}

test('the in-memory cache is bounded by bytes: the least recently used entry goes first and is read upstream again', async () => {
  // One entry's size, measured: the bound below holds two such entries, not three.
  const probe = createCache(TTLS);
  const probeGateway = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache: probe });
  await probeGateway.query(publishersQuery('a'));
  const one = probe.stats().memory!;
  await probeGateway.stop();
  await probe.close();
  expect(one.entries).toBe(1);
  const maxBytes = Math.floor(one.bytes * 2.5);
  const cache = createCache(TTLS, { maxBytes });
  const gw = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache });
  try {
    const read = (await upstreamCalls(gw, publishersQuery('a'))) as string[];
    expect(read).toHaveLength(1);
    expect(await upstreamCalls(gw, publishersQuery('b'))).toEqual(read);
    // "a" is now the most recently used, so the third entry pushes "b" out.
    expect(await upstreamCalls(gw, publishersQuery('a'))).toEqual([]);
    expect(await upstreamCalls(gw, publishersQuery('c'))).toEqual(read);
    expect(cache.stats().memory).toEqual({ entries: 2, bytes: 2 * one.bytes, maxBytes });
    expect(await upstreamCalls(gw, publishersQuery('a'))).toEqual([]);
    expect(await upstreamCalls(gw, publishersQuery('c'))).toEqual([]);
    expect(await upstreamCalls(gw, publishersQuery('b'))).toEqual(read);
    expect(cache.stats()).toEqual({
      hits: 3,
      misses: 4,
      staleServed: 0,
      storeErrors: 0,
      store: 'memory',
      memory: { entries: 2, bytes: 2 * one.bytes, maxBytes },
    } satisfies CacheStats);
  } finally {
    await gw.stop();
    await cache.close();
  }
});

test('the in-memory store keeps an entry for its TTL plus the stale window, then drops it', async () => {
  const cache = createCache({ ...TTLS, entity: 1 }, { staleIfErrorSeconds: 1 });
  const entry = { scope: { vendor: 'INTEGR8' as const, credentialHash: 'abc' }, resource: RESOURCES.publishers, operation: 'get', params: { id: 1 } };
  const outage = () => Promise.reject(new UpstreamError('Integr8 answered 503', 'INTEGR8', 503));
  try {
    expect(await cache.wrap('entity', entry, async () => 'v1')).toBe('v1');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // Past its TTL, inside the stale window: still in the store, standing in for the failing vendor.
    expect(await cache.wrap('entity', entry, outage)).toBe('v1');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expect(cache.wrap('entity', entry, outage)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 3, staleServed: 1, memory: { entries: 0, bytes: 0 } });
  } finally {
    await cache.close();
  }
});

/** Log lines written while `run` runs, parsed. */
async function logsOf(run: () => Promise<void>): Promise<{ level: string; message: string; [field: string]: unknown }[]> {
  const lines: string[] = [];
  configureLog({ level: 'info', sink: (line) => void lines.push(line) });
  try {
    await run();
  } finally {
    configureLog({ level: 'silent', sink: (line) => void process.stderr.write(line) });
  }
  return lines.map((line) => JSON.parse(line));
}

/** Waits until `check` holds, up to `ms`. */
async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('with Redis down, queries are answered and cached in memory, and the outage is logged once without credentials', async () => {
  const reference = await startTestGateway({ env: READ_CACHE_ONLY, sims });
  const expected = await reference.query(QUERY);
  await reference.stop();
  let gw: TestGateway | undefined;
  const logs = await logsOf(async () => {
    // Nothing listens on port 1: every connection attempt is refused.
    gw = await startTestGateway({ sims, env: { ...READ_CACHE_ONLY, REDIS_URL: 'redis://gateway:s3cret-redis-pass@127.0.0.1:1' } });
    try {
      gw.clearRequests();
      expect(await gw.query(QUERY)).toEqual(expected);
      expect(gw.requests()).toHaveLength(2);
      gw.clearRequests();
      // The local store stands in for Redis: the repeat is answered from it.
      expect(await gw.query(QUERY)).toEqual(expected);
      expect(gw.requests()).toEqual([]);
      expect(gw.server.cache.stats()).toMatchObject({ store: 'degraded', staleServed: 0 });
      expect(gw.server.cache.stats().hits).toBeGreaterThan(0);
    } finally {
      await gw.stop();
    }
  });
  // Noticed by a request, the line carries its requestId; noticed by the client's reconnects, none.
  const redisLines = logs.filter((line) => /redis/i.test(line.message)).map(({ requestId: _requestId, ...line }) => line);
  expect(redisLines).toEqual([
    {
      time: expect.any(String),
      level: 'warn',
      message: expect.stringMatching(/^Redis cache unavailable \(.*ECONNREFUSED.*\): /),
      redis: 'redis://127.0.0.1:1',
      error: expect.stringContaining('ECONNREFUSED'),
    },
  ]);
  expect(JSON.stringify(logs)).not.toContain('s3cret-redis-pass');
});

/** A shared store in memory that a test can take down and bring back, as Redis would go. */
function fakeRedis() {
  const data = new Map<string, unknown>();
  let down = false;
  let events: Parameters<SharedStore['watch']>[0] | undefined;
  const refuse = () => Promise.reject(new Error('connect ECONNREFUSED'));
  const store: SharedStore = {
    label: 'redis://fake:6379',
    get: async <T>(key: string) => (down ? refuse() : (data.get(key) as T | undefined)),
    set: async (key, value) => (down ? refuse() : void data.set(key, value)),
    ping: async () => (down ? refuse() : undefined),
    watch: (watcher) => void (events = watcher),
    close: async () => undefined,
  };
  return {
    store,
    data,
    /** Takes the store down (the client reports the lost connection) or brings it back. */
    setDown(value: boolean) {
      down = value;
      if (value) events?.error(new Error('Socket closed unexpectedly'));
      else events?.ready();
    },
  };
}

test('while Redis is down, local copies are fresh for degradedTtlSeconds at most, and one outage never reads the copies of another', async () => {
  const redis = fakeRedis();
  const cache = new GatewayCache(new Keyv(), TTLS, 0, { shared: redis.store, degradedTtlSeconds: 1, probeIntervalMs: 10 });
  const entry = {
    scope: { vendor: 'EVERFLOW' as const, credentialHash: 'abc' },
    resource: RESOURCES.affiliates,
    operation: 'get',
    params: { id: 7 },
  };
  let computed = 0;
  const read = () => cache.wrap('entity', entry, async () => ++computed);
  try {
    expect(await read()).toBe(1);
    redis.setDown(true);
    expect(cache.stats().store).toBe('degraded');
    // The outage's local store starts empty, then holds the new answer.
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Another instance may have invalidated it in Redis meanwhile: a local copy is fresh for 1 s only.
    expect(await read()).toBe(3);
    redis.setDown(false);
    await eventually(() => cache.stats().store === 'redis');
    // Redis's copy was never invalidated, and is within its TTL.
    expect(await read()).toBe(1);
    redis.setDown(true);
    expect(await read()).toBe(4);
    expect(cache.stats()).toEqual({ hits: 2, misses: 4, staleServed: 0, storeErrors: 0, store: 'degraded' } satisfies CacheStats);
  } finally {
    await cache.close();
  }
});

test('an invalidation made while Redis is down is written to Redis on recovery, before any read goes there', async () => {
  const redis = fakeRedis();
  const cache = new GatewayCache(new Keyv(), TTLS, 0, { shared: redis.store, probeIntervalMs: 10 });
  const other = new GatewayCache(new Keyv(), TTLS, 0, { shared: { ...redis.store, watch: () => undefined } });
  const scope = { vendor: 'IREV' as const, credentialHash: 'abc' };
  const entry = { scope, resource: RESOURCES.clicks, operation: 'list', params: { page: 1 } };
  let computed = 0;
  const read = (from: GatewayCache) => from.wrap('list', entry, async () => ++computed);
  try {
    expect(await read(cache)).toBe(1);
    expect(await read(other)).toBe(1);
    redis.setDown(true);
    // A write through this instance while Redis is away: its own reads see it at once.
    await cache.invalidate(scope, 'clicks');
    expect(await read(cache)).toBe(2);
    expect(await read(cache)).toBe(2);
    redis.setDown(false);
    await eventually(() => cache.stats().store === 'redis');
    // Redis's copy from before the write is unreachable, for this instance and the others.
    expect(await read(cache)).toBe(3);
    expect(await read(other)).toBe(3);
  } finally {
    await cache.close();
    await other.close();
  }
});

describe('Redis store', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  /** Timeouts for tests that are not about timeouts: a shared, busy machine must not make them flaky. */
  const SLACK = { connectMs: 1000, commandMs: 1000 };
  const target = { host: new URL(redisUrl).hostname, port: Number(new URL(redisUrl).port || 6379) };
  let reachable = false;
  /** Whether Redis answers; in CI a missing Redis is a failure, not a skip. */
  const requireRedis = () => {
    if (!reachable) expect(process.env.CI).not.toBe('true');
    return reachable;
  };

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
      console.log(`Skipping the Redis store tests: nothing answers at ${redisUrl} (they are required when CI=true).`);
    }
  });

  test('answers repeated queries from Redis, keyed without credentials', async () => {
    if (!requireRedis()) return;
    const cache = createCache(TTLS, { redisUrl, redisTimeouts: SLACK });
    const gw = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache });
    gw.clearRequests();
    try {
      const marker = `redis-${Date.now()}`;
      const query = `{ publishers(filter: { name: { ne: "${marker}" } }, first: 4) { nodes { nativeId } } }`;
      const first = await gw.query(query);
      expect(gw.requests('integr8')).toHaveLength(1);
      gw.clearRequests();
      // A second gateway with its own connection to the same Redis: several instances share the cache.
      const otherCache = createCache(TTLS, { redisUrl, redisTimeouts: SLACK });
      const other = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache: otherCache });
      try {
        expect(await other.query(query)).toEqual(first);
        expect(other.requests()).toEqual([]);
      } finally {
        await other.stop();
        await otherCache.close();
      }
      const { createClient } = await import('@keyv/redis');
      const client = createClient({ url: redisUrl });
      await client.connect();
      const keys = await client.keys('*');
      await client.quit();
      expect(keys.some((key) => key.includes('INTEGR8'))).toBe(true);
      expect(keys.join('\n')).not.toContain(SIMULATOR_KEYS.integr8);
    } finally {
      await gw.stop();
      await cache.close();
    }
  });

  test('a TTL with a fraction of a millisecond (what is left of a read) is stored in Redis in whole ms, and the cache stays on Redis', async () => {
    if (!requireRedis()) return;
    const cache = createCache(TTLS, { redisUrl, redisTimeouts: SLACK });
    try {
      const key = `fraction-${Date.now()}`;
      // Redis refuses PX 1734.5678 ("value is not an integer or out of range"), which used to take the instance off Redis.
      await cache.keep(key, cache.storeEpoch(), { body: 'kept' }, 1.7345678);
      expect(cache.stats()).toMatchObject({ store: 'redis', storeErrors: 0 });
      const { createClient } = await import('@keyv/redis');
      const client = createClient({ url: redisUrl });
      await client.connect();
      const stored = (await client.keys(`*${key}*`))[0];
      const pttl = await client.pTTL(stored);
      await client.quit();
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(1734);
      // An entry with nothing left to live is not written.
      await cache.keep(`${key}-over`, cache.storeEpoch(), { body: 'over' }, 0.0004);
      expect(cache.stats()).toMatchObject({ store: 'redis', storeErrors: 0 });
    } finally {
      await cache.close();
    }
  });

  test('when Redis becomes unreachable the cache falls back to memory, and goes back to Redis by itself', async () => {
    if (!requireRedis()) return;
    const proxy = await startTcpProxy(target);
    // Timeouts far above Redis's answer times on a busy machine: this test is about a lost connection.
    const cache = createCache(TTLS, { redisUrl: `redis://127.0.0.1:${proxy.port}`, redisTimeouts: SLACK, probeIntervalMs: 100 });
    const gw = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache });
    const query = publishersQuery(`proxy-${Date.now()}`);
    const logs = await logsOf(async () => {
      try {
        const read = await upstreamCalls(gw, query);
        expect(read).toHaveLength(1);
        expect(await upstreamCalls(gw, query)).toEqual([]);
        expect(cache.stats().store).toBe('redis');
        // Redis keeps running for the other tests; only this client loses it.
        await proxy.close();
        await eventually(() => cache.stats().store === 'degraded');
        // The outage's local store starts empty: one call, then answered from memory.
        expect(await upstreamCalls(gw, query)).toEqual(read);
        expect(await upstreamCalls(gw, query)).toEqual([]);
        await proxy.open();
        await eventually(() => cache.stats().store === 'redis');
        // Back on Redis, whose copy is still valid.
        expect(await upstreamCalls(gw, query)).toEqual([]);
      } finally {
        await gw.stop();
        await cache.close();
        await proxy.close();
      }
    });
    const redisLines = logs.filter((line) => /redis/i.test(line.message));
    expect(redisLines.map(({ level, message }) => [level, message])).toEqual([
      ['warn', expect.stringMatching(/^Redis cache unavailable \(.+\)/)],
      ['info', expect.stringMatching(/^Redis cache available again/)],
    ]);
  });

  test('a Redis slower than the command timeout counts as down: the query goes on without it', async () => {
    if (!requireRedis()) return;
    const proxy = await startTcpProxy(target);
    const cache = createCache(TTLS, {
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      redisTimeouts: { connectMs: 1000, commandMs: 200 },
      probeIntervalMs: 100,
    });
    const gw = await startTestGateway({ env: READ_CACHE_ONLY, sims, cache });
    const query = publishersQuery(`slow-${Date.now()}`);
    try {
      const read = await upstreamCalls(gw, query);
      expect(read).toHaveLength(1);
      // Connected, but nothing answers: the first command times out and the cache stops asking Redis.
      proxy.stall();
      expect(await upstreamCalls(gw, query)).toEqual(read);
      expect(cache.stats().store).toBe('degraded');
      expect(cache.stats().storeErrors).toBeGreaterThanOrEqual(1);
      proxy.resume();
      await eventually(() => cache.stats().store === 'redis');
      expect(await upstreamCalls(gw, query)).toEqual([]);
    } finally {
      await gw.stop();
      await cache.close();
      await proxy.close();
    }
  });
});
