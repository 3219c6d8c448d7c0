import { configureLog } from '../../src/log.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const A = { irev: 'tenant-a-irev-token', integr8: 'tenant-a-integr8-key' };
const B = { irev: 'tenant-b-irev-token', integr8: 'tenant-b-integr8-key' };
const headers = (tenant: typeof A) => ({ 'x-irev-api-token': tenant.irev, 'x-integr8-api-key': tenant.integr8 });

let sims: Simulators;
let gw: TestGateway;
beforeAll(async () => {
  sims = await startSimulators({ extraKeys: { irev: [A.irev, B.irev], integr8: [A.integr8, B.integr8] } });
  gw = await startTestGateway({ sims });
});
afterAll(async () => {
  await gw.stop();
  await sims.stop();
});
beforeEach(() => gw.clearRequests());

/** Newest-first click hashes of a tenant's iRev data. */
const irevHashes = (key: string) =>
  [...sims.irev.dataset(key).clicks]
    .sort((x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : y.id - x.id))
    .map((c) => c.hash);
const QUERY = `query($page: Int) { clicks(source: { irev: {} }, page: $page, pageSize: 5) { nodes { irev { hash } } } publishers(page: $page, pageSize: 3) { nodes { nativeId } } }`;

test("a request's vendor credentials come from its headers; configured ones are the default", async () => {
  const a = await gw.query(QUERY, { page: 1 }, headers(A));
  const plain = await gw.query(QUERY, { page: 1 });
  expect(a.data.clicks.nodes.map((n: { irev: { hash: string } }) => n.irev.hash)).toEqual(irevHashes(A.irev).slice(0, 5));
  expect(plain.data.clicks.nodes.map((n: { irev: { hash: string } }) => n.irev.hash)).toEqual(irevHashes(SIMULATOR_KEYS.irev).slice(0, 5));
  expect(gw.requests('irev').map((r) => r.headers.authorization)).toEqual([`Bearer ${A.irev}`, `Bearer ${SIMULATOR_KEYS.irev}`]);
  expect(gw.requests('integr8').map((r) => r.headers['api-key'])).toEqual([A.integr8, SIMULATOR_KEYS.integr8]);
});

test('two tenants under concurrent load never see each other’s data', async () => {
  const runs = Array.from({ length: 60 }, (_, i) => ({ tenant: i % 2 ? B : A, page: 1 + (i % 4) }));
  const results = await Promise.all(runs.map((run) => gw.query(QUERY, { page: run.page }, headers(run.tenant))));
  results.forEach((res, i) => {
    const { tenant, page } = runs[i];
    expect(res.errors).toBeUndefined();
    const hashes = res.data.clicks.nodes.map((n: { irev: { hash: string } }) => n.irev.hash);
    expect(hashes).toEqual(irevHashes(tenant.irev).slice((page - 1) * 5, page * 5));
    expect(res.data.publishers.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(
      sims.integr8
        .dataset(tenant.integr8)
        // A list without `sort` is read in id order.
        .publishers.map((p) => p.id)
        .sort()
        .slice((page - 1) * 3, page * 3),
    );
  });
  // Each tenant's page was read once from its vendor: cached per credential, never shared.
  const reads = gw.requests('irev').map((r) => `${r.headers.authorization} ${r.query.page}`);
  expect(new Set(reads).size).toBe(reads.length);
});

test('an unknown tenant credential is the vendor’s 401, never echoed', async () => {
  const res = await gw.query(QUERY, { page: 1 }, { 'x-irev-api-token': 'no-such-tenant-token' });
  expect(res.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
  expect(JSON.stringify(res)).not.toContain('no-such-tenant-token');
});

test('logs name tenants by credential hash, never by credential', async () => {
  const lines: string[] = [];
  configureLog({ level: 'debug', sink: (line) => lines.push(line) });
  try {
    await gw.query(QUERY, { page: 7 }, headers(A));
    await gw.query(QUERY, { page: 7 }, { 'x-irev-api-token': 'wrong-token-for-logs' });
  } finally {
    configureLog({ level: 'silent', sink: (line) => void process.stderr.write(line) });
  }
  const text = lines.join('');
  expect(lines.length).toBeGreaterThanOrEqual(4);
  expect(text).toContain('"tenant":"');
  for (const secret of [A.irev, A.integr8, SIMULATOR_KEYS.irev, SIMULATOR_KEYS.integr8, 'wrong-token-for-logs']) expect(text).not.toContain(secret);
});

describe('gateway API keys', () => {
  const KEY = 'gateway-key-0123456789abcdef';
  let locked: TestGateway;
  beforeAll(async () => {
    locked = await startTestGateway({ sims, env: { GATEWAY_API_KEYS: `other-key-0123456789abcdef,${KEY}` } });
  });
  afterAll(() => locked.stop());

  const post = (extra: Record<string, string>, body = JSON.stringify({ query: '{ users(first: 1) { totalCount } }' })) =>
    fetch(locked.url, { method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body });

  test('a request without a valid key is a 401 before any work', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-key-0123456789abcdef' }, { 'x-api-key': 'short' }];
    for (const extra of attempts) {
      const response = await post(extra);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({
        errors: [{ message: expect.stringMatching(/gateway API key/), extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }
    // Even an oversized body is refused for the key, before it is read.
    expect((await post({}, 'x'.repeat(300_000))).status).toBe(401);
    expect(locked.requests()).toEqual([]);
  });

  test('a valid key as Bearer or X-API-Key is let in', async () => {
    const attempts: Record<string, string>[] = [{ authorization: `Bearer ${KEY}` }, { 'x-api-key': KEY }];
    for (const extra of attempts) {
      const response = await post(extra);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: { users: { totalCount: number } } }).data.users.totalCount).toBeGreaterThan(0);
    }
  });
});
