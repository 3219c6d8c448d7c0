import net from 'node:net';
import Keyv from 'keyv';
import { createCache, GatewayCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { UpstreamError } from '../../src/errors.js';
import { RESOURCES } from '../../src/vendors/resources.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway } from '../helpers/gateway.js';

const TENANT_B = 'tenant-b-irev-token';
const TTLS = loadConfig({}).cacheTtlSeconds;
const QUERY = `{ clicks(source: { irev: {} }, first: 5) { totalCount nodes { nativeId irev { hash } } } publishers(first: 3) { nodes { name } } }`;

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators({ extraKeys: { irev: [TENANT_B] } });
});
afterAll(() => sims.stop());

test('a repeated query makes no upstream call', async () => {
  const gw = await startTestGateway({ sims });
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
  const a = await startTestGateway({ sims, cache });
  const b = await startTestGateway({ sims, cache, credentials: { irev: TENANT_B } });
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
  const gw = await startTestGateway({ sims, cache: new GatewayCache(broken, TTLS) });
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

describe('Redis store', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
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
      console.log(`Skipping the Redis store tests: nothing answers at ${redisUrl} (they are required when CI=true).`);
    }
  });

  test('answers repeated queries from Redis, keyed without credentials', async () => {
    if (!reachable) {
      // In CI a missing Redis is a failure, not a skip.
      expect(process.env.CI).not.toBe('true');
      return;
    }
    const cache = createCache(TTLS, { redisUrl });
    const gw = await startTestGateway({ sims, cache });
    gw.clearRequests();
    try {
      const marker = `redis-${Date.now()}`;
      const query = `{ publishers(filter: { name: { ne: "${marker}" } }, first: 4) { nodes { nativeId } } }`;
      const first = await gw.query(query);
      expect(gw.requests('integr8')).toHaveLength(1);
      gw.clearRequests();
      // A second gateway with its own connection to the same Redis: several instances share the cache.
      const otherCache = createCache(TTLS, { redisUrl });
      const other = await startTestGateway({ sims, cache: otherCache });
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
});
