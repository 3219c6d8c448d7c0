/**
 * Apollo Client 4 (core, no React) against the gateway through real HTTP, with README's set-up
 * (test/clients/setup/apollo.ts, quoted there verbatim): pagination through the normalised cache
 * in cursor and page mode, and mutations that update or remove cached records with no refetch.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache, type FieldPolicy } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { getNamedType, isObjectType } from 'graphql';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { loadSchema, recordRequests } from './helpers.js';
import { createApolloClient, evictDeleted, typePolicies } from './setup/apollo.js';

let gw: TestGateway;
let recorder: ReturnType<typeof recordRequests> | undefined;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.stop());
afterEach(() => recorder?.stop());

/** Starts recording the requests clients send to the gateway (after the test's own set-up reads). */
function record() {
  recorder = recordRequests(gw.url);
  return recorder.sent;
}

const PAGE_FIELDS = `
  totalCount
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor page pageSize totalPages }
  edges { cursor node { id name } }
  nodes { id name }`;

/** Two lists of two vendors: Everflow affiliates (offset cursors) and Integr8 publishers. */
const LISTS = [
  { list: 'affiliates', args: '$search: String', pass: 'search: $search', variables: { search: '' } },
  { list: 'publishers', args: '$filter: PublisherFilter', pass: 'filter: $filter', variables: { filter: { active: { eq: true } } } },
] as const;

/** The ids and names of a list's first (or last) n records, read straight from the gateway. */
async function slice(list: string, pass: string, args: string, variables: Record<string, unknown>, size: string) {
  const res = await gw.query(`query(${args}) { ${list}(${pass}, ${size}) { nodes { id name } } }`, variables);
  expect(res.errors).toBeUndefined();
  return res.data[list].nodes as { id: string; name: string }[];
}

describe.each(LISTS)('$list', ({ list, args, pass, variables }) => {
  const cursorQuery = gql(`
    query ${list}Cursor(${args}, $first: Int, $after: String, $last: Int, $before: String) {
      ${list}(${pass}, first: $first, after: $after, last: $last, before: $before) { ${PAGE_FIELDS} }
    }`);
  const pageQuery = gql(`
    query ${list}Page(${args}, $page: Int!, $pageSize: Int!) {
      ${list}(${pass}, page: $page, pageSize: $pageSize) { ${PAGE_FIELDS} }
    }`);

  test.each([
    { direction: 'forward', size: 'first: 9', start: { first: 3 }, next: (info: any) => ({ after: info.endCursor }), ends: { hasNextPage: true } },
    {
      direction: 'back from the end',
      size: 'last: 9',
      start: { last: 3 },
      next: (info: any) => ({ before: info.startCursor }),
      ends: { hasNextPage: false, hasPreviousPage: true },
    },
  ])('cursor mode: three pages $direction with fetchMore are merged into one list, edges and nodes alike', async ({ size, start, next, ends }) => {
    const expected = await slice(list, pass, args, variables, size);
    const sent = record();
    const client = createApolloClient(gw.url);
    const watched = client.watchQuery({ query: cursorQuery, variables: { ...variables, ...start } });
    const results: any[] = [];
    const subscription = watched.subscribe((result) => results.push(result));
    const current = () => (watched.getCurrentResult().data as any)?.[list];
    try {
      await until(() => results.some((result) => result.dataState === 'complete'));
      for (let page = 2; page <= 3; page++) {
        await watched.fetchMore({ variables: next(current().pageInfo) });
        // The watched query sees the merged list once the cache has broadcast it.
        await until(() => current().edges.length === page * 3);
      }
      const merged = current();
      expect(merged.nodes).toEqual(expected.map((node) => ({ __typename: expect.any(String), ...node })));
      expect(merged.edges.map((edge: any) => edge.node)).toEqual(merged.nodes);
      expect(merged.pageInfo).toMatchObject({ ...ends, startCursor: merged.edges[0].cursor, endCursor: merged.edges[8].cursor });
      expect(sent).toEqual([1, 2, 3].map(() => ({ method: 'POST', operationName: `${list}Cursor` })));
    } finally {
      subscription.unsubscribe();
    }
  });

  test('page mode: pages 1, 2, 3 then back to 2 and 1 are each their own cache entry, read back with no request', async () => {
    const expected = await slice(list, pass, args, variables, 'first: 9');
    const sent = record();
    const client = createApolloClient(gw.url);
    const page = async (number: number) =>
      ((await client.query({ query: pageQuery, variables: { ...variables, page: number, pageSize: 3 } })).data as any)[list];
    const seen = [];
    for (const number of [1, 2, 3, 2, 1]) seen.push(await page(number));
    seen.forEach((connection, index) => {
      const number = [1, 2, 3, 2, 1][index];
      const want = expected.slice((number - 1) * 3, number * 3).map((node) => ({ __typename: expect.any(String), ...node }));
      expect({ number, nodes: connection.nodes, edgeNodes: connection.edges.map((edge: any) => edge.node), page: connection.pageInfo.page }).toEqual({
        number,
        nodes: want,
        edgeNodes: want,
        page: number,
      });
    });
    // Pages 2 and 1 came back from the cache.
    expect(sent).toEqual([1, 2, 3].map(() => ({ method: 'POST', operationName: `${list}Page` })));
  });

  test('page mode without page/pageSize in keyArgs is served page 1 for page 2 (why README lists them)', async () => {
    const expected = await slice(list, pass, args, variables, 'first: 6');
    const sent = record();
    const naive = new ApolloClient({
      link: new HttpLink({ uri: gw.url }),
      cache: new InMemoryCache({ typePolicies: { Query: { fields: { [list]: relayStylePagination(['search', 'filter', 'sort']) } } } }),
    });
    const page = async (number: number) =>
      ((await naive.query({ query: pageQuery, variables: { ...variables, page: number, pageSize: 3 } })).data as any)[list];
    expect((await page(1)).nodes.map((node: any) => node.id)).toEqual(expected.slice(0, 3).map((node) => node.id));
    // Page 2 has the same cache key as page 1, whose entry is complete: no request, the wrong records.
    expect((await page(2)).nodes.map((node: any) => node.id)).toEqual(expected.slice(0, 3).map((node) => node.id));
    expect(sent).toHaveLength(1);
  });
});

test('typePolicies cover every connection of the schema, keyed by every argument but first/after/last/before', () => {
  const schema = loadSchema();
  const connections: Record<string, Record<string, string[]>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!getNamedType(field.type).name.endsWith('Connection')) continue;
      const keyArgs = field.args.map((arg) => arg.name).filter((name) => !['first', 'after', 'last', 'before'].includes(name));
      (connections[type.name] ??= {})[field.name] = keyArgs;
    }
  }
  const policies = Object.fromEntries(
    Object.entries(typePolicies).map(([type, policy]) => [
      type,
      Object.fromEntries(Object.entries(policy.fields ?? {}).map(([field, fieldPolicy]) => [field, (fieldPolicy as FieldPolicy).keyArgs])),
    ]),
  );
  expect(policies).toEqual(connections);
});

describe('mutations in the normalised cache', () => {
  const PUBLISHERS = gql`
    query ActivePublishers {
      publishers(filter: { active: { eq: true } }, first: 5) {
        nodes {
          id
          name
          city
        }
      }
    }
  `;
  const UPDATE_PUBLISHER = gql`
    mutation MovePublisher($input: UpdatePublisherInput!) {
      updatePublisher(input: $input) {
        publisher {
          id
          city
        }
        userErrors {
          field
          message
          code
        }
      }
    }
  `;

  test('an update is seen by a watched list through the normalised cache, with no second request for the list', async () => {
    const sent = record();
    const client = createApolloClient(gw.url);
    const watched = client.watchQuery({ query: PUBLISHERS });
    const results: any[] = [];
    const subscription = watched.subscribe((result) => results.push(result));
    try {
      await until(() => results.some((result) => result.dataState === 'complete'));
      const [first] = (watched.getCurrentResult().data as any).publishers.nodes;
      const city = first.city === 'Lisbon' ? 'Porto' : 'Lisbon';
      const { data } = await client.mutate({ mutation: UPDATE_PUBLISHER, variables: { input: { id: first.id, city } } });
      expect(data).toEqual({
        updatePublisher: { __typename: 'PublisherPayload', publisher: { __typename: 'Publisher', id: first.id, city }, userErrors: [] },
      });
      await until(() => (watched.getCurrentResult().data as any).publishers.nodes[0].city === city);
      expect((watched.getCurrentResult().data as any).publishers.nodes[0]).toEqual({ ...first, city });
      // Asked again, the list comes from the cache.
      expect(((await client.query({ query: PUBLISHERS })).data as any).publishers.nodes[0]).toEqual({ ...first, city });
      expect(sent).toEqual([
        { method: 'POST', operationName: 'ActivePublishers' },
        { method: 'POST', operationName: 'MovePublisher' },
      ]);
    } finally {
      subscription.unsubscribe();
    }
  });
});

test('caveat (README): an Everflow affiliate read by ID blanks the list-only fields of the same cached record', async () => {
  const client = createApolloClient(gw.url);
  const LIST = gql`
    query AffiliateBalances {
      affiliates(first: 1) {
        nodes {
          id
          balance
        }
      }
    }
  `;
  const [listed] = ((await client.query({ query: LIST })).data as any).affiliates.nodes;
  expect(listed.balance).toEqual(expect.any(Number));
  await client.query({
    query: gql`
      query AffiliateBalance($id: ID!) {
        affiliate(id: $id) {
          id
          balance
        }
      }
    `,
    variables: { id: listed.id },
  });
  // Everflow's read by ID has no balance: the gateway answers null there, and the cache keeps the last answer.
  expect((client.readQuery({ query: LIST }) as any).affiliates.nodes[0]).toEqual({ ...listed, balance: null });
});

describe('bulk changes and deletes in the normalised cache', () => {
  const PUBLISHERS = gql`
    query PublisherPage {
      publishers(first: 5) {
        edges {
          cursor
          node {
            id
            name
            active
          }
        }
        nodes {
          id
          name
          active
        }
      }
    }
  `;
  const SET_ACTIVE = gql`
    mutation SetPublishersActive($input: SetActiveInput!) {
      setPublishersActive(input: $input) {
        results {
          targetId
          status
          message
        }
        publishers {
          id
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
  const DELETE = gql`
    mutation DeletePublishers($input: DeleteInput!) {
      deletePublishers(input: $input) {
        results {
          targetId
          status
          message
        }
        deletedIds
        userErrors {
          field
          message
          code
        }
      }
    }
  `;

  /** A watched publisher page; `current()` is what the watcher shows now. */
  async function watchPublishers(client: ApolloClient) {
    const watched = client.watchQuery({ query: PUBLISHERS });
    const results: any[] = [];
    const subscription = watched.subscribe((result) => results.push(result));
    await until(() => results.some((result) => result.dataState === 'complete'));
    return { current: () => (watched.getCurrentResult().data as any).publishers, stop: () => subscription.unsubscribe() };
  }

  test('a bulk status change updates every changed record in a watched list, with no refetch', async () => {
    const sent = record();
    const client = createApolloClient(gw.url);
    const watched = await watchPublishers(client);
    try {
      const before = watched.current().nodes;
      const targets = before.slice(0, 2).map((node: any) => node.id);
      const active = !before[0].active;
      const { data } = await client.mutate({ mutation: SET_ACTIVE, variables: { input: { ids: targets, active } } });
      expect((data as any).setPublishersActive).toEqual({
        __typename: 'SetPublishersActivePayload',
        results: targets.map((targetId: string) => ({ __typename: 'BulkItemResult', targetId, status: 'CHANGED', message: null })),
        publishers: targets.map((id: string) => ({ __typename: 'Publisher', id, active })),
        userErrors: [],
      });
      await until(() => watched.current().nodes[1].active === active);
      const expected = before.map((node: any, index: number) => (index < 2 ? { ...node, active } : node));
      expect(watched.current().nodes).toEqual(expected);
      expect(watched.current().edges.map((edge: any) => edge.node)).toEqual(expected);
      // The per-item results are not records: nothing of them is normalised.
      expect(Object.keys(client.cache.extract() as object).filter((key) => key.startsWith('BulkItemResult'))).toEqual([]);
      expect(sent).toEqual([
        { method: 'POST', operationName: 'PublisherPage' },
        { method: 'POST', operationName: 'SetPublishersActive' },
      ]);
    } finally {
      watched.stop();
    }
  });

  test("a bulk edit of Everflow affiliates updates them from the payload's re-read affiliates", async () => {
    const client = createApolloClient(gw.url);
    const AFFILIATES = gql`
      query LabelledAffiliates {
        affiliates(first: 3) {
          nodes {
            id
            labels
          }
        }
      }
    `;
    const before = ((await client.query({ query: AFFILIATES })).data as any).affiliates.nodes;
    const sent = record();
    const { data } = await client.mutate({
      mutation: gql`
        mutation LabelAffiliates($input: BulkEditAffiliatesInput!) {
          bulkEditAffiliates(input: $input) {
            applied
            affiliates {
              id
              labels
            }
            userErrors {
              field
              message
            }
          }
        }
      `,
      variables: { input: { ids: [before[0].id], changes: [{ field: 'LABELS', operator: 'APPEND', value: ['client-test'] }] } },
    });
    expect((data as any).bulkEditAffiliates).toMatchObject({ applied: true, userErrors: [] });
    const after = ((await client.query({ query: AFFILIATES })).data as any).affiliates.nodes;
    expect(after).toEqual([{ ...before[0], labels: [...before[0].labels, 'client-test'] }, ...before.slice(1)]);
    expect(sent).toEqual([{ method: 'POST', operationName: 'LabelAffiliates' }]);
  });

  test("a delete's deletedIds evict the records: a watched list drops them, with no refetch", async () => {
    const sent = record();
    const client = createApolloClient(gw.url);
    const watched = await watchPublishers(client);
    try {
      const before = watched.current().nodes;
      const target = before[1].id;
      const { data } = await client.mutate({
        mutation: DELETE,
        variables: { input: { ids: [target] } },
        update: (cache, { data }) => evictDeleted(cache, 'Publisher', (data as any)?.deletePublishers?.deletedIds ?? []),
      });
      expect((data as any).deletePublishers).toEqual({
        __typename: 'BulkDeletePayload',
        results: [{ __typename: 'BulkItemResult', targetId: target, status: 'CHANGED', message: null }],
        deletedIds: [target],
        userErrors: [],
      });
      await until(() => watched.current().nodes.length === before.length - 1);
      const expected = before.filter((node: any) => node.id !== target);
      expect(watched.current().nodes).toEqual(expected);
      expect(watched.current().edges.map((edge: any) => edge.node)).toEqual(expected);
      expect((client.cache.extract() as Record<string, unknown>)[client.cache.identify({ __typename: 'Publisher', id: target })!]).toBeUndefined();
      expect(sent).toEqual([
        { method: 'POST', operationName: 'PublisherPage' },
        { method: 'POST', operationName: 'DeletePublishers' },
      ]);
    } finally {
      watched.stop();
    }
  });
});

/** Waits until `condition` holds (polling; the client answers asynchronously). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the client');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
