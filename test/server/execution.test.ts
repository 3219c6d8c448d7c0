import { startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { daysAgo, startTestGateway, type TestGateway } from '../helpers/gateway.js';

// graphql-jit (the default executor) answers exactly as graphql-js does: the same operations
// against two gateways on the same simulators, one per executor, give byte-equal bodies and the
// same upstream calls; errors, partial data and variable errors included.

const NO_CACHE = {
  CACHE_TTL_ENTITY_SECONDS: '0',
  CACHE_TTL_LIST_SECONDS: '0',
  CACHE_TTL_REPORT_SECONDS: '0',
  CACHE_TTL_CLICK_STREAM_SECONDS: '0',
  RETRY_LIMIT: '0',
  CIRCUIT_FAILURE_THRESHOLD: '1000',
};

let sims: Simulators;
let jit: TestGateway;
let js: TestGateway;
beforeAll(async () => {
  sims = await startSimulators();
  jit = await startTestGateway({ sims, env: { ...NO_CACHE, GRAPHQL_EXECUTOR: 'jit' } });
  js = await startTestGateway({ sims, env: { ...NO_CACHE, GRAPHQL_EXECUTOR: 'graphql-js' } });
});
afterAll(async () => {
  await Promise.all([jit?.stop(), js?.stop()]);
  await sims?.stop();
});

// Every row has its variables ({} for none): with two values jest would pass `done` as the third.
const CASES: [string, string, Record<string, unknown>][] = [
  [
    'a list with nested relations, aliases and a fragment',
    `query Clicks { a: clicks(source: { irev: {} }, first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { ...C affiliate { nativeId name } offer { name advertiser { name } } } } }
     fragment C on Click { __typename id nativeId time ip country isUnique irev { hash } }`,
    {},
  ],
  [
    'variables, and a list of publishers',
    `query P($n: Int) { publishers(first: $n) { nodes { id name email website country timezone active createdAt } } }`,
    { n: 30 },
  ],
  [
    'a click stream with its truncation fields',
    `query E($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 50) { truncated nodes { id time revenue everflow { transactionId } } } }`,
    { from: daysAgo(2), to: daysAgo(1) },
  ],
  ['a variable of the wrong type', `query P($n: Int) { publishers(first: $n) { totalCount } }`, { n: 'many' }],
  ['an argument the gateway refuses', `{ publishers(first: 100000) { totalCount } }`, {}],
  ['an unknown global ID', `{ node(id: "nope") { id } }`, {}],
  ['introspection', `{ __schema { queryType { name } mutationType { name } } __type(name: "Vendor") { enumValues { name } } }`, {}],
];

test.each(CASES)('%s: the same answer and the same upstream calls', async (_, query, variables) => {
  sims.irev.clearRequests();
  const fromJit = await jit.query(query, variables);
  const jitCalls = [...sims.everflow.requests(), ...sims.irev.requests(), ...sims.integr8.requests()].map((r) => `${r.method} ${r.path}`);
  jit.clearRequests();
  const fromJs = await js.query(query, variables);
  const jsCalls = [...sims.everflow.requests(), ...sims.irev.requests(), ...sims.integr8.requests()].map((r) => `${r.method} ${r.path}`);
  js.clearRequests();
  expect(JSON.stringify(fromJit)).toBe(JSON.stringify(fromJs));
  expect(jitCalls).toEqual(jsCalls);
});

test('a vendor failing mid-query: the same partial data and the same coded error at the same path', async () => {
  const query = `{ ok: publishers(first: 2) { nodes { id } } failing: clicks(source: { irev: {} }, first: 2) { nodes { id } } }`;
  const answers = [];
  for (const gateway of [jit, js]) {
    await fetch(`${sims.irev.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/backend/open-api/v1/users/clicks', status: 500, times: 1 }),
    });
    answers.push(await gateway.query(query));
  }
  expect(answers[0].errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
  expect(answers[0].errors?.[0]?.path).toEqual(['failing']);
  expect(answers[0].data?.ok.nodes).toHaveLength(2);
  expect(JSON.stringify(answers[0])).toBe(JSON.stringify(answers[1]));
});
