/**
 * urql (`@urql/core`) against the gateway through real HTTP: README's set-up
 * (test/clients/setup/urql.ts, quoted there verbatim) reads and writes; urql's default
 * settings are refused by CSRF prevention with an error that says what to change.
 */
import { Client, cacheExchange, fetchExchange, gql } from '@urql/core';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { recordRequests } from './helpers.js';
import { createUrqlClient } from './setup/urql.js';

let gw: TestGateway;
let recorder: ReturnType<typeof recordRequests> | undefined;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.stop());
afterEach(() => recorder?.stop());

const AFFILIATES = gql`
  query FirstAffiliates($first: Int!) {
    affiliates(first: $first) {
      totalCount
      nodes {
        id
        name
      }
    }
  }
`;

test("urql's defaults send the query as GET without a content type, and CSRF prevention refuses it with a clear error", async () => {
  recorder = recordRequests(gw.url);
  const defaults = new Client({ url: gw.url, exchanges: [cacheExchange, fetchExchange] });
  const result = await defaults.query(AFFILIATES, { first: 2 }).toPromise();
  expect(recorder.sent).toEqual([{ method: 'GET', operationName: 'FirstAffiliates' }]);
  expect(result.data).toBeUndefined();
  expect(result.error?.response?.status).toBe(400);
  expect(result.error?.graphQLErrors.map((error) => [error.extensions.code, error.message])).toEqual([
    [
      'BAD_REQUEST',
      expect.stringMatching(/^This operation has been blocked as a potential Cross-Site Request Forgery \(CSRF\)\. .*apollo-require-preflight/),
    ],
  ]);
});

test('a GET query with a preflight header is served (README: the gateway takes GET with `apollo-require-preflight`)', async () => {
  recorder = recordRequests(gw.url);
  const withHeader = new Client({
    url: gw.url,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { headers: { 'apollo-require-preflight': 'true' } },
  });
  const result = await withHeader.query(AFFILIATES, { first: 2 }).toPromise();
  expect(result.error).toBeUndefined();
  expect(result.data.affiliates.nodes).toHaveLength(2);
  expect(recorder.sent).toEqual([{ method: 'GET', operationName: 'FirstAffiliates' }]);
});

test("README's set-up (preferGetMethod: false) reads through POST", async () => {
  const expected = await gw.query('{ affiliates(first: 2) { totalCount nodes { id name } } }');
  recorder = recordRequests(gw.url);
  const client = createUrqlClient(gw.url);
  const result = await client.query(AFFILIATES, { first: 2 }).toPromise();
  expect(result.error).toBeUndefined();
  expect(result.data).toEqual({
    affiliates: {
      __typename: 'AffiliateConnection',
      totalCount: expected.data.affiliates.totalCount,
      nodes: expected.data.affiliates.nodes.map((node: object) => ({ __typename: 'Affiliate', ...node })),
    },
  });
  expect(recorder.sent).toEqual([{ method: 'POST', operationName: 'FirstAffiliates' }]);
});

test("README's set-up writes, and a missing record arrives as a CombinedError with the gateway's extensions", async () => {
  const client = createUrqlClient(gw.url);
  const created = await client
    .mutation(
      gql`
        mutation CreateClick($input: CreateClicksInput!) {
          createClicks(input: $input) {
            clicks {
              id
              ip
            }
            userErrors {
              field
              code
            }
          }
        }
      `,
      { input: { clicks: [{ offerId: 5, affiliateId: 500, ip: '203.0.113.7', countryCode: 'NL' }] } },
    )
    .toPromise();
  expect(created.error).toBeUndefined();
  expect(created.data.createClicks).toEqual({
    __typename: 'CreateClicksPayload',
    clicks: [{ __typename: 'Click', id: expect.any(String), ip: '203.0.113.7' }],
    userErrors: [],
  });

  const missing = await client
    .query(
      gql`
        query OnePublisher($id: ID!) {
          publisher(id: $id) {
            id
            name
          }
        }
      `,
      { id: 'WyJJTlRFR1I4IiwiUHVibGlzaGVyIiwibm9uZSJd' },
    )
    .toPromise();
  expect(missing.data).toEqual({ publisher: null });
  expect(missing.error?.graphQLErrors.map((error) => ({ path: error.path, extensions: error.extensions }))).toEqual([
    { path: ['publisher'], extensions: { code: 'NOT_FOUND', vendor: 'INTEGR8' } },
  ]);
});
