import { hashString } from '../../src/simulators/random.js';
import {
  generateIntegr8Dataset,
  type Integr8Dataset,
  type Integr8ReportTable,
  type Integr8Row,
  type Integr8RowEntry,
} from '../../src/simulators/integr8/data.js';
import {
  INTEGR8_DEFAULT_READINGS,
  INTEGR8_INTEGRATION_IDS,
  createIntegr8Simulator,
  type Integr8Readings,
  type Integr8Simulator,
} from '../../src/simulators/integr8/index.js';
import type {
  ClickRow as Integr8ClickRow,
  ConversionRow as Integr8ConversionRow,
  DownloadExport as Integr8Export,
  Offer as Integr8Offer,
  ReportEnvelope as Integr8ReportResponse,
} from '../../src/simulators/integr8/types.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const READ = 'key-read';
const WRITE = 'key-write';
const EXPORTS = 'key-exports';
/** A tenant for the readings and behaviour tests, which write. */
const READINGS = 'key-readings';
const [INT1, INT2] = INTEGR8_INTEGRATION_IDS;
const HEX24 = /^[0-9a-f]{24}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let sim: Integr8Simulator;
let base: string;
let ds: Integr8Dataset;

beforeAll(async () => {
  sim = createIntegr8Simulator({ keys: [READ, WRITE, EXPORTS, READINGS], now: NOW });
  base = await sim.start();
  ds = sim.dataset(READ);
});

afterAll(() => sim.stop());

type Query = Record<string, string | number> | [string, string][];
interface Answer<T = any> {
  status: number;
  body: T;
}

/** One HTTP call to the simulator, as the gateway would make it. */
async function call<T = any>(
  method: string,
  path: string,
  options: { key?: string | null; query?: Query; body?: unknown; url?: string } = {},
): Promise<Answer<T>> {
  const pairs = Array.isArray(options.query) ? options.query : Object.entries(options.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]);
  const params = new URLSearchParams(pairs);
  const url = `${options.url ?? base}${path}${params.size ? `?${params}` : ''}`;
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? READ : options.key;
  if (key !== null) headers['API-KEY'] = key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

const get = <T = any>(path: string, query?: Query, key?: string) => call<T>('GET', `/api/v2${path}`, { query, key });
const offersOf = (d: Integr8Dataset, integrationId: string) => d.offers.filter((o) => d.offerIntegration.get(o.id) === integrationId);
const page = (n: number, size: number) => ({ 'page[after]': '', 'page[before]': '', 'page[number]': n, 'page[size]': size });
const byTimeDesc =
  <R extends { real_tx_id: string }>(time: (r: R) => string) =>
  (a: R, b: R) =>
    time(a) !== time(b) ? (time(a) < time(b) ? 1 : -1) : a.real_tx_id < b.real_tx_id ? 1 : -1;
const wall = (iso: string) => iso.replace('T', ' ').replace('Z', '');
const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * The rows whose compact entries match, newest first, built from the dataset. Ordering is
 * redone here rather than trusted from the table, and each row is checked against its entry.
 */
function rowsWhere<R extends Integr8Row>(
  table: Integr8ReportTable<R>,
  predicate: (e: Integr8RowEntry) => boolean,
  timeField: 'request_time' | 'conversion_time' = 'request_time',
): R[] {
  const entries = table.entries.filter(predicate).sort((a, b) => b.time - a.time || (a.txId < b.txId ? 1 : -1));
  return entries.map((e) => {
    const row = table.row(e);
    expect([row.real_tx_id, seconds((row as unknown as Record<string, string>)[timeField]), row.integration_id, row.status]).toEqual([
      e.txId,
      e.time,
      e.integrationId,
      e.status,
    ]);
    return row;
  });
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('authentication', () => {
  test('an API route without a key, or with an unknown key, is 401', async () => {
    expect((await call('GET', '/api/v2/publishers', { key: null })).status).toBe(401);
    expect((await call('GET', '/api/v2/publishers', { key: 'nope' })).status).toBe(401);
    expect((await call('GET', '/api/v2/publishers')).status).toBe(200);
  });
});

describe('lists', () => {
  test('users: first page of 20 in creation order, with meta', async () => {
    const { status, body } = await get('/organization/users');
    expect(status).toBe(200);
    expect(body).toEqual({
      data: ds.users.slice(0, 20),
      meta: { links: { next: page(2, 20), prev: null }, total_count: ds.users.length, total_page: Math.ceil(ds.users.length / 20) },
    });
  });

  test('page[number] and page[size] pick the page; past the end is empty', async () => {
    const { body } = await get('/publishers', { 'page[number]': 3, 'page[size]': 7 });
    expect(body.data).toEqual(ds.publishers.slice(14, 21));
    expect(body.meta).toEqual({
      links: { next: page(4, 7), prev: page(2, 7) },
      total_count: ds.publishers.length,
      total_page: Math.ceil(ds.publishers.length / 7),
    });
    const last = Math.ceil(ds.publishers.length / 100);
    expect((await get('/publishers', { 'page[number]': last + 1, 'page[size]': 100 })).body.data).toEqual([]);
  });

  test('page[size] above 100 or below 1, or a bad page[number], is a 400 naming it', async () => {
    for (const [name, value] of [
      ['page[size]', '101'],
      ['page[size]', '0'],
      ['page[size]', 'x'],
      ['page[number]', '0'],
    ]) {
      const { status, body } = await get('/advertisers', { [name]: value });
      expect(status).toBe(400);
      expect(body.error).toContain(name);
    }
    expect((await get('/advertisers', { 'page[size]': 100 })).body.data).toEqual(ds.advertisers.slice(0, 100));
  });

  test('filter[field]=v is eq; ne, in, like, gt, lt, gte, lte work on strings, numbers and booleans', async () => {
    const q = (query: Query) =>
      get('/publishers', [
        ...(Array.isArray(query) ? query : Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])),
        ['page[size]', '100'],
      ]).then((r) => r.body);
    const pubs = ds.publishers;
    const sample = pubs[10];
    const expectMatch = async (query: Query, predicate: (p: (typeof pubs)[number]) => boolean) => {
      const expected = pubs.filter(predicate);
      const body = await q(query);
      expect(body.meta.total_count).toBe(expected.length);
      expect(body.data).toEqual(expected.slice(0, 100));
    };
    await expectMatch({ 'filter[country]': sample.country }, (p) => p.country === sample.country);
    await expectMatch({ 'filter[country][ne]': sample.country }, (p) => p.country !== sample.country);
    await expectMatch({ 'filter[country][in]': 'US,DE' }, (p) => ['US', 'DE'].includes(p.country));
    await expectMatch({ 'filter[name][like]': 'HARBOR' }, (p) => p.name.toLowerCase().includes('harbor'));
    await expectMatch({ 'filter[incremental_id][gt]': 250 }, (p) => p.incremental_id > 250);
    await expectMatch({ 'filter[incremental_id][lte]': 5 }, (p) => p.incremental_id <= 5);
    await expectMatch({ 'filter[created_at][gte]': sample.created_at }, (p) => p.created_at >= sample.created_at);
    await expectMatch({ 'filter[created_at][lt]': sample.created_at }, (p) => p.created_at < sample.created_at);
    await expectMatch({ 'filter[active]': 'false' }, (p) => !p.active);
    await expectMatch(
      [
        ['filter[incremental_id][gt]', '10'],
        ['filter[incremental_id][lt]', '20'],
      ],
      (p) => p.incremental_id > 10 && p.incremental_id < 20,
    );
  });

  test('on array fields eq and in mean "contains"', async () => {
    const pubs = ds.publishers;
    const body = (await get('/publishers', { 'filter[promotional_method]': 'Email', 'page[size]': 100 })).body;
    expect(body.meta.total_count).toBe(pubs.filter((p) => p.promotional_method.includes('Email')).length);
    expect(body.meta.total_count).toBeGreaterThan(0);
    const body2 = (await get('/publishers', { 'filter[countries][in]': 'BR,IN', 'page[size]': 100 })).body;
    expect(body2.meta.total_count).toBe(pubs.filter((p) => p.countries.includes('BR') || p.countries.includes('IN')).length);
  });

  test('dotted fields filter nested objects', async () => {
    const offers = offersOf(ds, INT1);
    const { body } = await get(`/integrations/${INT1}/offers`, { 'filter[default_payout.payout_type]': 'CPS', 'page[size]': 100 });
    expect(body.data).toEqual(offers.filter((o) => o.default_payout.payout_type === 'CPS'));
  });

  test('sort=-field,field orders, ties keep the default order', async () => {
    const expected = [...ds.publishers].sort((a, b) =>
      a.country !== b.country ? (a.country < b.country ? 1 : -1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const { body } = await get('/publishers', { sort: '-country,name', 'page[size]': 50 });
    expect(body.data).toEqual(expected.slice(0, 50));
  });

  test('an unknown filter field, operator or sort field is a 400 naming it', async () => {
    const bad = [
      [{ 'filter[colour]': 'x' }, 'colour'],
      [{ 'filter[name][regex]': 'x' }, 'regex'],
      [{ sort: '-colour' }, 'colour'],
      [{ 'filter[default_payout.nope]': 'x' }, 'default_payout.nope'],
    ] as const;
    for (const [query, name] of bad) {
      const { status, body } = await get(`/integrations/${INT1}/offers`, query);
      expect(status).toBe(400);
      expect(body.error).toContain(name);
    }
  });

  test('offers are listed per integration; an unknown integration is 404', async () => {
    for (const id of INTEGR8_INTEGRATION_IDS) {
      const { body } = await get(`/integrations/${id}/offers`, { 'page[size]': 100 });
      const expected = offersOf(ds, id);
      expect(body.meta.total_count).toBe(expected.length);
      expect(body.data).toEqual(expected.slice(0, 100));
    }
    expect((await get('/integrations/64b7f0c2a1e4d3b2c1a0ffff/offers')).status).toBe(404);
  });

  test('events and landing pages are listed per offer; an unknown or foreign offer is 404', async () => {
    const offer = offersOf(ds, INT1).find((o) => (ds.events.get(o.id) ?? []).length >= 2) as Integr8Offer;
    expect((await get(`/integrations/${INT1}/offers/${offer.id}/events`)).body.data).toEqual(ds.events.get(offer.id));
    expect((await get(`/integrations/${INT1}/offers/${offer.id}/landing-pages`)).body.data).toEqual(ds.landingPages.get(offer.id));
    const event = (ds.events.get(offer.id) ?? [])[1];
    expect((await get(`/integrations/${INT1}/offers/${offer.id}/events`, { 'filter[name]': event.name })).body.data).toEqual([event]);
    expect((await get(`/integrations/${INT2}/offers/${offer.id}/events`)).status).toBe(404);
    expect((await get(`/integrations/${INT1}/offers/${'0'.repeat(24)}/landing-pages`)).status).toBe(404);
  });
});

describe('get by id', () => {
  test('answers {data} for every collection and 404 {error} for an unknown id', async () => {
    const offer = offersOf(ds, INT2)[3];
    const eventOffer = ds.offers.find((o) => (ds.events.get(o.id) ?? []).length > 0) as Integr8Offer;
    const event = (ds.events.get(eventOffer.id) ?? [])[0];
    const eventPath = `/integrations/${ds.offerIntegration.get(eventOffer.id)}/offers/${eventOffer.id}`;
    const page = (ds.landingPages.get(offer.id) ?? [])[0];
    const cases: [string, unknown][] = [
      [`/organization/users/${ds.users[4].id}`, ds.users[4]],
      [`/integrations/${INT2}/offers/${offer.id}`, offer],
      [`${eventPath}/events/${event.id}`, event],
      [`/integrations/${INT2}/offers/${offer.id}/landing-pages/${page.id}`, page],
      [`/publishers/${ds.publishers[42].id}`, ds.publishers[42]],
      [`/advertisers/${ds.advertisers[7].id}`, ds.advertisers[7]],
      [`/download-center/exports/${ds.exports[2].id}`, ds.exports[2]],
    ];
    for (const [path, data] of cases) expect(await get(path)).toEqual({ status: 200, body: { data } });
    for (const path of ['/organization/users/x', `/integrations/${INT2}/offers/x`, '/publishers/x', '/advertisers/x', '/download-center/exports/x']) {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expect(typeof body.error).toBe('string');
    }
  });
});

describe('dataset conventions', () => {
  test('sizes, ids, incremental ids and name_with_id', () => {
    expect(ds.users.length).toBeGreaterThanOrEqual(20);
    expect(ds.offers.length).toBeGreaterThanOrEqual(150);
    expect(ds.publishers.length).toBeGreaterThanOrEqual(250);
    expect(ds.advertisers.length).toBeGreaterThanOrEqual(50);
    expect(ds.clicks.length).toBeGreaterThanOrEqual(25_000);
    expect(ds.conversions.length).toBeGreaterThanOrEqual(2_500);
    expect(ds.impressions.length).toBeGreaterThanOrEqual(15_000);
    expect(ds.exports.length).toBeGreaterThanOrEqual(12);
    for (const collection of [ds.offers, ds.publishers, ds.advertisers]) {
      collection.forEach((item, i) => {
        expect(item.id).toMatch(HEX24);
        expect(item.incremental_id).toBe(i + 1);
        expect(item.name_with_id).toBe(`${item.name} [${item.incremental_id}]`);
      });
    }
    for (const user of ds.users) expect(user.id).toMatch(HEX24);
    expect(new Set(ds.users.map((u) => u.role))).toEqual(new Set(['admin', 'accountManager']));
    expect(new Set(ds.users.map((u) => u.status))).toEqual(new Set(['Active', 'Deactivated']));
    for (const events of ds.events.values()) expect(events.length).toBeLessThanOrEqual(4);
    for (const pages of ds.landingPages.values()) expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ds.offerIntegration.values())).toEqual(new Set(INTEGR8_INTEGRATION_IDS));
    expect(new Set(ds.exports.map((e) => e.status))).toEqual(new Set(['UNKNOWN', 'PENDING', 'IN_PROGRESS', 'DONE', 'ERROR', 'CANCELED']));
  });

  test('offers point at advertisers by incremental_id; managers are organization users', () => {
    const advertiserIds = new Set(ds.advertisers.map((a) => a.incremental_id));
    for (const offer of ds.offers) expect(advertiserIds.has(offer.advertiser_id)).toBe(true);
    for (const partner of [...ds.publishers, ...ds.advertisers]) {
      if (partner.manager_id === '') continue;
      const user = ds.users.find((u) => u.id === partner.manager_id);
      expect(user).toBeDefined();
      expect(partner.manager_name).toBe(`${user?.first_name} ${user?.last_name}`);
      expect(partner.manager_email).toBe(user?.email);
    }
  });

  test('report rows name their offer, publisher, advertiser and integration consistently', async () => {
    const start = wall(new Date(NOW - 30 * 86_400_000).toISOString().slice(0, 19) + 'Z');
    const end = wall(new Date(NOW).toISOString().slice(0, 19) + 'Z');
    for (const [table, time] of [
      ['click-table', 'request_time'],
      ['conversion-table', 'conversion_time'],
      ['impression-table', 'request_time'],
    ] as const) {
      const { body } = await get(`/reports/v2/${table}`, { integration_id: INT1, start_time: start, end_time: end, 'page[size]': 100 });
      expect(body.data.data.length).toBe(100);
      for (const row of body.data.data) {
        const offer = ds.offers.find((o) => o.id === row.offer_db_id) as Integr8Offer;
        const publisher = ds.publishers.find((p) => p.id === row.publisher_db_id);
        const advertiser = ds.advertisers.find((a) => a.id === row.advertiser_db_id);
        expect(row.real_tx_id).toMatch(/^[0-9a-f]{32}$/);
        expect(row.tx_id).toMatch(/^[0-9a-f]{32}$/);
        expect(row.tx_id).not.toBe(row.real_tx_id);
        expect(row.integration_id).toBe(INT1);
        expect(ds.offerIntegration.get(offer.id)).toBe(INT1);
        expect(row.offer_id).toBe(String(offer.incremental_id));
        if ('offer' in row) expect(row.offer).toBe(offer.name);
        expect(row.publisher).toBe(String(publisher?.incremental_id));
        expect(row.advertiser).toBe(String(advertiser?.incremental_id));
        expect(advertiser?.incremental_id).toBe(offer.advertiser_id);
        if ('advertiser_id' in row) expect(row.advertiser_id).toBe(row.advertiser);
        if ('advertiser_name' in row) expect(row.advertiser_name).toBe(advertiser?.name);
        if ('publisher_name' in row) expect(row.publisher_name).toBe(publisher?.name);
        expect(row[time]).toMatch(ISO);
        if ('request_date' in row) expect(row.request_date).toBe(row.request_time.slice(0, 10));
        expect(['Approved', 'Rejected']).toContain(row.status);
        if (row.status === 'Rejected') expect(row.rejections.length).toBeGreaterThan(0);
        expect(row['extra_params.keys'].length).toBe(row['extra_params.values'].length);
      }
    }
  });

  test('conversions convert real clicks: same offer, publisher, advertiser and integration, later in time', () => {
    // A conversion names its click by the click's tx_id, never by its real_tx_id (the cursor).
    const ids = new Set<string>(ds.clicks.entries.map((e) => e.txId));
    for (const entry of ds.conversions.entries) {
      const conversion = ds.conversions.row(entry);
      const click = ds.clicks.row(entry.click as Integr8RowEntry);
      expect(conversion.click_tx_id).toBe(click.tx_id);
      expect(ids.has(conversion.click_tx_id)).toBe(false);
      expect(conversion.click_time).toBe(click.request_time);
      expect(conversion.conversion_time >= click.request_time).toBe(true);
      expect([conversion.offer_db_id, conversion.publisher_db_id, conversion.advertiser_db_id, conversion.integration_id]).toEqual([
        click.offer_db_id,
        click.publisher_db_id,
        click.advertiser_db_id,
        click.integration_id,
      ]);
      ids.add(conversion.real_tx_id);
    }
    expect(ids.size).toBe(ds.clicks.length + ds.conversions.length);
    const rejected = ds.clicks.entries.filter((e) => e.status === 'Rejected').length;
    expect(rejected / ds.clicks.length).toBeGreaterThan(0.03);
    expect(rejected / ds.clicks.length).toBeLessThan(0.3);
  });

  test('generation is deterministic per key', () => {
    const again = generateIntegr8Dataset(hashString(READ), NOW);
    expect(again.users).toEqual(ds.users);
    expect(again.offers).toEqual(ds.offers);
    expect(again.clicks.entries.slice(0, 50).map((e) => again.clicks.row(e))).toEqual(ds.clicks.entries.slice(0, 50).map((e) => ds.clicks.row(e)));
    expect(sim.dataset(WRITE).organizationId).not.toBe(ds.organizationId);
  });
});

describe('reports', () => {
  const start = '2025-05-20 00:00:00';
  const end = '2025-05-27 23:59:59';
  let clicks: Integr8ClickRow[];

  beforeAll(() => {
    // Expected rows computed from the dataset, independently of the simulator's indexes.
    clicks = rowsWhere(
      ds.clicks,
      (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-20T00:00:00Z') && e.time <= seconds('2025-05-27T23:59:59Z'),
    );
  });

  const clickPage = (query: Query) =>
    get<Integr8ReportResponse<Integr8ClickRow>>('/reports/v2/click-table', { integration_id: INT1, start_time: start, end_time: end, ...query });

  test('the first page is the newest rows, with count and pageInfo', async () => {
    const { status, body } = await clickPage({ 'page[size]': 25 });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        count: clicks.length,
        data: clicks.slice(0, 25),
        pageInfo: { startCursor: clicks[0].real_tx_id, endCursor: clicks[24].real_tx_id, hasPreviousPage: false, hasNextPage: true },
      },
    });
  });

  test('page[after] walks forward and page[before] walks back to the same pages', async () => {
    const first = (await clickPage({ 'page[size]': 40 })).body.data;
    const second = (await clickPage({ 'page[size]': 40, 'page[after]': first.pageInfo.endCursor })).body.data;
    expect(second.data).toEqual(clicks.slice(40, 80));
    expect(second.pageInfo).toEqual({
      startCursor: clicks[40].real_tx_id,
      endCursor: clicks[79].real_tx_id,
      hasPreviousPage: true,
      hasNextPage: true,
    });
    const back = (await clickPage({ 'page[size]': 40, 'page[before]': second.pageInfo.startCursor })).body.data;
    expect(back.data).toEqual(first.data);
    expect(back.pageInfo.hasPreviousPage).toBe(false);
    expect(back.pageInfo.hasNextPage).toBe(true);
    // The last page has no next page.
    const last = (await clickPage({ 'page[size]': 10, 'page[after]': clicks[clicks.length - 4].real_tx_id })).body.data;
    expect(last.data).toEqual(clicks.slice(-3));
    expect(last.pageInfo.hasNextPage).toBe(false);
  });

  test('filter[status], filter[offer_id], filter[publisher] and filter[advertiser] narrow the rows', async () => {
    const row = clicks[3];
    const cases: [Query, (r: Integr8ClickRow) => boolean][] = [
      [{ 'filter[status]': 'Rejected' }, (r) => r.status === 'Rejected'],
      [{ 'filter[offer_id]': row.offer_id }, (r) => r.offer_id === row.offer_id],
      [{ 'filter[publisher]': row.publisher }, (r) => r.publisher === row.publisher],
      [{ 'filter[advertiser]': row.advertiser, 'filter[status]': 'Approved' }, (r) => r.advertiser === row.advertiser && r.status === 'Approved'],
    ];
    for (const [query, predicate] of cases) {
      const expected = clicks.filter(predicate);
      const { body } = await clickPage({ ...query, 'page[size]': 100 });
      expect(body.data.count).toBe(expected.length);
      expect(body.data.data).toEqual(expected.slice(0, 100));
    }
  });

  test('start and end are inclusive and read in the given timezone', async () => {
    const row = clicks[10];
    const exact = wall(row.request_time);
    const { body } = await clickPage({ start_time: exact, end_time: exact, 'page[size]': 5 });
    expect(body.data.data).toContainEqual(row);
    // 2025-05-20 00:00 in New York (EDT, UTC-4) is 04:00 UTC.
    const ny = (await clickPage({ timezone: 'America/New_York', 'page[size]': 1 })).body.data;
    const expected = ds.clicks.entries.filter(
      (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-20T04:00:00Z') && e.time <= seconds('2025-05-28T03:59:59Z'),
    );
    expect(ny.count).toBe(expected.length);
    expect(ny.data[0]).toEqual(rowsWhere(ds.clicks, (e) => expected.includes(e))[0]);
  });

  test('conversions are ordered by conversion_time; impressions by request_time', async () => {
    const conversions = rowsWhere(
      ds.conversions,
      (e) => e.integrationId === INT2 && e.time >= seconds('2025-05-01T00:00:00Z') && e.time <= seconds('2025-05-31T23:59:59Z'),
      'conversion_time',
    );
    expect(conversions).toEqual([...conversions].sort(byTimeDesc((r) => r.conversion_time)));
    const { body } = await get<Integr8ReportResponse<Integr8ConversionRow>>('/reports/v2/conversion-table', {
      integration_id: INT2,
      start_time: '2025-05-01 00:00:00',
      end_time: '2025-05-31 23:59:59',
      'page[size]': 100,
    });
    expect(body.data.count).toBe(conversions.length);
    expect(body.data.data).toEqual(conversions.slice(0, 100));
    const impressions = rowsWhere(
      ds.impressions,
      (e) => e.integrationId === INT2 && e.time >= seconds('2025-05-30T00:00:00Z') && e.time <= seconds('2025-05-30T23:59:59Z'),
    );
    const imp = (
      await get('/reports/v2/impression-table', {
        integration_id: INT2,
        start_time: '2025-05-30 00:00:00',
        end_time: '2025-05-30 23:59:59',
        'page[size]': 30,
      })
    ).body;
    expect(imp.data.count).toBe(impressions.length);
    expect(imp.data.data).toEqual(impressions.slice(0, 30));
  });

  test('bad parameters are 400s naming the problem', async () => {
    const cursor = clicks[5].real_tx_id;
    const bad: [Query, string][] = [
      [{ integration_id: '', 'page[size]': 10 }, 'integration_id'],
      [{ start_time: '', 'page[size]': 10 }, 'start_time'],
      [{}, 'page[size]'],
      [{ 'page[size]': 101 }, 'page[size]'],
      [{ 'page[size]': 0 }, 'page[size]'],
      [{ 'page[size]': 10, 'page[after]': cursor, 'page[before]': cursor }, 'mutually exclusive'],
      [{ 'page[size]': 10, 'page[after]': 'f'.repeat(32) }, 'page[after]'],
      [
        { 'page[size]': 10, 'page[before]': clicks[5].real_tx_id, 'filter[status]': clicks[5].status === 'Approved' ? 'Rejected' : 'Approved' },
        'page[before]',
      ],
      [{ 'page[size]': 10, timezone: 'Mars/Olympus' }, 'timezone'],
      [{ 'page[size]': 10, start_time: '2025-05-20T00:00:00' }, 'start_time'],
      [{ 'page[size]': 10, end_time: '2025-02-30 00:00:00' }, 'end_time'],
      [{ 'page[size]': 10, start_time: '2025-05-28 00:00:00' }, 'after end_time'],
      [{ 'page[size]': 10, 'filter[status]': 'Pending' }, 'filter[status]'],
      [{ 'page[size]': 10, 'filter[country]': 'US' }, 'filter[country]'],
    ];
    for (const [query, message] of bad) {
      const { status, body } = await clickPage(query);
      expect([status, message]).toEqual([400, message]);
      expect((body as unknown as { error: string }).error).toContain(message);
    }
  });
});

describe('writes', () => {
  const w = <T = any>(method: string, path: string, body?: unknown, query?: Query) => call<T>(method, `/api/v2${path}`, { key: WRITE, body, query });
  let wds: Integr8Dataset;
  beforeAll(() => (wds = sim.dataset(WRITE)));

  test('users: create answers created_item_id, update changes fields; required fields and enums are checked', async () => {
    const created = await w('POST', '/organization/users', {
      email: 'new.manager@example.com',
      password: 'S3cret!',
      role: 'accountManager',
      first_name: 'New',
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ created_item_id: expect.stringMatching(HEX24) });
    const id = created.body.created_item_id;
    const user = (await w('GET', `/organization/users/${id}`)).body.data;
    expect(user).toMatchObject({
      id,
      email: 'new.manager@example.com',
      role: 'accountManager',
      status: 'Active',
      first_name: 'New',
      last_login_at: null,
    });
    expect(user.created_at).toMatch(ISO);
    expect(user).not.toHaveProperty('password');
    expect(await w('PATCH', `/organization/users/${id}`, { status: 'Deactivated', is_publisher_manager: true })).toEqual({ status: 200, body: {} });
    expect((await w('GET', `/organization/users/${id}`)).body.data).toMatchObject({ status: 'Deactivated', is_publisher_manager: true });
    for (const [body, name] of [
      [{ email: 'x@example.com', role: 'admin' }, 'password'],
      [{ email: 'x@example.com', password: 'p', role: 'owner' }, 'role'],
      [{ email: 'x@example.com', password: 'p', role: 'admin', nickname: 'x' }, 'nickname'],
    ] as const) {
      const { status, body: error } = await w('POST', '/organization/users', body);
      expect(status).toBe(400);
      expect(error.error).toContain(name);
    }
    expect((await w('PATCH', `/organization/users/${id}`, { publisher_manager_access: 'Some' })).status).toBe(400);
  });

  test('offers: create, update (name and advertiser_id required), validation', async () => {
    const before = wds.counters.offers;
    const advertiser = wds.advertisers[2];
    const { status, body } = await w('POST', `/integrations/${INT2}/offers`, {
      name: 'Summer Campaign 2025',
      advertiser_id: advertiser.incremental_id,
      visibility: 'Requires_Approval',
      default_payout: { payout: 10, payout_type: 'CPA', revenue: 15, revenue_type: 'RPA' },
    });
    expect(status).toBe(200);
    const id = body.created_item_id;
    const offer = (await w('GET', `/integrations/${INT2}/offers/${id}`)).body.data;
    expect(offer).toMatchObject({
      id,
      incremental_id: before + 1,
      name_with_id: `Summer Campaign 2025 [${before + 1}]`,
      advertiser_id: advertiser.incremental_id,
      visibility: 'Requires_Approval',
      archived: false,
      default_payout: { payout: 10, payout_percent: 0, payout_type: 'CPA', revenue: 15, revenue_percent: 0, revenue_type: 'RPA' },
    });
    expect((await w('GET', `/integrations/${INT1}/offers/${id}`)).status).toBe(404);
    const listed = (await w('GET', `/integrations/${INT2}/offers`, undefined, { 'filter[id]': id })).body.data;
    expect(listed).toEqual([offer]);

    expect((await w('PATCH', `/integrations/${INT2}/offers/${id}`, { active: false })).body.error).toContain('name');
    expect((await w('PATCH', `/integrations/${INT2}/offers/${id}`, { name: 'Renamed' })).body.error).toContain('advertiser_id');
    expect(
      await w('PATCH', `/integrations/${INT2}/offers/${id}`, { name: 'Renamed', advertiser_id: advertiser.incremental_id, active: false }),
    ).toEqual({ status: 200, body: {} });
    const updated = (await w('GET', `/integrations/${INT2}/offers/${id}`)).body.data;
    expect(updated).toMatchObject({ name: 'Renamed', name_with_id: `Renamed [${before + 1}]`, active: false });
    expect(updated.updated_at >= offer.updated_at).toBe(true);

    for (const [body, name] of [
      [{ advertiser_id: 1 }, 'name'],
      [{ name: 'x' }, 'advertiser_id'],
      [{ name: 'x', advertiser_id: 1, visibility: 'Hidden' }, 'visibility'],
      [{ name: 'x', advertiser_id: 1, currency: 'GBP' }, 'currency'],
      [{ name: 'x', advertiser_id: 1, default_payout: { payout_type: 'CPX' } }, 'default_payout.payout_type'],
    ] as const) {
      const answer = await w('POST', `/integrations/${INT2}/offers`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain(name);
    }
    // A well-formed advertiser_id naming no advertiser: 404 (see the unknownReference reading).
    expect(await w('POST', `/integrations/${INT2}/offers`, { name: 'x', advertiser_id: 99999 })).toEqual({
      status: 404,
      body: { error: 'advertiser_id: no advertiser with incremental_id 99999' },
    });
  });

  test('offers: bulk status and bulk delete are all-or-nothing', async () => {
    const [a, b, c] = offersOf(wds, INT1).filter((o) => o.active);
    const missing = 'a'.repeat(24);
    const refused = await w('PATCH', `/integrations/${INT1}/offers/status`, { active: false, data: [a.id, missing] });
    expect(refused.status).toBe(404);
    expect(refused.body.error).toContain(missing);
    expect((await w('GET', `/integrations/${INT1}/offers/${a.id}`)).body.data.active).toBe(true);
    expect(await w('PATCH', `/integrations/${INT1}/offers/status`, { active: false, data: [a.id, b.id] })).toEqual({ status: 200, body: {} });
    expect((await w('GET', `/integrations/${INT1}/offers/${b.id}`)).body.data.active).toBe(false);

    const total = (await w('GET', `/integrations/${INT1}/offers`)).body.meta.total_count;
    expect((await w('DELETE', `/integrations/${INT1}/offers`, { data: [c.id, missing] })).status).toBe(404);
    expect((await w('GET', `/integrations/${INT1}/offers/${c.id}`)).status).toBe(200);
    expect(await w('DELETE', `/integrations/${INT1}/offers`, { data: [c.id] })).toEqual({ status: 200, body: {} });
    expect((await w('GET', `/integrations/${INT1}/offers/${c.id}`)).status).toBe(404);
    expect((await w('GET', `/integrations/${INT1}/offers`)).body.meta.total_count).toBe(total - 1);
    // An offer of another integration is unknown here.
    expect((await w('DELETE', `/integrations/${INT1}/offers`, { data: [offersOf(wds, INT2)[0].id] })).status).toBe(404);
  });

  test('offer events and landing pages: create, update, validation', async () => {
    const offer = offersOf(wds, INT2)[5];
    const path = `/integrations/${INT2}/offers/${offer.id}`;
    const event = await w('POST', `${path}/events`, { name: 'Lead Signup', payout: 5, payout_type: 'CPA', revenue: 10, revenue_type: 'RPA' });
    expect(event.status).toBe(200);
    const eventId = event.body.created_item_id;
    expect((await w('GET', `${path}/events/${eventId}`)).body.data).toMatchObject({
      id: eventId,
      name: 'Lead Signup',
      currency: offer.currency,
      payout: 5,
      archived: false,
    });
    expect((await w('PATCH', `${path}/events/${eventId}`, { payout: 6 })).body.error).toContain('name');
    expect((await w('PATCH', `${path}/events/${eventId}`, { name: 'Lead', payout: 6 })).status).toBe(200);
    expect((await w('GET', `${path}/events`)).body.data.at(-1)).toMatchObject({ id: eventId, name: 'Lead', payout: 6 });
    expect((await w('POST', `${path}/events`, { name: 'x', revenue_type: 'CPA' })).body.error).toContain('revenue_type');

    const missing = await w('POST', `${path}/landing-pages`, { name: 'Homepage' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain('redirect_url');
    const lp = await w('POST', `${path}/landing-pages`, { name: 'Homepage', redirect_url: 'https://example.com/lp' });
    const lpId = lp.body.created_item_id;
    expect((await w('GET', `${path}/landing-pages/${lpId}`)).body.data).toEqual({
      active: true,
      archived: false,
      hide_from_publishers: false,
      id: lpId,
      name: 'Homepage',
      preview_url: '',
      redirect_url: 'https://example.com/lp',
    });
    expect((await w('PATCH', `${path}/landing-pages/${lpId}`, { name: 'Home' })).body.error).toContain('redirect_url');
    expect(
      (await w('PATCH', `${path}/landing-pages/${lpId}`, { name: 'Home', redirect_url: 'https://example.com/2', hide_from_publishers: true })).status,
    ).toBe(200);
    expect((await w('GET', `${path}/landing-pages/${lpId}`)).body.data).toMatchObject({
      name: 'Home',
      redirect_url: 'https://example.com/2',
      hide_from_publishers: true,
    });
  });

  test('publishers and advertisers: create with a manager, update, bulk status, bulk delete', async () => {
    const manager = wds.users[5];
    for (const kind of ['publishers', 'advertisers'] as const) {
      const collection = () => wds[kind] as { id: string; incremental_id: number; active: boolean }[];
      const next = wds.counters[kind] + 1;
      const body =
        kind === 'publishers'
          ? { name: 'Acme Media', manager_id: manager.id, promotional_method: ['Content', 'SMS'], countries: ['US'] }
          : { name: 'Acme Media', manager_id: manager.id };
      const created = await w('POST', `/${kind}`, body);
      expect(created.status).toBe(200);
      const id = created.body.created_item_id;
      const item = (await w('GET', `/${kind}/${id}`)).body.data;
      expect(item).toMatchObject({
        ...body,
        id,
        incremental_id: next,
        name_with_id: `Acme Media [${next}]`,
        manager_name: `${manager.first_name} ${manager.last_name}`,
        manager_email: manager.email,
        active: true,
        archived: false,
      });
      expect((await w('POST', `/${kind}`, { name: 'x', manager_id: 'nobody' })).body.error).toContain('manager_id');
      expect((await w('PATCH', `/${kind}/${id}`, { website: 'https://acme.example' })).body.error).toContain('name');
      expect(await w('PATCH', `/${kind}/${id}`, { name: 'Acme', manager_id: '' })).toEqual({ status: 200, body: {} });
      expect((await w('GET', `/${kind}/${id}`)).body.data).toMatchObject({
        name: 'Acme',
        name_with_id: `Acme [${next}]`,
        manager_id: '',
        manager_name: '',
        manager_email: '',
      });

      const other = collection()[0];
      expect(await w('PATCH', `/${kind}/status`, { active: false, data: [id, other.id] })).toEqual({ status: 200, body: {} });
      expect((await w('GET', `/${kind}/${other.id}`)).body.data.active).toBe(false);
      expect((await w('PATCH', `/${kind}/status`, { data: [id] })).body.error).toContain('active');
      expect((await w('DELETE', `/${kind}`, { data: [id, 'x'] })).status).toBe(404);
      expect(await w('DELETE', `/${kind}`, { data: [id] })).toEqual({ status: 200, body: {} });
      expect((await w('GET', `/${kind}/${id}`)).status).toBe(404);
    }
    expect((await w('POST', '/publishers', { name: 'x', promotional_method: ['Billboards'] })).body.error).toContain('promotional_method');
  });
});

describe('download center', () => {
  const e = <T = any>(method: string, path: string, options: { body?: unknown; query?: Query } = {}) =>
    call<T>(method, `/api/v2${path}`, { key: EXPORTS, ...options });
  let eds: Integr8Dataset;
  beforeAll(() => (eds = sim.dataset(EXPORTS)));

  /** The CSV the rows should give, written independently of the simulator. */
  function expectedCsv(rows: Record<string, unknown>[], fields: string[], extras: string[], delimiter: string): string {
    const quote = (v: string) =>
      v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r') ? `"${v.split('"').join('""')}"` : v;
    const cell = (v: unknown) => (Array.isArray(v) ? JSON.stringify(v) : v === null || v === undefined ? '' : String(v));
    const lines = [[...fields, ...extras].map(quote).join(delimiter)];
    for (const row of rows) {
      const keys = row['extra_params.keys'] as string[];
      const values = row['extra_params.values'] as string[];
      lines.push(
        [...fields.map((f) => cell(row[f])), ...extras.map((x) => (keys.includes(x) ? values[keys.indexOf(x)] : ''))].map(quote).join(delimiter),
      );
    }
    return lines.map((l) => `${l}\r\n`).join('');
  }

  async function download(artifact: string, key = EXPORTS): Promise<{ status: number; text: string; url: string }> {
    const { body } = await call('GET', '/api/v2/download-center/signed-url', { key, query: { artifact_name: artifact } });
    const res = await fetch(body.url);
    return { status: res.status, text: await res.text(), url: body.url };
  }

  test('exports list newest first; documented filters, including equalvalues and results_meta ranges', async () => {
    const all = eds.exports;
    const { body } = await e('GET', '/download-center/exports', { query: { 'page[size]': 100 } });
    expect(body.data).toEqual([...all].sort((a, b) => (a.created_at < b.created_at ? 1 : -1)));
    const withOffer = all.find((x) => x.reports_query_option.filters.offer_id) as Integr8Export;
    const offerId = withOffer.reports_query_option.filters.offer_id.equal_values[0];
    const total = [...all].sort((a, b) => b.results_meta.total - a.results_meta.total)[3].results_meta.total;
    const cases: [Query, (x: Integr8Export) => boolean][] = [
      [
        { 'filter[reports_query_option.filters.offer_id.equalvalues]': offerId },
        (x) => x.reports_query_option.filters.offer_id?.equal_values.includes(offerId) ?? false,
      ],
      [{ 'filter[reports_query_option.filters.integration_id.equalvalues]': INT1 }, (x) => x.integration === INT1],
      [
        { 'filter[reports_query_option.start_date]': all[4].reports_query_option.start_date },
        (x) => x.reports_query_option.start_date === all[4].reports_query_option.start_date,
      ],
      [{ 'filter[status]': 'DONE' }, (x) => x.status === 'DONE'],
      [{ 'filter[status][in]': 'ERROR,CANCELED' }, (x) => x.status === 'ERROR' || x.status === 'CANCELED'],
      [{ 'filter[type]': 'click_logs' }, (x) => x.type === 'click_logs'],
      [{ 'filter[results_meta.total][gte]': total }, (x) => x.results_meta.total >= total],
      [{ 'filter[results_meta.duration_seconds][lte]': 60 }, (x) => x.results_meta.duration_seconds <= 60],
    ];
    for (const [query, predicate] of cases) {
      const expected = all.filter(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect((await e('GET', '/download-center/exports', { query })).body.data).toEqual(expected);
    }
    expect((await e('GET', '/download-center/exports', { query: { 'filter[reports_query_option.nope]': 'x' } })).status).toBe(400);
  });

  test('a historical done export downloads: total rows and byte size match its metadata', async () => {
    const done = eds.exports.filter((x) => x.status === 'DONE' && x.results_meta.total > 0);
    expect(done.length).toBeGreaterThan(0);
    for (const exp of done.slice(0, 3)) {
      const file = await download(exp.artifact.name);
      expect(file.status).toBe(200);
      expect(file.text.split('\r\n').length - 2).toBe(exp.results_meta.total);
      expect(Buffer.byteLength(file.text)).toBe(exp.artifact.size);
      expect(file.text.split('\r\n')[0]).toBe(
        [...exp.export_list_options.fields, ...exp.export_list_options.extra_parameters].join(exp.format.delimiter),
      );
    }
    const pending = eds.exports.find((x) => x.status === 'PENDING') as Integr8Export;
    expect((await e('GET', '/download-center/signed-url', { query: { artifact_name: `exports/${pending.id}.csv` } })).status).toBe(404);
    expect((await e('GET', '/download-center/signed-url', { query: { artifact_name: 'exports/nothing.csv' } })).status).toBe(404);
    expect((await e('GET', '/download-center/signed-url')).status).toBe(400);
  });

  test('signed URLs need no API key but a valid signature', async () => {
    const exp = eds.exports.find((x) => x.status === 'DONE') as Integr8Export;
    const { url, status } = await download(exp.artifact.name);
    expect(status).toBe(200);
    expect(url.startsWith(`${base}/files/${exp.artifact.name}?signature=`)).toBe(true);
    const wrong = new URL(url);
    wrong.searchParams.set('signature', '0'.repeat(64));
    expect((await fetch(wrong)).status).toBe(403);
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(later.searchParams.get('expires')) + 3600));
    expect((await fetch(later)).status).toBe(403);

    const expiring = createIntegr8Simulator({ keys: [EXPORTS], now: NOW, signedUrlTtlSeconds: 0 });
    const expiringBase = await expiring.start();
    try {
      const signed = await call('GET', '/api/v2/download-center/signed-url', {
        url: expiringBase,
        key: EXPORTS,
        query: { artifact_name: exp.artifact.name },
      });
      expect(signed.status).toBe(200);
      expect((await fetch(signed.body.url)).status).toBe(403);
    } finally {
      await expiring.stop();
    }
  });

  test('a new export goes PENDING -> IN_PROGRESS -> DONE and its CSV holds the matching rows', async () => {
    const clickQuery = {
      start_time: '2025-05-29 00:00:00',
      end_time: '2025-05-29 23:59:59',
      fields: 'request_time,real_tx_id,offer_id,publisher,status,user_agent,tags',
      extra_parameters: 'source,campaign',
      'filter[status]': 'Approved',
    };
    const clickAnswer = await e('POST', `/integrations/${INT1}/download-center/clicks`, { query: clickQuery });
    expect(clickAnswer.status).toBe(200);
    const clickExport: Integr8Export = clickAnswer.body;
    expect(clickExport).toMatchObject({
      id: expect.stringMatching(HEX24),
      status: 'PENDING',
      type: 'click_logs',
      integration: INT1,
      platform: '24metrics',
      format: { delimiter: ',' },
      export_list_options: { fields: clickQuery.fields.split(','), extra_parameters: ['source', 'campaign'] },
      reports_query_option: { start_date: clickQuery.start_time, end_date: clickQuery.end_time },
      artifact: { name: '', size: 0, download_link: '' },
    });
    expect(clickExport.reports_query_option.filters.status.equal_values).toEqual(['Approved']);

    const sampleEntry = eds.conversions.entries.find(
      (e) => e.integrationId === INT2 && e.time >= seconds('2025-05-21T00:00:00Z') && e.time < seconds('2025-05-29T00:00:00Z'),
    );
    const sample = eds.conversions.row(sampleEntry as Integr8RowEntry);
    const conversionBody = {
      start_time: '2025-05-20 00:00:00',
      end_time: '2025-05-31 02:00:00',
      timezone: 'Europe/Berlin',
      delimiter: ';',
      fields: ['conversion_time', 'real_tx_id', 'offer', 'click_tx_id', 'payout'],
      extra_parameters: [],
      filter: { offer_id: sample.offer_id },
    };
    sim.readings.exportParams = 'body';
    const conversionExport: Integr8Export = await e('POST', `/integrations/${INT2}/download-center/conversions`, { body: conversionBody })
      .then((r) => r.body)
      .finally(() => (sim.readings.exportParams = 'query'));
    expect(conversionExport.status).toBe('PENDING');

    expect((await e('GET', `/download-center/exports/${clickExport.id}`)).body.data.status).toBe('PENDING');
    expect((await e('GET', '/download-center/exports', { query: { 'page[size]': 2 } })).body.data.map((x: Integr8Export) => x.id)).toEqual([
      conversionExport.id,
      clickExport.id,
    ]);
    expect((await e('GET', '/download-center/signed-url', { query: { artifact_name: `exports/${clickExport.id}.csv` } })).status).toBe(404);
    await sleep(1100);
    expect((await e('GET', `/download-center/exports/${clickExport.id}`)).body.data.status).toBe('IN_PROGRESS');
    await sleep(1000);
    const finished: Integr8Export = (await e('GET', `/download-center/exports/${clickExport.id}`)).body.data;

    const clickRows = rowsWhere(
      eds.clicks,
      (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-29T00:00:00Z') && e.time <= seconds('2025-05-29T23:59:59Z'),
    ).filter((r) => r.status === 'Approved');
    const clickCsv = expectedCsv(clickRows as unknown as Record<string, unknown>[], clickQuery.fields.split(','), ['source', 'campaign'], ',');
    expect(finished).toMatchObject({
      status: 'DONE',
      results_meta: { total: clickRows.length, duration_seconds: 2, range_truncated: false },
      artifact: { name: `exports/${clickExport.id}.csv`, size: Buffer.byteLength(clickCsv), download_link: '' },
    });
    const clickFile = await download(finished.artifact.name);
    expect(clickFile.text).toBe(clickCsv);
    expect(clickFile.text).toContain(
      '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"',
    );

    // Berlin is UTC+2 in May: the window is 2025-05-19T22:00:00Z .. 2025-05-31T00:00:00Z.
    const conversionRows = rowsWhere(
      eds.conversions,
      (e) => e.integrationId === INT2 && e.time >= seconds('2025-05-19T22:00:00Z') && e.time <= seconds('2025-05-31T00:00:00Z'),
      'conversion_time',
    ).filter((r) => r.offer_id === sample.offer_id);
    expect(conversionRows.length).toBeGreaterThan(0);
    const conversionFile = await download(`exports/${conversionExport.id}.csv`);
    expect(conversionFile.text).toBe(expectedCsv(conversionRows as unknown as Record<string, unknown>[], conversionBody.fields, [], ';'));
  });

  test('export parameters are validated', async () => {
    const valid: Record<string, string> = {
      start_time: '2025-05-29 00:00:00',
      end_time: '2025-05-29 23:59:59',
      fields: 'real_tx_id',
      extra_parameters: '',
    };
    const defined = (query: Record<string, unknown>) => Object.entries(query).filter((kv): kv is [string, string] => kv[1] !== undefined);
    const cases: [string, Record<string, string | undefined>, number, string][] = [
      ['clicks', { ...valid, start_time: undefined }, 400, 'start_time'],
      ['clicks', { ...valid, fields: undefined }, 400, 'fields'],
      ['clicks', { ...valid, fields: 'real_tx_id,colour' }, 400, 'colour'],
      ['impressions', { ...valid, extra_parameters: undefined }, 400, 'extra_parameters'],
      ['clicks', { ...valid, delimiter: '::' }, 400, 'delimiter'],
      ['clicks', { ...valid, timezone: 'Nowhere/City' }, 400, 'timezone'],
      ['clicks', { ...valid, 'filter[status]': 'Maybe' }, 400, 'filter[status]'],
      ['receipts', valid, 404, ''],
    ];
    for (const [kind, body, status, message] of cases) {
      const answer = await e('POST', `/integrations/${INT1}/download-center/${kind}`, { query: defined(body) });
      expect(answer.status).toBe(status);
      expect(answer.body.error).toContain(message);
    }
    expect((await e('POST', `/integrations/${'0'.repeat(24)}/download-center/clicks`, { query: valid })).status).toBe(404);
    // Postback logs take no extra parameters.
    const { extra_parameters: _omit, ...withoutExtras } = valid;
    const ok = await e('POST', `/integrations/${INT1}/download-center/postback-logs`, { query: withoutExtras });
    expect(ok.body).toMatchObject({ type: 'postback_logs', status: 'PENDING', export_list_options: { extra_parameters: [] } });
  });
});

// The readings and behaviours below run on their own tenant, so that their writes leave the others alone.

const r = <T = any>(method: string, path: string, options: { body?: unknown; query?: Query; key?: string | null } = {}) =>
  call<T>(method, `/api/v2${path}`, { key: READINGS, ...options });

/** Runs `fn` with some readings changed, then puts every reading back to its default. */
async function withReadings(changes: Partial<Integr8Readings>, fn: () => Promise<void>): Promise<void> {
  Object.assign(sim.readings, changes);
  try {
    await fn();
  } finally {
    Object.assign(sim.readings, INTEGR8_DEFAULT_READINGS);
  }
}

/** The document's example fields of each report table, in its order. */
const DOCUMENTED_ROW_FIELDS = {
  'click-table':
    'advertiser advertiser_db_id advertiser_id asn blocked browser_language browser_name browser_timezone browser_version bundle_id city click_ip country coupon_code device_id device_type external_transaction_id extra_params.keys extra_params.values filter_group_id final_offer final_offer_id fingerprint integration_id integration_type invalid_sub_id ip_network is_bot is_old_browser is_old_os isp lat long manager_id manager_name monitoring_mode offer offer_db_id offer_group_id offer_id organization_id os_name os_version payout postal_code preview_url_enabled proxy_type publisher publisher_db_id real_advertiser real_filter_group_id real_offer_id real_publisher real_tx_id referer referer_categories rejected_advanced_reason rejected_internal_reason rejected_language rejected_primary_reason rejected_simple_reason rejection_type rejections request_date request_time revenue risk rtb_url_used rtt score server_region smart_link_id smartlink_db_id status sub_id sub_id_2 sub_id_3 sub_id_4 sub_id_5 sub_id_6 tags targeting_group_id tx_id user_agent user_email uuid',
  'conversion-table':
    'advertiser advertiser_db_id advertiser_name app_id app_version asn begin_install_time browser_language browser_name browser_timezone browser_version city click_ip click_time click_tx_id conversion_ip conversion_time country coupon_code device_id device_type event_24metrics event_db_id event_id event_name event_status external_transaction_id extra_params.keys extra_params.values filter_group_id fingerprint finish_install_time hash integration_id integration_type invalid_sub_id ip_network is_bot is_click_spam is_low_session_time is_old_browser is_old_os isp lat long manager_id manager_name network offer offer_db_id offer_group_id offer_id offer_id_name organization_id os_name os_version payout postal_code proxy_type publisher publisher_db_id publisher_name purchase_value real_advertiser real_filter_group_id real_offer_id real_publisher real_rejected_advanced_reason real_rejected_simple_reason real_tx_id referer referer_categories rejected rejected_advanced_reason rejected_internal_reason rejected_language rejected_simple_reason rejection_type rejections request_time revenue risk rtt score server_ip server_region session_time smart_link_id smartlink_db_id status sub_id sub_id_2 sub_id_3 sub_id_4 sub_id_5 sub_id_6 tags targeting_group_id third_party_rejection_reason third_party_status tx_id user_agent user_email uuid',
  'impression-table':
    'advertiser advertiser_db_id advertiser_id asn blocked browser_language browser_name browser_timezone browser_version bundle_id city click_ip country device_id device_type extra_params.keys extra_params.values filter_group_id fingerprint integration_id integration_type invalid_sub_id ip_network is_bot is_old_browser is_old_os isp lat long manager_id manager_name monitoring_mode offer_db_id offer_id organization_id os_name os_version payout postal_code proxy_type publisher publisher_db_id real_advertiser real_filter_group_id real_offer_id real_publisher real_tx_id referer referer_categories rejected_advanced_reason rejected_internal_reason rejected_language rejected_primary_reason rejected_simple_reason rejection_type rejections request_date request_time revenue risk rtt score server_region site_url site_url_categories status sub_id sub_id_2 sub_id_3 sub_id_4 sub_id_5 sub_id_6 tags targeting_group_id tx_id user_agent user_email uuid',
} as const;

/** The document's example fields of the other objects. */
const DOCUMENTED_FIELDS = {
  user: 'api_access_enabled city country created_at email first_name id is_advertiser_manager is_publisher_manager last_login_at last_name phone publisher_manager_access role status timezone updated_at',
  offer:
    'active advertiser_id allow_duplicate_conversions archived block_on_reject conversion_name created_at currency deep_link_enabled default_payout description fallback_url hide_js_tracking id impression_forwarding_enabled impression_forwarding_url incremental_id manually_approve_conversions name name_with_id offer_preview_enabled parallel_tracking_enabled parallel_tracking_url primary_domain restriction_note targeting_group_id targeting_simple_enabled terms_and_conditions terms_and_conditions_enabled updated_at view_through_attribution_enabled visibility',
  publisher:
    'active address archived city company_name countries country created_at description email first_name id incremental_id last_name manager_email manager_id manager_name messenger name name_with_id pending phone promotional_method timezone tracking_domain_ids updated_at website',
  advertiser:
    'active address archived company_name country created_at description email first_name id incremental_id last_name manager_email manager_id manager_name messenger name name_with_id phone updated_at website',
  event:
    'active allow_multiple_events archived currency description id manually_approve_events name payout payout_percent payout_type revenue revenue_percent revenue_type',
  landingPage: 'active archived hide_from_publishers id name preview_url redirect_url',
  export:
    'artifact created_at email_config error export_list_options format guest_token id integration last_updated_by notify_by_email organization platform reports_query_option requested_by results_meta status type updated_at',
} as const;
const names = (list: string) => list.split(' ');

describe('documented shapes', () => {
  let rds: Integr8Dataset;
  beforeAll(() => (rds = sim.dataset(READINGS)));

  test('report rows carry exactly the fields of the document’s examples', async () => {
    for (const [table, fields] of Object.entries(DOCUMENTED_ROW_FIELDS)) {
      const { body } = await r('GET', `/reports/v2/${table}`, {
        query: { integration_id: INT1, start_time: '2025-05-01 00:00:00', end_time: '2025-05-31 23:59:59', 'page[size]': 3 },
      });
      expect(body.data.data).toHaveLength(3);
      for (const row of body.data.data) expect(Object.keys(row)).toEqual(names(fields));
    }
  });

  test('users, offers, events, landing pages, publishers, advertisers and exports carry exactly the documented fields', async () => {
    const offer = offersOf(rds, INT1).find((o) => (rds.events.get(o.id) ?? []).length > 0) as Integr8Offer;
    const cases: [string, string][] = [
      [`/organization/users/${rds.users[0].id}`, DOCUMENTED_FIELDS.user],
      [`/integrations/${INT1}/offers/${offer.id}`, DOCUMENTED_FIELDS.offer],
      [`/integrations/${INT1}/offers/${offer.id}/events/${(rds.events.get(offer.id) ?? [])[0].id}`, DOCUMENTED_FIELDS.event],
      [`/integrations/${INT1}/offers/${offer.id}/landing-pages/${(rds.landingPages.get(offer.id) ?? [])[0].id}`, DOCUMENTED_FIELDS.landingPage],
      [`/publishers/${rds.publishers[0].id}`, DOCUMENTED_FIELDS.publisher],
      [`/advertisers/${rds.advertisers[0].id}`, DOCUMENTED_FIELDS.advertiser],
      [`/download-center/exports/${rds.exports[0].id}`, DOCUMENTED_FIELDS.export],
    ];
    for (const [path, fields] of cases) expect(Object.keys((await r('GET', path)).body.data).sort()).toEqual(names(fields).sort());
    expect(Object.keys((await r('GET', `/integrations/${INT1}/offers/${offer.id}`)).body.data.default_payout).sort()).toEqual([
      'payout',
      'payout_percent',
      'payout_type',
      'revenue',
      'revenue_percent',
      'revenue_type',
    ]);
  });
});

describe('behaviours the gateway relies on', () => {
  let rds: Integr8Dataset;
  beforeAll(() => (rds = sim.dataset(READINGS)));

  test('402 "the parameters were valid but the request failed": creating or renaming a user to an email in use', async () => {
    const taken = rds.users[2].email;
    expect(await r('POST', '/organization/users', { body: { email: taken.toUpperCase(), password: 'S3cret!', role: 'admin' } })).toEqual({
      status: 402,
      body: { error: `email: '${taken.toUpperCase()}' is already used by another user` },
    });
    const created = await r('POST', '/organization/users', { body: { email: 'fresh.user@example.com', password: 'S3cret!', role: 'admin' } });
    expect(created.status).toBe(200);
    const id = created.body.created_item_id;
    expect(await r('PATCH', `/organization/users/${id}`, { body: { email: taken } })).toEqual({
      status: 402,
      body: { error: `email: '${taken}' is already used by another user` },
    });
    // Its own email again is no conflict; a malformed body is still a 400, not a 402.
    expect(await r('PATCH', `/organization/users/${id}`, { body: { email: 'fresh.user@example.com' } })).toEqual({ status: 200, body: {} });
    expect((await r('POST', '/organization/users', { body: { email: taken, role: 'admin' } })).status).toBe(400);
  });

  test('a conversion names its click by the click’s tx_id, which is not the click’s real_tx_id', async () => {
    const start = '2025-05-25 00:00:00';
    const end = '2025-05-25 23:59:59';
    const conversions = (
      await r('GET', '/reports/v2/conversion-table', { query: { integration_id: INT1, start_time: start, end_time: end, 'page[size]': 20 } })
    ).body.data.data as Integr8ConversionRow[];
    expect(conversions.length).toBeGreaterThan(5);
    for (const conversion of conversions) {
      const entry = rds.conversions.entries.find((e) => e.txId === conversion.real_tx_id) as Integr8RowEntry;
      const clickTime = wall((conversion as { click_time: string }).click_time);
      // The click, as the click table serves it: found by its tx_id; its real_tx_id differs.
      const clicks = (
        await r('GET', '/reports/v2/click-table', { query: { integration_id: INT1, start_time: clickTime, end_time: clickTime, 'page[size]': 100 } })
      ).body.data.data as Integr8ClickRow[];
      const click = clicks.find((c) => c.tx_id === conversion.click_tx_id) as Integr8ClickRow;
      expect(click).toBeDefined();
      expect(click.real_tx_id).toBe(entry.click?.txId);
      expect(click.real_tx_id).not.toBe(conversion.click_tx_id);
      expect(clicks.some((c) => c.real_tx_id === conversion.click_tx_id)).toBe(false);
      expect(conversion.tx_id).not.toBe(conversion.real_tx_id);
    }
  });

  test('PATCH: the document’s required fields are enforced, and two concurrent edits of different fields both hold', async () => {
    const offer = offersOf(rds, INT2)[7];
    const path = `/integrations/${INT2}/offers/${offer.id}`;
    const required = { name: offer.name, advertiser_id: offer.advertiser_id };
    expect(await r('PATCH', path, { body: { description: 'x' } })).toEqual({ status: 400, body: { error: 'name is required' } });
    expect(await r('PATCH', path, { body: { name: 'x' } })).toEqual({ status: 400, body: { error: 'advertiser_id is required' } });
    const before = (await r('GET', path)).body.data;
    const answers = await Promise.all([
      r('PATCH', path, { body: { ...required, description: 'Edited by A' } }),
      r('PATCH', path, { body: { ...required, active: !offer.active, default_payout: { payout: 42 } } }),
    ]);
    expect(answers).toEqual([
      { status: 200, body: {} },
      { status: 200, body: {} },
    ]);
    const after = (await r('GET', path)).body.data;
    expect(after).toEqual({
      ...before,
      description: 'Edited by A',
      active: !before.active,
      default_payout: { ...before.default_payout, payout: 42 },
      updated_at: after.updated_at,
    });

    const publisher = rds.publishers[11];
    const both = await Promise.all([
      r('PATCH', `/publishers/${publisher.id}`, { body: { name: publisher.name, website: 'https://a.example' } }),
      r('PATCH', `/publishers/${publisher.id}`, { body: { name: publisher.name, phone: '+1-555-0000' } }),
    ]);
    expect(both.map((a) => a.status)).toEqual([200, 200]);
    expect((await r('GET', `/publishers/${publisher.id}`)).body.data).toMatchObject({
      website: 'https://a.example',
      phone: '+1-555-0000',
      manager_id: publisher.manager_id,
      country: publisher.country,
    });
    // The user PATCH takes "the fields to update": none is required.
    expect(await r('PATCH', `/organization/users/${rds.users[6].id}`, { body: {} })).toEqual({ status: 200, body: {} });
  });

  test('bulk status and bulk delete are per integration: an id of another integration is unknown, and nothing changes', async () => {
    const [mine] = offersOf(rds, INT1).filter((o) => o.active);
    const foreign = offersOf(rds, INT2)[0];
    expect(await r('PATCH', `/integrations/${INT1}/offers/status`, { body: { active: false, data: [mine.id, foreign.id] } })).toEqual({
      status: 404,
      body: { error: `Offer '${foreign.id}' not found` },
    });
    expect(await r('DELETE', `/integrations/${INT1}/offers`, { body: { data: [foreign.id] } })).toEqual({
      status: 404,
      body: { error: `Offer '${foreign.id}' not found` },
    });
    expect((await r('GET', `/integrations/${INT1}/offers/${mine.id}`)).body.data.active).toBe(true);
    expect((await r('GET', `/integrations/${INT2}/offers/${foreign.id}`)).status).toBe(200);
    expect(await r('PATCH', `/integrations/${INT2}/offers/status`, { body: { active: false, data: [foreign.id] } })).toEqual({
      status: 200,
      body: {},
    });
    expect((await r('PATCH', `/integrations/${INT1}/offers/status`, { body: { active: 'no', data: [mine.id] } })).status).toBe(400);
    // A failure the vendor reports (injected here) carries the same error body.
    sim.injectFault({ method: 'DELETE', path: `/api/v2/integrations/${INT1}/offers`, status: 402 });
    expect(await r('DELETE', `/integrations/${INT1}/offers`, { body: { data: [mine.id] } })).toEqual({
      status: 402,
      body: { error: 'Injected fault' },
    });
    expect((await r('GET', `/integrations/${INT1}/offers/${mine.id}`)).status).toBe(200);
  });

  test('a filter value that is not a boolean for a boolean field, or not a number for a number field, is a 400', async () => {
    expect(await r('GET', '/publishers', { query: { 'filter[active]': '1' } })).toEqual({
      status: 400,
      body: { error: "filter[active] must be true or false (got '1')" },
    });
    expect(await r('GET', '/publishers', { query: { 'filter[incremental_id][gt]': 'ten' } })).toEqual({
      status: 400,
      body: { error: "filter[incremental_id][gt] must be a number (got 'ten')" },
    });
    expect((await r('GET', '/publishers', { query: { 'filter[active]': 'TRUE', 'page[size]': 100 } })).body.meta.total_count).toBe(
      rds.publishers.filter((p) => p.active).length,
    );
  });
});

describe('readings', () => {
  let rds: Integr8Dataset;
  beforeAll(() => (rds = sim.dataset(READINGS)));
  const exportPath = `/integrations/${INT1}/download-center/clicks`;
  const exportQuery: [string, string][] = [
    ['start_time', '2025-05-29 00:00:00'],
    ['end_time', '2025-05-29 23:59:59'],
    ['extra_parameters', 'source'],
    ['filter[status]', 'Approved'],
  ];

  test('the defaults, and a reading the simulator does not serve is refused at construction', () => {
    expect(sim.readings).toEqual(INTEGR8_DEFAULT_READINGS);
    expect(INTEGR8_DEFAULT_READINGS).toEqual({
      exportParams: 'query',
      exportStatusCase: 'upper',
      exportCreateAnswer: 'object',
      exportTypeFilter: 'all',
      reportRange: 'time',
      reportCount: 'total',
      reportPageInfo: 'exact',
      pageSizeLimit: 'reject',
      missingPageLink: 'null',
      unsetTime: 'null',
      patchSemantics: 'merge',
      unknownReference: 'not-found',
      errorBody: 'error',
    });
    expect(() => createIntegr8Simulator({ keys: [READ], readings: { exportParams: 'form' as 'query' } })).toThrow(
      'createIntegr8Simulator: readings.exportParams must be one of query, body, got "form"',
    );
    expect(() => createIntegr8Simulator({ keys: [READ], readings: { colour: 'red' } as Partial<Integr8Readings> })).toThrow(
      'readings.colour is not a reading',
    );
  });

  test("exportParams 'query': parameters from the query string only, lists in every usual encoding", async () => {
    const answer = await r('POST', exportPath, { query: [...exportQuery, ['fields', 'real_tx_id,status']] });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      type: 'click_logs',
      status: 'PENDING',
      format: { delimiter: ',' },
      export_list_options: { fields: ['real_tx_id', 'status'], extra_parameters: ['source'] },
      reports_query_option: { start_date: '2025-05-29 00:00:00', end_date: '2025-05-29 23:59:59' },
    });
    expect(answer.body.reports_query_option.filters.status.equal_values).toEqual(['Approved']);
    for (const encoding of [
      [
        ['fields', 'real_tx_id'],
        ['fields', 'status'],
      ],
      [
        ['fields[]', 'real_tx_id'],
        ['fields[]', 'status'],
      ],
      [
        ['fields[0]', 'real_tx_id'],
        ['fields[1]', 'status'],
      ],
      [['fields', 'real_tx_id, status']],
    ] as [string, string][][]) {
      const { status, body } = await r('POST', exportPath, { query: [...exportQuery, ...encoding] });
      expect([status, body.export_list_options.fields]).toEqual([200, ['real_tx_id', 'status']]);
    }
    // The same parameters in a JSON body are not read.
    const inBody = Object.fromEntries([...exportQuery, ['fields', 'real_tx_id']]);
    expect(await r('POST', exportPath, { body: inBody })).toEqual({ status: 400, body: { error: 'start_time is required (a query parameter)' } });
    expect(await r('POST', exportPath, { query: exportQuery.filter(([k]) => k !== 'extra_parameters').concat([['fields', 'real_tx_id']]) })).toEqual({
      status: 400,
      body: { error: 'extra_parameters is required (a query parameter)' },
    });
  });

  test("exportParams 'body': parameters from a JSON body only (flat or nested filters, lists as arrays or strings)", async () => {
    await withReadings({ exportParams: 'body' }, async () => {
      const body: Record<string, unknown> = { ...Object.fromEntries(exportQuery), fields: ['real_tx_id', 'status'], extra_parameters: ['source'] };
      const flat = await r('POST', exportPath, { body });
      expect(flat.status).toBe(200);
      expect(flat.body).toMatchObject({
        export_list_options: { fields: ['real_tx_id', 'status'], extra_parameters: ['source'] },
        reports_query_option: { start_date: '2025-05-29 00:00:00' },
      });
      expect(flat.body.reports_query_option.filters.status.equal_values).toEqual(['Approved']);
      const { 'filter[status]': _status, ...rest } = body;
      const nested = await r('POST', exportPath, { body: { ...rest, fields: 'real_tx_id,status', filter: { publisher: '12' } } });
      expect(nested.body.export_list_options.fields).toEqual(['real_tx_id', 'status']);
      expect(nested.body.reports_query_option.filters.publisher.equal_values).toEqual(['12']);
      // The query string is not read.
      expect(await r('POST', exportPath, { query: [...exportQuery, ['fields', 'real_tx_id']] })).toEqual({
        status: 400,
        body: { error: 'start_time is required (a field of the JSON body)' },
      });
      expect(await r('POST', exportPath, { body: { ...body, colour: 'red' } })).toEqual({
        status: 400,
        body: { error: 'colour: unknown parameter' },
      });
    });
  });

  test("exportStatusCase 'upper': DONE and the documented upper-case enum; a lower-case filter value is a 400", async () => {
    const done = rds.exports.find((e) => e.status === 'DONE') as Integr8Export;
    expect((await r('GET', `/download-center/exports/${done.id}`)).body.data.status).toBe('DONE');
    const listed = (await r('GET', '/download-center/exports', { query: { 'page[size]': 100 } })).body.data.map((e: Integr8Export) => e.status);
    expect(new Set(listed)).toEqual(new Set(['UNKNOWN', 'PENDING', 'IN_PROGRESS', 'DONE', 'ERROR', 'CANCELED']));
    const doneCount = rds.exports.filter((e) => e.status === 'DONE').length;
    expect((await r('GET', '/download-center/exports', { query: { 'filter[status]': 'DONE', 'page[size]': 100 } })).body.meta.total_count).toBe(
      doneCount,
    );
    expect((await r('GET', '/download-center/exports', { query: { 'filter[status][in]': 'PENDING,IN_PROGRESS' } })).status).toBe(200);
    for (const value of ['done', 'Pending', 'FINISHED']) {
      expect(await r('GET', '/download-center/exports', { query: { 'filter[status]': value } })).toEqual({
        status: 400,
        body: { error: `filter[status] must be one of UNKNOWN, PENDING, IN_PROGRESS, DONE, ERROR, CANCELED (got '${value}')` },
      });
    }
  });

  test("exportStatusCase 'lower': every status in lower case (done, pending, ...); filter[status] in any case", async () => {
    await withReadings({ exportStatusCase: 'lower' }, async () => {
      const done = rds.exports.find((e) => e.status === 'DONE') as Integr8Export;
      expect((await r('GET', `/download-center/exports/${done.id}`)).body.data).toEqual({ ...done, status: 'done' });
      const listed = (await r('GET', '/download-center/exports', { query: { 'page[size]': 100 } })).body.data.map((e: Integr8Export) => e.status);
      expect(new Set(listed)).toEqual(new Set(['unknown', 'pending', 'in_progress', 'done', 'error', 'canceled']));
      const doneCount = rds.exports.filter((e) => e.status === 'DONE').length;
      for (const value of ['done', 'DONE', 'Done']) {
        const { body } = await r('GET', '/download-center/exports', { query: { 'filter[status]': value, 'page[size]': 100 } });
        expect(body.meta.total_count).toBe(doneCount);
        expect(new Set(body.data.map((e: Integr8Export) => e.status))).toEqual(new Set(['done']));
      }
      expect((await r('GET', '/download-center/exports', { query: { 'filter[status]': 'finished' } })).status).toBe(400);
      const created = await r('POST', exportPath, { query: [...exportQuery, ['fields', 'real_tx_id']] });
      expect(created.body.status).toBe('pending');
      // The signed URL and the file do not depend on the case.
      expect((await r('GET', '/download-center/signed-url', { query: { artifact_name: done.artifact.name } })).status).toBe(200);
    });
  });

  test("exportCreateAnswer: the bare export ('object'), {data: export} ('data') or {created_item_id} ('created_item_id')", async () => {
    const query: [string, string][] = [...exportQuery, ['fields', 'real_tx_id']];
    const bare = await r('POST', exportPath, { query });
    expect(bare.body).toEqual((await r('GET', `/download-center/exports/${bare.body.id}`)).body.data);
    await withReadings({ exportCreateAnswer: 'data' }, async () => {
      const wrapped = await r('POST', exportPath, { query });
      expect(Object.keys(wrapped.body)).toEqual(['data']);
      expect(wrapped.body.data).toMatchObject({ id: expect.stringMatching(HEX24), status: 'PENDING', type: 'click_logs' });
      expect(wrapped.body.data).toEqual((await r('GET', `/download-center/exports/${wrapped.body.data.id}`)).body.data);
    });
    await withReadings({ exportCreateAnswer: 'created_item_id' }, async () => {
      const created = await r('POST', exportPath, { query });
      expect(created).toEqual({ status: 200, body: { created_item_id: expect.stringMatching(HEX24) } });
      expect((await r('GET', `/download-center/exports/${created.body.created_item_id}`)).body.data).toMatchObject({
        status: 'PENDING',
        type: 'click_logs',
      });
    });
  });

  test("exportTypeFilter: 'all' takes the four export types, 'documented' only conversion_logs and click_logs", async () => {
    const impressions = rds.exports.filter((e) => e.type === 'impression_logs').length;
    expect(impressions).toBeGreaterThan(0);
    expect(
      (await r('GET', '/download-center/exports', { query: { 'filter[type]': 'impression_logs', 'page[size]': 100 } })).body.meta.total_count,
    ).toBe(impressions);
    expect(await r('GET', '/download-center/exports', { query: { 'filter[type]': 'receipts' } })).toEqual({
      status: 400,
      body: { error: "filter[type] must be one of click_logs, conversion_logs, impression_logs, postback_logs (got 'receipts')" },
    });
    await withReadings({ exportTypeFilter: 'documented' }, async () => {
      expect(await r('GET', '/download-center/exports', { query: { 'filter[type]': 'impression_logs' } })).toEqual({
        status: 400,
        body: { error: "filter[type] must be one of conversion_logs, click_logs (got 'impression_logs')" },
      });
      const clicks = rds.exports.filter((e) => e.type === 'click_logs').length;
      expect((await r('GET', '/download-center/exports', { query: { 'filter[type]': 'click_logs', 'page[size]': 100 } })).body.meta.total_count).toBe(
        clicks,
      );
    });
  });

  test("reportRange 'time': start_time / end_time; start_date / end_date are ignored", async () => {
    const q = { integration_id: INT1, 'page[size]': 5 };
    expect(await r('GET', '/reports/v2/click-table', { query: { ...q, start_date: '2025-05-20', end_date: '2025-05-21' } })).toEqual({
      status: 400,
      body: { error: 'start_time is required' },
    });
    const both = await r('GET', '/reports/v2/click-table', {
      query: { ...q, start_date: '2025-01-01', end_date: '2025-01-01', start_time: '2025-05-20 00:00:00', end_time: '2025-05-21 23:59:59' },
    });
    const expected = rds.clicks.entries.filter(
      (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-20T00:00:00Z') && e.time <= seconds('2025-05-21T23:59:59Z'),
    );
    expect(both.body.data.count).toBe(expected.length);
  });

  test("reportRange 'date': start_date / end_date, whole days in the timezone; start_time / end_time are ignored", async () => {
    await withReadings({ reportRange: 'date' }, async () => {
      const q = { integration_id: INT1, 'page[size]': 5 };
      const utc = await r('GET', '/reports/v2/click-table', { query: { ...q, start_date: '2025-05-20', end_date: '2025-05-21' } });
      const inUtc = rds.clicks.entries.filter(
        (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-20T00:00:00Z') && e.time <= seconds('2025-05-21T23:59:59Z'),
      );
      expect(utc.body.data.count).toBe(inUtc.length);
      expect(utc.body.data.data.map((row: Integr8ClickRow) => row.real_tx_id)).toEqual(
        rowsWhere(rds.clicks, (e) => inUtc.includes(e))
          .slice(0, 5)
          .map((row) => row.real_tx_id),
      );
      // New York is UTC-4 in May: the days run 04:00Z to 03:59:59Z.
      const ny = await r('GET', '/reports/v2/click-table', {
        query: { ...q, start_date: '2025-05-20', end_date: '2025-05-21', timezone: 'America/New_York' },
      });
      expect(ny.body.data.count).toBe(
        rds.clicks.entries.filter(
          (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-20T04:00:00Z') && e.time <= seconds('2025-05-22T03:59:59Z'),
        ).length,
      );
      expect(
        await r('GET', '/reports/v2/click-table', { query: { ...q, start_time: '2025-05-20 00:00:00', end_time: '2025-05-21 23:59:59' } }),
      ).toEqual({ status: 400, body: { error: 'start_date is required' } });
      expect(await r('GET', '/reports/v2/click-table', { query: { ...q, start_date: '2025-05-20 00:00:00', end_date: '2025-05-21' } })).toEqual({
        status: 400,
        body: { error: 'start_date must look like 2006-01-02 (got "2025-05-20 00:00:00")' },
      });
    });
  });

  test("reportCount: all matching rows ('total'), this page's rows ('page'), or no count ('absent')", async () => {
    const query = { integration_id: INT2, start_time: '2025-05-01 00:00:00', end_time: '2025-05-31 23:59:59', 'page[size]': 25 };
    const total = rds.conversions.entries.filter(
      (e) => e.integrationId === INT2 && e.time >= seconds('2025-05-01T00:00:00Z') && e.time <= seconds('2025-05-31T23:59:59Z'),
    ).length;
    expect(total).toBeGreaterThan(25);
    expect((await r('GET', '/reports/v2/conversion-table', { query })).body.data.count).toBe(total);
    await withReadings({ reportCount: 'page' }, async () => {
      expect((await r('GET', '/reports/v2/conversion-table', { query })).body.data.count).toBe(25);
    });
    await withReadings({ reportCount: 'absent' }, async () => {
      const { body } = await r('GET', '/reports/v2/conversion-table', { query });
      expect(Object.keys(body.data)).toEqual(['data', 'pageInfo']);
    });
  });

  test("reportPageInfo: 'exact' flags say whether rows exist on each side; 'relay' leaves the side it came from false", async () => {
    const query = { integration_id: INT1, start_time: '2025-05-20 00:00:00', end_time: '2025-05-27 23:59:59', 'page[size]': 10 };
    const pages = async () => {
      const first = (await r('GET', '/reports/v2/click-table', { query })).body.data;
      const second = (await r('GET', '/reports/v2/click-table', { query: { ...query, 'page[after]': first.pageInfo.endCursor } })).body.data;
      const third = (await r('GET', '/reports/v2/click-table', { query: { ...query, 'page[after]': second.pageInfo.endCursor } })).body.data;
      const back = (await r('GET', '/reports/v2/click-table', { query: { ...query, 'page[before]': third.pageInfo.startCursor } })).body.data;
      expect(back.data).toEqual(second.data);
      return [first, second, back].map((p) => [p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage]);
    };
    expect(await pages()).toEqual([
      [false, true],
      [true, true],
      [true, true],
    ]);
    await withReadings({ reportPageInfo: 'relay' }, async () => {
      expect(await pages()).toEqual([
        [false, true],
        [false, true],
        [true, false],
      ]);
    });
  });

  test("pageSizeLimit: page[size] above 100 is a 400 ('reject') or served as 100 ('clamp'), on lists and reports", async () => {
    const report = { integration_id: INT1, start_time: '2025-05-01 00:00:00', end_time: '2025-05-31 23:59:59', 'page[size]': 150 };
    expect(await r('GET', '/publishers', { query: { 'page[size]': 150 } })).toEqual({
      status: 400,
      body: { error: "page[size] must be an integer from 1 to 100 (got '150')" },
    });
    expect(await r('GET', '/reports/v2/click-table', { query: report })).toEqual({
      status: 400,
      body: { error: "page[size] must be an integer from 1 to 100 (got '150')" },
    });
    await withReadings({ pageSizeLimit: 'clamp' }, async () => {
      const { body } = await r('GET', '/publishers', { query: { 'page[size]': 150 } });
      expect(body.data).toEqual(rds.publishers.slice(0, 100));
      expect(body.meta).toEqual({
        links: { next: page(2, 100), prev: null },
        total_count: rds.publishers.length,
        total_page: Math.ceil(rds.publishers.length / 100),
      });
      expect((await r('GET', '/reports/v2/click-table', { query: report })).body.data.data).toHaveLength(100);
      expect((await r('GET', '/publishers', { query: { 'page[size]': 0 } })).status).toBe(400);
    });
  });

  test("missingPageLink: no previous or next page is null ('null') or a zero-valued link ('zero')", async () => {
    const last = Math.ceil(rds.advertisers.length / 10);
    const links = async (n: number) => (await r('GET', '/advertisers', { query: { 'page[number]': n, 'page[size]': 10 } })).body.meta.links;
    expect(await links(1)).toEqual({ next: page(2, 10), prev: null });
    expect(await links(last)).toEqual({ next: null, prev: page(last - 1, 10) });
    await withReadings({ missingPageLink: 'zero' }, async () => {
      const zero = { 'page[after]': '', 'page[before]': '', 'page[number]': 0, 'page[size]': 0 };
      expect(await links(1)).toEqual({ next: page(2, 10), prev: zero });
      expect(await links(last)).toEqual({ next: zero, prev: page(last - 1, 10) });
    });
  });

  test("unsetTime: a never-set date-time is null ('null'), '' ('empty') or Go's zero time ('zero')", async () => {
    const created = await r('POST', '/organization/users', {
      body: { email: 'never.logged.in@example.com', password: 'S3cret!', role: 'accountManager' },
    });
    const id = created.body.created_item_id;
    const conversion = rds.conversions.all().find((c) => c.integration_id === INT1 && c.begin_install_time === null) as Integr8ConversionRow;
    expect(conversion).toBeDefined();
    const at = wall(conversion.conversion_time);
    const served = async () => {
      const one = (await r('GET', `/organization/users/${id}`)).body.data.last_login_at;
      const listed = (await r('GET', '/organization/users', { query: { 'filter[id]': id } })).body.data[0].last_login_at;
      const rows = (
        await r('GET', '/reports/v2/conversion-table', { query: { integration_id: INT1, start_time: at, end_time: at, 'page[size]': 100 } })
      ).body.data.data;
      const row = rows.find((x: Integr8ConversionRow) => x.real_tx_id === conversion.real_tx_id);
      return [one, listed, row.begin_install_time, row.finish_install_time];
    };
    expect(await served()).toEqual([null, null, null, null]);
    await withReadings({ unsetTime: 'empty' }, async () => expect(await served()).toEqual(['', '', '', '']));
    await withReadings({ unsetTime: 'zero' }, async () => expect(await served()).toEqual(Array(4).fill('0001-01-01T00:00:00Z')));
    // A set value is written as it is under every reading.
    const installed = rds.conversions.all().find((c) => c.begin_install_time !== null) as Integr8ConversionRow;
    expect(installed.begin_install_time).toMatch(ISO);
  });

  test("patchSemantics 'merge': a PATCH changes only the fields it sends", async () => {
    const advertiser = rds.advertisers[4];
    const manager = rds.users.find((u) => u.is_publisher_manager) as { id: string };
    const offerId = (
      await r('POST', `/integrations/${INT1}/offers`, {
        body: {
          name: 'Merge me',
          advertiser_id: advertiser.incremental_id,
          description: 'kept',
          visibility: 'Private',
          default_payout: { payout: 7, payout_type: 'CPS' },
        },
      })
    ).body.created_item_id;
    const path = `/integrations/${INT1}/offers/${offerId}`;
    expect(await r('PATCH', path, { body: { name: 'Merged', advertiser_id: advertiser.incremental_id, default_payout: { revenue: 9 } } })).toEqual({
      status: 200,
      body: {},
    });
    expect((await r('GET', path)).body.data).toMatchObject({
      name: 'Merged',
      description: 'kept',
      visibility: 'Private',
      default_payout: { payout: 7, payout_type: 'CPS', revenue: 9, revenue_type: 'RPA' },
    });
    const pubId = (await r('POST', '/publishers', { body: { name: 'Merge Media', manager_id: manager.id, website: 'https://merge.example' } })).body
      .created_item_id;
    await r('PATCH', `/publishers/${pubId}`, { body: { name: 'Merge Media 2' } });
    expect((await r('GET', `/publishers/${pubId}`)).body.data).toMatchObject({
      name: 'Merge Media 2',
      manager_id: manager.id,
      website: 'https://merge.example',
    });
  });

  test("patchSemantics 'replace': the fields a PATCH leaves out return to what a create gives them", async () => {
    await withReadings({ patchSemantics: 'replace' }, async () => {
      const advertiser = rds.advertisers[4];
      const manager = rds.users.find((u) => u.is_publisher_manager) as { id: string };
      const offerId = (
        await r('POST', `/integrations/${INT1}/offers`, {
          body: {
            name: 'Replace me',
            advertiser_id: advertiser.incremental_id,
            description: 'gone',
            visibility: 'Private',
            default_payout: { payout: 7, payout_type: 'CPS' },
          },
        })
      ).body.created_item_id;
      const path = `/integrations/${INT1}/offers/${offerId}`;
      const before = (await r('GET', path)).body.data;
      expect(
        await r('PATCH', path, { body: { name: 'Replaced', advertiser_id: advertiser.incremental_id, default_payout: { revenue: 9 } } }),
      ).toEqual({ status: 200, body: {} });
      const after = (await r('GET', path)).body.data;
      expect(after).toEqual({
        ...before,
        name: 'Replaced',
        name_with_id: `Replaced [${before.incremental_id}]`,
        description: '',
        visibility: 'Public',
        default_payout: { payout: 0, payout_percent: 0, payout_type: 'CPA', revenue: 9, revenue_percent: 0, revenue_type: 'RPA' },
        updated_at: after.updated_at,
      });
      const pubId = (await r('POST', '/publishers', { body: { name: 'Replace Media', manager_id: manager.id, website: 'https://replace.example' } }))
        .body.created_item_id;
      await r('PATCH', `/publishers/${pubId}`, { body: { name: 'Replace Media 2' } });
      expect((await r('GET', `/publishers/${pubId}`)).body.data).toMatchObject({
        name: 'Replace Media 2',
        manager_id: '',
        manager_name: '',
        manager_email: '',
        website: '',
      });
      const lp = (
        await r('POST', `${path}/landing-pages`, {
          body: { name: 'LP', redirect_url: 'https://x.example/lp', preview_url: 'https://x.example/p', hide_from_publishers: true },
        })
      ).body.created_item_id;
      await r('PATCH', `${path}/landing-pages/${lp}`, { body: { name: 'LP2', redirect_url: 'https://x.example/lp2' } });
      expect((await r('GET', `${path}/landing-pages/${lp}`)).body.data).toEqual({
        active: true,
        archived: false,
        hide_from_publishers: false,
        id: lp,
        name: 'LP2',
        preview_url: '',
        redirect_url: 'https://x.example/lp2',
      });
      // Required fields stay required.
      expect(await r('PATCH', `${path}/landing-pages/${lp}`, { body: { name: 'LP3' } })).toEqual({
        status: 400,
        body: { error: 'redirect_url is required' },
      });
    });
  });

  test("unknownReference: an unknown id in a body is 404 ('not-found') or 402 ('request-failed'), and nothing changes", async () => {
    const offer = offersOf(rds, INT1).filter((o) => o.active)[2];
    const ghost = 'f'.repeat(24);
    const cases = async (status: number) => {
      expect(await r('PATCH', `/integrations/${INT1}/offers/status`, { body: { active: false, data: [offer.id, ghost] } })).toEqual({
        status,
        body: { error: `Offer '${ghost}' not found` },
      });
      expect(await r('DELETE', '/publishers', { body: { data: [rds.publishers[0].id, ghost] } })).toEqual({
        status,
        body: { error: `Publisher '${ghost}' not found` },
      });
      expect(await r('PATCH', '/advertisers/status', { body: { active: false, data: [ghost] } })).toEqual({
        status,
        body: { error: `Advertiser '${ghost}' not found` },
      });
      expect(await r('POST', `/integrations/${INT1}/offers`, { body: { name: 'x', advertiser_id: 99999 } })).toEqual({
        status,
        body: { error: 'advertiser_id: no advertiser with incremental_id 99999' },
      });
      expect(await r('POST', '/advertisers', { body: { name: 'x', manager_id: ghost } })).toEqual({
        status,
        body: { error: `manager_id: no organization user '${ghost}'` },
      });
      expect((await r('GET', `/integrations/${INT1}/offers/${offer.id}`)).body.data.active).toBe(true);
      expect((await r('GET', `/publishers/${rds.publishers[0].id}`)).status).toBe(200);
    };
    await cases(404);
    await withReadings({ unknownReference: 'request-failed' }, () => cases(402));
    // An unknown id in the path is a 404 under both readings.
    await withReadings({ unknownReference: 'request-failed' }, async () => expect((await r('GET', `/publishers/${ghost}`)).status).toBe(404));
  });

  test("errorBody: {error} ('error') or JSON:API error objects titled with the document's summary ('jsonapi')", async () => {
    const taken = rds.users[1].email;
    expect(await r('GET', '/publishers/nope')).toEqual({ status: 404, body: { error: "Publisher 'nope' not found" } });
    await withReadings({ errorBody: 'jsonapi' }, async () => {
      expect(await r('GET', '/publishers/nope')).toEqual({
        status: 404,
        body: { errors: [{ status: '404', title: 'Not Found', detail: "Publisher 'nope' not found" }] },
      });
      expect(await r('POST', '/organization/users', { body: { email: taken, password: 'x', role: 'admin' } })).toEqual({
        status: 402,
        body: { errors: [{ status: '402', title: 'Request Failed', detail: `email: '${taken}' is already used by another user` }] },
      });
      expect(await r('GET', '/publishers', { query: { 'page[size]': 101 } })).toEqual({
        status: 400,
        body: { errors: [{ status: '400', title: 'Bad Request', detail: "page[size] must be an integer from 1 to 100 (got '101')" }] },
      });
      expect(await r('GET', '/publishers', { key: 'wrong' })).toEqual({
        status: 401,
        body: { errors: [{ status: '401', title: 'Unauthorized', detail: 'Unauthorized: missing or invalid credentials' }] },
      });
      sim.injectFault({ path: '/api/v2/advertisers', status: 503 });
      expect(await r('GET', '/advertisers')).toEqual({
        status: 503,
        body: { errors: [{ status: '503', title: 'Server Errors', detail: 'Injected fault' }] },
      });
    });
  });
});
