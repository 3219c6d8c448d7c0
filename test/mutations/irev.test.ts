import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import type { IrevDataset } from '../../src/simulators/irev/index.js';
import { daysAgo, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: IrevDataset;

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.irev.dataset(SIMULATOR_KEYS.irev);
});
afterAll(() => gw.stop());
beforeEach(() => {
  gw.clearRequests();
  gw.sims.irev.clearFaults();
});

const CREATE = `mutation($input: CreateClicksInput!) {
  createClicks(input: $input) {
    clicks { nativeId vendor time ip countryCode userAgent subIds { position value } offer { nativeId } affiliate { nativeId } raw }
    userErrors { field message code }
  }
}`;
const CLICKS_PATH = '/backend/open-api/v1/users/clicks';
const posts = () => gw.requests('irev').filter((r) => r.method === 'POST');
const clickById = (id: string) => data.clicks.find((c) => String(c.id) === id);

test('clicks go to iRev in one POST, exactly as its body names them, and come back mapped as iRev created them', async () => {
  const [offer, affiliate] = [data.offers[3], data.affiliates[7]];
  const time = daysAgo(1);
  const before = data.clicks.length;
  const res = await gw.query(CREATE, {
    input: {
      clicks: [
        {
          offerId: offer.id,
          affiliateId: affiliate.id,
          ip: '2001:db8::7',
          userAgent: 'Mozilla/5.0 (test)',
          countryCode: 'de',
          subIds: ['fb', null, 'spring'],
          time,
        },
        { offerId: offer.id, affiliateId: affiliate.id },
      ],
    },
  });
  expect(res.errors).toBeUndefined();
  expect(gw.requests('irev').map(({ method, path, query, body, headers }) => ({ method, path, query, body, auth: headers.authorization }))).toEqual([
    {
      method: 'POST',
      path: CLICKS_PATH,
      query: {},
      body: {
        clicks: [
          {
            offer_id: offer.id,
            affiliate_id: affiliate.id,
            ip: '2001:db8::7',
            user_agent: 'Mozilla/5.0 (test)',
            country_code: 'DE',
            aff_sub: 'fb',
            aff_sub3: 'spring',
            created_at: `${time.slice(0, 10)} ${time.slice(11, 19)}`,
          },
          { offer_id: offer.id, affiliate_id: affiliate.id },
        ],
      },
      auth: `Bearer ${SIMULATOR_KEYS.irev}`,
    },
  ]);

  const { clicks, userErrors } = res.data.createClicks;
  expect(userErrors).toEqual([]);
  expect(data.clicks).toHaveLength(before + 2);
  const [full, minimal] = clicks.map((c: { nativeId: string }) => clickById(c.nativeId));
  expect(clicks).toEqual([
    {
      nativeId: String(full!.id),
      vendor: 'IREV',
      time,
      ip: '2001:db8::7',
      countryCode: 'DE',
      userAgent: 'Mozilla/5.0 (test)',
      subIds: [
        { position: 1, value: 'fb' },
        { position: 3, value: 'spring' },
      ],
      offer: { nativeId: String(offer.id) },
      affiliate: { nativeId: String(affiliate.id) },
      raw: full,
    },
    {
      nativeId: String(minimal!.id),
      vendor: 'IREV',
      // iRev stamps the time of the request, UTC.
      time: `${minimal!.created_at.replace(' ', 'T')}.000Z`,
      ip: null,
      countryCode: null,
      userAgent: null,
      subIds: [],
      offer: { nativeId: String(offer.id) },
      affiliate: { nativeId: String(affiliate.id) },
      raw: minimal,
    },
  ]);
  // One call: the payload is iRev's answer, not a re-read.
  expect(gw.requests('irev')).toHaveLength(1);
});

describe('a rejected input makes no upstream call', () => {
  const ok = () => ({ offerId: data.offers[0].id, affiliateId: data.affiliates[0].id });
  const cases: [string, () => unknown[], { field: string[]; code: string }[]][] = [
    ['no clicks', () => [], [{ field: ['input', 'clicks'], code: 'REQUIRED' }]],
    ['more than 100 clicks', () => Array.from({ length: 101 }, ok), [{ field: ['input', 'clicks'], code: 'INVALID_VALUE' }]],
    [
      'ids that are not positive',
      () => [ok(), { offerId: 0, affiliateId: -3 }],
      [
        { field: ['input', 'clicks', '1', 'offerId'], code: 'INVALID_VALUE' },
        { field: ['input', 'clicks', '1', 'affiliateId'], code: 'INVALID_VALUE' },
      ],
    ],
    [
      'six sub ids',
      () => [{ ...ok(), subIds: ['1', '2', '3', '4', '5', '6'] }],
      [{ field: ['input', 'clicks', '0', 'subIds'], code: 'INVALID_VALUE' }],
    ],
    [
      'a sub id over 255 characters',
      () => [{ ...ok(), subIds: [null, 'x'.repeat(256)] }],
      [{ field: ['input', 'clicks', '0', 'subIds', '1'], code: 'INVALID_VALUE' }],
    ],
    [
      'a user agent over 1024 characters',
      () => [{ ...ok(), userAgent: 'u'.repeat(1025) }],
      [{ field: ['input', 'clicks', '0', 'userAgent'], code: 'INVALID_VALUE' }],
    ],
  ];

  test.each(cases)('%s', async (_, clicks, expected) => {
    const before = data.clicks.length;
    const res = await gw.query(CREATE, { input: { clicks: clicks() } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createClicks.clicks).toEqual([]);
    expect(res.data.createClicks.userErrors.map(({ field, code }: { field: string[]; code: string }) => ({ field, code }))).toEqual(expected);
    for (const error of res.data.createClicks.userErrors) expect(error.message).not.toBe('');
    expect(gw.requests()).toEqual([]);
    expect(data.clicks).toHaveLength(before);
  });

  const formats: [string, () => unknown[], string, string, string][] = [
    [
      'an impossible IPv4 address',
      () => [{ ...ok(), ip: '111.222.333.444' }],
      'clicks[0].ip',
      '111.222.333.444',
      'Value is not a valid IPv4 or IPv6 address',
    ],
    [
      'an IP that is no address at all',
      () => [ok(), ok(), { ...ok(), ip: 'localhost' }],
      'clicks[2].ip',
      'localhost',
      'Value is not a valid IPv4 or IPv6 address',
    ],
    ['a country code of three letters', () => [{ ...ok(), countryCode: 'DEU' }], 'clicks[0].countryCode', 'DEU', 'Value is not a valid country code'],
    ['a country code with a digit', () => [{ ...ok(), countryCode: 'D1' }], 'clicks[0].countryCode', 'D1', 'Value is not a valid country code'],
  ];
  test.each(formats)('%s is a BAD_USER_INPUT error at the field (its scalar), before any resolver runs', async (_, clicks, at, value, problem) => {
    const res = await gw.query(CREATE, { input: { clicks: clicks() } });
    expect(res).toEqual({
      errors: [
        {
          message: `Variable "$input" got invalid value "${value}" at "input.${at}"; ${problem}: ${value}`,
          locations: [{ line: 1, column: 10 }],
          extensions: { code: 'BAD_USER_INPUT', argument: 'input', field: ['input', ...at.split(/[.[\]]+/).filter(Boolean)] },
        },
      ],
    });
    expect(gw.requests()).toEqual([]);
  });
});

test("iRev's own 422 becomes userErrors at the input's path, and nothing is created", async () => {
  const unknownOffer = Math.max(...data.offers.map((o) => o.id)) + 1000;
  const before = data.clicks.length;
  const res = await gw.query(CREATE, {
    input: {
      clicks: [
        { offerId: data.offers[0].id, affiliateId: data.affiliates[0].id },
        { offerId: unknownOffer, affiliateId: data.affiliates[0].id },
      ],
    },
  });
  expect(res.errors).toBeUndefined();
  expect(res.data.createClicks).toEqual({
    clicks: [],
    userErrors: [
      {
        field: ['input', 'clicks', '1', 'offerId'],
        message: 'iRev rejected clicks.1.offer_id: The selected clicks.1.offer_id is invalid.',
        code: 'VENDOR_REJECTED',
      },
    ],
  });
  expect(posts().map((r) => r.status)).toEqual([422]);
  expect(data.clicks).toHaveLength(before);
});

test('creating clicks drops the cached click lists, so the next read goes upstream and holds the new click', async () => {
  const [offer, affiliate] = [data.offers[5], data.affiliates[11]];
  const LIST = `query($a: Int!, $o: Int!) { clicks(source: { irev: { affiliateId: $a, offerId: $o } }, first: 5) { totalCount nodes { nativeId } } }`;
  const vars = { a: affiliate.id, o: offer.id };
  const first = await gw.query(LIST, vars);
  const again = await gw.query(LIST, vars);
  expect(again.data).toEqual(first.data);
  // The second read came from the cache.
  expect(gw.requests('irev').map((r) => r.method)).toEqual(['GET']);

  const created = await gw.query(CREATE, { input: { clicks: [{ offerId: offer.id, affiliateId: affiliate.id, ip: '10.1.2.3' }] } });
  const newId = created.data.createClicks.clicks[0].nativeId;
  const after = await gw.query(LIST, vars);
  expect(gw.requests('irev').map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  expect(after.data.clicks.totalCount).toBe(first.data.clicks.totalCount + 1);
  expect(after.data.clicks.nodes[0].nativeId).toBe(newId);
});

test('a POST that times out is reported as an unknown outcome and not repeated', async () => {
  const slow = await startTestGateway({ sims: gw.sims, env: { UPSTREAM_TIMEOUT_MS: '500' } });
  try {
    gw.sims.irev.injectFault({ method: 'POST', path: CLICKS_PATH, delayMs: 1500 });
    const before = data.clicks.length;
    const res = await slow.query(CREATE, { input: { clicks: [{ offerId: data.offers[1].id, affiliateId: data.affiliates[1].id }] } });
    expect(res.data).toEqual({ createClicks: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['createClicks'], extensions: { code: 'UPSTREAM_UNKNOWN_OUTCOME', vendor: 'IREV' } });
    expect(res.errors![0].message).toMatch(/did not answer POST \/backend\/open-api\/v1\/users\/clicks within 500 ms/);
    expect(posts()).toHaveLength(1);
    // Why it must not be repeated: iRev carried the write out after the gateway gave up.
    await waitFor(() => posts()[0].status !== 0, 3000);
    expect(posts()).toHaveLength(1);
    expect(data.clicks).toHaveLength(before + 1);
  } finally {
    await slow.stop();
  }
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test.each<[string, unknown, string, number]>([
  ['one object for data', { data: { id: 1 } }, 'data is an object, expected an array', 20],
  ['no data', { clicks: [] }, 'data is missing, expected an array', 21],
  ['a created click without id', { data: [{ offer_id: 1 }] }, 'data[0].id is missing, expected an id', 22],
])(
  'a create answered with %s is an UPSTREAM_ERROR naming the endpoint and saying the clicks may exist; the cached lists are dropped',
  async (_, body, problem, index) => {
    const LIST = `query($a: Int!) { clicks(source: { irev: { affiliateId: $a } }, first: 1) { totalCount } }`;
    const affiliate = data.affiliates[index];
    await gw.query(LIST, { a: affiliate.id });
    gw.sims.irev.injectFault({ method: 'POST', path: CLICKS_PATH, status: 201, body });
    const res = await gw.query(CREATE, { input: { clicks: [{ offerId: data.offers[2].id, affiliateId: affiliate.id }] } });
    expect(res).toEqual({
      data: { createClicks: null },
      errors: [
        {
          message: `iRev answered POST ${CLICKS_PATH} with an unexpected shape: ${problem}. iRev accepted the call, so the clicks may have been created: check before trying again.`,
          locations: [{ line: 2, column: 3 }],
          path: ['createClicks'],
          extensions: { code: 'UPSTREAM_ERROR', vendor: 'IREV' },
        },
      ],
    });
    await gw.query(LIST, { a: affiliate.id });
    // One POST, never repeated; the list is read again after it, not served from the cache.
    expect(gw.requests('irev').map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  },
);

describe('the invalidation rule: a create that may have happened drops the cached click reads, a refusal keeps them', () => {
  const LIST = `query($a: Int!) { clicks(source: { irev: { affiliateId: $a } }, first: 1) { totalCount } }`;

  test.each<[string, number, Record<string, unknown>, { errors?: unknown[]; data: unknown }, string[], number]>([
    [
      'a 5xx: dropped, the next read goes to iRev',
      500,
      { message: 'Server Error' },
      {
        data: { createClicks: null },
        errors: [
          expect.objectContaining({
            message: `iRev answered 500 to POST ${CLICKS_PATH}: Server Error`,
            extensions: { code: 'UPSTREAM_ERROR', vendor: 'IREV', upstreamStatus: 500 },
          }),
        ],
      },
      ['POST', 'GET'],
      31,
    ],
    [
      'a 422 refusal: kept, the next read is the cached one',
      422,
      { message: 'The given data was invalid.', errors: { 'clicks.0.affiliate_id': ['The selected clicks.0.affiliate_id is invalid.'] } },
      {
        data: {
          createClicks: {
            clicks: [],
            userErrors: [
              {
                field: ['input', 'clicks', '0', 'affiliateId'],
                message: 'iRev rejected clicks.0.affiliate_id: The selected clicks.0.affiliate_id is invalid.',
                code: 'VENDOR_REJECTED',
              },
            ],
          },
        },
      },
      ['POST'],
      32,
    ],
  ])('%s', async (_, status, body, expected, methods, n) => {
    const affiliate = data.affiliates[n];
    await gw.query(LIST, { a: affiliate.id });
    gw.clearRequests();
    await gw.query(LIST, { a: affiliate.id });
    expect(gw.requests('irev')).toEqual([]); // served from the cache
    gw.sims.irev.injectFault({ method: 'POST', path: CLICKS_PATH, status, body });
    const res = await gw.query(
      `mutation($input: CreateClicksInput!) { createClicks(input: $input) { clicks { nativeId } userErrors { field message code } } }`,
      {
        input: { clicks: [{ offerId: data.offers[4].id, affiliateId: affiliate.id }] },
      },
    );
    expect(res).toEqual(expected);
    await gw.query(LIST, { a: affiliate.id });
    expect(gw.requests('irev').map((r) => r.method)).toEqual(methods);
  });
});
