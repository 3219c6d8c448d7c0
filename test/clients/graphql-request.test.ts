/**
 * graphql-request against the gateway through real HTTP, with README's set-up
 * (test/clients/setup/graphqlRequest.ts, quoted there verbatim): a query, a mutation, and the
 * error model as the client surfaces it (ClientError with the gateway's extensions).
 */
import { ClientError, gql, GraphQLClient } from 'graphql-request';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { createGraphQLRequestClient } from './setup/graphqlRequest.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.stop());
afterEach(() => gw.sims.integr8.clearFaults());

/** The ClientError a request fails with (it must fail). */
async function clientError(request: Promise<unknown>): Promise<ClientError> {
  const error = await request.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClientError);
  return error as ClientError;
}

test('a query', async () => {
  const expected = await gw.query('{ publishers(first: 3) { nodes { id name active } } }');
  const client = createGraphQLRequestClient(gw.url);
  const data = await client.request<{ publishers: { nodes: { id: string; name: string; active: boolean }[] } }>(
    gql`
      query FirstPublishers($first: Int!) {
        publishers(first: $first) {
          nodes {
            id
            name
            active
          }
        }
      }
    `,
    { first: 3 },
  );
  expect(data).toEqual(expected.data);
});

test('a mutation, and userErrors in its payload (HTTP 200, no ClientError) for input the vendor would refuse', async () => {
  const client = createGraphQLRequestClient(gw.url);
  const CREATE = gql`
    mutation CreatePublisher($input: CreatePublisherInput!) {
      createPublisher(input: $input) {
        publisher {
          id
          name
          active
        }
        userErrors {
          field
          message
          code
        }
      }
    }
  `;
  const created = await client.request<any>(CREATE, { input: { name: 'Acme Media', email: 'jane@acme.example', active: true } });
  expect(created).toEqual({ createPublisher: { publisher: { id: expect.any(String), name: 'Acme Media', active: true }, userErrors: [] } });
  const refused = await client.request<any>(CREATE, { input: { name: ' ' } });
  expect(refused).toEqual({
    createPublisher: { publisher: null, userErrors: [{ field: ['input', 'name'], message: expect.any(String), code: 'REQUIRED' }] },
  });
});

test('a document that cannot run is HTTP 400: ClientError with GRAPHQL_VALIDATION_FAILED, no data', async () => {
  const client = createGraphQLRequestClient(gw.url);
  const error = await clientError(client.request('query Wrong { affiliates(first: 1) { nodes { id colour } } }'));
  expect(error.response.status).toBe(400);
  expect(error.response.data).toBeUndefined();
  expect(error.response.errors?.map((e) => e.extensions)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED' }]);
});

test('a syntax error is HTTP 400 with GRAPHQL_PARSE_FAILED; a query over the cost limit is HTTP 400 with QUERY_LIMIT_EXCEEDED', async () => {
  const client = createGraphQLRequestClient(gw.url);
  const syntax = await clientError(client.request('query Broken { affiliates(first: 1) { nodes { id }'));
  expect({ status: syntax.response.status, codes: syntax.response.errors?.map((e) => e.extensions?.code) }).toEqual({
    status: 400,
    codes: ['GRAPHQL_PARSE_FAILED'],
  });
  const costly = await clientError(
    client.request(
      'query Costly { offers(integrationId: "64b7f0c2a1e4d3b2c1a00001", first: 100) { nodes { id events(first: 100) { nodes { id name description active archived } } } } }',
    ),
  );
  expect({ status: costly.response.status, data: costly.response.data, codes: costly.response.errors?.map((e) => e.extensions?.code) }).toEqual({
    status: 400,
    data: undefined,
    codes: ['QUERY_LIMIT_EXCEEDED'],
  });
});

test("a malformed value in a variable is HTTP 400 with BAD_USER_INPUT, a mutation's input included", async () => {
  const client = createGraphQLRequestClient(gw.url);
  const day = await clientError(
    client.request('query ExportsOf($day: Date!) { exports(filter: { startDate: $day }, first: 1) { totalCount } }', { day: 'yesterday' }),
  );
  const email = await clientError(
    client.request('mutation Create($input: CreatePublisherInput!) { createPublisher(input: $input) { publisher { id } } }', {
      input: { name: 'Acme Media', email: 'jane-at-acme' },
    }),
  );
  for (const [error, extensions] of [
    [day, { code: 'BAD_USER_INPUT', argument: 'filter', field: ['filter', 'startDate'] }],
    [email, { code: 'BAD_USER_INPUT', argument: 'input', field: ['input', 'email'] }],
  ] as const) {
    expect({ status: error.response.status, data: error.response.data, extensions: error.response.errors?.map((e) => e.extensions) }).toEqual({
      status: 400,
      data: undefined,
      extensions: [extensions],
    });
  }
});

test('a failing vendor is HTTP 200 with partial data: ClientError by default, data and errors with errorPolicy all', async () => {
  gw.sims.integr8.injectFault({ path: '/api/v2/publishers', status: 403, times: 10 });
  const QUERY = gql`
    query Partners {
      affiliates(first: 1) {
        totalCount
      }
      publishers(first: 1) {
        totalCount
      }
    }
  `;
  const error = await clientError(createGraphQLRequestClient(gw.url).request(QUERY));
  expect(error.response.status).toBe(200);
  expect(error.response.data).toEqual({ affiliates: { totalCount: expect.any(Number) }, publishers: null });
  expect(error.response.errors?.map(({ path, extensions }) => ({ path, extensions }))).toEqual([
    { path: ['publishers'], extensions: { code: 'FORBIDDEN', vendor: 'INTEGR8', upstreamStatus: 403 } },
  ]);

  // README: `errorPolicy: 'all'` returns partial data with its errors instead of throwing.
  const raw = await new GraphQLClient(gw.url, { errorPolicy: 'all' }).rawRequest<any>(QUERY);
  expect(raw.data).toEqual(error.response.data);
  expect(raw.errors?.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
});

test('a bad argument is HTTP 200 with that field null and BAD_USER_INPUT naming the argument and its path', async () => {
  const client = createGraphQLRequestClient(gw.url);
  const error = await clientError(client.request('query TooBig { affiliates(first: 5000) { totalCount } }'));
  expect(error.response.status).toBe(200);
  expect(error.response.data).toEqual({ affiliates: null });
  expect(error.response.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'first', field: ['first'] }]);
});
