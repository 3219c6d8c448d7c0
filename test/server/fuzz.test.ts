import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS } from '../../src/simulators/integr8/index.js';
import { daysAgo, startTestGateway, type TestGateway } from '../helpers/gateway.js';

// A bounded, deterministic fuzz of the gateway's HTTP surface: a few hundred malformed or
// hostile requests from a seeded PRNG. Whatever a client sends, the gateway answers in time,
// never with a 5xx, always with GraphQL-shaped JSON whose every error has a string code and
// holds no stack trace or vendor credential. FUZZ_SEED=<n> replays another sequence.

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
/** Time one request may take before it counts as a hang. */
const TIMEOUT_MS = 5_000;
/** Requests in flight at once. */
const CONCURRENCY = 8;

let gw: TestGateway;
/** A normal query and its answer before the fuzz run; the same query must answer the same after it. */
const NORMAL = `{ publishers(first: 2) { totalCount nodes { id name } } }`;
let normalBefore: unknown;
beforeAll(async () => {
  gw = await startTestGateway();
  normalBefore = await gw.query(NORMAL);
});
afterAll(() => gw.stop());

/** One generated request, as sent. */
interface FuzzCase {
  kind: string;
  /** Position within its kind, to find it again. */
  index: number;
  method: 'GET' | 'POST';
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

type MakeCase = (rng: Rng) => Omit<FuzzCase, 'kind' | 'index'>;

const INTEGRATION = INTEGR8_INTEGRATION_IDS[0];
/** Today at 00:00 UTC: valid dates near the simulators' data, the same all day. */
const TODAY = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Documents that run as they are, the raw material the generators spoil. */
const VALID_DOCUMENTS = [
  `{ __typename }`,
  `{ publishers(first: 2) { totalCount nodes { id name } } }`,
  `query Affiliates($n: Int) { affiliates(first: $n) { totalCount } }`,
  `{ offers(integrationId: "${INTEGRATION}", first: 1) { nodes { id name } } }`,
  `{ clicks(source: { irev: {} }, first: 1) { totalCount } }`,
  `query Many { a: __typename b: publishers(first: 1) { pageInfo { hasNextPage } } }`,
];

/** JSON values of every type, as raw JSON text (so `1e309` reaches the server as written). */
const HOSTILE_JSON = [
  '1',
  '-1',
  '0',
  '-0',
  '1.5',
  'true',
  'false',
  'null',
  '{}',
  '[]',
  '[1]',
  '{"a":1}',
  '""',
  '"str"',
  '1e308',
  '1e309',
  '-1e309',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  '"NaN"',
  '"Infinity"',
  '"-0"',
  '"0x10"',
  '"1e3"',
  '1e3',
  '" 5 "',
  '"\\u0000"',
  '{"__proto__":{"polluted":true}}',
  '[[[[[[[[[[]]]]]]]]]]',
];

/** Strings that have broken parsers, loggers and URL builders before. */
const ODD_STRINGS = [
  '',
  ' ',
  '😀',
  '👩‍👩‍👧‍👦',
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  '\u200f\u200e\u200b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  'x'.repeat(10_000),
  '🙂'.repeat(2_500),
  '\r\n\t',
  '"\\',
  '\\u0041',
  '${jndi:ldap://x}',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00%ff%2e%2e',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '{"$gt":""}',
  'ÿþ',
  '\u0085\u2028\u2029',
  '?&=#/',
];

/** DateTime inputs that are not ISO 8601 instants with an offset, or are at its edges. */
const ODD_DATES: unknown[] = [
  '2025-13-01T00:00:00Z',
  '2025-02-30T00:00:00Z',
  '2025-03-01T24:00:01Z',
  '2025-03-01',
  '2025-03-01T12:00:00',
  '2025-03-01T12:00:00+25:00',
  '2025-03-01T12:00:00+0100',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '0000-00-00T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  'yesterday',
  '',
  ' ',
  'NaN',
  '2025-03-01T12:00:00Z\u0000',
  '２０２５-03-01T00:00:00Z',
  '2025-W09-6T00:00:00Z',
  '2025-03-01T12:00:00.123456789012345Z',
  1_700_000_000,
  -1,
  // eslint-disable-next-line no-loss-of-precision -- 1e309 is Infinity in JSON's eyes, on purpose
  1e309,
  true,
  {},
  [],
  null,
];

/** TimeZone inputs that are not IANA names, or barely are. */
const ODD_ZONES: unknown[] = [
  'Mars/Olympus',
  'UTC+25',
  'Etc/GMT+14',
  '',
  'utc',
  'Europe/Berlin ',
  'europe/berlin',
  '../../../etc/passwd',
  'Europe/Berlin\u0000',
  'America/Argentina/ComodRivadavia',
  'EST5EDT',
  'GMT',
  'Z',
  '+01:00',
  'Asia/Kolkata',
  'UTC',
  '\u202eUTC',
  123,
  {},
  [],
  null,
];

const CONTENT_TYPES = [
  'text/plain',
  'text/plain;charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/graphql',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/jsonp',
  'application/json-seq',
  'application/graphql-response+json',
  'application/json;;;',
  '*/*',
  'image/png',
  'application/xml',
  '',
  'application/octet-stream',
];

const ACCEPTS = [
  'application/json',
  'application/graphql-response+json',
  '*/*',
  'application/xml',
  'text/event-stream',
  'multipart/mixed; deferSpec=20220824',
  'application/json;q=0',
  '*/*;q=0',
  'application/graphql-response+json, application/json;q=0.9',
];

/** Headers that get past Apollo's CSRF prevention on GET and simple POSTs (or do not). */
const PREFLIGHT: Record<string, string>[] = [{}, { 'apollo-require-preflight': 'true' }, { 'x-apollo-operation-name': 'Fuzz' }];

/** A JSON request body; the values of `raw` are spliced in as raw JSON text. */
function requestBody(fields: Record<string, unknown>, raw: Record<string, string> = {}): string {
  const parts = Object.entries(fields).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  for (const [key, text] of Object.entries(raw)) parts.push(`${JSON.stringify(key)}:${text}`);
  return `{${parts.join(',')}}`;
}

const post = (body: string | Uint8Array, headers: Record<string, string> = JSON_HEADERS) => ({ method: 'POST' as const, path: '/', headers, body });

/** An identifier-ish string: letters, digits, underscores, sometimes an introspection name. */
function identifier(rng: Rng): string {
  if (rng.chance(0.2)) return rng.pick(['__schema', '__type', 'nodes', 'node', 'Query', 'null', 'true', 'on', 'fragment']);
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';
  return rng.pick([...first]) + rng.string(rng.int(0, 30), first + '0123456789');
}

/** A string of any code points, lone surrogates and controls included. */
function anyString(rng: Rng, max: number): string {
  let s = '';
  const length = rng.int(0, max);
  for (let i = 0; i < length; i++) {
    const plane = rng.int(0, 3);
    const code = plane === 0 ? rng.int(0, 0x7f) : plane === 1 ? rng.int(0x80, 0xffff) : rng.int(0x10000, 0x10ffff);
    s += String.fromCodePoint(code);
  }
  return s;
}

const GENERATORS: Record<string, { count: number; make: MakeCase }> = {
  'random bytes as the body': {
    count: 30,
    make: (rng) => {
      const bytes = rng.bytes(rng.int(0, 512));
      const type = rng.pick(['application/json', 'application/graphql-response+json', 'application/octet-stream', 'text/plain']);
      return post(bytes, { 'content-type': type, ...rng.pick(PREFLIGHT) });
    },
  },
  'valid JSON with random bytes spliced in': {
    count: 15,
    make: (rng) => {
      const bytes = new TextEncoder().encode(requestBody({ query: rng.pick(VALID_DOCUMENTS), variables: { n: 1 } }));
      for (let i = rng.int(1, 4); i > 0; i--) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
      return post(bytes);
    },
  },
  'truncated JSON': {
    count: 30,
    make: (rng) => {
      const whole = requestBody({ query: rng.pick(VALID_DOCUMENTS), variables: { n: 1, s: 'x' }, operationName: null });
      const cut = whole.slice(0, rng.int(1, whole.length - 1));
      return post(rng.chance(0.2) ? cut + rng.pick(['}', ']', '"', ',', '}}}']) : cut);
    },
  },
  'wrong JSON types for query, variables, operationName, extensions': {
    count: 40,
    make: (rng) => {
      const raw: Record<string, string> = {};
      const fields: Record<string, unknown> = {};
      // Each member is absent, valid, or of a hostile type; at least one is hostile.
      const hostile = rng.int(0, 3);
      ['query', 'variables', 'operationName', 'extensions'].forEach((key, i) => {
        if (i === hostile || rng.chance(0.3)) raw[key] = rng.pick(HOSTILE_JSON);
        else if (key === 'query') fields.query = rng.pick(VALID_DOCUMENTS);
        else if (key === 'variables' && rng.chance(0.5)) fields.variables = { n: 1 };
        // eslint-disable-next-line no-dupe-else-if -- each rng.chance is a new draw
        else if (key === 'operationName' && rng.chance(0.3)) fields.operationName = 'Affiliates';
      });
      return post(requestBody(fields, raw));
    },
  },
  'documents with syntax errors': {
    count: 40,
    make: (rng) => {
      const fixed = [
        '{',
        '}',
        '{}',
        'query',
        'query {',
        '{ a(: 1) }',
        '{ a(b: ) }',
        '{ "str" }',
        '{ a(b: """) }',
        '\u0000',
        '{ a @ }',
        '...',
        'query Q($: Int) { a }',
        '{ a(b: 1.2.3) }',
        '{ a(b: 0x10) }',
        '{ a(b: 1e) }',
        '{ a(b: "\\u{110000}") }',
        '{ a(b: "\\uD800") }',
        '{ __typename }}',
        'query A { __typename } query A { __typename }',
        '# only a comment',
        '{ a(b: $) }',
        '"""unterminated',
      ];
      if (rng.chance(0.3)) return post(requestBody({ query: rng.pick(fixed) }));
      // Spoil a valid document: delete, insert, truncate or duplicate at a random place.
      let query = rng.pick(VALID_DOCUMENTS);
      const at = rng.int(0, query.length - 1);
      const spoil = rng.int(0, 3);
      if (spoil === 0) query = query.slice(0, at) + query.slice(at + 1);
      else if (spoil === 1) query = query.slice(0, at) + rng.pick([...'{}()[]:$@!."#,=|&\u0000\u00a0😀']) + query.slice(at);
      else if (spoil === 2) query = query.slice(0, at);
      else query = query.slice(0, at) + query.slice(rng.int(0, at));
      return post(requestBody({ query }));
    },
  },
  'unknown fields, types, arguments and directives': {
    count: 30,
    make: (rng) => {
      const name = identifier(rng);
      const query = rng.pick([
        `{ ${name} }`,
        `{ publishers(first: 1) { ${name} } }`,
        `query($x: ${name}) { __typename }`,
        `{ ... on ${name} { __typename } }`,
        `{ __typename @${name} }`,
        `{ publishers(${name}: 1) { totalCount } }`,
        `{ node(id: "x") { ... on ${name} { id } } }`,
        `{ __type(name: ${JSON.stringify(name)}) { name fields { name } } }`,
        `mutation { ${name} }`,
        `subscription { ${name} }`,
        `fragment F on Query { __typename }`,
        `{ affiliate }`,
        `{ publishers }`,
        `{ __typename { ${name} } }`,
        `{ publishers(first: 1, filter: { ${name}: { eq: "x" } }) { totalCount } }`,
        `{ publishers(first: 1, sort: [{ field: ${name.toUpperCase()} }]) { totalCount } }`,
      ]);
      return post(requestBody({ query }));
    },
  },
  'wrong variable types': {
    count: 60,
    make: (rng) => {
      const [type, query] = rng.pick([
        ['Int', `query($v: Int) { publishers(first: $v) { totalCount } }`],
        ['Int', `query($v: Int) { publishers(page: 1, pageSize: $v) { totalCount } }`],
        ['Int', `query($v: Int) { affiliates(last: $v) { totalCount } }`],
        ['Int', `query($v: Int) { affiliates(page: $v, pageSize: 5) { totalCount } }`],
        ['Int', `query($v: Int) { offers(integrationId: "${INTEGRATION}", pageSize: $v) { totalCount } }`],
        ['Int', `query($v: Int) { clicks(source: { irev: { affiliateId: $v } }, first: 1) { totalCount } }`],
        ['Int', `query($v: Int) { publishers(first: 1, filter: { incrementalId: { gt: $v } }) { totalCount } }`],
        ['Int!', `query($v: Int!) { publishers(first: $v) { totalCount } }`],
        ['[Int!]', `query($v: [Int!]) { publishers(first: 1, filter: { incrementalId: { in: $v } }) { totalCount } }`],
        ['String', `query($v: String) { affiliates(search: $v, first: 1) { totalCount } }`],
        ['String', `query($v: String) { publishers(first: 1, after: $v) { totalCount } }`],
        ['ID!', `query($v: ID!) { node(id: $v) { id } }`],
        ['[ID!]!', `query($v: [ID!]!) { nodes(ids: $v) { id } }`],
        ['Boolean', `query($v: Boolean) { publishers(first: 1, filter: { active: { eq: $v } }) { totalCount } }`],
        ['SortDirection', `query($v: SortDirection) { publishers(first: 1, sort: [{ field: NAME, direction: $v }]) { totalCount } }`],
        ['PublisherFilter', `query($v: PublisherFilter) { publishers(first: 1, filter: $v) { totalCount } }`],
      ] as const);
      const value = rng.chance(0.8) ? rng.pick(HOSTILE_JSON) : JSON.stringify(rng.pick(ODD_STRINGS));
      // Sometimes the variable is declared under another type than the argument's.
      const declared = rng.chance(0.15)
        ? query.replace(`$v: ${type}`, `$v: ${rng.pick(['String', 'Float', 'JSON', 'DateTime', '[Int]', 'Int!'])}`)
        : query;
      return post(requestBody({ query: declared }, { variables: `{"v":${value}}` }));
    },
  },
  'odd strings': {
    count: 40,
    make: (rng) => {
      const s = rng.chance(0.7) ? rng.pick(ODD_STRINGS) : anyString(rng, 200);
      const where = rng.int(0, 7);
      if (where === 0) return post(requestBody({ query: `query($s: String) { affiliates(search: $s, first: 1) { totalCount } }`, variables: { s } }));
      if (where === 1)
        return post(
          requestBody({ query: `query($s: String) { publishers(first: 1, filter: { name: { like: $s } }) { totalCount } }`, variables: { s } }),
        );
      if (where === 2) return post(requestBody({ query: `query($s: ID!) { node(id: $s) { id } }`, variables: { s } }));
      if (where === 3) return post(requestBody({ query: `query($s: ID!) { offers(integrationId: $s, first: 1) { totalCount } }`, variables: { s } }));
      if (where === 4) return post(requestBody({ query: VALID_DOCUMENTS[2], operationName: s }));
      // In the document: escaped in a string literal, raw in a comment or block string.
      if (where === 5) return post(requestBody({ query: `{ affiliates(search: ${JSON.stringify(s)}, first: 1) { totalCount } }` }));
      if (where === 6) return post(requestBody({ query: `# ${s}\n{ __typename }` }));
      return post(requestBody({ query: `{ affiliates(search: """${s}""", first: 1) { totalCount } }` }));
    },
  },
  'malformed dates and time zones': {
    count: 40,
    make: (rng) => {
      const date = (): unknown => (rng.chance(0.6) ? rng.pick(ODD_DATES) : daysAgo(rng.int(-2, 2), TODAY));
      const zone = (): unknown => (rng.chance(0.8) ? rng.pick(ODD_ZONES) : 'Europe/Berlin');
      const report = { integrationId: rng.chance(0.7) ? INTEGRATION : rng.pick(ODD_STRINGS), from: date(), to: date(), timezone: zone() };
      const where = rng.int(0, 5);
      if (where === 0)
        return post(requestBody({ query: `query($q: ReportQuery!) { impressions(query: $q, first: 1) { totalCount } }`, variables: { q: report } }));
      if (where === 1)
        return post(
          requestBody({ query: `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 1) { totalCount } }`, variables: { q: report } }),
        );
      if (where === 2) {
        // A bad end at least, so no case reads a long Everflow click stream.
        const q = { from: date(), to: rng.pick(ODD_DATES) };
        return post(
          requestBody({ query: `query($q: EverflowClickQuery!) { clicks(source: { everflow: $q }, first: 1) { totalCount } }`, variables: { q } }),
        );
      }
      if (where === 3)
        return post(
          requestBody({
            query: `query($d: DateTime) { publishers(first: 1, filter: { createdAt: { gt: $d } }) { totalCount } }`,
            variables: { d: date() },
          }),
        );
      if (where === 4)
        return post(
          requestBody({
            query: `query($d: DateTime, $z: TimeZone) { irev: clicks(source: { irev: { from: $d } }, first: 1) { totalCount } z: __type(name: "TimeZone") { name } }`,
            variables: { d: date(), z: zone() },
          }),
        );
      // As literals in the document.
      const literal = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'null'));
      return post(
        requestBody({
          query: `{ impressions(query: { integrationId: "${INTEGRATION}", from: ${literal(date())}, to: ${literal(date())}, timezone: ${literal(zone())} }, first: 1) { totalCount } }`,
        }),
      );
    },
  },
  'deep nesting, many aliases, directives and fragments': {
    count: 25,
    make: (rng) => {
      const n = rng.pick([5, 13, 31, 60, 200, 1000, 3000]);
      const shape = rng.int(0, 6);
      let query: string;
      if (shape === 0) query = `{ offer(id: "x") { ${'events { nodes { offer { '.repeat(Math.min(n, 300))}id${' } } }'.repeat(Math.min(n, 300))} } }`;
      else if (shape === 1) query = `{ __schema { types { fields { type { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } } } }`;
      else if (shape === 2) query = `{ ${Array.from({ length: n }, (_, i) => `a${i}: publishers(first: 1) { totalCount }`).join(' ')} }`;
      else if (shape === 3) query = `{ __typename${' @skip(if: false)'.repeat(Math.min(n, 1000))} }`;
      else if (shape === 4) {
        // A fragment bomb: each fragment spreads the previous one twice.
        const k = Math.min(n, 40);
        query = `query { ...F${k} } fragment F0 on Query { publishers(first: 1) { totalCount } }`;
        for (let i = 1; i <= k; i++) query += ` fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`;
      } else if (shape === 5) query = `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }`;
      else query = `{ ${'a'.repeat(n * 10)} }`;
      return post(requestBody({ query }));
    },
  },
  'empty, scalar and array bodies': {
    count: 25,
    make: (rng) => {
      const one = () => requestBody({ query: rng.pick(VALID_DOCUMENTS) });
      const body = rng.pick([
        () => '',
        () => ' ',
        () => '{}',
        () => '[]',
        () => '[{}]',
        () => '[1,2]',
        () => 'null',
        () => '0',
        () => '"x"',
        () => 'true',
        () => '[null]',
        () => '[[]]',
        () => `[${one()}]`,
        () => `[[${one()}]]`,
        () => `[${Array.from({ length: rng.int(2, 10) }, one).join(',')}]`,
        () => `[${Array.from({ length: rng.int(11, 50) }, one).join(',')}]`,
        () => `[${one()},${rng.pick(HOSTILE_JSON)},${requestBody({ query: '{ nope }' })}]`,
        () => '['.repeat(5000) + ']'.repeat(5000),
        () => `{"query":"{ __typename }","variables":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
        () => `\ufeff${one()}`,
        () => `${one()} trailing`,
        () => `{"query":"{ nope }","query":"{ __typename }"}`,
        () => requestBody({ query: `{ __typename }`, pad: 'x'.repeat(rng.int(102_400, 150_000)) }),
      ])();
      return post(body);
    },
  },
  'GET with odd query strings': {
    count: 30,
    make: (rng) => {
      const enc = encodeURIComponent;
      const params: string[] = [];
      if (rng.chance(0.85)) {
        const query = rng.pick([
          ...VALID_DOCUMENTS,
          '{',
          '{ nope }',
          'mutation { __typename }',
          `{ affiliates(search: ${JSON.stringify(rng.pick(ODD_STRINGS).slice(0, 500))}, first: 1) { totalCount } }`,
        ]);
        params.push(`query=${enc(query)}`);
      }
      if (rng.chance(0.4)) params.push(`variables=${enc(rng.pick(['{', 'null', '[]', '"x"', '{"n":"abc"}', '{"n":1e309}', '%%', '{"n":2}']))}`);
      if (rng.chance(0.2)) params.push(`operationName=${enc(rng.pick(['Affiliates', '', '\u0000', '😀']))}`);
      if (rng.chance(0.2)) params.push(`extensions=${enc(rng.pick(['{', '{"persistedQuery":{"version":1,"sha256Hash":"abc"}}', '[]', '1']))}`);
      if (rng.chance(0.3))
        params.push(
          rng.pick([
            '%',
            '%zz',
            'query',
            'query=&query=',
            '=',
            '&&&',
            'query=%C0%AF',
            'query=%00',
            'query=%7B__typename%7D',
            'a'.repeat(5000),
            '%F0%9F%98',
            'query[]=1',
          ]),
        );
      const search = rng.shuffle(params).join('&');
      const path = rng.pick(['/', '/', '/graphql', '/..%2f..%2f', '//']) + (search ? `?${search}` : '');
      return { method: 'GET', path, headers: { accept: rng.pick(ACCEPTS.slice(0, 3)), ...rng.pick(PREFLIGHT) } };
    },
  },
  'odd content types and accept headers': {
    count: 25,
    make: (rng) => {
      const headers: Record<string, string> = { ...rng.pick(PREFLIGHT) };
      const type = rng.pick(CONTENT_TYPES);
      if (rng.chance(0.9)) headers['content-type'] = type;
      if (rng.chance(0.5)) headers.accept = rng.pick(ACCEPTS);
      const body = rng.pick([
        requestBody({ query: rng.pick(VALID_DOCUMENTS) }),
        rng.pick(VALID_DOCUMENTS),
        `query=${encodeURIComponent('{ __typename }')}`,
        '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--\r\n',
      ]);
      return post(body, headers);
    },
  },
};

const KINDS = Object.keys(GENERATORS);

test.each(KINDS)('%s: every request gets a clean GraphQL answer', async (kind) => {
  const rng = new Rng(SEED + KINDS.indexOf(kind) * 1_000_003);
  const { count, make } = GENERATORS[kind];
  const cases: FuzzCase[] = Array.from({ length: count }, (_, index) => ({ kind, index, ...make(rng) }));
  const problems = (await mapLimit(cases, CONCURRENCY, check)).flat();
  // Every bad case at once, each printed in full enough to replay it.
  expect(problems).toEqual([]);
});

test('the gateway still answers a normal query the same after the fuzz run', async () => {
  expect(normalBefore).toMatchObject({ data: { publishers: { totalCount: expect.any(Number) } } });
  expect(await gw.query(NORMAL)).toEqual(normalBefore);
});

// Pinned cases the fuzz run found, each with the answer it should get.

// GraphQL over HTTP: a request error is 200 in application/json (what `*/*` gets), 400 in application/graphql-response+json.
const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };

test('a document with a syntax error is GRAPHQL_PARSE_FAILED (200 in JSON, 400 in graphql-response+json), not a 500', async () => {
  const body = {
    errors: [{ message: expect.stringMatching(/^Syntax Error: Expected Name, found <EOF>\./), extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
  };
  expect(await postJson(requestBody({ query: '{' }))).toMatchObject({ status: 200, body });
  expect(await postJson(requestBody({ query: '{' }), GRAPHQL_RESPONSE)).toMatchObject({ status: 400, body });
});

test('a document over the token limit is QUERY_LIMIT_EXCEEDED (200 in JSON, 400 in graphql-response+json), not a 500', async () => {
  const body = { errors: [{ extensions: { code: 'QUERY_LIMIT_EXCEEDED' } }] };
  expect(await postJson(requestBody({ query: `{ ${'__typename '.repeat(6000)}}` }))).toMatchObject({ status: 200, body });
  expect(await postJson(requestBody({ query: `{ ${'__typename '.repeat(6000)}}` }), GRAPHQL_RESPONSE)).toMatchObject({ status: 400, body });
});

test('the request target // is served like /, not a 500', async () => {
  const get = (path: string) =>
    fetch(gw.url.replace(/\/$/, '') + path, { headers: { 'apollo-require-preflight': 'true' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  expect(await answer(await get('//?query=%7B__typename%7D'))).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  expect(await answer(await get('//?query=%7B__typename%7D'))).toEqual(await answer(await get('/?query=%7B__typename%7D')));
});

test('the fuzz run is the same sequence every time', () => {
  const sample = (seed: number) => {
    const rng = new Rng(seed);
    return KINDS.map((kind) => describeCase({ kind, index: 0, ...GENERATORS[kind].make(rng) }));
  };
  expect(sample(SEED)).toEqual(sample(SEED));
});

// Private:

/** Sends one case and returns what is wrong with the answer (nothing when it is clean). */
async function check(c: FuzzCase): Promise<string[]> {
  const problems: string[] = [];
  const fail = (problem: string, status?: number, text?: string) =>
    problems.push(`${describeCase(c)}\n  -> ${problem}${status === undefined ? '' : `; got ${status}: ${show(text ?? '', 600)}`}`);
  let status: number;
  let text: string;
  try {
    const response = await fetch(gw.url.replace(/\/$/, '') + c.path, {
      method: c.method,
      headers: c.headers,
      body: c.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    fail(
      `no answer (connection lost, or over ${TIMEOUT_MS} ms): ${error instanceof Error ? `${error.name}: ${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error)}`,
    );
    return problems;
  }
  if (status >= 500) fail('a server error', status, text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail('the body is not JSON', status, text);
    return problems;
  }
  const results = Array.isArray(body) ? body : [body];
  if (results.length === 0) fail('an empty batch answer', status, text);
  for (const result of results) {
    const { data, errors } = (result ?? {}) as { data?: unknown; errors?: unknown };
    const hasErrors = Array.isArray(errors) && errors.length > 0;
    if (!hasErrors && (typeof data !== 'object' || data === null)) fail('neither errors nor a data object', status, text);
    if (errors !== undefined && !Array.isArray(errors)) fail('errors is not an array', status, text);
    for (const error of Array.isArray(errors) ? errors : []) {
      const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown } };
      if (typeof extensions?.code !== 'string') fail(`an error without a string extensions.code: ${show(JSON.stringify(error), 300)}`, status, text);
      if (typeof message !== 'string') fail(`an error without a string message: ${show(JSON.stringify(error), 300)}`, status, text);
      else if (message.includes('    at ') || extensions?.stacktrace !== undefined) fail(`a stack trace: ${show(message, 300)}`, status, text);
    }
  }
  for (const secret of Object.values(SIMULATOR_KEYS)) if (text.includes(secret)) fail(`the simulator key ${secret}`, status, text);
  return problems;
}

/** Posts a JSON body and returns the status and parsed body. */
async function postJson(body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(gw.url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, body: await response.json() };
}

/** The case as one line: enough to replay it. */
function describeCase(c: FuzzCase): string {
  const body =
    c.body === undefined
      ? ''
      : typeof c.body === 'string'
        ? ` body=${show(JSON.stringify(c.body), 800)}`
        : ` body(base64)=${show(Buffer.from(c.body).toString('base64'), 800)}`;
  return `[${c.kind} #${c.index}, seed ${SEED}] ${c.method} ${show(c.path, 400)} headers=${JSON.stringify(c.headers)}${body}`;
}

/** Cuts long text, saying how long it was. */
function show(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
}

/** Maps with at most `limit` calls in flight; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same sequence. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  string(length: number, alphabet: string): string {
    return Array.from({ length }, () => alphabet[this.int(0, alphabet.length - 1)]).join('');
  }

  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.int(0, 255));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
