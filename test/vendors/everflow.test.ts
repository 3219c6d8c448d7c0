import { SIMULATOR_KEYS } from '../../src/simulators/index.js';
import type { EverflowDataset } from '../../src/simulators/everflow/data.js';
import { daysAgo, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: EverflowDataset;

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.everflow.dataset(SIMULATOR_KEYS.everflow);
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

const utc = (iso: string) => iso.slice(0, 19).replace('T', ' ');

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
    const res = await gw.query(`query($after: String) { affiliates(first: 3, after: $after) { nodes { nativeId } pageInfo { hasPreviousPage hasNextPage } } }`, { after });
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

  test('a page size over 2000 is an error, not a clamp, and calls nobody', async () => {
    const res = await gw.query(`{ affiliates(first: 2001) { totalCount } }`);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
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
    // The first pass: [from, from + 14d] and [from + 14d, to]; the first holds > 5000 clicks, so it is split.
    const split = utc(new Date(Date.parse(from) + 14 * 86_400_000).toISOString());
    expect(bodies.slice(0, 2)).toEqual([
      { from: utc(from), to: split, timezone_id: 67 },
      { from: split, to: utc(to), timezone_id: 67 },
    ]);
    expect(clicksIn(from, new Date(Date.parse(from) + 14 * 86_400_000).toISOString()).length).toBeGreaterThan(5000);
    expect(bodies.length).toBeGreaterThan(2);
    for (const b of bodies) expect(Date.parse(b.to + 'Z') - Date.parse(b.from + 'Z')).toBeLessThanOrEqual(14 * 86_400_000);
  });

  test('page mode slices the cached stream without calling Everflow again', async () => {
    const from = daysAgo(3);
    const to = daysAgo(1);
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
      from: utc(from),
      to: utc(to),
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

  test('a range older than the 3-month retention is rejected before any call', async () => {
    const res = await gw.query(`query($from: DateTime!) { clicks(source: { everflow: { from: $from, to: "${daysAgo(80)}" } }) { totalCount } }`, {
      from: daysAgo(95),
    });
    expect(res.data.clicks).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ path: ['clicks'], extensions: { code: 'BAD_USER_INPUT', field: 'source.everflow.from' } });
    expect(res.errors?.[0].message).toMatch(/3 months/);
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
      expect(res.data.clicks.truncatedRanges).toEqual([{ from, to: new Date(Date.parse(from) + 14 * 86_400_000).toISOString() }]);
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
    expect(res.data.click).toEqual({ nativeId: click.transaction_id, everflow: { transactionId: click.transaction_id, couponCode: click.raw.coupon_code || null } });
    expect(gw.requests('everflow').map((r) => r.path)).toEqual([`/v1/affiliates/reporting/clicks/${click.transaction_id}`]);

    const missing = Buffer.from(JSON.stringify(['EVERFLOW', 'Click', 'f'.repeat(32)])).toString('base64url');
    const gone = await gw.query(`query($id: ID!) { click(id: $id) { nativeId } }`, { id: missing });
    expect(gone.data.click).toBeNull();
    expect(gone.errors?.[0]).toMatchObject({ path: ['click'], extensions: { code: 'NOT_FOUND', vendor: 'EVERFLOW' } });
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

  test.each([
    ['over one year', daysAgo(364), daysAgo(-2), /one year/],
    ['beyond the prior 365 days', daysAgo(370), daysAgo(300), /365 days/],
  ])('a range %s is rejected before any call', async (_, from, to, message) => {
    const res = await gw.query(`query($from: DateTime!, $to: DateTime!) { conversions(source: { everflow: { from: $from, to: $to } }) { totalCount } }`, { from, to });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(message);
    expect(gw.requests()).toEqual([]);
  });
});
