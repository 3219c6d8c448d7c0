import { toGlobalId } from '../../src/ids.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

test('node and nodes fetch any type again by its global id, in order, batched per vendor', async () => {
  const list = await gw.query(`{
    affiliates(first: 1) { nodes { id name } }
    publishers(first: 2) { nodes { id name } }
    users(first: 1) { nodes { id email } }
  }`);
  const [affiliate] = list.data.affiliates.nodes;
  const publishers = list.data.publishers.nodes;
  const [user] = list.data.users.nodes;
  gw.clearRequests();
  const res = await gw.query(
    `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on Affiliate { name } ... on Publisher { name } ... on User { email } } }`,
    { ids: [publishers[1].id, affiliate.id, user.id, publishers[0].id] },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.nodes).toEqual([
    { id: publishers[1].id, __typename: 'Publisher', name: publishers[1].name },
    { id: affiliate.id, __typename: 'Affiliate', name: affiliate.name },
    { id: user.id, __typename: 'User', email: user.email },
    { id: publishers[0].id, __typename: 'Publisher', name: publishers[0].name },
  ]);
  // Both publishers in one filter[id][in] call.
  const publisherCalls = gw.requests('integr8').filter((r) => r.path === '/api/v2/publishers');
  expect(publisherCalls).toHaveLength(1);
  expect(String(publisherCalls[0].query['filter[id][in]']).split(',').sort()).toEqual(
    gw.sims.integr8
      .dataset(SIMULATOR_KEYS.integr8)
      // A list without `sort` is read in id order.
      .publishers.map((p) => p.id)
      .sort()
      .slice(0, 2),
  );
});

test('a missing node is null with NOT_FOUND at its index; the others resolve', async () => {
  const list = await gw.query(`{ users(first: 1) { nodes { id } } }`);
  const missing = toGlobalId({ vendor: 'INTEGR8', type: 'User', key: ['0'.repeat(24)] });
  const res = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [list.data.users.nodes[0].id, missing, 'garbage'] });
  expect(res.data.nodes).toEqual([{ id: list.data.users.nodes[0].id }, null, null]);
  expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
    [['nodes', 1], 'NOT_FOUND'],
    [['nodes', 2], 'BAD_USER_INPUT'],
  ]);
});

test('a typed root field refuses an id of another type, and nodes takes at most 100 ids', async () => {
  const list = await gw.query(`{ users(first: 1) { nodes { id } } }`);
  gw.clearRequests();
  const wrong = await gw.query(`query($id: ID!) { publisher(id: $id) { name } }`, { id: list.data.users.nodes[0].id });
  expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'id', field: ['id'] } });
  expect(wrong.errors?.[0].message).toMatch(/belongs to a User, not a Publisher/);
  const many = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(101).fill(list.data.users.nodes[0].id) });
  expect(many.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'ids', field: ['ids'] } });
  expect(gw.requests()).toEqual([]);
});
