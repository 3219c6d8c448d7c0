import { toGlobalId } from '../../src/ids.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import type { EverflowClickRecord, EverflowDataset } from '../../src/simulators/everflow/data.js';
import type { EverflowReadings } from '../../src/simulators/everflow/index.js';
import { daysAgo, startTestGateway, type GqlResponse, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: EverflowDataset;

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.everflow.dataset(SIMULATOR_KEYS.everflow);
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());
afterEach(() => gw.sims.everflow.clearFaults());

const utc = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const DAY = 86_400;
/** The start (unix seconds) of the UTC day an instant falls in: the click stream is read in whole UTC days. */
const dayStart = (instant: string) => Math.floor(Date.parse(instant) / 1000 / DAY) * DAY;
const bodies = () => gw.requests('everflow').map((r) => r.body);
/** Clicks in the gateway's order: by time, then by transaction id. */
const inStreamOrder = (clicks: EverflowClickRecord[]) =>
  [...clicks].sort((a, b) => a.unix_timestamp - b.unix_timestamp || (a.transaction_id < b.transaction_id ? -1 : 1));

/** Where Everflow's raw click data starts: 3 calendar months back (UTC), a missing day clamped to the month's last. */
function threeMonthsBack(ms: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const days = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), days));
  return Math.floor(target.getTime() / 1000);
}

describe('affiliates', () => {
  test('page mode asks Everflow for that page and maps the rows', async () => {
    const res = await gw.query(`{
      affiliates(page: 2, pageSize: 5) {
        totalCount
        pageInfo { page pageSize totalPages hasNextPage hasPreviousPage }
        nodes { nativeId name status labels vendor }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const expected = data.affiliates.slice(5, 10);
    expect(res.data.affiliates).toEqual({
      totalCount: data.affiliates.length,
      pageInfo: { page: 2, pageSize: 5, totalPages: Math.ceil(data.affiliates.length / 5), hasNextPage: true, hasPreviousPage: true },
      nodes: expected.map((a) => ({
        nativeId: String(a.network_affiliate_id),
        name: a.name,
        status: a.account_status.toUpperCase(),
        labels: a.labels,
        vendor: 'EVERFLOW',
      })),
    });
    expect(gw.requests('everflow').map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
      { method: 'POST', path: '/v1/networks/affiliatestable', query: { page: '2', page_size: '5' }, body: { filters: {} } },
    ]);
  });

  test('cursor mode reads the range after a cursor in one call', async () => {
    const first = await gw.query(`{ affiliates(first: 5) { edges { cursor } } }`);
    const after = first.data.affiliates.edges[4].cursor;
    gw.clearRequests();
    const res = await gw.query(
      `query($after: String) { affiliates(first: 3, after: $after) { nodes { nativeId } pageInfo { hasPreviousPage hasNextPage } } }`,
      { after },
    );
    expect(res.data.affiliates.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(
      data.affiliates.slice(5, 8).map((a) => String(a.network_affiliate_id)),
    );
    expect(res.data.affiliates.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: true });
    // Items 5..7 fit in page 2 of size 4 (items 4..7): one call instead of two.
    expect(gw.requests('everflow').map((r) => r.query)).toEqual([{ page: '2', page_size: '4' }]);
  });

  test('search and filters become the table body', async () => {
    const since = Math.floor(Date.now() / 1000) - 168 * 3600;
    const target = data.affiliates.find((a) => a.account_status === 'active' && a.contact_address && a.last_traffic_time >= since)!;
    const word = target.name.split(' ')[1];
    const country = target.contact_address!.country_code;
    const manager = target.network_employee_id;
    const res = await gw.query(
      `query($manager: Int!, $search: String!, $country: CountryCode!) { affiliates(search: $search, filter: { status: ACTIVE, accountManagerIds: [$manager], countryCodes: [$country], ranTrafficInLastHours: 168 }, first: 100) { totalCount nodes { nativeId } } }`,
      { manager, search: ` ${word.toLowerCase()} `, country: country.toLowerCase() },
    );
    expect(res.errors).toBeUndefined();
    expect(gw.requests('everflow')[0].body).toEqual({
      filters: { account_status: 'active', account_manager_ids: [manager], country_codes: [country], ran_traffic_in_last_hours: 168 },
      search_terms: [{ search_type: 'name', value: word.toLowerCase() }],
    });
    const expected = data.affiliates.filter(
      (a) =>
        a.account_status === 'active' &&
        a.name.toLowerCase().includes(word.toLowerCase()) &&
        a.network_employee_id === manager &&
        a.contact_address?.country_code === country &&
        a.last_traffic_time >= since,
    );
    expect(expected).toContain(target);
    expect(res.data.affiliates.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(expected.map((a) => String(a.network_affiliate_id)));
  });

  test('selected table relationships are requested with the page', async () => {
    const res = await gw.query(`{ affiliates(first: 2) { nodes { users { email firstName } signup: relationship(name: SIGNUP) } } }`);
    expect(res.errors).toBeUndefined();
    expect(gw.requests('everflow').map((r) => r.query)).toEqual([{ page: '1', page_size: '2', relationship: ['signup', 'users'] }]);
    expect(res.data.affiliates.nodes[0].users).toEqual(data.affiliates[0].users.map((u) => ({ email: u.email, firstName: u.first_name })));
    expect(res.data.affiliates.nodes[1].signup).toEqual(data.affiliates[1].signup);
  });

  test('an affiliate by id fetches every selected relationship in one call', async () => {
    const list = await gw.query(`{ affiliates(page: 7, pageSize: 1) { nodes { id nativeId } } }`);
    const { id, nativeId } = list.data.affiliates.nodes[0];
    gw.clearRequests();
    const res = await gw.query(
      `query($id: ID!) { affiliate(id: $id) { id name labels encodedValue users { email } billing: relationship(name: BILLING) audits: relationship(name: AUDITS) } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    const record = data.affiliates.find((a) => String(a.network_affiliate_id) === nativeId)!;
    expect(res.data.affiliate).toMatchObject({ id, name: record.name, labels: record.labels, encodedValue: record.encoded_value });
    expect(res.data.affiliate.users).toEqual(record.users.map((u) => ({ email: u.email })));
    expect(res.data.affiliate.billing).toMatchObject({ billing_frequency: record.billing.billing_frequency });
    expect(gw.requests('everflow').map(({ method, path, query }) => ({ method, path, query }))).toEqual([
      { method: 'GET', path: `/v1/networks/affiliates/${nativeId}`, query: { relationship: ['audits', 'billing', 'users'] } },
    ]);
  });

  test('money strings are parsed and absent values are null, the raw record keeps them', async () => {
    const dirty = data.affiliates.findIndex((a) => !/^\$\d/.test(a.today_revenue));
    expect(dirty).toBeGreaterThanOrEqual(0);
    const clean = data.affiliates.findIndex((a) => /^\$\d/.test(a.today_revenue));
    const res = await gw.query(`{ affiliates(first: 2000) { nodes { todayRevenue raw } } }`);
    const nodes = res.data.affiliates.nodes;
    expect(nodes[dirty].todayRevenue).toBeNull();
    expect(nodes[dirty].raw.today_revenue).toBe(data.affiliates[dirty].today_revenue);
    expect(nodes[clean].todayRevenue).toBe(Number(data.affiliates[clean].today_revenue.replace(/[$,]/g, '')));
  });

  test("an affiliate's country is its network_country_code; the deprecated countryCode is the same value", async () => {
    const res = await gw.query(`{ affiliates(first: 50) { nodes { country countryCode } } }`);
    const codes = data.affiliates.slice(0, 50).map((a) => a.network_country_code || null);
    expect(codes.filter(Boolean).length).toBeGreaterThan(0);
    expect(res).toEqual({ data: { affiliates: { nodes: codes.map((code) => ({ country: code, countryCode: code })) } } });
  });

  test('a page size over 2000 is an error, not a clamp, and calls nobody', async () => {
    const res = await gw.query(`{ affiliates(first: 2001) { totalCount } }`);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'first', field: ['first'] } });
    expect(res.errors?.[0].message).toMatch(/at most 2000/);
    expect(gw.requests()).toEqual([]);
  });
});

describe('click stream', () => {
  const clicksIn = (from: string, to: string) => {
    const [a, b] = [Date.parse(from) / 1000, Date.parse(to) / 1000];
    return data.clicks.filter((c) => c.unix_timestamp >= a && c.unix_timestamp <= b);
  };

  test('a 20-day range is read in 14-day windows, capped windows split, nothing lost', async () => {
    const from = daysAgo(20);
    const to = daysAgo(0);
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 3) { totalCount truncated truncatedRanges { from } nodes { nativeId time ip offer { nativeId name } } } }`,
      { from, to },
    );
    expect(res.errors).toBeUndefined();
    const expected = clicksIn(from, to);
    expect(res.data.clicks.totalCount).toBe(expected.length);
    expect(res.data.clicks.truncated).toBe(false);
    expect(res.data.clicks.nodes).toEqual(
      expected.slice(0, 3).map((c) => ({
        nativeId: c.transaction_id,
        time: new Date(c.unix_timestamp * 1000).toISOString(),
        ip: c.raw.user_ip,
        offer: { nativeId: String(c.raw.relationship.offer.network_offer_id), name: c.raw.relationship.offer.name },
      })),
    );
    const bodies = gw.requests('everflow').map((r) => r.body as { from: string; to: string; timezone_id: number });
    expect(bodies.every((b) => b.timezone_id === 67)).toBe(true);
    // The first pass, in whole UTC days (the first and the last read whole, then trimmed): [day of from, + 14d] and
    // [+ 14d, the day after to]; the first holds > 5000 clicks, so it is split.
    const split = utc(iso(dayStart(from) + 14 * DAY));
    expect(bodies.slice(0, 2)).toEqual([
      { from: utc(iso(dayStart(from))), to: split, timezone_id: 67 },
      { from: split, to: utc(iso(dayStart(to) + DAY)), timezone_id: 67 },
    ]);
    expect(clicksIn(from, new Date(Date.parse(from) + 14 * 86_400_000).toISOString()).length).toBeGreaterThan(5000);
    expect(bodies.length).toBeGreaterThan(2);
    for (const b of bodies) expect(Date.parse(b.to + 'Z') - Date.parse(b.from + 'Z')).toBeLessThanOrEqual(14 * 86_400_000);
  });

  test('page mode slices the cached stream without calling Everflow again', async () => {
    // Days no other test here reads unfiltered (the stream is cached by UTC day), so the first page reads them.
    const from = daysAgo(23);
    const to = daysAgo(21);
    const query = `query($from: DateTime!, $to: DateTime!, $page: Int) { clicks(source: { everflow: { from: $from, to: $to } }, page: $page, pageSize: 50) { pageInfo { page totalPages } nodes { nativeId } } }`;
    const one = await gw.query(query, { from, to, page: 1 });
    const calls = gw.requests('everflow').length;
    const three = await gw.query(query, { from, to, page: 3 });
    const expected = clicksIn(from, to);
    expect(one.data.clicks.pageInfo).toEqual({ page: 1, totalPages: Math.ceil(expected.length / 50) });
    expect(three.data.clicks.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(expected.slice(100, 150).map((c) => c.transaction_id));
    expect(calls).toBe(1);
    expect(gw.requests('everflow')).toHaveLength(1);
  });

  test('filters of one type are OR-ed values, different types AND-ed', async () => {
    const from = daysAgo(2);
    const to = daysAgo(0);
    const sample = clicksIn(from, to);
    const offers = [sample[0], sample[1]].map((c) => String(c.raw.relationship.offer.network_offer_id));
    const country = sample[0].raw.relationship.geolocation.country_name;
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!, $offers: [String!]!, $country: String!) { clicks(source: { everflow: { from: $from, to: $to, filters: [{ resourceType: OFFER, values: $offers }, { resourceType: COUNTRY, values: [$country] }] } }, first: 1000) { totalCount } }`,
      { from, to, offers, country },
    );
    expect(res.errors).toBeUndefined();
    expect(gw.requests('everflow')[0].body).toEqual({
      from: utc(iso(dayStart(from))),
      to: utc(iso(dayStart(to) + DAY)),
      timezone_id: 67,
      query: {
        filters: [
          { filter_id_value: offers[0], resource_type: 'offer' },
          { filter_id_value: offers[1], resource_type: 'offer' },
          { filter_id_value: country, resource_type: 'country' },
        ],
      },
    });
    const expected = clicksIn(from, to).filter(
      (c) => offers.includes(String(c.raw.relationship.offer.network_offer_id)) && c.raw.relationship.geolocation.country_name === country,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data.clicks.totalCount).toBe(expected.length);
  });

  const STREAM = `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 1000) { totalCount truncated nodes { nativeId } } }`;
  const nativeIds = (clicks: EverflowClickRecord[]) => inStreamOrder(clicks).map((c) => ({ nativeId: c.transaction_id }));

  test('a range older than the 3-month retention is read: the clicks that led to conversions come back, with a warning', async () => {
    const [from, to] = [daysAgo(130), daysAgo(110)];
    const res = await gw.query(STREAM, { from, to });
    const expected = clicksIn(from, to);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((c) => c.converted)).toBe(true);
    expect(res).toEqual({
      data: { clicks: { totalCount: expected.length, truncated: false, nodes: nativeIds(expected) } },
      extensions: {
        warnings: [
          {
            code: 'RAW_CLICKS_EXPIRED',
            vendor: 'EVERFLOW',
            message: expect.stringContaining(
              `from ${from} to ${to} it returns only the clicks that led to conversions (kept forever); the other clicks there are gone.`,
            ),
          },
        ],
      },
    });
    const split = utc(iso(dayStart(from) + 14 * DAY));
    expect(bodies()).toEqual([
      { from: utc(iso(dayStart(from))), to: split, timezone_id: 67 },
      { from: split, to: utc(iso(dayStart(to) + DAY)), timezone_id: 67 },
    ]);
  });

  test('the warning names the retention start, 3 calendar months back, and comes with a cached stream too', async () => {
    const retained = threeMonthsBack(Date.now());
    const [from, to] = [iso(retained - 3 * 86_400), iso(retained + 86_400)];
    for (let round = 0; round < 2; round++) {
      const res = await gw.query(STREAM, { from, to });
      expect(res.extensions?.warnings).toEqual([
        {
          code: 'RAW_CLICKS_EXPIRED',
          vendor: 'EVERFLOW',
          message: expect.stringMatching(
            new RegExp(
              `^Everflow keeps raw clicks for 3 months, from ${iso(retained).slice(0, 16)}:\\d\\d\\.000Z on: from ${from} to ${iso(retained).slice(0, 16)}`,
            ),
          ),
        },
      ]);
      const expected = clicksIn(from, to);
      expect(res.data.clicks).toEqual({ totalCount: expected.length, truncated: false, nodes: nativeIds(expected) });
      // Before the retention start only converted clicks; after it, all of them.
      expect(expected.some((c) => !c.converted)).toBe(true);
      expect(expected.filter((c) => c.unix_timestamp < retained - 60).every((c) => c.converted)).toBe(true);
    }
    expect(gw.requests('everflow')).toHaveLength(1);
  });

  test('a range within 3 calendar months carries no warning, even where that is more than 90 days back', async () => {
    const retained = threeMonthsBack(Date.now());
    const [from, to] = [iso(retained + 600), iso(retained + 2 * 86_400)];
    const res = await gw.query(STREAM, { from, to });
    const expected = clicksIn(from, to);
    expect(res).toEqual({ data: { clicks: { totalCount: expected.length, truncated: false, nodes: nativeIds(expected) } } });
    expect(expected.some((c) => !c.converted)).toBe(true);
    // Whole UTC days; the test above read (and cached) every day of this range but the last.
    expect(bodies()).toEqual([{ from: utc(iso(dayStart(to))), to: utc(iso(dayStart(to) + DAY)), timezone_id: 67 }]);
  });

  describe.each<EverflowReadings['clickExclusions']>(['any', 'grouped'])('exclusions, with Everflow combining them in the %s reading', (reading) => {
    beforeAll(() => {
      gw.sims.everflow.readings.clickExclusions = reading;
    });
    afterAll(() => {
      gw.sims.everflow.readings.clickExclusions = 'any';
    });
    const EXCLUDING = `query($from: DateTime!, $to: DateTime!, $filters: [EverflowClickFilter!], $exclusions: [EverflowClickFilter!]) {
      clicks(source: { everflow: { from: $from, to: $to, filters: $filters, exclusions: $exclusions } }, first: 1000) { totalCount truncated nodes { nativeId } }
    }`;
    const offerOf = (c: EverflowClickRecord) => String(c.raw.relationship.offer.network_offer_id);
    // Each reading reads its own days, so that the second never hits the first one's cached windows (whole UTC days).
    const shift = reading === 'any' ? 0 : 4;

    test('exclusions of one type are sent with the filters, and leave out each of their values', async () => {
      const [from, to] = [daysAgo(2 + shift), daysAgo(1 + shift)];
      const sample = clicksIn(from, to);
      const offers = [offerOf(sample[0]), offerOf(sample.find((c) => offerOf(c) !== offerOf(sample[0]))!)];
      const res = await gw.query(EXCLUDING, {
        from,
        to,
        filters: [{ resourceType: 'COUNTRY', values: ['United States'] }],
        exclusions: [{ resourceType: 'OFFER', values: offers }],
      });
      const expected = sample.filter((c) => c.raw.relationship.geolocation.country_name === 'United States' && !offers.includes(offerOf(c)));
      expect(expected.length).toBeGreaterThan(0);
      expect(res).toEqual({ data: { clicks: { totalCount: expected.length, truncated: false, nodes: nativeIds(expected) } } });
      expect(bodies()).toEqual([
        {
          from: utc(iso(dayStart(from))),
          to: utc(iso(dayStart(to) + DAY)),
          timezone_id: 67,
          query: {
            filters: [{ filter_id_value: 'United States', resource_type: 'country' }],
            exclusions: offers.map((o) => ({ filter_id_value: o, resource_type: 'offer' })),
          },
        },
      ]);
    });

    test('exclusions of several types leave out a click that matches any of them: one call per type, answers intersected', async () => {
      const [from, to] = [daysAgo(3 + shift), daysAgo(2 + shift)];
      const sample = clicksIn(from, to);
      const offer = offerOf(sample[0]);
      const res = await gw.query(EXCLUDING, {
        from,
        to,
        exclusions: [
          { resourceType: 'OFFER', values: [offer] },
          { resourceType: 'S1', values: ['facebook', 'google'] },
        ],
      });
      const expected = sample.filter((c) => offerOf(c) !== offer && !['facebook', 'google'].includes(c.raw.sub1));
      const eitherOnly = sample.filter((c) => !(offerOf(c) === offer && ['facebook', 'google'].includes(c.raw.sub1)));
      expect(expected.length).toBeGreaterThan(0);
      expect(eitherOnly.length).toBeGreaterThan(expected.length);
      expect(res).toEqual({ data: { clicks: { totalCount: expected.length, truncated: false, nodes: nativeIds(expected) } } });
      const window = { from: utc(iso(dayStart(from))), to: utc(iso(dayStart(to) + DAY)), timezone_id: 67 };
      expect(bodies()).toEqual([
        { ...window, query: { exclusions: [{ filter_id_value: offer, resource_type: 'offer' }] } },
        {
          ...window,
          query: {
            exclusions: [
              { filter_id_value: 'facebook', resource_type: 's1' },
              { filter_id_value: 'google', resource_type: 's1' },
            ],
          },
        },
      ]);
    });
  });

  test('an exclusion without values is rejected before any call', async () => {
    const res = await gw.query(
      `{ clicks(source: { everflow: { from: "${daysAgo(2)}", to: "${daysAgo(1)}", exclusions: [{ resourceType: OFFER, values: [] }] } }) { totalCount } }`,
    );
    expect(res.data.clicks).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      path: ['clicks'],
      extensions: { code: 'BAD_USER_INPUT', argument: 'source', field: ['source', 'everflow', 'exclusions', '0', 'values'] },
    });
    expect(gw.requests()).toEqual([]);
  });

  test('when the request budget runs out the connection says it is truncated', async () => {
    const small = await startTestGateway({ sims: gw.sims, env: { EVERFLOW_CLICK_REQUEST_BUDGET: '2' } });
    try {
      const from = daysAgo(20);
      const res = await small.query(
        `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }) { totalCount truncated truncatedRanges { from to } } }`,
        { from, to: daysAgo(0) },
      );
      expect(res.data.clicks.truncated).toBe(true);
      // The first 14 whole UTC days, clipped to the range.
      expect(res.data.clicks.truncatedRanges).toEqual([{ from, to: iso(dayStart(from) + 14 * DAY) }]);
      expect(small.requests('everflow')).toHaveLength(2);
      // Everything read is kept: the capped window's 5000 rows plus the second window.
      expect(res.data.clicks.totalCount).toBeGreaterThanOrEqual(5000);
    } finally {
      await small.stop();
    }
  });

  test('a click by id, and a 404 as NOT_FOUND', async () => {
    const click = data.clicks[data.clicks.length - 1];
    const list = await gw.query(`{ clicks(source: { everflow: { from: "${daysAgo(1)}", to: "${daysAgo(0)}" } }, last: 1) { nodes { id } } }`);
    const id = list.data.clicks.nodes[0].id;
    gw.clearRequests();
    const res = await gw.query(`query($id: ID!) { click(id: $id) { nativeId everflow { transactionId couponCode } } }`, { id });
    expect(res.data.click).toEqual({
      nativeId: click.transaction_id,
      everflow: { transactionId: click.transaction_id, couponCode: click.raw.coupon_code || null },
    });
    expect(gw.requests('everflow').map((r) => r.path)).toEqual([`/v1/affiliates/reporting/clicks/${click.transaction_id}`]);

    const missing = Buffer.from(JSON.stringify(['EVERFLOW', 'Click', 'f'.repeat(32)])).toString('base64url');
    const gone = await gw.query(`query($id: ID!) { click(id: $id) { nativeId } }`, { id: missing });
    expect(gone.data.click).toBeNull();
    expect(gone.errors?.[0]).toMatchObject({ path: ['click'], extensions: { code: 'NOT_FOUND', vendor: 'EVERFLOW' } });
  });

  test('country is the code, countryName and regionName the names; the deprecated countryCode, region and platform keep their values', async () => {
    const click = data.clicks.find((c) => c.raw.relationship.geolocation.region_code && c.raw.relationship.geolocation.country_code)!;
    const id = toGlobalId({ vendor: 'EVERFLOW', type: 'Click', key: [click.transaction_id] });
    const res = await gw.query(
      `query($id: ID!) { click(id: $id) { country countryCode countryName regionName regionCode region os platform osVersion } }`,
      { id },
    );
    const geo = click.raw.relationship.geolocation;
    const device = click.raw.relationship.device_information;
    expect(res).toEqual({
      data: {
        click: {
          country: geo.country_code,
          countryCode: geo.country_code,
          countryName: geo.country_name,
          regionName: geo.region_name,
          regionCode: geo.region_code,
          region: geo.region_name,
          os: device.platform_name,
          platform: device.platform_name,
          osVersion: device.os_version || null,
        },
      },
    });
  });
});

describe('on-hold conversions', () => {
  test('status, kinds and filters become the report body; rows are mapped with their click', async () => {
    const from = daysAgo(60);
    const to = daysAgo(0);
    const offer = data.onHold[0].raw.conversion.relationship.offer.network_offer_id;
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!, $offer: String!) {
        conversions(source: { everflow: { from: $from, to: $to, status: ON_HOLD, events: true, filters: [{ resourceType: OFFER, values: [$offer] }] } }, first: 5) {
          totalCount nodes { nativeId status isEvent revenue currency click { nativeId } offer { nativeId } }
        }
      }`,
      { from, to, offer: String(offer) },
    );
    expect(res.errors).toBeUndefined();
    const [report, ...clickCalls] = gw.requests('everflow');
    expect(report).toMatchObject({
      method: 'POST',
      path: '/v1/affiliates/reporting/onhold',
      query: { page: '1', page_size: '5' },
      body: {
        from: utc(from),
        to: utc(to),
        timezone_id: 67,
        show_conversions: true,
        show_events: true,
        on_hold_status_filter: 'on_hold',
        query: { filters: [{ filter_id_value: String(offer), resource_type: 'offer' }] },
      },
    });
    const [a, b] = [Date.parse(from) / 1000, Date.parse(to) / 1000];
    const expected = data.onHold.filter(
      (r) =>
        r.raw.status === 'on_hold' &&
        r.raw.conversion.relationship.offer.network_offer_id === offer &&
        r.raw.conversion.conversion_unix_timestamp >= a &&
        r.raw.conversion.conversion_unix_timestamp <= b,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data.conversions.totalCount).toBe(expected.length);
    expect(res.data.conversions.nodes).toEqual(
      expected.slice(0, 5).map((r) => ({
        nativeId: r.raw.on_hold_conversion_id,
        status: 'ON_HOLD',
        isEvent: r.raw.conversion.is_event,
        revenue: r.raw.conversion.revenue,
        currency: r.raw.conversion.currency_id,
        click: { nativeId: r.raw.conversion.transaction_id },
        offer: { nativeId: String(offer) },
      })),
    );
    // One call per distinct click, no more.
    const distinct = new Set(expected.slice(0, 5).map((r) => r.raw.conversion.transaction_id));
    expect(clickCalls.map((r) => r.path).sort()).toEqual([...distinct].map((tx) => `/v1/affiliates/reporting/clicks/${tx}`).sort());
  });

  test('countryName and regionName carry the names Everflow sends; country (a code) is null; the deprecated names keep their values', async () => {
    const record = data.onHold.find((r) => r.raw.conversion.country && r.raw.conversion.region)!;
    const id = toGlobalId({ vendor: 'EVERFLOW', type: 'Conversion', key: [record.raw.on_hold_conversion_id] });
    const res = await gw.query(
      `query($id: ID!) { node(id: $id) { ... on Conversion { country countryCode countryName regionName region os platform } } }`,
      { id },
    );
    const c = record.raw.conversion;
    expect(res).toEqual({
      data: {
        node: {
          country: null,
          countryCode: null,
          countryName: c.country,
          regionName: c.region,
          region: c.region,
          os: c.platform,
          platform: c.platform,
        },
      },
    });
  });

  test.each([
    ['over one year', daysAgo(364), daysAgo(-2), /one year/],
    ['beyond the prior 365 days', daysAgo(370), daysAgo(300), /365 days/],
  ])('a range %s is rejected before any call', async (_, from, to, message) => {
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!) { conversions(source: { everflow: { from: $from, to: $to } }) { totalCount } }`,
      { from, to },
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(message);
    expect(gw.requests()).toEqual([]);
  });
});

describe('an answer of an unexpected shape is an UPSTREAM_ERROR naming the endpoint, never a record of nulls', () => {
  const gid = (type: 'Affiliate' | 'Click' | 'Conversion', key: string | number) => toGlobalId({ vendor: 'EVERFLOW', type, key: [String(key)] });
  // Ids and ranges no other test reads: a cached copy would stand in for a failing Everflow.
  const click = () => data.clicks[data.clicks.length - 7];
  const onHold = () => data.onHold[9];
  const paging = { page: 1, page_size: 2, total_count: 1 };
  let ranges = 0;
  const range = () => ({ from: daysAgo(40 + ++ranges), to: daysAgo(39.5 + ranges) });
  const cases: [string, 'GET' | 'POST', () => string, () => unknown, () => [string, Record<string, unknown>?], string][] = [
    [
      'the affiliates table as a list',
      'POST',
      () => '/v1/networks/affiliatestable',
      () => [{ network_affiliate_id: 1 }, { network_affiliate_id: 2 }],
      () => ['{ affiliates(first: 2) { totalCount } }'],
      'the body is an array of 2, expected an object',
    ],
    [
      'a table row without its id',
      'POST',
      () => '/v1/networks/affiliatestable',
      () => ({ affiliates: [{ network_affiliate_id: null, name: 'X' }], paging }),
      () => ['{ affiliates(first: 2) { nodes { name } } }'],
      'affiliates[0].network_affiliate_id is null, expected an id',
    ],
    [
      'a table page whose paging is a list',
      'POST',
      () => '/v1/networks/affiliatestable',
      () => ({ affiliates: [], paging: [] }),
      () => ['{ affiliates(first: 2) { totalCount } }'],
      'paging is an array of 0, expected an object',
    ],
    [
      'a table page whose total is not a number',
      'POST',
      () => '/v1/networks/affiliatestable',
      () => ({ affiliates: [], paging: { ...paging, total_count: 'many' } }),
      () => ['{ affiliates(first: 2) { totalCount } }'],
      'paging.total_count is a string, expected a number',
    ],
    [
      'an affiliate as a list of two',
      'GET',
      () => '/v1/networks/affiliates/203',
      () => [{ network_affiliate_id: 203 }, { network_affiliate_id: 204 }],
      () => [`{ affiliate(id: "${gid('Affiliate', 203)}") { name } }`],
      'the body is an array of 2, expected an object',
    ],
    [
      'an affiliate without its id',
      'GET',
      () => '/v1/networks/affiliates/205',
      () => ({ network_affiliate_id: null, name: 'X' }),
      () => [`{ affiliate(id: "${gid('Affiliate', 205)}") { name } }`],
      'network_affiliate_id is null, expected an id',
    ],
    [
      'an affiliate whose relationship is a list',
      'GET',
      () => '/v1/networks/affiliates/206',
      () => ({ network_affiliate_id: 206, relationship: [] }),
      () => [`{ affiliate(id: "${gid('Affiliate', 206)}") { labels } }`],
      'relationship is an array of 0, expected an object',
    ],
    [
      'the click stream without a list of clicks',
      'POST',
      () => '/v1/affiliates/reporting/clicks/stream',
      () => ({ clicks: { count: 0 } }),
      () => ['query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }) { totalCount } }', range()],
      'clicks is an object, expected an array',
    ],
    [
      'a streamed click without its transaction id',
      'POST',
      () => '/v1/affiliates/reporting/clicks/stream',
      () => ({ clicks: [{ transaction_id: ' ', unix_timestamp: 1 }] }),
      () => ['query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }) { totalCount } }', range()],
      'clicks[0].transaction_id is a string, expected an id',
    ],
    [
      'a click as a list',
      'GET',
      () => `/v1/affiliates/reporting/clicks/${click().transaction_id}`,
      () => [click().raw],
      () => [`{ click(id: "${gid('Click', click().transaction_id)}") { ip } }`],
      'the body is an array of 1, expected an object',
    ],
    [
      'the on-hold report as a list',
      'POST',
      () => '/v1/affiliates/reporting/onhold',
      () => [onHold().raw],
      () => ['query($from: DateTime!, $to: DateTime!) { conversions(source: { everflow: { from: $from, to: $to } }) { totalCount } }', range()],
      'the body is an array of 1, expected an object',
    ],
    [
      'an on-hold row without its id',
      'POST',
      () => '/v1/affiliates/reporting/onhold',
      () => ({ conversions: [{ ...onHold().raw, on_hold_conversion_id: null }], paging }),
      () => [
        'query($from: DateTime!, $to: DateTime!) { conversions(source: { everflow: { from: $from, to: $to } }) { nodes { revenue } } }',
        range(),
      ],
      'conversions[0].on_hold_conversion_id is null, expected an id',
    ],
    [
      'an on-hold conversion as a list',
      'GET',
      () => `/v1/affiliates/reporting/onhold/${onHold().raw.on_hold_conversion_id}`,
      () => [],
      () => [`{ conversion(id: "${gid('Conversion', onHold().raw.on_hold_conversion_id)}") { revenue } }`],
      'the body is an array of 0, expected an object',
    ],
  ];

  test.each(cases)('%s', async (_, method, path, body, request, problem) => {
    gw.sims.everflow.injectFault({ method, path: path(), status: 200, body: body() });
    const [query, variables] = request();
    const res = await gw.query(query, variables);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: `Everflow answered ${method} ${path()} with an unexpected shape: ${problem}`,
        extensions: { code: 'UPSTREAM_ERROR', vendor: 'EVERFLOW' },
      }),
    ]);
    expect(gw.requests('everflow').map((r) => `${r.method} ${r.path}`)).toEqual([`${method} ${path()}`]);
  });

  test('the answer of an unexpected shape is not cached: the next read asks Everflow again', async () => {
    const record = data.affiliates[40];
    const path = `/v1/networks/affiliates/${record.network_affiliate_id}`;
    const query = `{ affiliate(id: "${gid('Affiliate', record.network_affiliate_id)}") { name } }`;
    gw.sims.everflow.injectFault({ method: 'GET', path, status: 200, body: [] });
    expect((await gw.query(query)).errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
    expect(await gw.query(query)).toEqual({ data: { affiliate: { name: record.name } } });
    expect(gw.requests('everflow').map((r) => [r.path, r.status])).toEqual([
      [path, 200],
      [path, 200],
    ]);
  });
});

describe('click stream in aligned UTC days', () => {
  // A gateway of its own (on the same simulators), so that no other test's cached days stand in for these reads.
  let days: TestGateway;
  beforeAll(async () => {
    days = await startTestGateway({ sims: gw.sims });
  });
  afterAll(() => days.stop());

  const today = dayStart(new Date().toISOString());
  /** The start of the UTC day `n` days before today's. */
  const day = (n: number) => today - n * DAY;
  const body = (from: number, to: number) => ({ from: utc(iso(from)), to: utc(iso(to)), timezone_id: 67 });
  const between = (from: number, to: number) => inStreamOrder(data.clicks.filter((c) => c.unix_timestamp >= from && c.unix_timestamp <= to));
  const node = (c: EverflowClickRecord) => ({ nativeId: c.transaction_id, time: iso(c.unix_timestamp) });
  const PAGE = `query($from: DateTime!, $to: DateTime!, $first: Int, $after: String, $last: Int, $before: String) {
    clicks(source: { everflow: { from: $from, to: $to } }, first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage } nodes { nativeId time }
    }
  }`;
  const STREAM_PATH = '/v1/affiliates/reporting/clicks/stream';

  test('a first page of an 85-day range reads its first day only, and a last page its last day only', async () => {
    const [from, to] = [day(85), day(0) - 1];
    const expected = between(from, to);
    const first = await days.query(PAGE, { from: iso(from), to: iso(to), first: 100 });
    expect(first).toEqual({ data: { clicks: { pageInfo: { hasNextPage: true, hasPreviousPage: false }, nodes: expected.slice(0, 100).map(node) } } });
    expect(bodies()).toEqual([body(from, from + DAY)]);

    gw.clearRequests();
    const last = await days.query(PAGE, { from: iso(from), to: iso(to), last: 100 });
    expect(last).toEqual({ data: { clicks: { pageInfo: { hasNextPage: false, hasPreviousPage: true }, nodes: expected.slice(-100).map(node) } } });
    expect(bodies()).toEqual([body(day(1), day(0))]);
  });

  test('cursor pages, forwards and backwards, return the rows of one big page; the days at the edges are read whole and trimmed', async () => {
    const [from, to] = [day(61) + 12 * 3600, day(59) + 12 * 3600];
    const expected = between(from, to);
    expect(expected.length).toBeGreaterThan(600);
    expect(expected.length).toBeLessThan(1000);
    const ROWS = `query($from: DateTime!, $to: DateTime!, $first: Int, $after: String, $last: Int, $before: String) {
      clicks(source: { everflow: { from: $from, to: $to } }, first: $first, after: $after, last: $last, before: $before) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { nativeId time ip raw }
      }
    }`;
    const range = { from: iso(from), to: iso(to) };
    const pages = async (direction: 'forward' | 'backward') => {
      const nodes: unknown[][] = [];
      let cursor: string | null = null;
      for (;;) {
        const res: GqlResponse = await days.query(
          ROWS,
          direction === 'forward' ? { ...range, first: 150, after: cursor } : { ...range, last: 150, before: cursor },
        );
        expect(res.errors).toBeUndefined();
        const { pageInfo, nodes: page } = res.data.clicks;
        if (direction === 'forward') nodes.push(page);
        else nodes.unshift(page);
        if (!(direction === 'forward' ? pageInfo.hasNextPage : pageInfo.hasPreviousPage)) return nodes.flat();
        cursor = direction === 'forward' ? pageInfo.endCursor : pageInfo.startCursor;
      }
    };
    const forwards = await pages('forward');
    // Each day read once, whole, as the pages reach it.
    expect(bodies()).toEqual([body(day(61), day(60)), body(day(60), day(59)), body(day(59), day(58))]);
    const whole = await days.query(ROWS, { ...range, first: 1000 });
    expect(whole.data.clicks.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(whole.data.clicks.nodes).toEqual(expected.map((c) => ({ ...node(c), ip: c.raw.user_ip, raw: c.raw })));
    expect(forwards).toEqual(whole.data.clicks.nodes);
    expect(await pages('backward')).toEqual(whole.data.clicks.nodes);
    // The days are cached: the big page and the backward pages called nobody.
    expect(bodies()).toHaveLength(3);
  });

  test('overlapping ranges share cached days: the second range asks Everflow only for its new days', async () => {
    const TOTAL = `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 5) { totalCount truncated nodes { nativeId } } }`;
    const first = await days.query(TOTAL, { from: iso(day(40) + 3600), to: iso(day(36) + 7200) });
    expect(first.data.clicks.totalCount).toBe(between(day(40) + 3600, day(36) + 7200).length);
    expect(bodies()).toEqual([body(day(40), day(35))]);

    gw.clearRequests();
    const [from, to] = [day(38), day(33) + 100];
    const second = await days.query(TOTAL, { from: iso(from), to: iso(to) });
    const expected = between(from, to);
    expect(second).toEqual({
      data: { clicks: { totalCount: expected.length, truncated: false, nodes: expected.slice(0, 5).map((c) => ({ nativeId: c.transaction_id })) } },
    });
    // Days 38 to 36 back came from the cache.
    expect(bodies()).toEqual([body(day(35), day(32))]);
  });

  test('totalCount is read only when selected: without it a page reads its days, with it every day; the page is the same', async () => {
    const [from, to] = [day(30) + 600, day(21) - 1];
    const range = { from: iso(from), to: iso(to) };
    const nodes = 'pageInfo { hasNextPage hasPreviousPage } nodes { nativeId time }';
    const without = await days.query(
      `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 20) { ${nodes} } }`,
      range,
    );
    expect(bodies()).toEqual([body(day(30), day(29))]);

    gw.clearRequests();
    const counted = await days.query(
      `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 20) { ...Total ${nodes} } }
       fragment Total on ClickConnection { totalCount }`,
      range,
    );
    const expected = between(from, to);
    expect(without).toEqual({
      data: { clicks: { pageInfo: { hasNextPage: true, hasPreviousPage: false }, nodes: expected.slice(0, 20).map(node) } },
    });
    expect(counted).toEqual({ data: { clicks: { totalCount: expected.length, ...without.data.clicks } } });
    // The first day is cached; the other eight in one call (about 80% of the row cap at the rows a day was seen to hold).
    expect(bodies()).toEqual([body(day(29), day(21))]);
  });

  test('a day at the row cap is read again in halves, and cached whole', async () => {
    const d = day(45);
    const rows = between(d, d + DAY - 1);
    // Everflow answering 5000 rows: the day's own rows over and over.
    gw.sims.everflow.injectFault({
      method: 'POST',
      path: STREAM_PATH,
      status: 200,
      body: { clicks: Array.from({ length: 5000 }, (_, i) => rows[i % rows.length].raw) },
    });
    const range = { from: iso(d), to: iso(d + DAY - 1) };
    const res = await days.query(PAGE, { ...range, first: 1000 });
    expect(res).toEqual({ data: { clicks: { pageInfo: { hasNextPage: false, hasPreviousPage: false }, nodes: rows.map(node) } } });
    const [whole, ...halves] = bodies() as { from: string }[];
    expect(whole).toEqual(body(d, d + DAY));
    expect(halves.sort((a, b) => (a.from < b.from ? -1 : 1))).toEqual([body(d, d + DAY / 2), body(d + DAY / 2, d + DAY)]);

    gw.clearRequests();
    expect(await days.query(PAGE, { ...range, first: 1000 })).toEqual(res);
    expect(bodies()).toEqual([]);
  });

  test('when Everflow fails, an expired cached day stands in, with a STALE_DATA warning', async () => {
    // Days expire after 1 s but may stand in for an outage for an hour.
    const own = await startTestGateway({ sims: gw.sims, env: { CACHE_TTL_CLICK_STREAM_SECONDS: '1', STALE_IF_ERROR_SECONDS: '3600' } });
    try {
      const range = { from: iso(day(50)), to: iso(day(49) - 1) };
      const first = await own.query(PAGE, { ...range, first: 20 });
      expect(first.data.clicks.nodes).toEqual(
        between(day(50), day(49) - 1)
          .slice(0, 20)
          .map(node),
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      gw.clearRequests();
      gw.sims.everflow.injectFault({ method: 'POST', path: STREAM_PATH, status: 500 });
      const outage = await own.query(PAGE, { ...range, first: 20 });
      expect(outage).toEqual({
        data: first.data,
        extensions: {
          warnings: [{ code: 'STALE_DATA', vendor: 'EVERFLOW', ageSeconds: expect.any(Number), message: expect.stringMatching(/cached copy/) }],
        },
      });
      expect(bodies()).toEqual([body(day(50), day(49))]);
    } finally {
      await own.stop();
    }
  });

  test('with the click cache off, a repeated page reads its days in one call: the first read taught the rows per day', async () => {
    const uncached = await startTestGateway({ sims: gw.sims, env: { CACHE_TTL_CLICK_STREAM_SECONDS: '0', RESPONSE_CACHE: 'off' } });
    try {
      const [from, to] = [day(9), day(2)];
      const expected = between(from, to);
      // A page that needs more than the first day, and fewer rows than its first 3 days hold.
      const size = between(day(9), day(8) - 1).length + 10;
      expect(between(day(9), day(6) - 1).length).toBeGreaterThan(size + 1);
      const query = (first: number) => uncached.query(PAGE, { from: iso(from), to: iso(to), first });
      const first = await query(size);
      expect(first.data.clicks.nodes).toEqual(expected.slice(0, size).map(node));
      // One day first, then the days its rows say the page needs.
      expect(bodies()).toHaveLength(2);
      expect(bodies()[0]).toEqual(body(day(9), day(8)));
      const [, second] = bodies() as { to: string }[];
      gw.clearRequests();
      expect(await query(size)).toEqual(first);
      // The same days, in one call.
      expect(bodies()).toEqual([{ ...body(day(9), day(8)), to: second.to }]);
      // Another range has no density yet: one day first again.
      gw.clearRequests();
      await uncached.query(PAGE, { from: iso(day(8)), to: iso(to), first: size });
      expect(bodies()[0]).toEqual(body(day(8), day(7)));
    } finally {
      await uncached.stop();
    }
  });

  test('a cursor of another range is BAD_USER_INPUT, before any call', async () => {
    const page = await days.query(
      `{ clicks(source: { everflow: { from: "${iso(day(85))}", to: "${iso(day(84))}" } }, first: 1) { pageInfo { endCursor } } }`,
    );
    gw.clearRequests();
    const res = await days.query(PAGE, { from: iso(day(10)), to: iso(day(9)), first: 1, after: page.data.clicks.pageInfo.endCursor });
    expect(res.data.clicks).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ path: ['clicks'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0].message).toMatch(/^after ".+" is not a cursor of this list; pass a cursor this list returned\.$/);
    expect(gw.requests()).toEqual([]);
  });
});
