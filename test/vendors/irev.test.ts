import { isIP } from 'node:net';
import { toGlobalId } from '../../src/ids.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import type { IrevClick, IrevDataset } from '../../src/simulators/irev/index.js';
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
beforeEach(() => {
  gw.clearRequests();
  gw.sims.irev.clearFaults();
  Object.assign(gw.sims.irev.readings, { clickById: 'list', createdFilter: 'both', timeZone: 'UTC' });
});

const CLICKS_PATH = '/backend/open-api/v1/users/clicks';
const clickGlobalId = (id: number) => toGlobalId({ vendor: 'IREV', type: 'Click', key: [String(id)] });
const upstream = () => gw.requests('irev').map(({ method, path, query, headers }) => ({ method, path, query, auth: headers.authorization }));

/** Every field of a Click that iRev fills. */
const CLICK = `nativeId vendor time ip country countryName regionName regionCode userAgent browser os osVersion deviceBrand deviceModel carrier isUnique
  subIds { position value } affiliate { nativeId name } offer { nativeId name advertiser { nativeId name } } advertiser { nativeId name }
  irev { hash groupHash saleStatus hasConversions requestedLink redirectedLink brandId affiliateGroupId offerUrlId externalId advertiserExternalId affiliateSource advertiserSubIds { position value } }
  raw`;

/** The mapping rules, restated: what CLICK selects for a raw iRev click. */
function expectedClick(c: IrevClick) {
  const absent = (value: string | null) => (value === null || value === '' || value === 'UNK' ? null : value);
  const subs = (values: (string | null)[]) => values.map((value, i) => ({ position: i + 1, value })).filter((sub) => absent(sub.value) !== null);
  const affSubs = Array.from({ length: 20 }, (_, i) => c[(i === 0 ? 'aff_sub' : `aff_sub${i + 1}`) as 'aff_sub']);
  const advertiser = { nativeId: String(c.advertiser_id), name: c.advertiser_name };
  return {
    nativeId: String(c.id),
    vendor: 'IREV',
    time: `${c.created_at.replace(' ', 'T')}.000Z`,
    ip: isIP(c.ip) ? c.ip : null,
    country: /^[A-Z]{2}$/.test(c.country_code) ? c.country_code : null,
    countryName: null,
    regionName: null,
    regionCode: absent(c.region_code),
    userAgent: absent(c.user_agent),
    browser: absent(c.browser),
    // The click's os is the operating system, as for Everflow (platform_name) and Integr8 (os_name).
    os: absent(c.device_os),
    osVersion: absent(c.device_os_version),
    deviceBrand: absent(c.device_brand),
    deviceModel: absent(c.device_model),
    carrier: absent(c.mobile_carrier),
    isUnique: c.is_unique,
    subIds: subs(affSubs),
    affiliate: { nativeId: String(c.affiliate_id), name: c.affiliate_name },
    offer: { nativeId: String(c.offer_id), name: c.offer_name, advertiser },
    advertiser,
    irev: {
      hash: c.hash,
      groupHash: c.group_hash,
      saleStatus: c.sale_status,
      hasConversions: c.has_conversions,
      requestedLink: c.requested_link.replace(/^<(.*)>$/, '$1'),
      redirectedLink: c.redirected_link,
      brandId: c.brand_id,
      affiliateGroupId: c.aff_group_id,
      offerUrlId: c.offer_url_id,
      externalId: c.external_id,
      advertiserExternalId: c.advertiser_external_id,
      affiliateSource: absent(c.affiliate_source),
      advertiserSubIds: subs([c.adv_sub, c.adv_sub2, c.adv_sub3, c.adv_sub4, c.adv_sub5]),
    },
    raw: c,
  };
}

/** Clicks with every kind of value filled: a detected device, sub ids, conversions, a valid IP and country. */
const richClicks = () =>
  data.clicks.filter(
    (c) => isIP(c.ip) && c.has_conversions && c.aff_sub !== '' && c.device_os !== 'UNK' && c.platform !== '' && /^[A-Z]{2}$/.test(c.country_code),
  );

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
  const byPage = await gw.query(
    `{ clicks(source: { irev: {} }, page: 3, pageSize: 10) { pageInfo { page totalPages hasPreviousPage } nodes { nativeId } } }`,
  );
  const first = await gw.query(`{ clicks(source: { irev: {} }, first: 20) { pageInfo { endCursor } } }`);
  const after = first.data.clicks.pageInfo.endCursor;
  const byCursor = await gw.query(`query($after: String) { clicks(source: { irev: {} }, first: 10, after: $after) { nodes { nativeId } } }`, {
    after,
  });
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
    offer: {
      nativeId: String(click.offer_id),
      name: click.offer_name,
      advertiser: { nativeId: String(click.advertiser_id), name: click.advertiser_name },
    },
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
  expect(big.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'pageSize', field: ['pageSize'] } });
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

describe.each(['list', 'object'] as const)("a click by id, reading '%s' of GET /clicks/{id}", (reading) => {
  beforeEach(() => {
    gw.sims.irev.readings.clickById = reading;
  });

  test('click(id:) and node(id:) answer the whole click, from one upstream call', async () => {
    const click = richClicks()[reading === 'list' ? 0 : 1];
    const id = clickGlobalId(click.id);
    const res = await gw.query(`query($id: ID!) { click(id: $id) { id ${CLICK} } node(id: $id) { ... on Click { id ${CLICK} } } }`, { id });
    expect(res).toEqual({ data: { click: { id, ...expectedClick(click) }, node: { id, ...expectedClick(click) } } });
    expect(upstream()).toEqual([{ method: 'GET', path: `${CLICKS_PATH}/${click.id}`, query: {}, auth: `Bearer ${SIMULATOR_KEYS.irev}` }]);
  });

  test('an unknown id is NOT_FOUND, through click(id:) and node(id:), and is asked again next time', async () => {
    const unknown = data.clicks[data.clicks.length - 1].id + (reading === 'list' ? 5000 : 6000);
    const id = clickGlobalId(unknown);
    const notFound = (field: string, column: number) => ({
      message: `iRev click ${unknown} does not exist.`,
      locations: [{ line: 1, column }],
      path: [field],
      extensions: { code: 'NOT_FOUND', vendor: 'IREV' },
    });
    expect(await gw.query(`query($id: ID!) { click(id: $id) { nativeId } }`, { id })).toEqual({
      data: { click: null },
      errors: [notFound('click', 19)],
    });
    expect(await gw.query(`query($id: ID!) { node(id: $id) { id } }`, { id })).toEqual({ data: { node: null }, errors: [notFound('node', 19)] });
    expect(upstream().map((r) => r.path)).toEqual([`${CLICKS_PATH}/${unknown}`, `${CLICKS_PATH}/${unknown}`]);
  });
});

test("a click's os is its operating system (device_os), as for the other vendors; iRev's own platform stays in raw", async () => {
  const click = richClicks().find((c) => c.platform !== c.device_os)!;
  const res = await gw.query(`query($id: ID!) { click(id: $id) { os osVersion deviceType raw } }`, { id: clickGlobalId(click.id) });
  expect(res.data.click).toEqual({ os: click.device_os, osVersion: click.device_os_version, deviceType: null, raw: click });
  expect(res.data.click.raw.platform).toBe(click.platform);
});

test('the deprecated names countryCode, region and platform still answer, with the values of country, regionCode and os', async () => {
  const click = richClicks().find((c) => c.region_code !== '')!;
  const res = await gw.query(`query($id: ID!) { click(id: $id) { countryCode country region regionCode regionName platform os countryName } }`, {
    id: clickGlobalId(click.id),
  });
  expect(res).toEqual({
    data: {
      click: {
        countryCode: click.country_code,
        country: click.country_code,
        region: click.region_code,
        regionCode: click.region_code,
        regionName: null,
        platform: click.device_os,
        os: click.device_os,
        countryName: null,
      },
    },
  });
});

describe('an answer of a shape the gateway does not expect is an UPSTREAM_ERROR naming the endpoint: never a record of nulls, never cached', () => {
  const someClick = () => data.clicks[7];
  const listCases: [string, () => unknown, string][] = [
    ['an array for the envelope', () => [someClick()], 'the body is an array of 1, expected an object'],
    ['an envelope without data', () => ({ total: 1, per_page: 3, page: 1, pages: 1 }), 'data is missing, expected an array'],
    ['an envelope without total', () => ({ data: [someClick()], per_page: 3, page: 1, pages: 1 }), 'total is missing, expected a number'],
    ['one object for data', () => ({ data: someClick(), total: 1 }), 'data is an object, expected an array'],
    ['a list in the list', () => ({ data: [[someClick()]], total: 1 }), 'data[0] is an array of 1, expected an object'],
    ['a click without id', () => ({ data: [someClick(), { ...someClick(), id: undefined }], total: 2 }), 'data[1].id is missing, expected an id'],
    ['a click with a null id', () => ({ data: [{ ...someClick(), id: null }], total: 1 }), 'data[0].id is null, expected an id'],
  ];

  test.each(listCases.map(([label, body, problem], i) => [label, body, problem, 900_000 + i] as const))(
    'the list: %s',
    async (_, body, problem, affiliateId) => {
      const query = `query($a: Int) { clicks(source: { irev: { affiliateId: $a } }, first: 3) { totalCount nodes { nativeId } } }`;
      gw.sims.irev.injectFault({ method: 'GET', path: CLICKS_PATH, status: 200, body: body() });
      expect(await gw.query(query, { a: affiliateId })).toEqual({
        data: { clicks: null },
        errors: [
          {
            message: `iRev answered GET ${CLICKS_PATH} with an unexpected shape: ${problem}`,
            locations: [{ line: 1, column: 18 }],
            path: ['clicks'],
            extensions: { code: 'UPSTREAM_ERROR', vendor: 'IREV' },
          },
        ],
      });
      // Not retried; and not cached: the same query asks again and gets the real answer.
      expect(await gw.query(query, { a: affiliateId })).toEqual({ data: { clicks: { totalCount: 0, nodes: [] } } });
      expect(upstream().map((r) => r.query.affiliate_id)).toEqual([String(affiliateId), String(affiliateId)]);
    },
  );

  const byIdCases: [string, (asked: IrevClick) => unknown, (asked: IrevClick) => string][] = [
    ['a bare list for the body', (c) => [c], () => 'the body is an array of 1, expected an object with "data"'],
    ['no data', () => ({ total: 1 }), () => 'data is missing, expected an object'],
    ['text for data', () => ({ data: 'click' }), () => 'data is a string, expected an object'],
    ['a list of two clicks', (c) => ({ data: [c, data.clicks[8]], total: 2 }), () => 'data is an array of 2, expected one record'],
    ['a click without id, in a list', (c) => ({ data: [{ ...c, id: undefined }] }), () => 'data[0].id is missing, expected an id'],
    ['a click without id, as an object', (c) => ({ data: { ...c, id: undefined } }), () => 'data.id is missing, expected an id'],
    [
      'another click than the one asked for',
      () => ({ data: [data.clicks[9]] }),
      (c) => `data[0].id is ${data.clicks[9].id}, expected ${c.id} (the click asked for)`,
    ],
  ];

  test.each(byIdCases.map(([label, body, problem], i) => [label, body, problem, 200 + i] as const))(
    'the click by id: %s',
    async (_, body, problem, index) => {
      const click = data.clicks[index];
      const query = `query($id: ID!) { click(id: $id) { nativeId hash: irev { hash } } }`;
      gw.sims.irev.injectFault({ method: 'GET', path: `${CLICKS_PATH}/${click.id}`, status: 200, body: body(click) });
      expect(await gw.query(query, { id: clickGlobalId(click.id) })).toEqual({
        data: { click: null },
        errors: [
          {
            message: `iRev answered GET ${CLICKS_PATH}/${click.id} with an unexpected shape: ${problem(click)}`,
            locations: [{ line: 1, column: 19 }],
            path: ['click'],
            extensions: { code: 'UPSTREAM_ERROR', vendor: 'IREV' },
          },
        ],
      });
      expect(await gw.query(query, { id: clickGlobalId(click.id) })).toEqual({
        data: { click: { nativeId: String(click.id), hash: { hash: click.hash } } },
      });
      expect(upstream().map((r) => r.path)).toEqual([`${CLICKS_PATH}/${click.id}`, `${CLICKS_PATH}/${click.id}`]);
    },
  );
});

test.each([
  ['both', 0],
  ['table', 1],
  ['prose', 2],
] as const)("the time range filters with the simulator reading '%s' of the created-time filter's name", async (reading, n) => {
  gw.sims.irev.readings.createdFilter = reading;
  const range = { from: newest[3000 + 100 * n].created_at, to: newest[2000 + 100 * n].created_at };
  const iso = (text: string) => `${text.replace(' ', 'T')}Z`;
  const res = await gw.query(
    `query($from: DateTime!, $to: DateTime!) { clicks(source: { irev: { from: $from, to: $to } }, first: 100) { totalCount nodes { nativeId } } }`,
    // A different window per reading: each reading's answer is read upstream, not from the cache.
    { from: iso(range.from), to: iso(range.to) },
  );
  const expected = newest.filter((c) => c.created_at >= range.from && c.created_at <= range.to);
  expect(expected.length).toBeGreaterThan(1000);
  expect(res).toEqual({ data: { clicks: { totalCount: expected.length, nodes: expected.slice(0, 100).map((c) => ({ nativeId: String(c.id) })) } } });
  expect(upstream()).toHaveLength(1);
});

test('a range bound with milliseconds keeps its meaning in whole seconds: from rounds up, to rounds down', async () => {
  // iRev takes whole seconds; "at or after 10:00:00.5" must not include a click at 10:00:00.
  const at = newest.find((c, i) => i > 100 && newest[i + 1].created_at !== c.created_at && newest[i - 1].created_at !== c.created_at)!;
  const iso = `${at.created_at.replace(' ', 'T')}.500Z`;
  const next = new Date(Date.parse(`${at.created_at.replace(' ', 'T')}Z`) + 1000).toISOString().slice(0, 19).replace('T', ' ');
  const res = await gw.query(
    `query($from: DateTime!, $to: DateTime!) { after: clicks(source: { irev: { from: $from } }, first: 1) { totalCount } before: clicks(source: { irev: { to: $to } }, first: 1) { totalCount } }`,
    { from: iso, to: iso },
  );
  expect(res).toEqual({
    data: {
      after: { totalCount: newest.filter((c) => c.created_at > at.created_at).length },
      before: { totalCount: newest.filter((c) => c.created_at <= at.created_at).length },
    },
  });
  expect(
    upstream()
      .map((r) => r.query)
      .sort((a, b) => (a.created_from ? -1 : b.created_from ? 1 : 0)),
  ).toEqual([
    { created_from: next, created_at_from: next, page: '1', per_page: '1' },
    { created_to: at.created_at, created_at_to: at.created_at, page: '1', per_page: '1' },
  ]);
});

describe("the simulator reading 'timeZone': iRev writing its dates on a zone's wall clock", () => {
  let local: TestGateway;
  beforeAll(async () => {
    local = await startTestGateway({ sims: gw.sims, env: { IREV_TIMEZONE: 'Europe/Amsterdam' } });
  });
  afterAll(() => local.stop());
  beforeEach(() => {
    gw.sims.irev.readings.timeZone = 'Europe/Amsterdam';
  });

  const utc = (c: IrevClick) => `${c.created_at.replace(' ', 'T')}.000Z`;
  const wall = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(/\u200e/g, '');

  test('with IREV_TIMEZONE naming the zone, times are the true instants and filters are sent on that wall clock', async () => {
    const [first, last] = [newest[5200], newest[5000]];
    const res = await local.query(
      `query($from: DateTime!, $to: DateTime!, $id: ID!) { clicks(source: { irev: { from: $from, to: $to } }, first: 3) { totalCount nodes { nativeId time } } click(id: $id) { time } }`,
      { from: utc(first), to: utc(last), id: clickGlobalId(last.id) },
    );
    const expected = newest.filter((c) => c.created_at >= first.created_at && c.created_at <= last.created_at);
    expect(res).toEqual({
      data: {
        clicks: { totalCount: expected.length, nodes: expected.slice(0, 3).map((c) => ({ nativeId: String(c.id), time: utc(c) })) },
        click: { time: utc(last) },
      },
    });
    expect(upstream().find((r) => r.path === CLICKS_PATH)?.query).toMatchObject({ created_from: wall(utc(first)), created_to: wall(utc(last)) });
  });

  test('without it, every time is off by the zone’s offset: IREV_TIMEZONE must name the network’s zone', async () => {
    const click = newest[5100];
    const res = await gw.query(`query($id: ID!) { click(id: $id) { time } }`, { id: clickGlobalId(click.id) });
    expect(res).toEqual({ data: { click: { time: `${wall(utc(click)).replace(' ', 'T')}.000Z` } } });
    expect(res.data.click.time).not.toBe(utc(click));
  });
});
