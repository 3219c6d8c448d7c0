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

describe('a value of the wrong format is one kind of error, literal or variable: BAD_USER_INPUT naming the argument and the field', () => {
  /** The column (1-based) where `text` starts in a one-line query. */
  const at = (query: string, text: string) => [{ line: 1, column: query.indexOf(text) + 1 }];
  const bad = (argument: string, ...field: string[]) => ({ code: 'BAD_USER_INPUT', argument, field: [argument, ...field] });
  const user = { email: 'ann@fabrikam.example', password: 'Secret-1', role: 'ADMIN' };
  const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }';
  const IMPRESSIONS = 'query($q: ReportQuery!) { impressions(query: $q) { totalCount } }';
  const report = { integrationId: INTEGR8_INTEGRATION_IDS[0], from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
  const ZONE_LITERAL = `{ impressions(query: { integrationId: "x", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", timezone: "Mars/Olympus" }) { totalCount } }`;
  const literal = (input: string) =>
    `mutation { createUser(input: { email: "ann@fabrikam.example", password: "Secret-1", role: ADMIN${input} }) { user { id } } }`;

  const cases: [string, string, Record<string, unknown> | undefined, GqlResponse['errors']][] = [
    [
      'a CountryCode literal',
      literal(', country: "XX"'),
      undefined,
      [{ message: 'Value is not a valid country code: XX', locations: at(literal(', country: "XX"'), '"XX"'), extensions: bad('input', 'country') }],
    ],
    [
      'a CountryCode variable',
      CREATE_USER,
      { input: { ...user, country: 'xx' } },
      [
        {
          message: 'Variable "$input" got invalid value "xx" at "input.country"; Value is not a valid country code: xx',
          locations: at(CREATE_USER, '$input'),
          extensions: bad('input', 'country'),
        },
      ],
    ],
    [
      'a TimeZone variable named otherwise than its argument',
      IMPRESSIONS,
      { q: { ...report, timezone: 'Mars/Olympus' } },
      [
        {
          message: 'Variable "$q" got invalid value "Mars/Olympus" at "q.timezone"; Value is not a valid IANA time zone: Mars/Olympus',
          locations: at(IMPRESSIONS, '$q'),
          extensions: bad('query', 'timezone'),
        },
      ],
    ],
    [
      'a TimeZone literal',
      ZONE_LITERAL,
      undefined,
      [
        {
          message: 'Value is not a valid IANA time zone: Mars/Olympus',
          locations: at(ZONE_LITERAL, '"Mars/Olympus"'),
          extensions: bad('query', 'timezone'),
        },
      ],
    ],
    [
      'a variable inside a literal: the path runs through both',
      'query($zone: TimeZone) { impressions(query: { integrationId: "x", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", timezone: $zone }) { totalCount } }',
      { zone: 'Mars/Olympus' },
      [
        {
          message: 'Variable "$zone" got invalid value "Mars/Olympus"; Value is not a valid IANA time zone: Mars/Olympus',
          locations: [{ line: 1, column: 7 }],
          extensions: bad('query', 'timezone'),
        },
      ],
    ],
    [
      'an enum literal that does not exist',
      '{ users(filter: { role: { eq: BOSS } }) { totalCount } }',
      undefined,
      [{ message: 'Value "BOSS" does not exist in "UserRole" enum.', locations: [{ line: 1, column: 31 }], extensions: bad('filter', 'role', 'eq') }],
    ],
    [
      "an enum variable in the vendor's spelling, in a list",
      'query($filter: UserFilter) { users(filter: $filter) { totalCount } }',
      { filter: { role: { in: ['ADMIN', 'accountManager'] } } },
      [
        {
          message:
            'Variable "$filter" got invalid value "accountManager" at "filter.role.in[1]"; Value "accountManager" does not exist in "UserRole" enum. Did you mean the enum value "ACCOUNT_MANAGER"?',
          locations: [{ line: 1, column: 7 }],
          extensions: bad('filter', 'role', 'in', '1'),
        },
      ],
    ],
    [
      'an enum literal written as a string',
      '{ users(filter: { status: { eq: "ACTIVE" } }) { totalCount } }',
      undefined,
      [
        {
          message: 'Enum "UserStatus" cannot represent non-enum value: "ACTIVE". Did you mean the enum value "ACTIVE"?',
          locations: [{ line: 1, column: 33 }],
          extensions: bad('filter', 'status', 'eq'),
        },
      ],
    ],
    [
      'a URL literal',
      'mutation { createLandingPage(input: { offerId: "x", name: "Home", redirectUrl: "not a url" }) { landingPage { id } } }',
      undefined,
      [{ message: 'Value is not a valid URL: not a url', locations: [{ line: 1, column: 80 }], extensions: bad('input', 'redirectUrl') }],
    ],
    [
      'an EmailAddress variable in a list of objects',
      'mutation($input: CreateAffiliateInput!) { createAffiliate(input: $input) { affiliate { id } } }',
      {
        input: {
          name: 'F',
          status: 'ACTIVE',
          users: [
            { firstName: 'A', lastName: 'B', email: 'a@b.example' },
            { firstName: 'C', lastName: 'D', email: 'c.example' },
          ],
        },
      },
      [
        {
          message: 'Variable "$input" got invalid value "c.example" at "input.users[1].email"; Value is not a valid email address: c.example',
          locations: [{ line: 1, column: 10 }],
          extensions: bad('input', 'users', '1', 'email'),
        },
      ],
    ],
    [
      'a Date and an IP variable: one error each',
      'mutation($input: CreateClicksInput!, $a: CreateAffiliateInput!) { createClicks(input: $input) { clicks { id } } createAffiliate(input: $a) { affiliate { id } } }',
      {
        input: { clicks: [{ offerId: 1, affiliateId: 2, ip: '10.0.0.256' }] },
        a: { name: 'F', status: 'ACTIVE', billing: { frequency: 'MANUAL', paymentType: 'NONE', autoInvoiceStartDate: '2024-02-30' } },
      },
      [
        {
          message: 'Variable "$input" got invalid value "10.0.0.256" at "input.clicks[0].ip"; Value is not a valid IPv4 or IPv6 address: 10.0.0.256',
          locations: [{ line: 1, column: 10 }],
          extensions: bad('input', 'clicks', '0', 'ip'),
        },
        {
          message:
            'Variable "$a" got invalid value "2024-02-30" at "a.billing.autoInvoiceStartDate"; Date cannot represent an invalid date-string 2024-02-30.',
          locations: [{ line: 1, column: 38 }],
          extensions: bad('input', 'billing', 'autoInvoiceStartDate'),
        },
      ],
    ],
    [
      'a literal of the wrong type',
      '{ users(first: "ten") { totalCount } }',
      undefined,
      [{ message: 'Int cannot represent non-integer value: "ten"', locations: [{ line: 1, column: 16 }], extensions: bad('first') }],
    ],
    [
      'a variable of the wrong type',
      'query($n: Int) { users(first: $n) { totalCount } }',
      { n: 'ten' },
      [
        {
          message: 'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
          locations: [{ line: 1, column: 7 }],
          extensions: bad('first'),
        },
      ],
    ],
    [
      'a required input field left out of a literal',
      'mutation { createUser(input: { password: "Secret-1", role: ADMIN }) { user { id } } }',
      undefined,
      [
        {
          message: 'Field "CreateUserInput.email" of required type "EmailAddress!" was not provided.',
          locations: [{ line: 1, column: 30 }],
          extensions: bad('input', 'email'),
        },
      ],
    ],
    [
      'a required input field left out of a variable, and an unknown one',
      CREATE_USER,
      { input: { password: 'Secret-1', role: 'ADMIN', nickname: 'ann' } },
      [
        {
          message:
            'Variable "$input" got invalid value { password: "Secret-1", role: "ADMIN", nickname: "ann" }; Field "email" of required type "EmailAddress!" was not provided.',
          locations: [{ line: 1, column: 10 }],
          extensions: bad('input', 'email'),
        },
        {
          message:
            'Variable "$input" got invalid value { password: "Secret-1", role: "ADMIN", nickname: "ann" }; Field "nickname" is not defined by type "CreateUserInput". Did you mean "firstName" or "lastName"?',
          locations: [{ line: 1, column: 10 }],
          extensions: bad('input', 'nickname'),
        },
      ],
    ],
    [
      'an unknown field in a literal',
      'mutation { createUser(input: { email: "ann@fabrikam.example", password: "Secret-1", role: ADMIN, nickname: "ann" }) { user { id } } }',
      undefined,
      [
        {
          message: 'Field "nickname" is not defined by type "CreateUserInput". Did you mean "firstName" or "lastName"?',
          locations: [{ line: 1, column: 98 }],
          extensions: bad('input', 'nickname'),
        },
      ],
    ],
    [
      'a required variable not given',
      CREATE_USER,
      undefined,
      [
        {
          message: 'Variable "$input" of required type "CreateUserInput!" was not provided.',
          locations: [{ line: 1, column: 10 }],
          extensions: bad('input'),
        },
      ],
    ],
    [
      'a value that free text would split: the path is read from the inner message, not the value',
      CREATE_USER,
      { input: { ...user, firstName: 'a; b at "input.role"', country: 'XX' } },
      [
        {
          message: 'Variable "$input" got invalid value "XX" at "input.country"; Value is not a valid country code: XX',
          locations: [{ line: 1, column: 10 }],
          extensions: bad('input', 'country'),
        },
      ],
    ],
  ];

  test.each(cases)('%s', async (_, query, variables, errors) => {
    const res = await gw.query(query, variables);
    expect(res).toEqual({ errors });
    expectClean(res);
    expect(gw.requests()).toEqual([]);
  });

  test('an argument the gateway refuses before any call is BAD_USER_INPUT at the same place, with the field path', async () => {
    const query = 'query($filter: UserFilter) { users(filter: $filter) { totalCount } }';
    const res = await gw.query(query, { filter: { id: { in: ['nope'] } } });
    expect(res).toEqual({
      data: { users: null },
      errors: [
        {
          message: '"nope" is not an ID issued by this gateway; use the `id` of a node.',
          locations: [{ line: 1, column: 30 }],
          path: ['users'],
          extensions: bad('filter', 'id', 'in', '0'),
        },
      ],
    });
    expect(gw.requests()).toEqual([]);
  });

  test('a mistake in the document itself stays GRAPHQL_VALIDATION_FAILED, with no field', async () => {
    const res = await gw.query('query($c: String) { users(filter: { country: { eq: $c } }) { totalCount } }', { c: 'US' });
    expect(res).toEqual({
      errors: [
        {
          message: 'Variable "$c" of type "String" used in position expecting type "CountryCode".',
          locations: [
            { line: 1, column: 7 },
            { line: 1, column: 52 },
          ],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });
});
