import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(gw.url, { method: 'POST', headers, body });

test('a query deeper than MAX_QUERY_DEPTH is refused before anything runs', async () => {
  const deep = `{ clicks(source: { irev: {} }) { edges { node { offer { advertiser { manager { id } } } } } } }`;
  expect((await gw.query(deep)).errors).toBeUndefined();
  const nested = `{ offers(integrationId: "x") { nodes { events { nodes { offer { events { nodes { offer { events { nodes { offer { advertiser { manager { id } } } } } } } } } } } } } }`;
  gw.clearRequests();
  const res = await gw.query(nested);
  expect(res.errors).toEqual([
    { message: expect.stringMatching(/^Query depth limit of 12 exceeded, found \d+\.$/), extensions: { code: 'QUERY_LIMIT_EXCEEDED' } },
  ]);
  expect(gw.requests()).toEqual([]);
});

test('more than MAX_QUERY_ALIASES aliases are refused', async () => {
  const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: users(first: 1) { totalCount }`).join(' ');
  const res = await gw.query(`{ ${aliases} }`);
  expect(res.errors?.[0]).toMatchObject({ message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'QUERY_LIMIT_EXCEEDED' } });
  expect(gw.requests()).toEqual([]);
});

test('a query whose lists multiply past MAX_QUERY_COST is refused, with the cost', async () => {
  const costly = `{ offers(integrationId: "x", first: 100) { nodes { events(first: 100) { nodes { id name description active } } } } }`;
  const res = await gw.query(costly);
  expect(res.errors?.[0].extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
  expect(res.errors?.[0].message).toMatch(/could cost \d+ field reads, over the limit of 50000/);
  expect(gw.requests()).toEqual([]);
  // Variables count: the same shape with small pages passes.
  const small = await gw.query(`query($n: Int) { publishers(first: $n) { nodes { name manager { email } } } }`, { n: 20 });
  expect(small.errors).toBeUndefined();
});

test('the cost of one document follows the variables in its page sizes, whatever else varies', async () => {
  // Costs are remembered per document and size variables' values: the same text must be judged again when they change.
  const query = `query($outer: Int, $inner: Int, $id: ID!) { offers(integrationId: $id, first: $outer) { nodes { ...E } } }
    fragment E on Offer { events(first: $inner) { nodes { id name description active } } }`;
  const cost = async (variables: Record<string, unknown>) =>
    Number(/could cost (\d+) field reads/.exec((await gw.query(query, variables)).errors?.[0]?.message ?? '')?.[1]);
  expect(await cost({ outer: 100, inner: 100, id: 'x' })).toBe(1 + 100 * (1 + 1 + 100 * 5));
  expect(await cost({ outer: 100, inner: 100, id: 'y' })).toBe(1 + 100 * (1 + 1 + 100 * 5));
  expect(await cost({ outer: 100, inner: 120, id: 'x' })).toBe(1 + 100 * (1 + 1 + 120 * 5));
  expect(gw.requests()).toEqual([]);
  // Small pages pass: refused documents are not remembered as refused.
  const small = await gw.query(query, { outer: 2, inner: 2, id: 'x' });
  expect(small.errors?.[0]?.extensions?.code).not.toBe('QUERY_LIMIT_EXCEEDED');
});

test('batches: answered up to MAX_BATCH_OPERATIONS, refused above', async () => {
  const op = { query: '{ users(first: 1) { totalCount } }' };
  const two = await post(JSON.stringify([op, op]));
  expect(two.status).toBe(200);
  expect(await two.json()).toEqual([expect.objectContaining({ data: { users: { totalCount: expect.any(Number) } } }), expect.anything()]);
  const eleven = await post(JSON.stringify(Array(11).fill(op)));
  expect(eleven.status).toBe(400);
  expect(await eleven.json()).toEqual({ errors: [{ message: expect.stringMatching(/at most 10 operations/), extensions: { code: 'BAD_REQUEST' } }] });
});

test('a document over MAX_REQUEST_BYTES is refused with 413', async () => {
  const response = await post(JSON.stringify({ query: `{ users { totalCount } } # ${'x'.repeat(120_000)}` }));
  expect(response.status).toBe(413);
  expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
});

test('CSRF prevention stays on: a simple-request content type without a preflight header is refused', async () => {
  const response = await post(JSON.stringify({ query: '{ users(first: 1) { totalCount } }' }), { 'content-type': 'text/plain' });
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(/CSRF/);
  expect(gw.requests()).toEqual([]);
});

test('introspection and the Sandbox page can be turned off for production', async () => {
  const open = await gw.query(`{ __schema { queryType { name } } }`);
  expect(open.data.__schema.queryType.name).toBe('Query');
  const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
  expect(await page.text()).toMatch(/<html/i);

  const closed = await startTestGateway({ sims: gw.sims, env: { INTROSPECTION: 'false', LANDING_PAGE: 'off' } });
  try {
    const res = await closed.query(`{ __schema { queryType { name } } }`);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    const noPage = await fetch(closed.url, { headers: { accept: 'text/html' } });
    expect(await noPage.text()).not.toMatch(/<html/i);
  } finally {
    await closed.stop();
  }
});

test('an answer with non-ASCII text is sent whole: Content-Length counts its UTF-8 bytes', async () => {
  const id = 'café-€-日本';
  const res = await post(JSON.stringify({ query: `query($id: ID!) { publisher(id: $id) { id } }`, variables: { id } }));
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(res.headers.get('content-length')).toBe(String(bytes.length));
  const body = JSON.parse(bytes.toString('utf8'));
  expect(body.errors).toEqual([expect.objectContaining({ message: `"${id}" is not an ID issued by this gateway; use the \`id\` of a node.` })]);
  expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(gw.requests()).toEqual([]);
});
