import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS } from '../../src/simulators/integr8/index.js';
import { daysAgo, startTestGateway, type GqlResponse, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  // This suite fails vendors on purpose: keep their circuits closed and retries quick.
  gw = await startTestGateway({ env: { CIRCUIT_FAILURE_THRESHOLD: '1000', RETRY_BASE_DELAY_MS: '1' } });
});
afterAll(() => gw.stop());
beforeEach(() => {
  gw.clearRequests();
  for (const sim of [gw.sims.everflow, gw.sims.irev, gw.sims.integr8]) sim.clearFaults();
});

const PUBLISHERS = `{ publishers(first: 1) { totalCount } }`;

/** Nothing a client sees may hold a stack trace or a credential. */
function expectClean(res: GqlResponse): void {
  const text = JSON.stringify(res);
  expect(text).not.toMatch(/stacktrace|\bat \w+ \(|node_modules/);
  for (const secret of Object.values(SIMULATOR_KEYS)) expect(text).not.toContain(secret);
}

test.each([
  [401, 'UNAUTHENTICATED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [400, 'BAD_USER_INPUT'],
  [422, 'BAD_USER_INPUT'],
  [429, 'RATE_LIMITED'],
  [500, 'UPSTREAM_ERROR'],
  [503, 'UPSTREAM_ERROR'],
])('an upstream %i becomes %s with the vendor and its status', async (status, code) => {
  // Every attempt fails (429 and 503 are retried first).
  gw.sims.integr8.injectFault({
    path: '/api/v2/publishers',
    status,
    body: { error: `vendor says ${status} for key ${SIMULATOR_KEYS.integr8}` },
    times: 10,
  });
  const res = await gw.query(PUBLISHERS);
  expect(res.data).toEqual({ publishers: null });
  expect(res.errors).toEqual([
    {
      message: `Integr8 answered ${status} to GET /api/v2/publishers: vendor says ${status} for key [redacted]`,
      locations: [{ line: 1, column: 3 }],
      path: ['publishers'],
      extensions: { code, vendor: 'INTEGR8', upstreamStatus: status },
    },
  ]);
  expectClean(res);
});

test.each([
  ['a malformed body', { malformed: true }, /not valid JSON/],
  ['a dropped connection', { drop: true }, /could not be reached/],
])('%s is an UPSTREAM_ERROR, not a crash', async (label, fault, message) => {
  gw.sims.integr8.injectFault({ path: '/api/v2/publishers', ...fault, times: 10 });
  // A query of its own: an earlier case's answer is cached.
  const query = `{ publishers(first: 1, filter: { name: { ne: "${label}" } }) { totalCount } }`;
  const res = await gw.query(query);
  expect(res.errors?.[0]).toMatchObject({ path: ['publishers'], extensions: { code: 'UPSTREAM_ERROR', vendor: 'INTEGR8' } });
  expect(res.errors?.[0].message).toMatch(message);
  expectClean(res);
  gw.sims.integr8.clearFaults();
  // The gateway is still up.
  expect((await gw.query(query)).data.publishers.totalCount).toBeGreaterThan(0);
});

test('a wrong credential is UNAUTHENTICATED and never echoed', async () => {
  const wrong = await startTestGateway({ sims: gw.sims, credentials: { irev: 'not-the-right-token' } });
  try {
    const res = await wrong.query(`{ clicks(source: { irev: {} }) { totalCount } }`);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', vendor: 'IREV', upstreamStatus: 401 } });
    expect(JSON.stringify(res)).not.toContain('not-the-right-token');
  } finally {
    await wrong.stop();
  }
});

test('one vendor failing leaves the other fields of the response intact', async () => {
  gw.sims.irev.injectFault({ status: 503, times: 10 });
  const res = await gw.query(`{
    affiliates(first: 2) { nodes { name } }
    clicks(source: { irev: {} }, first: 2) { totalCount }
    users(first: 1) { nodes { email } }
  }`);
  expect(res.data.affiliates.nodes).toHaveLength(2);
  expect(res.data.users.nodes).toHaveLength(1);
  expect(res.data.clicks).toBeNull();
  expect(res.errors).toHaveLength(1);
  expect(res.errors?.[0]).toMatchObject({ path: ['clicks'], extensions: { code: 'UPSTREAM_ERROR', vendor: 'IREV', upstreamStatus: 503 } });
});

test('a failing relation is null with an error at its path; the list stays', async () => {
  const q = { integrationId: INTEGR8_INTEGRATION_IDS[0], from: daysAgo(2), to: daysAgo(0) };
  gw.sims.integr8.injectFault({ path: '/api/v2/publishers', status: 500 });
  const res = await gw.query(`query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 3) { nodes { nativeId publisher { name } } } }`, {
    q,
  });
  expect(res.data.clicks.nodes).toHaveLength(3);
  expect(res.data.clicks.nodes.every((n: { publisher: unknown }) => n.publisher === null)).toBe(true);
  expect(res.errors?.map((e) => e.path)).toEqual([0, 1, 2].map((i) => ['clicks', 'nodes', i, 'publisher']));
});

describe('input a vendor would reject is BAD_USER_INPUT before any call', () => {
  test.each([
    ['a malformed date literal', `{ clicks(source: { everflow: { from: "2026-13-45", to: "2026-01-01T00:00:00Z" } }) { totalCount } }`, undefined],
    [
      'a malformed date variable',
      `query($from: DateTime!) { clicks(source: { everflow: { from: $from, to: "2026-01-01T00:00:00Z" } }) { totalCount } }`,
      { from: 'yesterday' },
    ],
    [
      'an unknown timezone',
      `query($q: ReportQuery!) { impressions(query: $q) { totalCount } }`,
      { q: { integrationId: 'x', from: daysAgo(1), to: daysAgo(0), timezone: 'Mars/Olympus' } },
    ],
    ['two sources at once', `{ clicks(source: { irev: {}, everflow: { from: "${daysAgo(1)}", to: "${daysAgo(0)}" } }) { totalCount } }`, undefined],
    ['from after to', `{ clicks(source: { irev: { from: "${daysAgo(1)}", to: "${daysAgo(2)}" } }) { totalCount } }`, undefined],
    ['page and first together', `{ publishers(page: 1, first: 5) { totalCount } }`, undefined],
    ['a cursor from nowhere', `{ publishers(after: "bm90LWEtY3Vyc29y") { totalCount } }`, undefined],
    ['an id the gateway did not issue', `{ node(id: "12345") { id } }`, undefined],
  ])('%s', async (_, query, variables) => {
    const res = await gw.query(query, variables as Record<string, unknown> | undefined);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message.length).toBeGreaterThan(10);
    expectClean(res);
    expect(gw.requests()).toEqual([]);
  });
});
