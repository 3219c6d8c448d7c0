/**
 * iRev's contract: the document's own example responses (fixtures/irev/, see the README there)
 * served by a local HTTP server as iRev's answer, read by the gateway's real iRev client and
 * mapper. Every documented field must arrive in the model, or in `raw`, with its value: a shape
 * the document shows can never map to a record of nulls.
 */
import { clientFor } from './helpers.js';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError } from '../../src/errors.js';
import type { ClickModel } from '../../src/models/index.js';
import { type IrevClient } from '../../src/vendors/irev/client.js';
import { mapClick } from '../../src/vendors/irev/mappers.js';
import type { IrevClick } from '../../src/vendors/irev/types.js';

const TOKEN = 'irev-contract-token';
const CLICKS_PATH = '/backend/open-api/v1/users/clicks';

/** A fixture as stored: the document's example, parsed. */
function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/irev/${name}.json`, import.meta.url), 'utf8')) as T;
}

interface Served {
  url: string;
  requests: { method: string; path: string; query: Record<string, string>; authorization?: string }[];
  close(): Promise<void>;
}

/** Answers every request with `body` (status 200), on a free port, recording the requests. */
async function serve(body: unknown): Promise<Served> {
  const requests: Served['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
    });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The iRev client against `url`, built as createVendorClients (src/vendors/index.ts) builds it. */
function irevClient(url: string): IrevClient {
  return clientFor('irev', url, { credential: TOKEN });
}

/** Serves `body`, runs `call` on a client pointed at it, and returns the result and the requests. */
async function against<T>(body: unknown, call: (client: IrevClient) => Promise<T>): Promise<{ result: T; requests: Served['requests'] }> {
  const server = await serve(body);
  try {
    return { result: await call(irevClient(server.url)), requests: server.requests };
  } finally {
    await server.close();
  }
}

const LIST = fixture<{ data: IrevClick[]; total: number; per_page: number; page: number; pages: number }>('clicks.list');

/**
 * The document's first click as the model holds it, written out from the document's values:
 * "" and "UNK" are "no value" (null), the impossible IP is null, links lose their angle
 * brackets, `created_at` is read in the configured zone (UTC here).
 */
const FIRST_CLICK = {
  type: 'Click',
  vendor: 'IREV',
  key: ['184568'],
  nativeId: '184568',
  time: new Date('2024-10-10T11:24:09.000Z'),
  ip: null,
  country: 'NL',
  countryName: null,
  regionName: null,
  regionCode: 'NH',
  city: null,
  postalCode: null,
  userAgent: 'Google Chrome',
  browser: 'Google Chrome',
  browserVersion: null,
  os: null,
  osVersion: null,
  deviceType: null,
  deviceBrand: null,
  deviceModel: null,
  isMobile: null,
  carrier: null,
  isp: null,
  language: null,
  isUnique: true,
  subIds: [],
  revenue: null,
  payout: null,
  currency: null,
  status: null,
  referer: null,
  offerRef: {
    model: expect.objectContaining({
      type: 'Offer',
      vendor: 'IREV',
      nativeId: '3',
      name: 'Test Offer',
      advertiserRef: { model: expect.objectContaining({ type: 'Advertiser', nativeId: '1', name: 'PlayGamesl' }) },
      raw: { offer_id: 3, offer_name: 'Test Offer', offer_url_id: 132 },
    }),
  },
  affiliateRef: {
    model: expect.objectContaining({
      type: 'Affiliate',
      vendor: 'IREV',
      nativeId: '513',
      name: 'John Doe',
      raw: { affiliate_id: 513, affiliate_name: 'John Doe', aff_group_id: null },
    }),
  },
  publisherRef: null,
  advertiserRef: {
    model: expect.objectContaining({
      type: 'Advertiser',
      vendor: 'IREV',
      nativeId: '1',
      name: 'PlayGamesl',
      raw: { advertiser_id: 1, advertiser_name: 'PlayGamesl' },
    }),
  },
  everflow: null,
  irev: {
    hash: '12e9d2d9f07cb9a097bac01a127c9e00',
    groupHash: '12e9d2d9f07cb9a097bac01a127c9e00',
    saleStatus: 'New',
    hasConversions: true,
    requestedLink: 'http://example.com/offer/3?affiliate_id=513',
    redirectedLink: 'https://second.example.net/{free_1}?aff_id={free_2}',
    brandId: 1,
    affiliateGroupId: null,
    offerUrlId: 132,
    externalId: null,
    advertiserExternalId: null,
    affiliateSource: null,
    advertiserSubIds: [],
  },
  integr8: null,
};

/**
 * Where each documented field lands: a model path holding the document's value (after the
 * normalisation above), or 'raw' for a field the model has no place for. Every field of the
 * example must be listed, so a field the document adds cannot go unread by accident.
 */
const WHERE: Record<keyof IrevClick, string> = {
  id: 'nativeId',
  hash: 'irev.hash',
  group_hash: 'irev.groupHash',
  offer_id: 'offerRef.model.nativeId',
  offer_name: 'offerRef.model.name',
  offer_url_id: 'irev.offerUrlId',
  advertiser_id: 'advertiserRef.model.nativeId',
  advertiser_name: 'advertiserRef.model.name',
  aff_group_id: 'irev.affiliateGroupId',
  brand_id: 'irev.brandId',
  affiliate_id: 'affiliateRef.model.nativeId',
  affiliate_name: 'affiliateRef.model.name',
  device_model: 'deviceModel',
  device_brand: 'deviceBrand',
  sale_status: 'irev.saleStatus',
  advertiser_external_id: 'irev.advertiserExternalId',
  adv_sub: 'irev.advertiserSubIds',
  adv_sub2: 'irev.advertiserSubIds',
  adv_sub3: 'irev.advertiserSubIds',
  adv_sub4: 'irev.advertiserSubIds',
  adv_sub5: 'irev.advertiserSubIds',
  device_os: 'os',
  ...(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i === 0 ? 'aff_sub' : `aff_sub${i + 1}`, 'subIds'])) as Record<
    Extract<keyof IrevClick, `aff_sub${string}`>,
    string
  >),
  affiliate_source: 'irev.affiliateSource',
  user_agent: 'userAgent',
  browser: 'browser',
  ip: 'ip',
  device_os_version: 'osVersion',
  platform: 'raw',
  mobile_carrier: 'carrier',
  country_code: 'country',
  region_code: 'regionCode',
  external_id: 'irev.externalId',
  has_conversions: 'irev.hasConversions',
  requested_link: 'irev.requestedLink',
  redirected_link: 'irev.redirectedLink',
  is_unique: 'isUnique',
  created_at: 'time',
};

const at = (model: unknown, path: string) => path.split('.').reduce<any>((value, key) => value?.[key], model);

describe('GET /backend/open-api/v1/users/clicks answered with the document example (clicks.list.json)', () => {
  let result: Awaited<ReturnType<IrevClient['clicks']>>;
  let requests: Served['requests'];
  let models: ClickModel[];
  beforeAll(async () => {
    ({ result, requests } = await against(LIST, (client) => client.clicks({ page: 1, per_page: 200 })));
    models = result.data.map((click) => mapClick(click, 'UTC'));
  });

  test('the request is the documented one, and the envelope is read as sent', () => {
    expect(requests).toEqual([{ method: 'GET', path: CLICKS_PATH, query: { page: '1', per_page: '200' }, authorization: `Bearer ${TOKEN}` }]);
    expect(result).toEqual(LIST);
    expect(result.total).toBe(100);
  });

  test('the first click maps to the model with the document values', () => {
    expect(models[0]).toEqual({ ...FIRST_CLICK, raw: LIST.data[0] });
  });

  test('the second click keeps what differs: its hash, time and link', () => {
    expect(models[1]).toEqual({
      ...FIRST_CLICK,
      time: new Date('2024-10-10T11:27:09.000Z'),
      irev: {
        ...FIRST_CLICK.irev,
        hash: '9e09d2d908fcb9a097bac01a127c9e96',
        groupHash: '9e09d2d908fcb9a097bac01a127c9e96',
        requestedLink: 'http://example.com/offer/3?affiliate_id=520',
      },
      raw: LIST.data[1],
    });
  });

  test("the example's IP 111.222.333.444 is malformed: null in the model, kept as sent in raw", () => {
    expect(models.map((m) => [m.ip, (m.raw as IrevClick).ip])).toEqual([
      [null, '111.222.333.444'],
      [null, '111.222.333.444'],
    ]);
  });

  test('every documented field has a place, and those with a value in the example arrive with it', () => {
    expect(Object.keys(WHERE).sort()).toEqual(Object.keys(LIST.data[0]).sort());
    const model = models[0];
    const carried = Object.entries(WHERE)
      .filter(([, path]) => path !== 'raw' && at(model, path) !== null && !(Array.isArray(at(model, path)) && at(model, path).length === 0))
      .map(([name]) => name)
      .sort();
    // The example's other fields are null, "" or "UNK" (no value), or the malformed IP.
    expect(carried).toEqual(
      [
        'id',
        'hash',
        'group_hash',
        'offer_id',
        'offer_name',
        'offer_url_id',
        'advertiser_id',
        'advertiser_name',
        'brand_id',
        'affiliate_id',
        'affiliate_name',
        'sale_status',
        'user_agent',
        'browser',
        'country_code',
        'region_code',
        'has_conversions',
        'requested_link',
        'redirected_link',
        'is_unique',
        'created_at',
      ].sort(),
    );
    for (const name of Object.keys(WHERE) as (keyof IrevClick)[]) expect((model.raw as IrevClick)[name]).toEqual(LIST.data[0][name]);
  });
});

describe('GET /backend/open-api/v1/users/clicks/{id}: the document shows the id as a filter of the list', () => {
  const [first, second] = LIST.data;

  test.each<[string, unknown]>([
    ['the list envelope holding the one click (as the document shows it)', { ...LIST, data: [first], total: 1 }],
    ['the click itself under data (the other reading)', { data: first }],
  ])('answered with %s, the click maps to the model with the document values', async (_, body) => {
    const { result, requests } = await against(body, (client) => client.click('184568'));
    expect(requests).toEqual([{ method: 'GET', path: `${CLICKS_PATH}/184568`, query: {}, authorization: `Bearer ${TOKEN}` }]);
    expect(mapClick(result, 'UTC')).toEqual({ ...FIRST_CLICK, raw: first });
  });

  test('an empty list envelope is NOT_FOUND', async () => {
    const { result } = await against({ ...LIST, data: [], total: 0 }, (client) => client.click('184568').catch((error: unknown) => error));
    expect(result).toBeInstanceOf(GatewayError);
    expect(result).toMatchObject({ code: 'NOT_FOUND', message: 'iRev click 184568 does not exist.', details: { vendor: 'IREV' } });
  });

  test('the example list itself (two records, both id 184568) is an UPSTREAM_ERROR naming the endpoint: the gateway cannot choose', async () => {
    expect(second.id).toBe(first.id);
    const { result } = await against(LIST, (client) => client.click('184568').catch((error: unknown) => error));
    expect(result).toBeInstanceOf(GatewayError);
    expect(result).toMatchObject({
      code: 'UPSTREAM_ERROR',
      message: `iRev answered GET ${CLICKS_PATH}/184568 with an unexpected shape: data is an array of 2, expected one record`,
      details: { vendor: 'IREV' },
    });
  });
});
