import { fromGlobalId } from '../../src/ids.js';
import { INTEGR8_INTEGRATION_IDS } from '../../src/simulators/integr8/index.js';
import { daysAgo, startTestGateway, type GqlResponse, type TestGateway } from '../helpers/gateway.js';

// A partner's clicks and conversions: the merged lists over the records linked to it.

let gw: TestGateway;
let ids: { everflow: string; irev: string; integr8: string };
const INTEGRATION = INTEGR8_INTEGRATION_IDS[0];

beforeAll(async () => {
  gw = await startTestGateway({ env: { PARTNER_LINKS_DIR: 'memory', RESPONSE_CACHE: 'off' } });
  const found = await gw.query(`{ partners(search: "harborline") { nodes { id vendor } } }`);
  const byVendor = Object.fromEntries(found.data.partners.nodes.map((n: { vendor: string; id: string }) => [n.vendor, n.id]));
  ids = { everflow: byVendor.EVERFLOW, irev: byVendor.IREV, integr8: byVendor.INTEGR8 };
  const linked = await gw.query(`mutation ($ids: [ID!]!) { linkPartnerAccounts(input: { accountIds: $ids }) { userErrors { code } } }`, {
    ids: [ids.everflow, ids.irev, ids.integr8],
  });
  expect(linked.data.linkPartnerAccounts.userErrors).toEqual([]);
}, 120_000);
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

const CLICKS = `query ($id: ID!, $q: PartnerActivityQuery!, $after: String) {
  publisher(id: $id) {
    clicks(query: $q, first: 20, after: $after) {
      missingVendors { vendor }
      pageInfo { hasNextPage endCursor }
      nodes { vendor time affiliate { id } publisher { id } }
    }
  }
}`;

test("the clicks of every linked record, newest first: iRev's by affiliate_id, Integr8's by publisher; Everflow's cannot be told apart", async () => {
  const q = { from: daysAgo(7), to: daysAgo(0), integr8IntegrationIds: [INTEGRATION] };
  const seen: { vendor: string; time: string; affiliate?: { id: string }; publisher?: { id: string } }[] = [];
  let after: string | null = null;
  for (let i = 0; i < 3; i++) {
    const res: GqlResponse = await gw.query(CLICKS, { id: ids.integr8, q, after });
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.warnings?.map((w) => w.code)).toEqual(['PARTNER_ACTIVITY_PARTIAL']);
    const connection: any = res.data.publisher.clicks;
    expect(connection.missingVendors).toEqual([]);
    seen.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  expect(seen.length).toBeGreaterThan(0);
  for (const node of seen) {
    if (node.vendor === 'IREV') expect(node.affiliate?.id).toBe(ids.irev);
    else expect([node.vendor, node.publisher?.id]).toEqual(['INTEGR8', ids.integr8]);
  }
  const times = seen.map((node) => Date.parse(node.time));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  // iRev is asked for the linked affiliate only; Everflow's click stream is never read for a partner.
  const irevKey = fromGlobalId(ids.irev).key[0];
  const irevCalls = gw.requests('irev');
  expect(irevCalls.length).toBeGreaterThan(0);
  for (const call of irevCalls) expect(call.query.affiliate_id).toBe(irevKey);
  expect(gw.requests('everflow').filter((call) => call.path.includes('clicks'))).toEqual([]);
});

test('the same list from any linked record; conversions read Integr8 alone (iRev has none)', async () => {
  const q = { from: daysAgo(7), to: daysAgo(0), integr8IntegrationIds: [INTEGRATION] };
  const viaPublisher = await gw.query(
    `query ($id: ID!, $q: PartnerActivityQuery!) { publisher(id: $id) { clicks(query: $q, first: 20) { nodes { vendor time } } } }`,
    { id: ids.integr8, q },
  );
  const viaAffiliate = await gw.query(
    `query ($id: ID!, $q: PartnerActivityQuery!) { affiliate(id: $id) { clicks(query: $q, first: 20) { nodes { vendor time } } } }`,
    // Everflow's record of the same partner (iRev affiliates have no read by id: partners reaches them).
    { id: ids.everflow, q },
  );
  expect(viaAffiliate.errors).toBeUndefined();
  expect(viaPublisher.data.publisher.clicks.nodes).toEqual(viaAffiliate.data.affiliate.clicks.nodes);
  gw.clearRequests();
  const conversions = await gw.query(
    `query ($q: PartnerActivityQuery!) { partners(search: "harborline", vendors: [IREV]) { nodes { ... on Affiliate { conversions(query: $q, first: 10) { nodes { vendor publisher { id } } } } } } }`,
    { q },
  );
  expect(conversions.errors).toBeUndefined();
  expect(conversions.data.partners.nodes).toHaveLength(1);
  for (const node of conversions.data.partners.nodes[0].conversions.nodes)
    expect(node).toEqual({ vendor: 'INTEGR8', publisher: { id: ids.integr8 } });
  expect(gw.requests('irev')).toEqual([]);
});

test('Integr8 publishers need their integrations: BAD_USER_INPUT naming query.integr8IntegrationIds', async () => {
  const res = await gw.query(CLICKS, { id: ids.integr8, q: { from: daysAgo(7), to: daysAgo(0) } });
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  expect(res.errors?.[0]?.message).toMatch(/integr8IntegrationIds/);
});
