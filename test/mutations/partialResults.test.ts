/**
 * Mutation payloads are nullable: when one mutation of a document fails (a vendor outage is a
 * GraphQL error), it alone is null, with one error at its path, and the mutations before it keep
 * their results, so a record they created still reaches the client.
 */
import { toGlobalId, type NodeType } from '../../src/ids.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import type { Integr8Dataset } from '../../src/simulators/integr8/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: Integr8Dataset;

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.integr8.dataset(SIMULATOR_KEYS.integr8);
});
afterAll(() => gw.stop());
beforeEach(() => {
  gw.clearRequests();
  gw.sims.integr8.clearFaults();
});

const API = '/api/v2';
const gid = (type: NodeType, ...key: string[]) => toGlobalId({ vendor: 'INTEGR8', type, key });
/** Every upstream call: reads with their query, writes with their body, and Integr8's status. */
const calls = () =>
  gw
    .requests('integr8')
    .map(({ method, path, query, body, status }) => (method === 'GET' ? { method, path, query, status } : { method, path, body, status }));

test('a vendor 500 in the second mutation nulls only that one: the publisher the first created is in the response', async () => {
  const advertisersPath = `${API}/advertisers`;
  gw.sims.integr8.injectFault({ method: 'POST', path: advertisersPath, status: 500, body: { error: 'Temporary failure' } });
  const res = await gw.query(
    `mutation($publisher: CreatePublisherInput!, $advertiser: CreateAdvertiserInput!) {
  first: createPublisher(input: $publisher) { publisher { id name active } userErrors { field message code } }
  second: createAdvertiser(input: $advertiser) { advertiser { id name } userErrors { field message code } }
}`,
    { publisher: { name: 'Kept Media', active: true }, advertiser: { name: 'Lost Brands' } },
  );
  const created = data.publishers.find((p) => p.name === 'Kept Media')!;
  expect(res).toEqual({
    data: {
      first: { publisher: { id: gid('Publisher', created.id), name: 'Kept Media', active: true }, userErrors: [] },
      second: null,
    },
    errors: [
      {
        message: `Integr8 answered 500 to POST ${advertisersPath}: Temporary failure`,
        locations: [{ line: 3, column: 3 }],
        path: ['second'],
        extensions: { code: 'UPSTREAM_ERROR', vendor: 'INTEGR8', upstreamStatus: 500 },
      },
    ],
  });
  expect(calls()).toEqual([
    { method: 'POST', path: `${API}/publishers`, body: { name: 'Kept Media', active: true }, status: 200 },
    { method: 'GET', path: `${API}/publishers/${created.id}`, query: {}, status: 200 },
    // A create is never retried: the one POST, answered 500.
    { method: 'POST', path: advertisersPath, body: { name: 'Lost Brands' }, status: 500 },
  ]);
  expect(data.advertisers.some((a) => a.name === 'Lost Brands')).toBe(false);
});

test('a bulk write whose only call meets an outage (and changed nothing) is null with its error; the update before it stays', async () => {
  const [updated, target] = data.publishers.slice(90, 92);
  target.active = true;
  const statusPath = `${API}/publishers/status`;
  gw.sims.integr8.injectFault({ method: 'PATCH', path: statusPath, status: 500, body: { error: 'Temporary failure' } });
  const res = await gw.query(
    `mutation($update: UpdatePublisherInput!, $active: SetActiveInput!) {
  first: updatePublisher(input: $update) { publisher { id city } userErrors { code } }
  second: setPublishersActive(input: $active) { results { targetId status message } publishers { id active } userErrors { code } }
}`,
    { update: { id: gid('Publisher', updated.id), city: 'Porto' }, active: { ids: [gid('Publisher', target.id)], active: false } },
  );
  expect(res.data).toEqual({ first: { publisher: { id: gid('Publisher', updated.id), city: 'Porto' }, userErrors: [] }, second: null });
  expect(res.errors?.map((e) => [e.path, e.message, e.extensions?.code])).toEqual([
    [['second'], `Integr8 answered 500 to PATCH ${statusPath}: Temporary failure`, 'UPSTREAM_ERROR'],
  ]);
  const byId = `${API}/publishers/${updated.id}`;
  const list = { 'page[number]': '1', 'page[size]': '100', 'filter[id][in]': target.id };
  expect(calls().map((call) => (call.path === byId && call.method === 'PATCH' ? { ...call, body: 'the update' } : call))).toEqual([
    { method: 'GET', path: byId, query: {}, status: 200 },
    { method: 'PATCH', path: byId, body: 'the update', status: 200 },
    { method: 'GET', path: byId, query: {}, status: 200 },
    { method: 'GET', path: `${API}/publishers`, query: list, status: 200 },
    { method: 'PATCH', path: statusPath, body: { active: false, data: [target.id] }, status: 500 },
    // The outcome of a 500 is unknown: the publisher is read back, still active, so nothing changed.
    { method: 'GET', path: `${API}/publishers`, query: list, status: 200 },
  ]);
  expect([updated.city, target.active]).toEqual(['Porto', true]);
});
