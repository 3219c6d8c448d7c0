/**
 * A vendor failure nulls only the field that needed it: root fields are nullable, and so is
 * every relation loaded by its own call, so the failure never spreads to its parent or to the
 * other root fields of the document.
 */
import { toGlobalId, type NodeType } from '../../src/ids.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS, type Integr8Dataset } from '../../src/simulators/integr8/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: Integr8Dataset;
const integrationId = INTEGR8_INTEGRATION_IDS[0];

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.integr8.dataset(SIMULATOR_KEYS.integr8);
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());
afterEach(() => gw.sims.integr8.clearFaults());

const API = '/api/v2';
const gid = (type: NodeType, ...key: string[]) => toGlobalId({ vendor: 'INTEGR8', type, key });
const calls = () => gw.requests('integr8').map(({ method, path, status }) => [method, path, status]);
/** Integr8 answers 500 to the next GET of `path` (the gateway does not retry a 500). */
const outage = (path: string) => gw.sims.integr8.injectFault({ method: 'GET', path, status: 500, body: { error: 'Temporary failure' } });

test('a vendor 500 in the second root field nulls only that one; the first keeps its result', async () => {
  const publisher = data.publishers[5];
  outage(`${API}/organization/users`);
  const res = await gw.query(
    `query($id: ID!) {
  first: publisher(id: $id) { id name }
  second: users(first: 2) { nodes { id } }
}`,
    { id: gid('Publisher', publisher.id) },
  );
  expect(res).toEqual({
    data: { first: { id: gid('Publisher', publisher.id), name: publisher.name }, second: null },
    errors: [
      {
        message: `Integr8 answered 500 to GET ${API}/organization/users: Temporary failure`,
        locations: [{ line: 3, column: 3 }],
        path: ['second'],
        extensions: { code: 'UPSTREAM_ERROR', vendor: 'INTEGR8', upstreamStatus: 500 },
      },
    ],
  });
  // Both root fields are read at once; the publisher's call goes first or second.
  expect(calls().sort()).toEqual([
    ['GET', `${API}/organization/users`, 500],
    ['GET', `${API}/publishers`, 200],
  ]);
});

describe.each<['LandingPage' | 'OfferEvent', string]>([
  ['LandingPage', 'landing-pages'],
  ['OfferEvent', 'events'],
])('a %s whose offer cannot be read keeps its own fields', (type, segment) => {
  test('the offer is null with the error at its path; the record and the other root field are kept', async () => {
    const offer = data.offers.find(
      (o) => data.offerIntegration.get(o.id) === integrationId && (type === 'LandingPage' ? data.landingPages : data.events).get(o.id)?.length,
    )!;
    const child = (type === 'LandingPage' ? data.landingPages : data.events).get(offer.id)![0];
    // Offers are loaded in batches, through the integration's list filtered by id.
    const offersPath = `${API}/integrations/${integrationId}/offers`;
    const publisher = data.publishers[type === 'LandingPage' ? 6 : 7];
    outage(offersPath);
    const res = await gw.query(
      `query($id: ID!, $child: ID!) {
  first: publisher(id: $id) { id name }
  second: node(id: $child) { id ... on ${type} { name offer { id name } } }
}`,
      { id: gid('Publisher', publisher.id), child: gid(type, integrationId, offer.id, child.id) },
    );
    expect(res).toEqual({
      data: {
        first: { id: gid('Publisher', publisher.id), name: publisher.name },
        second: { id: gid(type, integrationId, offer.id, child.id), name: child.name, offer: null },
      },
      errors: [
        {
          message: `Integr8 answered 500 to GET ${offersPath}: Temporary failure`,
          locations: [{ line: 3, column: 48 + type.length }],
          path: ['second', 'offer'],
          extensions: { code: 'UPSTREAM_ERROR', vendor: 'INTEGR8', upstreamStatus: 500 },
        },
      ],
    });
    expect(calls()).toEqual([
      ['GET', `${API}/publishers`, 200],
      ['GET', `${offersPath}/${offer.id}/${segment}`, 200],
      ['GET', offersPath, 500],
    ]);
  });
});
