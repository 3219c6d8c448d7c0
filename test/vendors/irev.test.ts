import { isIP } from 'node:net';
import { SIMULATOR_KEYS } from '../../src/simulators/index.js';
import type { IrevDataset } from '../../src/simulators/irev/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: IrevDataset;
/** Clicks newest first, as iRev lists them. */
let newest: IrevDataset['clicks'];

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.irev.dataset(SIMULATOR_KEYS.irev);
  newest = [...data.clicks].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id - a.id));
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

const ids = (res: { data?: any }) => res.data.clicks.nodes.map((n: { nativeId: string }) => n.nativeId);

test('filters and the time range become iRev query parameters, both documented spellings', async () => {
  const sample = newest[500];
  const from = `${sample.created_at.slice(0, 10)}T00:00:00Z`;
  const to = `${sample.created_at.slice(0, 10)}T23:59:59Z`;
  const res = await gw.query(
    `query($a: Int!, $o: Int!, $from: DateTime!, $to: DateTime!) { clicks(source: { irev: { affiliateId: $a, offerId: $o, from: $from, to: $to } }, first: 20) { totalCount nodes { nativeId } } }`,
    { a: sample.affiliate_id, o: sample.offer_id, from, to },
  );
  expect(res.errors).toBeUndefined();
  const day = sample.created_at.slice(0, 10);
  expect(gw.requests('irev').map(({ method, path, query, headers }) => ({ method, path, query, auth: headers.authorization }))).toEqual([
    {
      method: 'GET',
      path: '/backend/open-api/v1/users/clicks',
      query: {
        affiliate_id: String(sample.affiliate_id),
        offer_id: String(sample.offer_id),
        created_from: `${day} 00:00:00`,
        created_at_from: `${day} 00:00:00`,
        created_to: `${day} 23:59:59`,
        created_at_to: `${day} 23:59:59`,
        page: '1',
        per_page: '20',
      },
      auth: `Bearer ${SIMULATOR_KEYS.irev}`,
    },
  ]);
  const expected = newest.filter((c) => c.affiliate_id === sample.affiliate_id && c.offer_id === sample.offer_id && c.created_at.startsWith(day));
  expect(expected).toContain(sample);
  expect(res.data.clicks.totalCount).toBe(expected.length);
  expect(ids(res)).toEqual(expected.slice(0, 20).map((c) => String(c.id)));
});

test('page mode and cursor mode read the same clicks', async () => {
  const byPage = await gw.query(`{ clicks(source: { irev: {} }, page: 3, pageSize: 10) { pageInfo { page totalPages hasPreviousPage } nodes { nativeId } } }`);
  const first = await gw.query(`{ clicks(source: { irev: {} }, first: 20) { pageInfo { endCursor } } }`);
  const after = first.data.clicks.pageInfo.endCursor;
  const byCursor = await gw.query(`query($after: String) { clicks(source: { irev: {} }, first: 10, after: $after) { nodes { nativeId } } }`, { after });
  expect(byPage.data.clicks.pageInfo).toEqual({ page: 3, totalPages: Math.ceil(data.clicks.length / 10), hasPreviousPage: true });
  expect(ids(byPage)).toEqual(newest.slice(20, 30).map((c) => String(c.id)));
  expect(ids(byCursor)).toEqual(ids(byPage));
  // Clicks 20..29 after the cursor are page 3 of 10: the very call page mode made, now cached.
  expect(gw.requests('irev').map((r) => [r.query.page, r.query.per_page])).toEqual([
    ['3', '10'],
    ['1', '20'],
  ]);
});

test('clicks map to the unified model; an impossible IP is null and kept in raw', async () => {
  const index = newest.findIndex((c) => !isIP(c.ip));
  expect(index).toBeGreaterThanOrEqual(0);
  const page = Math.floor(index / 100) + 1;
  const res = await gw.query(
    `query($page: Int) { clicks(source: { irev: {} }, page: $page, pageSize: 100) { nodes { nativeId vendor ip time countryCode raw affiliate { nativeId name vendor } offer { nativeId name advertiser { nativeId name } } irev { hash saleStatus hasConversions } } } }`,
    { page },
  );
  expect(res.errors).toBeUndefined();
  const click = newest[index];
  const node = res.data.clicks.nodes[index % 100];
  expect(node).toMatchObject({
    nativeId: String(click.id),
    vendor: 'IREV',
    ip: null,
    time: `${click.created_at.replace(' ', 'T')}.000Z`,
    affiliate: { nativeId: String(click.affiliate_id), name: click.affiliate_name, vendor: 'IREV' },
    offer: { nativeId: String(click.offer_id), name: click.offer_name, advertiser: { nativeId: String(click.advertiser_id), name: click.advertiser_name } },
    irev: { hash: click.hash, saleStatus: click.sale_status, hasConversions: click.has_conversions },
  });
  expect(node.raw.ip).toBe(click.ip);
  // The rest of the page is intact: valid IPs are there.
  expect(res.data.clicks.nodes.filter((n: { ip: string | null }) => n.ip !== null).length).toBeGreaterThan(90);
  // Relations named inline on the click cost no upstream call.
  expect(gw.requests('irev')).toHaveLength(1);
});

test('a click by global id, and per_page over 500 is rejected before the call', async () => {
  const list = await gw.query(`{ clicks(source: { irev: {} }, first: 1) { nodes { id nativeId } } }`);
  gw.clearRequests();
  const { id, nativeId } = list.data.clicks.nodes[0];
  const res = await gw.query(`query($id: ID!) { node(id: $id) { ... on Click { nativeId vendor } } }`, { id });
  expect(res.data.node).toEqual({ nativeId, vendor: 'IREV' });
  expect(gw.requests('irev').map((r) => r.path)).toEqual([`/backend/open-api/v1/users/clicks/${nativeId}`]);

  gw.clearRequests();
  const big = await gw.query(`{ clicks(source: { irev: {} }, pageSize: 501) { totalCount } }`);
  expect(big.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'pageSize' } });
  expect(gw.requests()).toEqual([]);
});

test('an iRev affiliate cannot be fetched by id: a clear error, no call', async () => {
  const list = await gw.query(`{ clicks(source: { irev: {} }, first: 1) { nodes { affiliate { id } } } }`);
  gw.clearRequests();
  const res = await gw.query(`query($id: ID!) { affiliate(id: $id) { name } }`, { id: list.data.clicks.nodes[0].affiliate.id });
  expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(res.errors?.[0].message).toMatch(/iRev cannot fetch Affiliate records by id/);
  expect(gw.requests()).toEqual([]);
});
