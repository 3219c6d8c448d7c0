import {
  affiliateStateErrors,
  affiliateTableRow,
  affiliateView,
  clickRetentionStart,
  createEverflowSimulator,
  type EverflowAffiliateRecord,
  type EverflowClickRecord,
  type EverflowDataset,
  type EverflowOnHoldRecord,
  type EverflowSimulator,
} from '../../src/simulators/everflow/index.js';
import type {
  EverflowAffiliate,
  EverflowAffiliatesTableResponse,
  EverflowClickResourceType,
  EverflowClickStreamResponse,
  EverflowOnHoldConversion,
  EverflowOnHoldResourceType,
  EverflowOnHoldResponse,
  EverflowPatchSubmitResponse,
  EverflowRawClick,
} from '../../src/simulators/everflow/types.js';

// A fixed clock whose 3-month click window (back to 2025-02-01 12:00, 89 days) spans the US change to daylight time (2025-03-09).
const NOW = Date.UTC(2025, 4, 1, 12, 0, 0);
const NOW_S = NOW / 1000;
const DAY = 86_400;
/** Where raw click data starts at NOW: 3 calendar months back, computed here from the document's wording. */
const RETAINED = Date.UTC(2025, 1, 1, 12, 0, 0) / 1000;
const KEY = 'everflow-read-key';
const WRITE_KEY = 'everflow-write-key';

let sim: EverflowSimulator;
let ds: EverflowDataset;

beforeAll(async () => {
  sim = createEverflowSimulator({ keys: [KEY, WRITE_KEY], now: NOW });
  await sim.start();
  ds = sim.dataset(KEY);
  const started = performance.now();
  for (const click of ds.clicks) void click.raw;
  console.log(
    `everflow dataset: generated in ${ds.generationMs.toFixed(0)} ms (${ds.affiliates.length} affiliates, ${ds.clicks.length} clicks, ` +
      `${ds.onHold.length} on-hold rows); building every click's details took ${(performance.now() - started).toFixed(0)} ms more`,
  );
});

afterAll(() => sim.stop());

/** A reply; error replies carry SimServer's default body `{error, status}`. */
interface Reply<T = any> {
  status: number;
  body: T & { error?: string };
}

async function call<T = any>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Record<string, string | number | string[]>; key?: string | null } = {},
): Promise<Reply<T>> {
  const url = new URL(path, sim.url);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = options.key === undefined ? KEY : options.key;
  if (key !== null) headers['X-Eflow-API-Key'] = key;
  const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  return { status: res.status, body: (await res.json()) as Reply<T>['body'] };
}

const utc = (seconds: number) => new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
const utcDay = (seconds: number) => utc(seconds).slice(0, 10);
const ids = (rows: { network_affiliate_id: number }[]) => rows.map((r) => r.network_affiliate_id);
const employeeName = (id: number) => {
  const e = ds.employees.find((x) => x.network_employee_id === id);
  return e ? `${e.first_name} ${e.last_name}` : '';
};

/** Wall-clock parts of a unix time in a zone, computed here independently of the simulator. */
function wall(zone: string, seconds: number): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(seconds * 1000))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

describe('authentication', () => {
  test('answers 401 without a key or with an unknown key, 200 with a configured key', async () => {
    expect((await call('GET', '/v1/networks/affiliates/1', { key: null })).status).toBe(401);
    expect((await call('GET', '/v1/networks/affiliates/1', { key: 'nope' })).status).toBe(401);
    expect((await call('POST', '/v1/affiliates/reporting/clicks/stream', { key: 'nope', body: {} })).status).toBe(401);
    expect((await call('GET', '/v1/networks/affiliates/1')).status).toBe(200);
  });

  test('gives each key its own deterministic dataset', () => {
    const other = sim.dataset(WRITE_KEY);
    expect(other.network_id === ds.network_id && other.affiliates[0].name === ds.affiliates[0].name).toBe(false);
    const again = createEverflowSimulator({ keys: [KEY], now: NOW }).dataset(KEY);
    expect(again.affiliates.map((a) => a.name)).toEqual(ds.affiliates.map((a) => a.name));
    expect(again.clicks.slice(0, 50).map((c) => c.raw)).toEqual(ds.clicks.slice(0, 50).map((c) => c.raw));
    expect(() => sim.dataset('unknown')).toThrow(/unknown key/);
  });
});

describe('dataset', () => {
  test('holds ~300 affiliates, 40,000 clicks within the retention sorted by time and ~2,000 on-hold rows linked to real clicks', () => {
    expect(ds.affiliates).toHaveLength(300);
    expect(ds.affiliates.map((a) => a.network_affiliate_id)).toEqual(ds.affiliates.map((_, i) => i + 1));
    const times = ds.clicks.map((c) => c.unix_timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(ds.clicks.filter((c) => c.unix_timestamp >= RETAINED)).toHaveLength(40_000);
    // Older clicks are kept only because they led to conversions.
    expect(ds.clicks.filter((c) => c.unix_timestamp < RETAINED).every((c) => c.converted)).toBe(true);
    expect(ds.onHold.length).toBeGreaterThan(1800);
    for (const row of ds.onHold) {
      const click = ds.clicksById.get(row.raw.conversion.transaction_id);
      expect(click?.unix_timestamp).toBe(row.raw.conversion.click_unix_timestamp);
    }
    const statuses = new Set(ds.affiliates.map((a) => a.account_status));
    expect([...statuses].sort()).toEqual(['active', 'inactive', 'pending', 'suspended']);
    expect(ds.affiliates.some((a) => a.today_revenue === 'N/A')).toBe(true);
    expect(ds.affiliates.some((a) => a.today_revenue === '')).toBe(true);
    expect(ds.affiliates.every((a) => a.users.length >= 1 && a.users.length <= 3)).toBe(true);
  });
});

describe('POST /v1/networks/affiliatestable', () => {
  const table = (body: unknown, query: Record<string, string | number | string[]> = {}) =>
    call<EverflowAffiliatesTableResponse>('POST', '/v1/networks/affiliatestable', { body, query });
  const all = (filters: object, extra: object = {}) => table({ filters, ...extra }, { page_size: 2000 });

  test('pages 50 rows by default, ordered by id, with the documented row fields', async () => {
    const { status, body } = await table({});
    expect(status).toBe(200);
    expect(body.paging).toEqual({ page: 1, page_size: 50, total_count: ds.affiliates.length });
    expect(body.affiliates).toEqual(ds.affiliates.slice(0, 50).map((a) => affiliateTableRow(ds, a)));
    const [row, record] = [body.affiliates[3], ds.affiliates[3]];
    expect(row).toMatchObject({
      network_id: ds.network_id,
      account_manager_id: record.network_employee_id,
      account_manager_name: employeeName(record.network_employee_id),
      account_executive_name: employeeName(record.account_executive_id),
      today_revenue: record.today_revenue,
      payment_type: record.billing.payment_type,
      is_payable: record.billing.payment_type !== 'none',
    });
    expect(row).not.toHaveProperty('relationship');
  });

  test('honours page and page_size', async () => {
    const { body } = await table({}, { page: 3, page_size: 7 });
    expect(ids(body.affiliates)).toEqual(ds.affiliates.slice(14, 21).map((a) => a.network_affiliate_id));
    expect(body.paging).toEqual({ page: 3, page_size: 7, total_count: ds.affiliates.length });
    expect((await table({}, { page_size: 2000 })).body.affiliates).toHaveLength(ds.affiliates.length);
  });

  test.each([
    [{ page_size: 2001 }, /page_size/],
    [{ page_size: 0 }, /page_size/],
    [{ page: 'x' }, /page/],
    [{ relationship: 'audits' }, /relationship/],
  ])('answers 400 for query %j', async (query, message) => {
    const { status, body } = await table({}, query as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
  });

  test('includes the users and signup relationships when asked', async () => {
    const { body } = await table({}, { page_size: 5, relationship: ['users', 'signup'] });
    body.affiliates.forEach((row, i) => {
      const record = ds.affiliates[i];
      expect(row.relationship).toEqual({ users: { total: record.users.length, entries: record.users }, signup: record.signup });
    });
  });

  test('filters on account_status', async () => {
    const { body } = await all({ account_status: 'suspended' });
    expect(ids(body.affiliates)).toEqual(ds.affiliates.filter((a) => a.account_status === 'suspended').map((a) => a.network_affiliate_id));
    expect(body.paging.total_count).toBe(body.affiliates.length);
  });

  test('ORs the values of one filter and ANDs different filters', async () => {
    const [m1, m2] = [ds.employees[0].network_employee_id, ds.employees[2].network_employee_id];
    const { body } = await all({ account_status: 'active', account_manager_ids: [m1, m2] });
    const expected = ds.affiliates.filter((a) => a.account_status === 'active' && [m1, m2].includes(a.network_employee_id));
    expect(ids(body.affiliates)).toEqual(ids(expected));
    expect(expected.length).toBeGreaterThan(0);
  });

  test('filters on every documented structured filter', async () => {
    const record = ds.affiliates.find((a) => a.account_executive_id > 0 && a.labels.length > 0 && a.contact_address?.country_code === 'US')!;
    const cases: [object, (a: EverflowAffiliateRecord) => boolean][] = [
      [{ network_account_executives_ids: [record.account_executive_id] }, (a) => a.account_executive_id === record.account_executive_id],
      [{ billing_frequency: 'weekly' }, (a) => a.billing.billing_frequency === 'weekly'],
      [{ payment_type: 'wire' }, (a) => a.billing.payment_type === 'wire'],
      [{ labels: [record.labels[0], 'no-such-label'] }, (a) => a.labels.includes(record.labels[0])],
      [{ ran_traffic_in_last_hours: 168 }, (a) => a.last_traffic_time > 0 && a.last_traffic_time >= NOW_S - 168 * 3600],
      [{ network_tracking_domain_ids: [2] }, (a) => a.network_tracking_domain_ids.includes(2)],
      [{ country_codes: ['US'] }, (a) => a.contact_address?.country_code === 'US'],
      [
        { country_codes: ['US'], region_codes: ['CA', 'NY'] },
        (a) => a.contact_address?.country_code === 'US' && ['CA', 'NY'].includes(a.contact_address.region_code ?? ''),
      ],
      [{ account_manager_ids: [] }, () => true],
    ];
    for (const [filters, keep] of cases) {
      const expected = ds.affiliates.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      expect({ filters, got: ids((await all(filters)).body.affiliates) }).toEqual({ filters, got: ids(expected) });
    }
  });

  test('searches names case-insensitively and combines search with filters', async () => {
    const word = ds.affiliates[0].name.split(' ')[1];
    const { body } = await all({ account_status: 'active' }, { search_terms: [{ search_type: 'name', value: word.toUpperCase() }] });
    const expected = ds.affiliates.filter((a) => a.account_status === 'active' && a.name.toLowerCase().includes(word.toLowerCase()));
    expect(ids(body.affiliates)).toEqual(ids(expected));
    expect(expected.length).toBeGreaterThan(0);
  });

  test.each([
    [{ filters: { account_status: 'deleted' } }, /filters\.account_status/],
    [{ filters: { billing_frequency: 'yearly' } }, /filters\.billing_frequency/],
    [{ filters: { payment_type: 'cash' } }, /filters\.payment_type/],
    [{ filters: { favourite_color: 'blue' } }, /favourite_color/],
    [{ filters: { account_manager_ids: ['two'] } }, /account_manager_ids/],
    [{ filters: { ran_traffic_in_last_hours: -1 } }, /ran_traffic_in_last_hours/],
    [{ search_terms: [{ search_type: 'email', value: 'x' }] }, /search_type/],
  ])('answers 400 for body %j', async (body, message) => {
    const reply = await table(body);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(message);
  });
});

describe('GET /v1/networks/affiliates/:affiliateId', () => {
  test('answers the affiliate with labels, account_manager and encoded_value', async () => {
    const record = ds.affiliates.find((a) => a.network_employee_id > 0 && a.labels.length > 0)!;
    const { status, body } = await call<EverflowAffiliate>('GET', `/v1/networks/affiliates/${record.network_affiliate_id}`);
    expect(status).toBe(200);
    expect(body).toEqual(affiliateView(ds, record));
    const manager = ds.employees.find((e) => e.network_employee_id === record.network_employee_id)!;
    expect(body.relationship).toEqual({
      labels: { total: record.labels.length, entries: record.labels },
      account_manager: {
        first_name: manager.first_name,
        last_name: manager.last_name,
        email: manager.email,
        work_phone: manager.work_phone,
        cell_phone: manager.cell_phone,
        instant_messaging_id: manager.instant_messaging_id,
        instant_messaging_identifier: manager.instant_messaging_identifier,
      },
      encoded_value: record.encoded_value,
      network_affiliate_tier_id: record.network_affiliate_tier_id,
    });
    expect(body.adress_id).toBe(record.adress_id);
  });

  test('adds each of the 13 documented relationships on request', async () => {
    const record = ds.affiliates.find((a) => a.referrer_id > 0)!;
    const referrer = ds.affiliates.find((a) => a.network_affiliate_id === record.referrer_id)!;
    const all = [
      'reporting',
      'billing',
      'coupon_codes',
      'users',
      'audits',
      'visibility',
      'signup',
      'api',
      'traffic_source',
      'referral_link',
      'referrer',
      'referral',
      'supply_partner',
    ];
    const { body } = await call<EverflowAffiliate>('GET', `/v1/networks/affiliates/${record.network_affiliate_id}`, { query: { relationship: all } });
    expect(Object.keys(body.relationship).sort()).toEqual([...all, 'labels', 'account_manager', 'encoded_value', 'network_affiliate_tier_id'].sort());
    expect(body.relationship.users).toEqual({ total: record.users.length, entries: record.users });
    expect(body.relationship.billing).toEqual(record.billing);
    expect(body.relationship.coupon_codes).toEqual({ total: record.coupon_codes.length, entries: record.coupon_codes });
    expect(body.relationship.referrer).toEqual({ network_affiliate_id: referrer.network_affiliate_id, name: referrer.name });
    const referred = ds.affiliates.filter((a) => a.referrer_id === referrer.network_affiliate_id);
    const ofReferrer = await call<EverflowAffiliate>('GET', `/v1/networks/affiliates/${referrer.network_affiliate_id}`, {
      query: { relationship: ['referral', 'referrer'] },
    });
    expect(ofReferrer.body.relationship.referral?.referred_affiliates.entries.map((a) => a.network_affiliate_id)).toEqual(ids(referred));
    expect(ofReferrer.body.relationship.referrer).toBe(referrer.referrer_id === 0 ? null : expect.anything());
  });

  test.each(['relationship', 'top-level'] as const)('carries network_affiliate_tier_id where the %s reading puts it', async (tier) => {
    const record = ds.affiliates.find((a) => a.network_affiliate_tier_id > 0)!;
    sim.readings.affiliateTier = tier;
    try {
      const { body } = await call<EverflowAffiliate>('GET', `/v1/networks/affiliates/${record.network_affiliate_id}`, {
        query: { relationship: 'billing' },
      });
      expect(body).toEqual(affiliateView(ds, record, ['billing'], tier));
      const [top, under] = [body.network_affiliate_tier_id, body.relationship.network_affiliate_tier_id];
      expect(tier === 'top-level' ? [top, under] : [under, top]).toEqual([record.network_affiliate_tier_id, undefined]);
    } finally {
      sim.readings.affiliateTier = 'relationship';
    }
  });

  test('refuses a reading it does not know', () => {
    expect(() => createEverflowSimulator({ keys: [KEY], readings: { affiliateTier: 'nowhere' as 'top-level' } })).toThrow(
      /readings\.affiliateTier must be one of relationship, top-level/,
    );
    expect(() => createEverflowSimulator({ keys: [KEY], readings: { clickExclusions: 'all' as 'any' } })).toThrow(
      /readings\.clickExclusions must be one of any, grouped/,
    );
  });

  test('answers 404 for an unknown id and 400 for a malformed id or relationship', async () => {
    expect((await call('GET', `/v1/networks/affiliates/${ds.affiliates.length + 1000}`)).status).toBe(404);
    expect((await call('GET', '/v1/networks/affiliates/abc')).status).toBe(400);
    const bad = await call('GET', '/v1/networks/affiliates/1', { query: { relationship: 'friends' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/relationship/);
  });
});

describe('affiliate writes', () => {
  let wds: EverflowDataset;
  beforeAll(() => {
    wds = sim.dataset(WRITE_KEY);
  });
  const write = <T = any>(method: string, path: string, body: unknown) => call<T>(method, path, { body, key: WRITE_KEY });
  const valid = (over: object = {}) => ({
    name: 'Test Affiliate',
    account_status: 'active',
    network_employee_id: wds.employees[0].network_employee_id,
    internal_notes: 'created by a test',
    default_currency_id: 'USD',
    is_contact_address_enabled: true,
    contact_address: {
      address_1: '105 Ocean Avenue',
      address_2: '',
      city: 'Los Angeles',
      region_code: 'CA',
      country_code: 'US',
      zip_postal_code: 'GHGHGH',
    },
    users: [
      {
        first_name: 'Bob',
        last_name: 'Smith',
        email: `bob.${Math.random().toString(36).slice(2)}@example.com`,
        account_status: 'active',
        initial_password: 'J0hnD0e2020!',
        language_id: 1,
        timezone_id: 90,
        currency_id: 'USD',
      },
    ],
    billing: { billing_frequency: 'monthly', payment_type: 'none', tax_id: 'XXXXX', details: { day_of_month: 1 } },
    ...over,
  });

  test('POST creates an affiliate, answers it like find-by-id, and the table sees it', async () => {
    const nextId = Math.max(...wds.affiliates.map((a) => a.network_affiliate_id)) + 1;
    const body = valid();
    const created = await write<EverflowAffiliate>('POST', '/v1/networks/affiliates', body);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      network_affiliate_id: nextId,
      name: 'Test Affiliate',
      account_status: 'active',
      is_contact_address_enabled: true,
      time_created: NOW_S,
    });
    expect(created.body.relationship.users?.entries.map((u) => u.email)).toEqual([body.users[0].email]);
    const record = wds.affiliates.find((a) => a.network_affiliate_id === nextId)!;
    expect(record.contact_address).toEqual(body.contact_address);
    const fetched = await call('GET', `/v1/networks/affiliates/${nextId}`, { key: WRITE_KEY, query: { relationship: 'users' } });
    expect(fetched.body).toEqual(created.body);
    const table = await call<EverflowAffiliatesTableResponse>('POST', '/v1/networks/affiliatestable', {
      key: WRITE_KEY,
      body: { search_terms: [{ search_type: 'name', value: 'test affiliate' }] },
    });
    expect(ids(table.body.affiliates)).toContain(nextId);
  });

  const existingEmail = () => wds.affiliates[5].users[0].email.toUpperCase();
  test.each<[string, () => object, RegExp]>([
    ['missing name', () => valid({ name: undefined }), /^name is required/],
    ['missing account_status', () => valid({ account_status: undefined }), /account_status is required/],
    ['account_status outside active/inactive', () => valid({ account_status: 'suspended' }), /account_status must be one of: active, inactive/],
    ['unknown account manager', () => valid({ network_employee_id: 999 }), /network_employee_id 999/],
    ['unknown referrer', () => valid({ referrer_id: 99999 }), /referrer_id 99999/],
    ['bad currency', () => valid({ default_currency_id: 'dollars' }), /default_currency_id/],
    ['enabled contact address without address', () => valid({ contact_address: undefined }), /contact_address is required/],
    [
      'contact address without city',
      () => valid({ contact_address: { address_1: 'x', country_code: 'US', zip_postal_code: '1' } }),
      /contact_address\.city/,
    ],
    [
      'short password',
      () => valid({ users: [{ first_name: 'a', last_name: 'b', email: 'short@example.com', initial_password: 'Ab1!' }] }),
      /initial_password must be at least 8/,
    ],
    [
      'password without symbol',
      () => valid({ users: [{ first_name: 'a', last_name: 'b', email: 'sym@example.com', initial_password: 'Abcdefg1' }] }),
      /initial_password .*non-alphanumeric/,
    ],
    [
      'password without uppercase',
      () => valid({ users: [{ first_name: 'a', last_name: 'b', email: 'up@example.com', initial_password: 'abcdefg1!' }] }),
      /initial_password .*uppercase/,
    ],
    [
      'password without lowercase',
      () => valid({ users: [{ first_name: 'a', last_name: 'b', email: 'low@example.com', initial_password: 'ABCDEFG1!' }] }),
      /initial_password .*lowercase/,
    ],
    [
      'email of another affiliate user',
      () => valid({ users: [{ first_name: 'a', last_name: 'b', email: existingEmail() }] }),
      /users\[0\]\.email .* already used/,
    ],
    [
      'same email twice',
      () =>
        valid({
          users: [
            { first_name: 'a', last_name: 'b', email: 'twin@example.com' },
            { first_name: 'c', last_name: 'd', email: 'twin@example.com' },
          ],
        }),
      /users\[1\]\.email/,
    ],
    [
      'language other than English',
      () => valid({ users: [{ first_name: 'a', last_name: 'b', email: 'lang@example.com', language_id: 2 }] }),
      /language_id must be 1/,
    ],
    [
      'unknown billing frequency',
      () => valid({ billing: { billing_frequency: 'yearly', payment_type: 'none' } }),
      /billing\.billing_frequency must be one of/,
    ],
    ['unknown payment type', () => valid({ billing: { billing_frequency: 'manual', payment_type: 'cash' } }), /billing\.payment_type must be one of/],
    [
      'weekly without details',
      () => valid({ billing: { billing_frequency: 'weekly', payment_type: 'none' } }),
      /billing\.details is required when billing_frequency is weekly/,
    ],
    [
      'weekly without day_of_week',
      () => valid({ billing: { billing_frequency: 'weekly', payment_type: 'none', details: { day_of_month: 3 } } }),
      /billing\.details\.day_of_week is required/,
    ],
    [
      'bimonthly without second day',
      () => valid({ billing: { billing_frequency: 'bimonthly', payment_type: 'none', details: { day_of_month_one: 1 } } }),
      /day_of_month_two is required/,
    ],
    [
      'quarterly without starting month',
      () => valid({ billing: { billing_frequency: 'quarterly', payment_type: 'none', details: { day_of_month: 1 } } }),
      /starting_month is required/,
    ],
    [
      'two_months with month 13',
      () => valid({ billing: { billing_frequency: 'two_months', payment_type: 'none', details: { day_of_month: 1, starting_month: 13 } } }),
      /starting_month must be an integer from 1 to 12/,
    ],
    [
      'automatic invoices without start date',
      () => valid({ billing: { billing_frequency: 'manual', payment_type: 'none', is_invoice_creation_auto: true } }),
      /auto_invoice_start_date is required/,
    ],
    [
      'wire without payment details',
      () => valid({ billing: { billing_frequency: 'manual', payment_type: 'wire' } }),
      /billing\.billing is required when payment_type is wire/,
    ],
    [
      'wire without swift code',
      () =>
        valid({
          billing: {
            billing_frequency: 'manual',
            payment_type: 'wire',
            billing: { bank_name: 'b', bank_address: 'a', account_name: 'n', account_number: '1', routing_number: '2' },
          },
        }),
      /billing\.billing\.swift_code is required/,
    ],
    [
      'paypal without identifier',
      () => valid({ billing: { billing_frequency: 'manual', payment_type: 'paypal', billing: { paypal_reception_method: 'email' } } }),
      /reception_identifier is required/,
    ],
    [
      'paypal with unknown method',
      () =>
        valid({
          billing: { billing_frequency: 'manual', payment_type: 'paypal', billing: { paypal_reception_method: 'fax', reception_identifier: 'x' } },
        }),
      /paypal_reception_method must be one of/,
    ],
    ['paxum without id', () => valid({ billing: { billing_frequency: 'manual', payment_type: 'paxum', billing: {} } }), /paxum_id is required/],
    [
      'payoneer without email',
      () => valid({ billing: { billing_frequency: 'manual', payment_type: 'payoneer', billing: {} } }),
      /billing\.billing\.email is required/,
    ],
    [
      'tipalti existing payee without idap',
      () => valid({ billing: { billing_frequency: 'manual', payment_type: 'tipalti', billing: { is_existing_payee: true } } }),
      /idap is required/,
    ],
    [
      'veem with a local phone number',
      () =>
        valid({
          billing: {
            billing_frequency: 'manual',
            payment_type: 'veem',
            billing: { email: 'v@example.com', first_name: 'a', last_name: 'b', phone: '5551234', country_iso: 'US' },
          },
        }),
      /phone must be in international format/,
    ],
  ])('POST answers 400 for %s', async (_name, body, message) => {
    const before = wds.affiliates.length;
    const reply = await write('POST', '/v1/networks/affiliates', body());
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(message);
    expect(wds.affiliates.length).toBe(before);
  });

  test('POST accepts each payment type with its required details', async () => {
    const details: Record<string, object> = {
      paxum: { paxum_id: '123' },
      veem: { email: 'v@example.com', first_name: 'a', last_name: 'b', phone: '+15551234567', country_iso: 'US' },
      tipalti: { is_existing_payee: false },
      direct_deposit: { bank_name: 'b', bank_address: 'a', account_name: 'n', account_number: '1', routing_number: '2', swift_code: 'S' },
      check: {},
    };
    for (const [payment_type, billing] of Object.entries(details)) {
      const reply = await write(
        'POST',
        '/v1/networks/affiliates',
        valid({ users: [], billing: { billing_frequency: 'weekly', payment_type, details: { day_of_week: 1 }, billing } }),
      );
      expect({ payment_type, status: reply.status }).toEqual({ payment_type, status: 200 });
    }
  });

  test('PUT replaces the whole affiliate: omitted optional fields take their defaults', async () => {
    const record = wds.affiliates.find(
      (a) => a.internal_notes !== '' && a.contact_address && a.network_employee_id > 0 && a.billing.billing_frequency === 'monthly',
    )!;
    const labels = [...record.labels];
    const users = record.users.map((u) => u.email);
    const reply = await write<EverflowAffiliate>('PUT', `/v1/networks/affiliates/${record.network_affiliate_id}`, {
      name: 'Renamed Media',
      account_status: 'inactive',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      network_affiliate_id: record.network_affiliate_id,
      name: 'Renamed Media',
      account_status: 'inactive',
      network_employee_id: 0,
      internal_notes: '',
      default_currency_id: 'USD',
      enable_media_cost_tracking_links: false,
      is_contact_address_enabled: false,
      adress_id: 0,
      referrer_id: 0,
      time_saved: NOW_S,
    });
    expect(record.contact_address).toBeNull();
    expect([record.billing.billing_frequency, record.billing.payment_type, record.billing.details, record.billing.billing]).toEqual([
      'manual',
      'none',
      {},
      {},
    ]);
    // Fields the PUT body does not carry are left alone.
    expect(record.labels).toEqual(labels);
    expect(record.users.map((u) => u.email)).toEqual(users);
    expect(record.audits.at(-1)).toMatchObject({ action: 'update', time_created: NOW_S });
  });

  test('PUT answers 404 for an unknown affiliate and 400 for an invalid body', async () => {
    expect((await write('PUT', '/v1/networks/affiliates/99999', { name: 'x', account_status: 'active' })).status).toBe(404);
    const invalid = await write('PUT', '/v1/networks/affiliates/2', { account_status: 'active' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/name is required/);
  });

  const valid2 = () => wds.affiliates.filter((a) => affiliateStateErrors(a).length === 0);

  test('submit previews changes without applying them', async () => {
    const [a, b] = valid2()
      .filter((x) => x.account_status === 'active')
      .slice(0, 2);
    b.account_status = 'inactive';
    const before = structuredClone([a, b]);
    const { status, body } = await write<EverflowPatchSubmitResponse>('POST', '/v1/networks/patch/affiliates/submit', {
      network_affiliate_ids: [a.network_affiliate_id, b.network_affiliate_id],
      fields: [
        { field_type: 'account_status', field_value: 'inactive', operator: 'overwrite' },
        { field_type: 'labels', field_value: ['New Label'], operator: 'append' },
        { field_type: 'default_currency_id', field_value: 'euro', operator: 'overwrite' },
      ],
    });
    expect(status).toBe(200);
    expect(body.resource_errors).toEqual([]);
    expect(body.changes.map((c) => [c.network_affiliate, c.current_field, c.changed_field, c.change_status])).toEqual([
      [
        { network_affiliate_id: a.network_affiliate_id, name: a.name },
        { field_type: 'account_status', field_value: 'active' },
        { field_type: 'account_status', field_value: 'inactive' },
        'ok',
      ],
      [
        { network_affiliate_id: a.network_affiliate_id, name: a.name },
        { field_type: 'labels', field_value: a.labels },
        { field_type: 'labels', field_value: [...a.labels, 'New Label'] },
        'ok',
      ],
      [
        { network_affiliate_id: a.network_affiliate_id, name: a.name },
        { field_type: 'default_currency_id', field_value: a.default_currency_id },
        { field_type: 'default_currency_id', field_value: 'euro' },
        'error',
      ],
      [
        { network_affiliate_id: b.network_affiliate_id, name: b.name },
        { field_type: 'account_status', field_value: 'inactive' },
        { field_type: 'account_status', field_value: 'inactive' },
        'no_change',
      ],
      [
        { network_affiliate_id: b.network_affiliate_id, name: b.name },
        { field_type: 'labels', field_value: b.labels },
        { field_type: 'labels', field_value: [...b.labels, 'New Label'] },
        'ok',
      ],
      [
        { network_affiliate_id: b.network_affiliate_id, name: b.name },
        { field_type: 'default_currency_id', field_value: b.default_currency_id },
        { field_type: 'default_currency_id', field_value: 'euro' },
        'error',
      ],
    ]);
    expect(body.changes[2].error_message).toMatch(/default_currency_id/);
    expect(body.changes[0].related_changes).not.toBe('');
    expect(body.changes[1].error_message).toBe('');
    expect([a, b]).toEqual(before);
  });

  test('submit reports affiliates that are invalid before the patch (or missing) as resource errors', async () => {
    const dirty = wds.affiliates.find((a) => affiliateStateErrors(a).length > 0)!;
    const { body } = await write<EverflowPatchSubmitResponse>('POST', '/v1/networks/patch/affiliates/submit', {
      network_affiliate_ids: [dirty.network_affiliate_id, 99999],
      fields: [{ field_type: 'internal_notes', field_value: 'x', operator: 'overwrite' }],
    });
    expect(body).toEqual({
      changes: [],
      resource_errors: [
        { id: dirty.network_affiliate_id, label: dirty.name, message: affiliateStateErrors(dirty).join('; ') },
        { id: 99999, label: '', message: 'Affiliate 99999 does not exist' },
      ],
    });
    const applied = await write('PATCH', '/v1/networks/patch/affiliates/apply', {
      network_affiliate_ids: [dirty.network_affiliate_id],
      fields: [{ field_type: 'internal_notes', field_value: 'x', operator: 'overwrite' }],
    });
    expect(applied.status).toBe(400);
    expect(applied.body.error).toMatch(/bank_name is required/);
  });

  test('apply overwrites, appends, deletes and clears, and answers {result: true}', async () => {
    const [a, b] = valid2().slice(10, 12);
    const patch = (fields: object[]) =>
      write('PATCH', '/v1/networks/patch/affiliates/apply', { network_affiliate_ids: [a.network_affiliate_id, b.network_affiliate_id], fields });
    const bLabels = [...b.labels];
    expect(
      (
        await patch([
          { field_type: 'labels', field_value: ['New Label'], operator: 'append' },
          { field_type: 'account_status', field_value: 'suspended', operator: 'overwrite' },
        ])
      ).body,
    ).toEqual({ result: true });
    expect([a.labels.at(-1), b.labels.at(-1), a.account_status, b.account_status]).toEqual(['New Label', 'New Label', 'suspended', 'suspended']);
    expect(a.audits.at(-1)).toMatchObject({ action: 'update', time_created: NOW_S });
    await patch([{ field_type: 'labels', field_value: ['New Label'], operator: 'delete' }]);
    expect(b.labels).toEqual(bLabels);
    await patch([
      { field_type: 'labels', operator: 'clear' },
      { field_type: 'has_notifications', field_value: false, operator: 'overwrite' },
    ]);
    expect([a.labels, b.labels, a.has_notifications]).toEqual([[], [], false]);
    const table = await call<EverflowAffiliatesTableResponse>('POST', '/v1/networks/affiliatestable', {
      key: WRITE_KEY,
      body: { filters: { account_status: 'suspended' } },
      query: { page_size: 2000 },
    });
    expect(ids(table.body.affiliates)).toEqual(expect.arrayContaining([a.network_affiliate_id, b.network_affiliate_id]));
  });

  test('apply sets billing frequencies only together with their details', async () => {
    const a = valid2()[20];
    const apply = (fields: object[]) =>
      write('PATCH', '/v1/networks/patch/affiliates/apply', { network_affiliate_ids: [a.network_affiliate_id], fields });
    const missing = await apply([{ field_type: 'billing_billing_frequency', field_value: 'weekly', operator: 'overwrite' }]);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/billing_weekly is required when billing_billing_frequency is weekly/);
    expect(
      (
        await apply([
          { field_type: 'billing_weekly', field_value: 'friday', operator: 'overwrite' },
          { field_type: 'billing_billing_frequency', field_value: 'weekly', operator: 'overwrite' },
        ])
      ).status,
    ).toBe(200);
    expect([a.billing.billing_frequency, a.billing.details]).toEqual(['weekly', { day_of_week: 5 }]);
    // The document spells quarterly "quaterly" in this list; both work.
    expect(
      (
        await apply([
          { field_type: 'billing_billing_frequency', field_value: 'quaterly', operator: 'overwrite' },
          { field_type: 'billing_quarterly', field_value: { starting_month: 2, day_of_month: 15 }, operator: 'overwrite' },
        ])
      ).status,
    ).toBe(200);
    expect([a.billing.billing_frequency, a.billing.details]).toEqual(['quarterly', { starting_month: 2, day_of_month: 15 }]);
    const wrong = await apply([{ field_type: 'billing_monthly', field_value: { day_of_month: 3 }, operator: 'overwrite' }]);
    expect(wrong.body.error).toMatch(/billing_monthly only applies when the billing frequency is monthly/);
    const auto = await apply([
      { field_type: 'billing_is_invoice_creation_auto', field_value: true, operator: 'overwrite' },
      { field_type: 'billing_auto_invoice_start_date', field_value: '2025-05-01', operator: 'overwrite' },
    ]);
    expect([auto.status, a.billing.is_invoice_creation_auto, a.billing.auto_invoice_start_date]).toEqual([200, true, '2025-05-01']);
  });

  test.each<[string, object, RegExp]>([
    ['an unknown field type', { field_type: 'name', field_value: 'x', operator: 'overwrite' }, /fields\[0\]\.field_type must be one of/],
    ['an unknown operator', { field_type: 'labels', field_value: ['x'], operator: 'merge' }, /fields\[0\]\.operator must be one of/],
    [
      'append on a single-value field',
      { field_type: 'account_status', field_value: 'active', operator: 'append' },
      /operator append applies only to multi-value fields.*account_status takes overwrite/,
    ],
    ['clear on a single-value field', { field_type: 'internal_notes', operator: 'clear' }, /operator clear applies only/],
    ['a missing value', { field_type: 'internal_notes', operator: 'overwrite' }, /field_value is required/],
    [
      'a bad enum value',
      { field_type: 'account_status', field_value: 'pending', operator: 'overwrite' },
      /account_status: field_value must be one of: active, inactive, suspended/,
    ],
    [
      'an unknown employee',
      { field_type: 'account_executive_id', field_value: 77, operator: 'overwrite' },
      /account_executive_id: 77 is not an employee/,
    ],
    [
      'a payment method other than pay',
      { field_type: 'billing_payment_method', field_value: 'paypal', operator: 'overwrite' },
      /billing_payment_method: field_value must be one of: pay/,
    ],
    [
      'a wrong value type',
      { field_type: 'referral_value', field_value: 'ten', operator: 'overwrite' },
      /referral_value: field_value must be a number/,
    ],
  ])('apply answers 400 for %s and changes nothing', async (_name, field, message) => {
    const a = valid2()[30];
    const before = structuredClone(a);
    const reply = await write('PATCH', '/v1/networks/patch/affiliates/apply', {
      network_affiliate_ids: [a.network_affiliate_id],
      fields: [field, { field_type: 'internal_notes', field_value: 'should not be written', operator: 'overwrite' }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(message);
    expect(a).toEqual(before);
  });

  test('apply answers 400 for a body without affiliates or fields', async () => {
    expect((await write('PATCH', '/v1/networks/patch/affiliates/apply', { network_affiliate_ids: [], fields: [] })).body.error).toMatch(
      /network_affiliate_ids/,
    );
    expect((await write('PATCH', '/v1/networks/patch/affiliates/apply', { network_affiliate_ids: [1], fields: [] })).body.error).toMatch(/fields/);
    expect(
      (
        await write('PATCH', '/v1/networks/patch/affiliates/apply', {
          network_affiliate_ids: [99999],
          fields: [{ field_type: 'internal_notes', field_value: 'x', operator: 'overwrite' }],
        })
      ).body.error,
    ).toMatch(/99999 does not exist/);
  });
});

describe('POST /v1/affiliates/reporting/clicks/stream', () => {
  const stream = (body: object) => call<EverflowClickStreamResponse>('POST', '/v1/affiliates/reporting/clicks/stream', { body });
  const cutoff = RETAINED;
  const inWindow = (from: number, to: number, keep: (c: EverflowClickRecord) => boolean = () => true) =>
    ds.clicks
      .filter((c) => c.unix_timestamp >= from && c.unix_timestamp <= to && (c.unix_timestamp >= cutoff || c.converted) && keep(c))
      .map((c) => c.raw.transaction_id);
  const txIds = (clicks: EverflowRawClick[]) => clicks.map((c) => c.transaction_id);

  test.each<[string, object, RegExp]>([
    ['missing from', { to: '2025-04-01 00:00:00', timezone_id: 67 }, /from is required/],
    ['a date without time', { from: '2025-04-01', to: '2025-04-02 00:00:00', timezone_id: 67 }, /from must be formatted YYYY-mm-DD HH:MM:SS/],
    ['an impossible date', { from: '2025-02-30 00:00:00', to: '2025-03-02 00:00:00', timezone_id: 67 }, /from must be formatted/],
    ['an impossible hour', { from: '2025-04-01 24:00:00', to: '2025-04-02 00:00:00', timezone_id: 67 }, /from must be formatted/],
    ['missing timezone_id', { from: '2025-04-01 00:00:00', to: '2025-04-02 00:00:00' }, /timezone_id is required/],
    ['an unknown timezone_id', { from: '2025-04-01 00:00:00', to: '2025-04-02 00:00:00', timezone_id: 999 }, /timezone_id 999 is not supported/],
    ['to before from', { from: '2025-04-02 00:00:00', to: '2025-04-01 00:00:00', timezone_id: 67 }, /to must not be before from/],
    ['a window one second over 14 days', { from: '2025-04-01 00:00:00', to: '2025-04-15 00:00:01', timezone_id: 67 }, /longer than 14 days/],
    [
      'an unknown resource type',
      {
        from: '2025-04-01 00:00:00',
        to: '2025-04-02 00:00:00',
        timezone_id: 67,
        query: { filters: [{ filter_id_value: '1', resource_type: 'affiliate' }] },
      },
      /resource_type must be one of/,
    ],
  ])('answers 400 for %s', async (_name, body, message) => {
    const reply = await stream(body);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(message);
  });

  test('answers at most the earliest 5000 matching clicks of a full 14-day window, oldest first', async () => {
    const [from, to] = [NOW_S - 14 * DAY, NOW_S];
    const { status, body } = await stream({ from: utc(from), to: utc(to), timezone_id: 67 });
    expect(status).toBe(200);
    const expected = inWindow(from, to);
    expect(expected.length).toBeGreaterThan(5000);
    expect(txIds(body.clicks)).toEqual(expected.slice(0, 5000));
    expect(body.clicks[0]).toEqual(ds.clicksById.get(expected[0])!.raw);
  });

  test('includes both ends of the window', async () => {
    const click = ds.clicks[ds.clicks.length - 100];
    const { body } = await stream({ from: utc(click.unix_timestamp), to: utc(click.unix_timestamp), timezone_id: 67 });
    expect(txIds(body.clicks)).toEqual(inWindow(click.unix_timestamp, click.unix_timestamp));
    expect(txIds(body.clicks)).toContain(click.transaction_id);
  });

  test('keeps raw clicks for 3 calendar months, and older clicks that led to conversions forever', async () => {
    expect(clickRetentionStart(NOW)).toBe(RETAINED);
    // A window across the retention start: the recent clicks, and before them only converted ones.
    const [from, to] = [NOW_S - 100 * DAY, NOW_S - 86 * DAY];
    const { body } = await stream({ from: utc(from), to: utc(to), timezone_id: 67 });
    const old = body.clicks.filter((c) => c.unix_timestamp < RETAINED).map((c) => ds.clicksById.get(c.transaction_id)!);
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((c) => c.converted)).toBe(true);
    expect(body.clicks.some((c) => c.unix_timestamp >= RETAINED && !ds.clicksById.get(c.transaction_id)!.converted)).toBe(true);
    expect(txIds(body.clicks)).toEqual(ds.clicks.filter((c) => c.unix_timestamp >= from && c.unix_timestamp <= to).map((c) => c.transaction_id));
    // Far back, a window holds the converted clicks only (every conversion of the prior year has its click).
    const [a, b] = [NOW_S - 300 * DAY, NOW_S - 290 * DAY];
    const far = await stream({ from: utc(a), to: utc(b), timezone_id: 67 });
    const converted = new Set(ds.onHold.map((r) => r.raw.conversion.transaction_id));
    expect(far.body.clicks.length).toBeGreaterThan(0);
    expect(far.body.clicks.every((c) => converted.has(c.transaction_id))).toBe(true);
    expect(txIds(far.body.clicks)).toEqual(ds.clicks.filter((c) => c.unix_timestamp >= a && c.unix_timestamp <= b).map((c) => c.transaction_id));
  });

  test.each([
    // [now, 3 calendar months back]: 92, 89 and (leap year) 91 days, and a day the earlier month lacks.
    [Date.UTC(2025, 7, 31, 6), Date.UTC(2025, 4, 31, 6)],
    [Date.UTC(2025, 4, 1, 12), Date.UTC(2025, 1, 1, 12)],
    [Date.UTC(2024, 4, 30), Date.UTC(2024, 1, 29)],
    [Date.UTC(2025, 4, 31, 23, 59, 59), Date.UTC(2025, 1, 28, 23, 59, 59)],
    [Date.UTC(2025, 1, 15), Date.UTC(2024, 10, 15)],
  ])('the retention of a clock at %d starts at %d, 3 calendar months back', (now, start) => {
    expect(clickRetentionStart(now)).toBe(start / 1000);
  });

  test('serves unconverted clicks older than 90 days while they are within 3 calendar months', async () => {
    // On 2025-08-31 the retention goes back 92 days, to 2025-05-31.
    const now = Date.UTC(2025, 7, 31, 6);
    const longMonths = createEverflowSimulator({ keys: [KEY], now });
    await longMonths.start();
    try {
      const data = longMonths.dataset(KEY);
      const nowS = now / 1000;
      const [from, to] = [nowS - 92 * DAY, nowS - 90 * DAY];
      const reply = await fetch(new URL('/v1/affiliates/reporting/clicks/stream', longMonths.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Eflow-API-Key': KEY },
        body: JSON.stringify({ from: utc(from), to: utc(to), timezone_id: 67 }),
      });
      const { clicks } = (await reply.json()) as EverflowClickStreamResponse;
      const unconverted = clicks.filter((c) => !data.clicksById.get(c.transaction_id)!.converted);
      expect(unconverted.length).toBeGreaterThan(0);
      expect(txIds(clicks)).toEqual(data.clicks.filter((c) => c.unix_timestamp >= from && c.unix_timestamp <= to).map((c) => c.transaction_id));
    } finally {
      await longMonths.stop();
    }
  });

  test('reads from and to as wall time of the timezone, across daylight saving time', async () => {
    for (const [timezone_id, zone] of [
      [90, 'America/Los_Angeles'],
      [80, 'America/New_York'],
      [85, 'America/Chicago'],
      [87, 'America/Denver'],
    ] as const) {
      for (const daysAgo of [70, 20]) {
        const click = ds.clicks.find((c) => c.unix_timestamp >= NOW_S - daysAgo * DAY)!;
        const start = wall(zone, click.unix_timestamp);
        const end = wall(zone, click.unix_timestamp + 3600);
        const { body } = await stream({ from: `${start.date} ${start.time}`, to: `${end.date} ${end.time}`, timezone_id });
        expect({ zone, daysAgo, ids: txIds(body.clicks) }).toEqual({
          zone,
          daysAgo,
          ids: inWindow(click.unix_timestamp, click.unix_timestamp + 3600),
        });
      }
    }
  });

  // How each documented resource type reads a click, written here from the document's wording.
  const clickValue: Record<EverflowClickResourceType, (c: EverflowClickRecord) => string[]> = {
    offer: (c) => [String(c.raw.relationship.offer.network_offer_id)],
    creative: (c) => [String(c.creative_id)],
    country: (c) => [c.raw.relationship.geolocation.country_name, c.raw.relationship.geolocation.country_code],
    carrier: (c) => [c.raw.relationship.geolocation.carrier_name],
    device_platform: (c) => [c.raw.relationship.device_information.platform_name],
    device_type: (c) => [c.raw.relationship.device_information.device_type],
    device_make: (c) => [c.raw.relationship.device_information.brand],
    device_model: (c) => [c.raw.relationship.device_information.model],
    browser: (c) => [c.raw.relationship.device_information.browser_name],
    language: (c) => [c.raw.relationship.device_information.language],
    connection_type: (c) => [c.connection_type],
    campaign: (c) => [String(c.campaign_id)],
    source_id: (c) => [c.raw.source_id],
    offer_url: (c) => [String(c.offer_url_id)],
    s1: (c) => [c.raw.sub1],
    s2: (c) => [c.raw.sub2],
    s3: (c) => [c.raw.sub3],
    s4: (c) => [c.raw.sub4],
    s5: (c) => [c.raw.sub5],
    coupon_code: (c) => [c.raw.coupon_code],
  };

  test.each(Object.keys(clickValue) as EverflowClickResourceType[])('filters on resource type %s', async (type) => {
    const [from, to] = [NOW_S - 3 * DAY, NOW_S - 2 * DAY];
    const sample = ds.clicks.find((c) => c.unix_timestamp >= from && clickValue[type](c)[0] !== '' && clickValue[type](c)[0] !== '0')!;
    const value = clickValue[type](sample)[0];
    const { body } = await stream({
      from: utc(from),
      to: utc(to),
      timezone_id: 67,
      query: { filters: [{ filter_id_value: value, resource_type: type }] },
    });
    const expected = inWindow(from, to, (c) => clickValue[type](c).some((v) => v.toLowerCase() === value.toLowerCase()));
    expect(txIds(body.clicks)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  test('ORs values of one resource type and ANDs different types (the documented example)', async () => {
    const [from, to] = [NOW_S - 5 * DAY, NOW_S - 1 * DAY];
    const [o1, o2] = [ds.offers[0].offer.network_offer_id, ds.offers[1].offer.network_offer_id];
    const { body } = await stream({
      from: utc(from),
      to: utc(to),
      timezone_id: 67,
      query: {
        filters: [
          { filter_id_value: String(o1), resource_type: 'offer' },
          { filter_id_value: String(o2), resource_type: 'offer' },
          { filter_id_value: 'United States', resource_type: 'country' },
        ],
      },
    });
    const expected = inWindow(
      from,
      to,
      (c) => [o1, o2].includes(c.raw.relationship.offer.network_offer_id) && c.raw.relationship.geolocation.country_code === 'US',
    );
    expect(txIds(body.clicks)).toEqual(expected);
    expect(new Set(body.clicks.map((c) => c.relationship.offer.network_offer_id))).toEqual(new Set([o1, o2]));
  });
});

describe('POST /v1/affiliates/reporting/clicks/stream: exclusions', () => {
  const stream = (body: object) => call<EverflowClickStreamResponse>('POST', '/v1/affiliates/reporting/clicks/stream', { body });
  const [from, to] = [NOW_S - 4 * DAY, NOW_S - 2 * DAY];
  const window = () => ds.clicks.filter((c) => c.unix_timestamp >= from && c.unix_timestamp <= to);
  const offerOf = (c: EverflowClickRecord) => String(c.raw.relationship.offer.network_offer_id);
  const us = (c: EverflowClickRecord) => c.raw.relationship.geolocation.country_code === 'US';
  const exclusions = (offer: string) => [
    { filter_id_value: offer, resource_type: 'offer' },
    { filter_id_value: 'United States', resource_type: 'country' },
  ];
  afterEach(() => {
    sim.readings.clickExclusions = 'any';
  });

  test.each([
    ['any', (c: EverflowClickRecord, offer: string) => offerOf(c) === offer || us(c)],
    ['grouped', (c: EverflowClickRecord, offer: string) => offerOf(c) === offer && us(c)],
  ] as const)('in the %s reading, leaves out the clicks the exclusions match, after the filters', async (reading, excluded) => {
    sim.readings.clickExclusions = reading;
    const offer = offerOf(window()[0]);
    const { status, body } = await stream({
      from: utc(from),
      to: utc(to),
      timezone_id: 67,
      query: { filters: [{ filter_id_value: 'facebook', resource_type: 's1' }], exclusions: exclusions(offer) },
    });
    expect(status).toBe(200);
    const expected = window().filter((c) => c.raw.sub1 === 'facebook' && !excluded(c, offer));
    expect(body.clicks.map((c) => c.transaction_id)).toEqual(expected.map((c) => c.transaction_id));
    expect(expected.length).toBeGreaterThan(0);
    expect(window().filter((c) => c.raw.sub1 === 'facebook').length).toBeGreaterThan(expected.length);
  });

  test('exclusions of one resource type leave out each of their values in both readings', async () => {
    const [o1, o2] = [offerOf(window()[0]), offerOf(window().find((c) => offerOf(c) !== offerOf(window()[0]))!)];
    const expected = window()
      .filter((c) => ![o1, o2].includes(offerOf(c)))
      .map((c) => c.transaction_id);
    for (const reading of ['any', 'grouped'] as const) {
      sim.readings.clickExclusions = reading;
      const { body } = await stream({
        from: utc(from),
        to: utc(to),
        timezone_id: 67,
        query: { exclusions: [o1, o2].map((o) => ({ filter_id_value: o, resource_type: 'offer' })) },
      });
      expect({ reading, ids: body.clicks.map((c) => c.transaction_id) }).toEqual({ reading, ids: expected });
    }
  });

  test('answers 400 for an exclusion of an unknown resource type', async () => {
    const reply = await stream({
      from: utc(from),
      to: utc(to),
      timezone_id: 67,
      query: { exclusions: [{ filter_id_value: '1', resource_type: 'affiliate' }] },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/query\.exclusions\[0\]\.resource_type must be one of/);
  });
});

describe('GET /v1/affiliates/reporting/clicks/:transactionId', () => {
  test('answers recent clicks and converted clicks older than the retention', async () => {
    const recent = ds.clicks[ds.clicks.length - 1];
    const old = ds.clicks[0];
    expect(old.unix_timestamp).toBeLessThan(RETAINED);
    for (const click of [recent, old]) {
      const { status, body } = await call('GET', `/v1/affiliates/reporting/clicks/${click.transaction_id}`);
      expect([status, body]).toEqual([200, click.raw]);
    }
  });

  test('answers 404 for an unknown id and 400 for an id that is not 32 hex characters', async () => {
    expect((await call('GET', `/v1/affiliates/reporting/clicks/${'0'.repeat(32)}`)).status).toBe(404);
    const bad = await call('GET', '/v1/affiliates/reporting/clicks/not-a-click');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/32 hexadecimal/);
  });
});

describe('POST /v1/affiliates/reporting/onhold', () => {
  const report = (body: object, query: Record<string, string | number> = {}) =>
    call<EverflowOnHoldResponse>('POST', '/v1/affiliates/reporting/onhold', { body, query });
  const yearAgo = utcDay(NOW_S - 364 * DAY);
  const base = { from: yearAgo, to: utcDay(NOW_S), timezone_id: 67, show_conversions: true, show_events: true, on_hold_status_filter: '' };
  const rowIds = (rows: EverflowOnHoldConversion[]) => rows.map((r) => r.on_hold_conversion_id);
  const fromS = Date.parse(`${yearAgo}T00:00:00Z`) / 1000;
  const expectedRows = (keep: (r: EverflowOnHoldRecord) => boolean = () => true, from = fromS, to = NOW_S + DAY) =>
    ds.onHold
      .filter((r) => r.raw.conversion.conversion_unix_timestamp >= from && r.raw.conversion.conversion_unix_timestamp <= to && keep(r))
      .map((r) => r.raw.on_hold_conversion_id);

  test.each<[string, object, RegExp]>([
    ['missing from', { ...base, from: undefined }, /from is required/],
    ['a malformed date', { ...base, from: '2025/01/01' }, /from must be formatted YYYY-mm-DD or YYYY-mm-DD hh:mm:ss/],
    ['missing timezone_id', { ...base, timezone_id: undefined }, /timezone_id is required/],
    ['missing show_conversions', { ...base, show_conversions: undefined }, /show_conversions is required/],
    ['a non-boolean show_events', { ...base, show_events: 'yes' }, /show_events must be a boolean/],
    ['missing on_hold_status_filter', { ...base, on_hold_status_filter: undefined }, /on_hold_status_filter is required/],
    ['an unknown status', { ...base, on_hold_status_filter: 'pending' }, /on_hold_status_filter must be one of/],
    ['an interval over one year', { ...base, from: utcDay(NOW_S - 300 * DAY), to: utcDay(NOW_S + 70 * DAY) }, /longer than one year/],
    ['a from before the prior 365 days', { ...base, from: utcDay(NOW_S - 367 * DAY), to: utcDay(NOW_S - 300 * DAY) }, /prior 365 days/],
    ['an unknown resource type', { ...base, query: { filters: [{ filter_id_value: '1', resource_type: 's1' }] } }, /resource_type must be one of/],
  ])('answers 400 for %s', async (_name, body, message) => {
    const reply = await report(body);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(message);
  });

  test('answers 400 for a page_size over 2000', async () => {
    expect((await report(base, { page_size: 2001 })).status).toBe(400);
  });

  test('pages every row of the prior year, newest first, 50 by default', async () => {
    const expected = expectedRows();
    const first = await report(base);
    expect(first.body.paging).toEqual({ page: 1, page_size: 50, total_count: expected.length });
    expect(first.body.conversions).toEqual(expected.slice(0, 50).map((id) => ds.onHoldById.get(id)!.raw));
    const page2 = await report(base, { page: 2, page_size: 2000 });
    expect(rowIds(page2.body.conversions)).toEqual(expected.slice(2000));
    const times = first.body.conversions.map((r) => r.conversion.conversion_unix_timestamp);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('separates base conversions from events and filters on status', async () => {
    const events = await report({ ...base, show_conversions: false, on_hold_status_filter: 'approved' }, { page_size: 2000 });
    expect(rowIds(events.body.conversions)).toEqual(expectedRows((r) => r.raw.conversion.is_event && r.raw.status === 'approved'));
    expect(events.body.conversions.length).toBeGreaterThan(0);
    const onHold = await report({ ...base, show_events: false, on_hold_status_filter: 'on_hold' }, { page_size: 2000 });
    expect(rowIds(onHold.body.conversions)).toEqual(expectedRows((r) => !r.raw.conversion.is_event && r.raw.status === 'on_hold'));
    const none = await report({ ...base, show_conversions: false, show_events: false });
    expect(none.body.paging.total_count).toBe(0);
  });

  test('reads date-only bounds as whole days of the timezone', async () => {
    const zone = 'America/New_York';
    const row = ds.onHold[100];
    const day = wall(zone, row.raw.conversion.conversion_unix_timestamp).date;
    const { body } = await report({ ...base, from: day, to: day, timezone_id: 80 }, { page_size: 2000 });
    expect(rowIds(body.conversions)).toEqual(expectedRows((r) => wall(zone, r.raw.conversion.conversion_unix_timestamp).date === day));
    expect(rowIds(body.conversions)).toContain(row.raw.on_hold_conversion_id);
  });

  // How each documented resource type reads a row, written here from the document's wording.
  const rowValue: Record<EverflowOnHoldResourceType, (r: EverflowOnHoldRecord) => string[]> = {
    offer: (r) => [String(r.raw.conversion.relationship.offer.network_offer_id)],
    transaction_id: (r) => [r.raw.conversion.transaction_id],
    campaign: (r) => [String(r.campaign_id)],
    adv1: (r) => [r.raw.conversion.adv1],
    adv2: (r) => [r.raw.conversion.adv2],
    adv3: (r) => [r.raw.conversion.adv3],
    adv4: (r) => [r.raw.conversion.adv4],
    adv5: (r) => [r.raw.conversion.adv5],
    offer_creative: (r) => [String(r.creative_id)],
    coupon_code: (r) => [r.coupon_code],
    dma: (r) => [String(r.raw.conversion.dma)],
    date: (r) => [utcDay(r.raw.conversion.conversion_unix_timestamp)],
    week: (r) => {
      const d = new Date(utcDay(r.raw.conversion.conversion_unix_timestamp) + 'T00:00:00Z');
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return [d.toISOString().slice(0, 10)];
    },
    month: (r) => [utcDay(r.raw.conversion.conversion_unix_timestamp).slice(0, 7)],
    isp: (r) => [r.raw.conversion.isp],
    carrier: (r) => [r.raw.conversion.carrier],
    sub1: (r) => [r.raw.conversion.sub1],
    sub2: (r) => [r.raw.conversion.sub2],
    sub3: (r) => [r.raw.conversion.sub3],
    sub4: (r) => [r.raw.conversion.sub4],
    sub5: (r) => [r.raw.conversion.sub5],
    source_id: (r) => [r.raw.conversion.source_id],
    language: (r) => [r.raw.conversion.language],
    device_brand: (r) => [r.raw.conversion.brand],
    browser: (r) => [r.raw.conversion.browser],
    country: (r) => [r.raw.conversion.country, r.country_code],
    platform: (r) => [r.raw.conversion.platform],
    region: (r) => [r.raw.conversion.region, r.region_code],
    device_type: (r) => [r.raw.conversion.device_type],
    offer_url: (r) => [String(r.offer_url_id)],
    os_version: (r) => [r.raw.conversion.os_version],
    city: (r) => [r.raw.conversion.city],
    country_code: (r) => [r.country_code],
  };

  test.each(Object.keys(rowValue) as EverflowOnHoldResourceType[])('filters on resource type %s', async (type) => {
    const sample = ds.onHold.find((r) => !['', '0'].includes(rowValue[type](r)[0]))!;
    const value = rowValue[type](sample)[0];
    const { body } = await report({ ...base, query: { filters: [{ filter_id_value: value, resource_type: type }] } }, { page_size: 2000 });
    const expected = expectedRows((r) => rowValue[type](r).some((v) => v.toLowerCase() === value.toLowerCase()));
    expect(rowIds(body.conversions)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  test('ORs values of one resource type and ANDs different types', async () => {
    const withEvents = ds.onHold.find((r) => r.raw.conversion.relationship.events_count > 0)!;
    const other = ds.onHold.find((r) => !r.raw.conversion.is_event && r.raw.conversion.relationship.events_count === 0)!;
    const txs = [withEvents, other].map((r) => r.raw.conversion.transaction_id);
    const filters = txs.map((t) => ({ filter_id_value: t, resource_type: 'transaction_id' }));
    const both = await report({ ...base, query: { filters } });
    expect(rowIds(both.body.conversions)).toEqual(expectedRows((r) => txs.includes(r.raw.conversion.transaction_id)));
    expect(both.body.paging.total_count).toBe(2 + withEvents.raw.conversion.relationship.events_count);
    const country = withEvents.country_code;
    const anded = await report({
      ...base,
      query: { filters: [...filters, { filter_id_value: country === 'US' ? 'DE' : 'US', resource_type: 'country_code' }] },
    });
    expect(rowIds(anded.body.conversions)).toEqual(
      expectedRows((r) => txs.includes(r.raw.conversion.transaction_id) && r.country_code === (country === 'US' ? 'DE' : 'US')),
    );
  });
});

describe('GET /v1/affiliates/reporting/onhold/:onHoldId', () => {
  test('answers one on-hold conversion, whose click is retrievable by id', async () => {
    const row = ds.onHold[ds.onHold.length - 1];
    const { status, body } = await call<EverflowOnHoldConversion>('GET', `/v1/affiliates/reporting/onhold/${row.raw.on_hold_conversion_id}`);
    expect([status, body]).toEqual([200, row.raw]);
    const click = await call<EverflowRawClick>('GET', `/v1/affiliates/reporting/clicks/${body.conversion.transaction_id}`);
    expect(click.body.unix_timestamp).toBe(body.conversion.click_unix_timestamp);
  });

  test('answers 404 for an unknown id', async () => {
    expect((await call('GET', `/v1/affiliates/reporting/onhold/${'f'.repeat(32)}`)).status).toBe(404);
  });
});
