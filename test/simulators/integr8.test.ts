import { hashString } from '../../src/simulators/random.js';
import { generateIntegr8Dataset, type Integr8Dataset, type Integr8ReportTable, type Integr8Row, type Integr8RowEntry } from '../../src/simulators/integr8/data.js';
import { INTEGR8_INTEGRATION_IDS, createIntegr8Simulator, type Integr8Simulator } from '../../src/simulators/integr8/index.js';
import type {
  Integr8ClickRow,
  Integr8ConversionRow,
  Integr8Export,
  Integr8Offer,
  Integr8ReportResponse,
} from '../../src/vendors/integr8/types.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const READ = 'key-read';
const WRITE = 'key-write';
const EXPORTS = 'key-exports';
const [INT1, INT2] = INTEGR8_INTEGRATION_IDS;
const HEX24 = /^[0-9a-f]{24}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let sim: Integr8Simulator;
let base: string;
let ds: Integr8Dataset;

beforeAll(async () => {
  sim = createIntegr8Simulator({ keys: [READ, WRITE, EXPORTS], now: NOW });
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
async function call<T = any>(method: string, path: string, options: { key?: string | null; query?: Query; body?: unknown; url?: string } = {}): Promise<Answer<T>> {
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
const byTimeDesc = <R extends { real_tx_id: string }>(time: (r: R) => string) => (a: R, b: R) =>
  time(a) !== time(b) ? (time(a) < time(b) ? 1 : -1) : a.real_tx_id < b.real_tx_id ? 1 : -1;
const wall = (iso: string) => iso.replace('T', ' ').replace('Z', '');
const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * The rows whose compact entries match, newest first, built from the dataset. Ordering is
 * redone here rather than trusted from the table, and each row is checked against its entry.
 */
function rowsWhere<R extends Integr8Row>(table: Integr8ReportTable<R>, predicate: (e: Integr8RowEntry) => boolean, timeField: 'request_time' | 'conversion_time' = 'request_time'): R[] {
  const entries = table.entries.filter(predicate).sort((a, b) => b.time - a.time || (a.txId < b.txId ? 1 : -1));
  return entries.map((e) => {
    const row = table.row(e);
    expect([row.real_tx_id, seconds((row as unknown as Record<string, string>)[timeField]), row.integration_id, row.status]).toEqual([e.txId, e.time, e.integrationId, e.status]);
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
    expect(body.meta).toEqual({ links: { next: page(4, 7), prev: page(2, 7) }, total_count: ds.publishers.length, total_page: Math.ceil(ds.publishers.length / 7) });
    const last = Math.ceil(ds.publishers.length / 100);
    expect((await get('/publishers', { 'page[number]': last + 1, 'page[size]': 100 })).body.data).toEqual([]);
  });

  test('page[size] above 100 or below 1, or a bad page[number], is a 400 naming it', async () => {
    for (const [name, value] of [['page[size]', '101'], ['page[size]', '0'], ['page[size]', 'x'], ['page[number]', '0']]) {
      const { status, body } = await get('/advertisers', { [name]: value });
      expect(status).toBe(400);
      expect(body.error).toContain(name);
    }
    expect((await get('/advertisers', { 'page[size]': 100 })).body.data).toEqual(ds.advertisers.slice(0, 100));
  });

  test('filter[field]=v is eq; ne, in, like, gt, lt, gte, lte work on strings, numbers and booleans', async () => {
    const q = (query: Query) => get('/publishers', [...(Array.isArray(query) ? query : Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])), ['page[size]', '100']]).then((r) => r.body);
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
    await expectMatch([['filter[incremental_id][gt]', '10'], ['filter[incremental_id][lt]', '20']], (p) => p.incremental_id > 10 && p.incremental_id < 20);
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
    const expected = [...ds.publishers].sort((a, b) => (a.country !== b.country ? (a.country < b.country ? 1 : -1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
    expect(new Set(ds.exports.map((e) => e.status))).toEqual(new Set(['PENDING', 'IN_PROGRESS', 'done', 'ERROR', 'CANCELED']));
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
    for (const [table, time] of [['click-table', 'request_time'], ['conversion-table', 'conversion_time'], ['impression-table', 'request_time']] as const) {
      const { body } = await get(`/reports/v2/${table}`, { integration_id: INT1, start_time: start, end_time: end, 'page[size]': 100 });
      expect(body.data.data.length).toBe(100);
      for (const row of body.data.data) {
        const offer = ds.offers.find((o) => o.id === row.offer_db_id) as Integr8Offer;
        const publisher = ds.publishers.find((p) => p.id === row.publisher_db_id);
        const advertiser = ds.advertisers.find((a) => a.id === row.advertiser_db_id);
        expect(row.real_tx_id).toMatch(/^[0-9a-f]{32}$/);
        expect(row.tx_id).toBe(row.real_tx_id);
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
    const clickEntries = new Map(ds.clicks.entries.map((e) => [e.txId, e]));
    const ids = new Set<string>(clickEntries.keys());
    for (const entry of ds.conversions.entries) {
      const conversion = ds.conversions.row(entry);
      const clickEntry = clickEntries.get(conversion.click_tx_id) as Integr8RowEntry;
      expect(clickEntry).toBeDefined();
      const click = ds.clicks.row(clickEntry);
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
    clicks = rowsWhere(ds.clicks, (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-20T00:00:00Z') && e.time <= seconds('2025-05-27T23:59:59Z'));
  });

  const clickPage = (query: Query) => get<Integr8ReportResponse<Integr8ClickRow>>('/reports/v2/click-table', { integration_id: INT1, start_time: start, end_time: end, ...query });

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
    expect(second.pageInfo).toEqual({ startCursor: clicks[40].real_tx_id, endCursor: clicks[79].real_tx_id, hasPreviousPage: true, hasNextPage: true });
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
    const expected = ds.clicks.entries.filter((e) => e.integrationId === INT1 && e.time >= seconds('2025-05-20T04:00:00Z') && e.time <= seconds('2025-05-28T03:59:59Z'));
    expect(ny.count).toBe(expected.length);
    expect(ny.data[0]).toEqual(rowsWhere(ds.clicks, (e) => expected.includes(e))[0]);
  });

  test('conversions are ordered by conversion_time; impressions by request_time', async () => {
    const conversions = rowsWhere(ds.conversions, (e) => e.integrationId === INT2 && e.time >= seconds('2025-05-01T00:00:00Z') && e.time <= seconds('2025-05-31T23:59:59Z'), 'conversion_time');
    expect(conversions).toEqual([...conversions].sort(byTimeDesc((r) => r.conversion_time)));
    const { body } = await get<Integr8ReportResponse<Integr8ConversionRow>>('/reports/v2/conversion-table', {
      integration_id: INT2,
      start_time: '2025-05-01 00:00:00',
      end_time: '2025-05-31 23:59:59',
      'page[size]': 100,
    });
    expect(body.data.count).toBe(conversions.length);
    expect(body.data.data).toEqual(conversions.slice(0, 100));
    const impressions = rowsWhere(ds.impressions, (e) => e.integrationId === INT2 && e.time >= seconds('2025-05-30T00:00:00Z') && e.time <= seconds('2025-05-30T23:59:59Z'));
    const imp = (await get('/reports/v2/impression-table', { integration_id: INT2, start_time: '2025-05-30 00:00:00', end_time: '2025-05-30 23:59:59', 'page[size]': 30 })).body;
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
      [{ 'page[size]': 10, 'page[before]': clicks[5].real_tx_id, 'filter[status]': clicks[5].status === 'Approved' ? 'Rejected' : 'Approved' }, 'page[before]'],
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
    const created = await w('POST', '/organization/users', { email: 'new.manager@example.com', password: 'S3cret!', role: 'accountManager', first_name: 'New' });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ created_item_id: expect.stringMatching(HEX24) });
    const id = created.body.created_item_id;
    const user = (await w('GET', `/organization/users/${id}`)).body.data;
    expect(user).toMatchObject({ id, email: 'new.manager@example.com', role: 'accountManager', status: 'Active', first_name: 'New', last_login_at: null });
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
    expect(await w('PATCH', `/integrations/${INT2}/offers/${id}`, { name: 'Renamed', advertiser_id: advertiser.incremental_id, active: false })).toEqual({ status: 200, body: {} });
    const updated = (await w('GET', `/integrations/${INT2}/offers/${id}`)).body.data;
    expect(updated).toMatchObject({ name: 'Renamed', name_with_id: `Renamed [${before + 1}]`, active: false });
    expect(updated.updated_at >= offer.updated_at).toBe(true);

    for (const [body, name] of [
      [{ advertiser_id: 1 }, 'name'],
      [{ name: 'x' }, 'advertiser_id'],
      [{ name: 'x', advertiser_id: 99999 }, 'advertiser_id'],
      [{ name: 'x', advertiser_id: 1, visibility: 'Hidden' }, 'visibility'],
      [{ name: 'x', advertiser_id: 1, currency: 'GBP' }, 'currency'],
      [{ name: 'x', advertiser_id: 1, default_payout: { payout_type: 'CPX' } }, 'default_payout.payout_type'],
    ] as const) {
      const answer = await w('POST', `/integrations/${INT2}/offers`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain(name);
    }
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
    expect((await w('GET', `${path}/events/${eventId}`)).body.data).toMatchObject({ id: eventId, name: 'Lead Signup', currency: offer.currency, payout: 5, archived: false });
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
      active: true, archived: false, hide_from_publishers: false, id: lpId, name: 'Homepage', preview_url: '', redirect_url: 'https://example.com/lp',
    });
    expect((await w('PATCH', `${path}/landing-pages/${lpId}`, { name: 'Home' })).body.error).toContain('redirect_url');
    expect((await w('PATCH', `${path}/landing-pages/${lpId}`, { name: 'Home', redirect_url: 'https://example.com/2', hide_from_publishers: true })).status).toBe(200);
    expect((await w('GET', `${path}/landing-pages/${lpId}`)).body.data).toMatchObject({ name: 'Home', redirect_url: 'https://example.com/2', hide_from_publishers: true });
  });

  test('publishers and advertisers: create with a manager, update, bulk status, bulk delete', async () => {
    const manager = wds.users[5];
    for (const kind of ['publishers', 'advertisers'] as const) {
      const collection = () => wds[kind] as { id: string; incremental_id: number; active: boolean }[];
      const next = wds.counters[kind] + 1;
      const body = kind === 'publishers' ? { name: 'Acme Media', manager_id: manager.id, promotional_method: ['Content', 'SMS'], countries: ['US'] } : { name: 'Acme Media', manager_id: manager.id };
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
      expect((await w('GET', `/${kind}/${id}`)).body.data).toMatchObject({ name: 'Acme', name_with_id: `Acme [${next}]`, manager_id: '', manager_name: '', manager_email: '' });

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
  const e = <T = any>(method: string, path: string, options: { body?: unknown; query?: Query } = {}) => call<T>(method, `/api/v2${path}`, { key: EXPORTS, ...options });
  let eds: Integr8Dataset;
  beforeAll(() => (eds = sim.dataset(EXPORTS)));

  /** The CSV the rows should give, written independently of the simulator. */
  function expectedCsv(rows: Record<string, unknown>[], fields: string[], extras: string[], delimiter: string): string {
    const quote = (v: string) => (v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r') ? `"${v.split('"').join('""')}"` : v);
    const cell = (v: unknown) => (Array.isArray(v) ? JSON.stringify(v) : v === null || v === undefined ? '' : String(v));
    const lines = [[...fields, ...extras].map(quote).join(delimiter)];
    for (const row of rows) {
      const keys = row['extra_params.keys'] as string[];
      const values = row['extra_params.values'] as string[];
      lines.push([...fields.map((f) => cell(row[f])), ...extras.map((x) => (keys.includes(x) ? values[keys.indexOf(x)] : ''))].map(quote).join(delimiter));
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
      [{ 'filter[reports_query_option.filters.offer_id.equalvalues]': offerId }, (x) => x.reports_query_option.filters.offer_id?.equal_values.includes(offerId) ?? false],
      [{ 'filter[reports_query_option.filters.integration_id.equalvalues]': INT1 }, (x) => x.integration === INT1],
      [{ 'filter[reports_query_option.start_date]': all[4].reports_query_option.start_date }, (x) => x.reports_query_option.start_date === all[4].reports_query_option.start_date],
      [{ 'filter[status]': 'done' }, (x) => x.status === 'done'],
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
    const done = eds.exports.filter((x) => x.status === 'done' && x.results_meta.total > 0);
    expect(done.length).toBeGreaterThan(0);
    for (const exp of done.slice(0, 3)) {
      const file = await download(exp.artifact.name);
      expect(file.status).toBe(200);
      expect(file.text.split('\r\n').length - 2).toBe(exp.results_meta.total);
      expect(Buffer.byteLength(file.text)).toBe(exp.artifact.size);
      expect(file.text.split('\r\n')[0]).toBe([...exp.export_list_options.fields, ...exp.export_list_options.extra_parameters].join(exp.format.delimiter));
    }
    const pending = eds.exports.find((x) => x.status === 'PENDING') as Integr8Export;
    expect((await e('GET', '/download-center/signed-url', { query: { artifact_name: `exports/${pending.id}.csv` } })).status).toBe(404);
    expect((await e('GET', '/download-center/signed-url', { query: { artifact_name: 'exports/nothing.csv' } })).status).toBe(404);
    expect((await e('GET', '/download-center/signed-url')).status).toBe(400);
  });

  test('signed URLs need no API key but a valid signature', async () => {
    const exp = eds.exports.find((x) => x.status === 'done') as Integr8Export;
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
      const signed = await call('GET', '/api/v2/download-center/signed-url', { url: expiringBase, key: EXPORTS, query: { artifact_name: exp.artifact.name } });
      expect(signed.status).toBe(200);
      expect((await fetch(signed.body.url)).status).toBe(403);
    } finally {
      await expiring.stop();
    }
  });

  test('a new export goes PENDING -> IN_PROGRESS -> done and its CSV holds the matching rows', async () => {
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

    const sampleEntry = eds.conversions.entries.find((e) => e.integrationId === INT2 && e.time >= seconds('2025-05-21T00:00:00Z') && e.time < seconds('2025-05-29T00:00:00Z'));
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
    const conversionExport: Integr8Export = (await e('POST', `/integrations/${INT2}/download-center/conversions`, { body: conversionBody })).body;
    expect(conversionExport.status).toBe('PENDING');

    expect((await e('GET', `/download-center/exports/${clickExport.id}`)).body.data.status).toBe('PENDING');
    expect((await e('GET', '/download-center/exports', { query: { 'page[size]': 2 } })).body.data.map((x: Integr8Export) => x.id)).toEqual([conversionExport.id, clickExport.id]);
    expect((await e('GET', '/download-center/signed-url', { query: { artifact_name: `exports/${clickExport.id}.csv` } })).status).toBe(404);
    await sleep(1100);
    expect((await e('GET', `/download-center/exports/${clickExport.id}`)).body.data.status).toBe('IN_PROGRESS');
    await sleep(1000);
    const finished: Integr8Export = (await e('GET', `/download-center/exports/${clickExport.id}`)).body.data;

    const clickRows = rowsWhere(eds.clicks, (e) => e.integrationId === INT1 && e.time >= seconds('2025-05-29T00:00:00Z') && e.time <= seconds('2025-05-29T23:59:59Z')).filter(
      (r) => r.status === 'Approved',
    );
    const clickCsv = expectedCsv(clickRows as unknown as Record<string, unknown>[], clickQuery.fields.split(','), ['source', 'campaign'], ',');
    expect(finished).toMatchObject({
      status: 'done',
      results_meta: { total: clickRows.length, duration_seconds: 2, range_truncated: false },
      artifact: { name: `exports/${clickExport.id}.csv`, size: Buffer.byteLength(clickCsv), download_link: '' },
    });
    const clickFile = await download(finished.artifact.name);
    expect(clickFile.text).toBe(clickCsv);
    expect(clickFile.text).toContain('"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"');

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
    const valid = { start_time: '2025-05-29 00:00:00', end_time: '2025-05-29 23:59:59', fields: 'real_tx_id', extra_parameters: '' };
    const cases: [string, Record<string, unknown>, number, string][] = [
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
      const answer = await e('POST', `/integrations/${INT1}/download-center/${kind}`, { body: JSON.parse(JSON.stringify(body)) });
      expect(answer.status).toBe(status);
      expect(answer.body.error).toContain(message);
    }
    expect((await e('POST', `/integrations/${'0'.repeat(24)}/download-center/clicks`, { body: valid })).status).toBe(404);
    // Postback logs take no extra parameters.
    const { extra_parameters: _omit, ...withoutExtras } = valid;
    const ok = await e('POST', `/integrations/${INT1}/download-center/postback-logs`, { body: withoutExtras });
    expect(ok.body).toMatchObject({ type: 'postback_logs', status: 'PENDING', export_list_options: { extra_parameters: [] } });
  });
});
