import { readFileSync } from 'node:fs';
import got from 'got';
import { buildCreatedClick, generateIrevDataset, IREV_DATASET_DAYS } from '../../src/simulators/irev/data.js';
import {
  createIrevSimulator,
  formatIrevDate,
  IREV_CLICKS_PATH,
  type IrevClick,
  type IrevDataset,
  type IrevNewClickBody,
  type IrevPage,
  type IrevSimulator,
} from '../../src/simulators/irev/index.js';
import { hashString } from '../../src/simulators/random.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const READ_KEY = 'irev-read';
const OTHER_KEY = 'irev-other';
const WRITE_KEY = 'irev-write';

let sim: IrevSimulator;
let data: IrevDataset;

beforeAll(async () => {
  sim = createIrevSimulator({ keys: [READ_KEY, OTHER_KEY, WRITE_KEY], now: NOW });
  await sim.start();
  data = sim.dataset(READ_KEY);
});

afterAll(() => sim.stop());
afterEach(() => Object.assign(sim.readings, { clickById: 'list', createdFilter: 'both', timeZone: 'UTC' }));

interface Answer<T = any> {
  status: number;
  body: T;
}

async function call<T = any>(
  method: 'GET' | 'POST',
  path: string,
  options: { query?: Record<string, string | number>; json?: unknown; token?: string | null } = {},
): Promise<Answer<T>> {
  const token = options.token === undefined ? READ_KEY : options.token;
  const response = await got(`${sim.url}${path}`, {
    method,
    searchParams: options.query,
    json: options.json,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    throwHttpErrors: false,
    retry: { limit: 0 },
    responseType: 'json',
  });
  return { status: response.statusCode, body: response.body as T };
}

const list = (query: Record<string, string | number> = {}, token?: string) => call('GET', IREV_CLICKS_PATH, { query, token });

/** The rule, written independently of the simulator: filter, newest first (created_at, then id), slice. */
function expectedPage(clicks: IrevClick[], keep: (c: IrevClick) => boolean, page = 1, perPage = 200): IrevPage<IrevClick> {
  const matched = clicks.filter(keep).sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1));
  return {
    data: matched.slice((page - 1) * perPage, page * perPage),
    total: matched.length,
    per_page: perPage,
    page,
    pages: Math.max(1, Math.ceil(matched.length / perPage)),
  };
}

const isBadIpv4 = (ip: string) => /^\d+\.\d+\.\d+\.\d+$/.test(ip) && ip.split('.').some((octet) => Number(octet) > 255);

describe('dataset', () => {
  test('holds about 30,000 clicks in the 90 days before now, ids ascending from 100000 in time order', () => {
    const clicks = data.clicks;
    expect(clicks.length).toBeGreaterThanOrEqual(25_000);
    expect(clicks.length).toBeLessThanOrEqual(35_000);
    const outOfOrder = clicks.filter((c, i) => c.id !== 100000 + i || (i > 0 && c.created_at < clicks[i - 1].created_at));
    expect(outOfOrder).toEqual([]);
    expect(clicks[0].created_at >= formatIrevDate(NOW - IREV_DATASET_DAYS * 86_400_000)).toBe(true);
    expect(clicks[clicks.length - 1].created_at < formatIrevDate(NOW)).toBe(true);
    expect(clicks.filter((c) => !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(c.created_at))).toEqual([]);
  });

  test('names offers, advertisers and affiliates as its lists do', () => {
    expect(data.affiliates).toHaveLength(200);
    expect(data.offers).toHaveLength(100);
    expect(data.advertisers).toHaveLength(30);
    const offers = new Map(data.offers.map((o) => [o.id, o]));
    const advertisers = new Map(data.advertisers.map((a) => [a.id, a]));
    const affiliates = new Map(data.affiliates.map((a) => [a.id, a]));
    const inconsistent = data.clicks.filter((c) => {
      const offer = offers.get(c.offer_id);
      const affiliate = affiliates.get(c.affiliate_id);
      return (
        offer?.name !== c.offer_name ||
        offer.offer_url_id !== c.offer_url_id ||
        offer.advertiser_id !== c.advertiser_id ||
        offer.brand_id !== c.brand_id ||
        advertisers.get(c.advertiser_id)?.name !== c.advertiser_name ||
        affiliate?.name !== c.affiliate_name ||
        affiliate.aff_group_id !== c.aff_group_id ||
        !/^[0-9a-f]{32}$/.test(c.hash) ||
        !/^[0-9a-f]{32}$/.test(c.group_hash)
      );
    });
    expect(inconsistent).toEqual([]);
  });

  test('is dirty like the vendor example: impossible IPs, blank or UNK countries, links in <...>', () => {
    const share = (test: (c: IrevClick) => boolean) => data.clicks.filter(test).length / data.clicks.length;
    expect(share((c) => isBadIpv4(c.ip))).toBeGreaterThan(0.005);
    expect(share((c) => isBadIpv4(c.ip))).toBeLessThan(0.02);
    expect(share((c) => c.country_code === '')).toBeGreaterThan(0);
    expect(share((c) => c.country_code === 'UNK')).toBeGreaterThan(0);
    expect(share((c) => /^<.*>$/.test(c.requested_link))).toBeGreaterThan(0);
    expect(share((c) => c.adv_sub === null)).toBeGreaterThan(0.9);
    expect(share((c) => c.aff_group_id === null)).toBeGreaterThan(0.3);
  });

  test("gives every click exactly the fields of the document's example, each of the example's JSON type (null where it shows null)", () => {
    const example = (JSON.parse(readFileSync(new URL('../contract/fixtures/irev/clicks.list.json', import.meta.url), 'utf8')) as IrevPage<IrevClick>)
      .data[0];
    const type = (value: unknown) => (value === null ? 'null' : typeof value);
    const fields = Object.keys(example).sort();
    const created = buildCreatedClick(data, 1, {
      offer_id: data.offers[0].id,
      affiliate_id: data.affiliates[0].id,
      ip: '',
      user_agent: '',
      country_code: '',
      aff_subs: [],
      created_at: '2025-01-01 00:00:00',
    });
    const odd = [...data.clicks, created].filter(
      (c) =>
        Object.keys(c).sort().join() !== fields.join() ||
        fields.some((name) => {
          const [want, got] = [type(example[name as keyof IrevClick]), type(c[name as keyof IrevClick])];
          return want === 'null' ? got !== 'null' && got !== 'string' && got !== 'number' : got !== want;
        }),
    );
    expect(odd).toEqual([]);
  });

  test('is the same for the same key and differs between keys', () => {
    const again = generateIrevDataset(hashString(READ_KEY), NOW);
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    expect(sim.dataset(READ_KEY)).toBe(data);
    expect(sim.dataset(OTHER_KEY).clicks[0].hash).not.toBe(data.clicks[0].hash);
  });
});

describe('authentication', () => {
  test.each([
    ['no Authorization header', null],
    ['an unknown token', 'not-a-key'],
  ])('answers 401 {message} for %s', async (_, token) => {
    expect(await list({}, token as string)).toEqual({ status: 401, body: { message: 'Unauthenticated.' } });
  });

  test('answers 401 for a non-Bearer scheme', async () => {
    const response = await got(`${sim.url}${IREV_CLICKS_PATH}`, { headers: { authorization: `Basic ${READ_KEY}` }, throwHttpErrors: false });
    expect(response.statusCode).toBe(401);
  });

  test('gives each token its own dataset', async () => {
    const other = sim.dataset(OTHER_KEY);
    expect((await list({ per_page: 5 }, OTHER_KEY)).body).toEqual(expectedPage(other.clicks, () => true, 1, 5));
  });
});

describe('GET /backend/open-api/v1/users/clicks', () => {
  test('answers the newest 200 clicks by default, with the page envelope', async () => {
    expect(await list()).toEqual({ status: 200, body: expectedPage(data.clicks, () => true) });
  });

  test('filters by affiliate_id and offer_id', async () => {
    const sample = data.clicks[Math.floor(data.clicks.length / 2)];
    const byAffiliate = (c: IrevClick) => c.affiliate_id === sample.affiliate_id;
    const byBoth = (c: IrevClick) => byAffiliate(c) && c.offer_id === sample.offer_id;
    expect((await list({ affiliate_id: sample.affiliate_id, per_page: 500 })).body).toEqual(expectedPage(data.clicks, byAffiliate, 1, 500));
    expect((await list({ offer_id: sample.offer_id, page: 2, per_page: 100 })).body).toEqual(
      expectedPage(data.clicks, (c) => c.offer_id === sample.offer_id, 2, 100),
    );
    const both = await list({ affiliate_id: sample.affiliate_id, offer_id: sample.offer_id, per_page: 500 });
    expect(both.body).toEqual(expectedPage(data.clicks, byBoth, 1, 500));
    expect(both.body.data.map((c: IrevClick) => c.id)).toContain(sample.id);
  });

  test('includes clicks at both created_from and created_to', async () => {
    const first = data.clicks[1000];
    const last = data.clicks[1400];
    const inWindow = (c: IrevClick) => c.created_at >= first.created_at && c.created_at <= last.created_at;
    const answer = await list({ created_from: first.created_at, created_to: last.created_at, per_page: 500 });
    expect(answer.body).toEqual(expectedPage(data.clicks, inWindow, 1, 500));
    expect(answer.body.data.map((c: IrevClick) => c.id)).toEqual(expect.arrayContaining([first.id, last.id]));
  });

  test('accepts the prose spelling created_at_from / created_at_to, and both spellings when they agree', async () => {
    const window = { from: data.clicks[2000].created_at, to: data.clicks[2300].created_at };
    const expected = (await list({ created_from: window.from, created_to: window.to })).body;
    expect(expected.total).toBeGreaterThan(0);
    expect((await list({ created_at_from: window.from, created_at_to: window.to })).body).toEqual(expected);
    expect((await list({ created_from: window.from, created_at_from: window.from, created_to: window.to })).body).toEqual(expected);
  });

  test('orders clicks of the same second by id, highest first', async () => {
    const tie = data.clicks.findIndex((c, i) => i > 0 && c.created_at === data.clicks[i - 1].created_at);
    const second = data.clicks[tie].created_at;
    const answer = await list({ created_from: second, created_to: second });
    expect(answer.body.data.map((c: IrevClick) => c.id)).toEqual(
      data.clicks
        .filter((c) => c.created_at === second)
        .map((c) => c.id)
        .reverse(),
    );
    expect(answer.body.total).toBeGreaterThanOrEqual(2);
  });

  test('pages with page and per_page: pages = ceil(total / per_page), past the end is empty', async () => {
    const offerId = data.clicks[0].offer_id;
    const byOffer = (c: IrevClick) => c.offer_id === offerId;
    const total = data.clicks.filter(byOffer).length;
    const lastPage = Math.ceil(total / 7);
    expect((await list({ offer_id: offerId, per_page: 7, page: lastPage })).body).toEqual(expectedPage(data.clicks, byOffer, lastPage, 7));
    expect((await list({ offer_id: offerId, per_page: 7, page: lastPage + 1 })).body).toEqual({
      data: [],
      total,
      per_page: 7,
      page: lastPage + 1,
      pages: lastPage,
    });
    expect((await list({ per_page: 500 })).body.data).toHaveLength(500);
  });

  test('reads parameters as PHP does: a repeated key keeps its last value, "" is absent, name[] is an array (422)', async () => {
    const [a, b] = [data.clicks[10].affiliate_id, data.clicks[20].affiliate_id];
    const raw = async (search: string) => {
      const response = await got(`${sim.url}${IREV_CLICKS_PATH}?${search}`, {
        headers: { authorization: `Bearer ${READ_KEY}` },
        throwHttpErrors: false,
        responseType: 'json',
      });
      return { status: response.statusCode, body: response.body as any };
    };
    expect((await raw(`affiliate_id=${a}&affiliate_id=${b}&per_page=500`)).body).toEqual(
      expectedPage(data.clicks, (c) => c.affiliate_id === b, 1, 500),
    );
    expect((await raw('affiliate_id=&per_page=1')).body.total).toBe(data.clicks.length);
    expect((await raw(`affiliate_id[]=${a}`)).body.errors).toEqual({ affiliate_id: ['The affiliate_id field must be an integer.'] });
  });

  test('answers an empty page with pages 1 when nothing matches', async () => {
    const unknown = Math.max(...data.affiliates.map((a) => a.id)) + 1;
    expect((await list({ affiliate_id: unknown })).body).toEqual({ data: [], total: 0, per_page: 200, page: 1, pages: 1 });
  });

  test.each<[string, Record<string, string | number>, string]>([
    ['a non-integer affiliate_id', { affiliate_id: 'abc' }, 'affiliate_id'],
    ['a decimal offer_id', { offer_id: '1.5' }, 'offer_id'],
    ['a created_from without time', { created_from: '2025-01-01' }, 'created_from'],
    ['an impossible created_to', { created_to: '2025-02-30 00:00:00' }, 'created_to'],
    ['a malformed created_at_from', { created_at_from: '2025-01-01T00:00:00Z' }, 'created_at_from'],
    ['disagreeing spellings', { created_from: '2025-01-01 00:00:00', created_at_from: '2025-01-02 00:00:00' }, 'created_at_from'],
    ['a reversed window', { created_from: '2025-01-02 00:00:00', created_to: '2025-01-01 00:00:00' }, 'created_to'],
    ['per_page over 500', { per_page: 501 }, 'per_page'],
    ['per_page 0', { per_page: 0 }, 'per_page'],
    ['a negative per_page', { per_page: -5 }, 'per_page'],
    ['page 0', { page: 0 }, 'page'],
  ])('answers 422 {message, errors} for %s', async (_, query, field) => {
    const answer = await list(query);
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors)).toEqual([field]);
    expect(answer.body.message).toBe(answer.body.errors[field][0]);
    expect(answer.body.message).toContain(field);
  });

  test('names per_page and the limit when per_page is too large, and counts further errors', async () => {
    expect((await list({ per_page: 501 })).body).toEqual({
      message: 'The per_page field must not be greater than 500.',
      errors: { per_page: ['The per_page field must not be greater than 500.'] },
    });
    const two = await list({ per_page: 501, affiliate_id: 'x' });
    expect(two.body.message).toBe('The affiliate_id field must be an integer. (and 1 more error)');
  });
});

describe('GET /backend/open-api/v1/users/clicks/:id', () => {
  const unknownId = () => data.clicks[data.clicks.length - 1].id + 1000;

  test("reading 'list' (the default, as the document shows it): the list filtered by the id, dirty values as stored", async () => {
    const dirty = data.clicks.find((c) => isBadIpv4(c.ip))!;
    expect(await call('GET', `${IREV_CLICKS_PATH}/${dirty.id}`)).toEqual({
      status: 200,
      body: { data: [dirty], total: 1, per_page: 200, page: 1, pages: 1 },
    });
  });

  test("reading 'list': an unknown id is an empty page, and the list's filters still apply", async () => {
    expect(await call('GET', `${IREV_CLICKS_PATH}/${unknownId()}`)).toEqual({
      status: 200,
      body: { data: [], total: 0, per_page: 200, page: 1, pages: 1 },
    });
    const click = data.clicks[42];
    const otherAffiliate = data.affiliates.find((a) => a.id !== click.affiliate_id)!.id;
    expect((await call('GET', `${IREV_CLICKS_PATH}/${click.id}`, { query: { affiliate_id: otherAffiliate } })).body).toEqual({
      data: [],
      total: 0,
      per_page: 200,
      page: 1,
      pages: 1,
    });
  });

  test("reading 'object': {data: click}, and 404 {message} for an unknown id", async () => {
    sim.readings.clickById = 'object';
    const dirty = data.clicks.find((c) => isBadIpv4(c.ip))!;
    expect(await call('GET', `${IREV_CLICKS_PATH}/${dirty.id}`)).toEqual({ status: 200, body: { data: dirty } });
    const unknown = unknownId();
    expect(await call('GET', `${IREV_CLICKS_PATH}/${unknown}`)).toEqual({ status: 404, body: { message: `Click ${unknown} not found.` } });
  });

  test.each(['list', 'object'] as const)("reading '%s': 422 for a non-integer id", async (reading) => {
    sim.readings.clickById = reading;
    const bad = await call('GET', `${IREV_CLICKS_PATH}/abc`);
    expect(bad).toEqual({ status: 422, body: { message: 'The id field must be an integer.', errors: { id: ['The id field must be an integer.'] } } });
  });
});

describe('readings of the created-time filter', () => {
  const range = () => ({ from: data.clicks[3000].created_at, to: data.clicks[3100].created_at });
  const inWindow = (c: IrevClick) => c.created_at >= range().from && c.created_at <= range().to;

  test.each<['table' | 'prose', Record<string, string>, Record<string, string>]>([
    ['table', { created_from: 'from', created_to: 'to' }, { created_at_from: 'from', created_at_to: 'to' }],
    ['prose', { created_at_from: 'from', created_at_to: 'to' }, { created_from: 'from', created_to: 'to' }],
  ])("reading '%s' filters by its own names and ignores the others", async (reading, own, other) => {
    sim.readings.createdFilter = reading;
    const fill = (names: Record<string, string>) =>
      Object.fromEntries(Object.entries(names).map(([name, end]) => [name, range()[end as 'from' | 'to']]));
    expect((await list({ ...fill(own), per_page: 500 })).body).toEqual(expectedPage(data.clicks, inWindow, 1, 500));
    expect((await list({ ...fill(other), per_page: 5 })).body).toEqual(expectedPage(data.clicks, () => true, 1, 5));
    // Ignored means unread: a malformed value under the other names is no error either.
    expect((await list({ ...fill(own), ...Object.fromEntries(Object.keys(other).map((name) => [name, 'junk'])), per_page: 500 })).body).toEqual(
      expectedPage(data.clicks, inWindow, 1, 500),
    );
  });

  test('an unknown reading is refused at construction, naming the choices', () => {
    expect(() => createIrevSimulator({ keys: ['k'], readings: { timeZone: 'Mars/Base' } })).toThrow(
      'createIrevSimulator: readings.timeZone must be an IANA time zone, got "Mars/Base"',
    );
    expect(() => createIrevSimulator({ keys: ['k'], readings: { clickById: 'row' as never } })).toThrow(
      'createIrevSimulator: readings.clickById must be one of list, object, got "row"',
    );
    expect(() => createIrevSimulator({ keys: ['k'], readings: { createdFilter: 'either' as never } })).toThrow(
      'createIrevSimulator: readings.createdFilter must be one of both, table, prose, got "either"',
    );
  });
});

describe('POST /backend/open-api/v1/users/clicks', () => {
  const create = (json: unknown) => call('POST', IREV_CLICKS_PATH, { json, token: WRITE_KEY });

  test('creates clicks (201 {data}) that the list and the click by id then answer', async () => {
    const store = sim.dataset(WRITE_KEY);
    const [offer, affiliate] = [store.offers[3], store.affiliates[7]];
    const advertiser = store.advertisers.find((a) => a.id === offer.advertiser_id)!;
    const lastId = Math.max(...store.clicks.map((c) => c.id));
    const before = Date.now();
    const full: IrevNewClickBody = {
      offer_id: offer.id,
      affiliate_id: affiliate.id,
      ip: '2001:db8::7',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
      country_code: 'de',
      aff_sub: 'cmp 1',
      aff_sub3: 'banner',
      created_at: store.clicks[500].created_at,
    };
    const answer = await create({ clicks: [full, { offer_id: String(offer.id), affiliate_id: affiliate.id }] });

    expect(answer.status).toBe(201);
    const [first, second] = answer.body.data as IrevClick[];
    const identity = {
      offer_id: offer.id,
      offer_name: offer.name,
      offer_url_id: offer.offer_url_id,
      brand_id: offer.brand_id,
      advertiser_id: advertiser.id,
      advertiser_name: advertiser.name,
      affiliate_id: affiliate.id,
      affiliate_name: affiliate.name,
      aff_group_id: affiliate.aff_group_id,
    };
    expect(first).toMatchObject({
      ...identity,
      id: lastId + 1,
      ip: '2001:db8::7',
      user_agent: full.user_agent,
      browser: 'Mozilla Firefox',
      device_os: 'Windows',
      country_code: 'DE',
      aff_sub: 'cmp 1',
      aff_sub2: '',
      aff_sub3: 'banner',
      created_at: full.created_at,
      sale_status: 'New',
      has_conversions: false,
      is_unique: true,
      group_hash: first.hash,
      requested_link: `http://${store.trackingHost}/offer/${offer.id}?affiliate_id=${affiliate.id}&aff_sub=cmp%201&aff_sub3=banner`,
    });
    expect(second).toMatchObject({ ...identity, id: lastId + 2, ip: '', user_agent: '', country_code: '', device_os: 'UNK' });
    // Without created_at the click is stamped with the simulated clock: `now` plus the time since start.
    expect(second.created_at >= formatIrevDate(NOW)).toBe(true);
    expect(second.created_at <= formatIrevDate(NOW + (Date.now() - before) + 60_000)).toBe(true);

    expect(await call('GET', `${IREV_CLICKS_PATH}/${first.id}`, { token: WRITE_KEY })).toEqual({
      status: 200,
      body: { data: [first], total: 1, per_page: 200, page: 1, pages: 1 },
    });
    const listed = await list({ created_from: first.created_at, created_to: first.created_at, affiliate_id: affiliate.id }, WRITE_KEY);
    expect(listed.body.data.map((c: IrevClick) => c.id)).toContain(first.id);
    expect((await list({ per_page: 1 }, WRITE_KEY)).body.total).toBe(store.clicks.length);
    expect(store.clicks.filter((c) => c.id > lastId)).toEqual([first, second]);
  });

  test('answers 422 naming the index and field, and creates nothing', async () => {
    const store = sim.dataset(WRITE_KEY);
    const count = store.clicks.length;
    const good = { offer_id: store.offers[0].id, affiliate_id: store.affiliates[0].id };
    const unknownOffer = Math.max(...store.offers.map((o) => o.id)) + 1;
    const answer = await create({ clicks: [{ ...good, ip: '111.222.333.444' }, good, { ...good, offer_id: unknownOffer, created_at: 'today' }] });
    expect(answer).toEqual({
      status: 422,
      body: {
        message: 'The clicks.0.ip field must be a valid IP address. (and 2 more errors)',
        errors: {
          'clicks.0.ip': ['The clicks.0.ip field must be a valid IP address.'],
          'clicks.2.offer_id': ['The selected clicks.2.offer_id is invalid.'],
          'clicks.2.created_at': ['The clicks.2.created_at field must match the format Y-m-d H:i:s.'],
        },
      },
    });
    expect(store.clicks.length).toBe(count);
    const missing = await create({ clicks: [{ offer_id: good.offer_id }] });
    expect(missing.body.errors).toEqual({ 'clicks.0.affiliate_id': ['The clicks.0.affiliate_id field is required.'] });
  });

  test.each<[string, unknown, string]>([
    ['no clicks field', {}, 'The clicks field is required.'],
    ['an empty list', { clicks: [] }, 'The clicks field must have at least 1 items.'],
    [
      '101 clicks',
      { clicks: Array.from({ length: 101 }, () => ({ offer_id: 1, affiliate_id: 1 })) },
      'The clicks field must not have more than 100 items.',
    ],
  ])('answers 422 for %s', async (_, json, message) => {
    expect(await create(json)).toEqual({ status: 422, body: { message, errors: { clicks: [message] } } });
  });
});

describe('other errors', () => {
  test('are {message}, for an unknown path, a wrong method and a body that is not JSON', async () => {
    expect(await call('GET', '/backend/open-api/v1/users/nothing')).toEqual({
      status: 404,
      body: { message: 'No route for /backend/open-api/v1/users/nothing' },
    });
    expect((await call('POST', `${IREV_CLICKS_PATH}/5`, { json: {} })).body).toEqual({ message: 'Method POST not allowed' });
    const response = await got.post(`${sim.url}${IREV_CLICKS_PATH}`, {
      body: '{oops',
      headers: { authorization: `Bearer ${WRITE_KEY}` },
      throwHttpErrors: false,
    });
    expect([response.statusCode, JSON.parse(response.body)]).toEqual([400, { message: 'Request body is not valid JSON' }]);
  });
});

describe('the time-zone reading', () => {
  /** A UTC dataset date on Amsterdam's wall clock, written independently of the simulator. */
  const amsterdam = (utc: string) =>
    new Date(`${utc.replace(' ', 'T')}Z`).toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(/\u200e/g, '');
  const inAmsterdam = (c: IrevClick) => ({ ...c, created_at: amsterdam(c.created_at) });
  const november = () => data.clicks.find((c) => c.created_at.startsWith('2024-11-'))!;

  beforeEach(() => {
    sim.readings.timeZone = 'Europe/Amsterdam';
  });

  test('writes created_at on the zone’s wall clock, in the list and the click by id', async () => {
    const click = november();
    expect(amsterdam('2024-07-01 10:00:00')).toBe('2024-07-01 12:00:00');
    expect(amsterdam(click.created_at)).not.toBe(click.created_at);
    const page = (await list({ per_page: 3 })).body;
    expect(page).toEqual({ ...expectedPage(data.clicks, () => true, 1, 3), data: expectedPage(data.clicks, () => true, 1, 3).data.map(inAmsterdam) });
    expect((await call('GET', `${IREV_CLICKS_PATH}/${click.id}`)).body.data).toEqual([inAmsterdam(click)]);
    sim.readings.clickById = 'object';
    expect((await call('GET', `${IREV_CLICKS_PATH}/${click.id}`)).body.data).toEqual(inAmsterdam(click));
  });

  test('reads the created filters on the zone’s wall clock', async () => {
    const [first, last] = [data.clicks[4000], data.clicks[4200]];
    const inWindow = (c: IrevClick) => c.created_at >= first.created_at && c.created_at <= last.created_at;
    const answer = await list({ created_from: amsterdam(first.created_at), created_to: amsterdam(last.created_at), per_page: 500 });
    const expected = expectedPage(data.clicks, inWindow, 1, 500);
    expect(answer.body).toEqual({ ...expected, data: expected.data.map(inAmsterdam) });
  });

  test('reads a created click’s created_at on the zone’s wall clock and keeps it in UTC', async () => {
    const store = sim.dataset(WRITE_KEY);
    const answer = await call('POST', IREV_CLICKS_PATH, {
      token: WRITE_KEY,
      json: { clicks: [{ offer_id: store.offers[1].id, affiliate_id: store.affiliates[1].id, created_at: '2024-12-01 09:30:00' }] },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data[0].created_at).toBe('2024-12-01 09:30:00');
    expect(store.clicks.find((c) => c.id === answer.body.data[0].id)!.created_at).toBe('2024-12-01 08:30:00');
  });
});
