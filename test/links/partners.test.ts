/**
 * Partners across vendors and the links between their records, through real HTTP against the
 * simulators, on both link stores: PGlite (always) and PostgreSQL at 127.0.0.1:5432, database
 * `test` (required when CI=true, skipped with a printed reason otherwise), in a schema of its own
 * that is dropped after the run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { toGlobalId } from '../../src/ids.js';
import { OVERLAPPING_PARTNER } from '../../src/simulators/overlap.js';
import { startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OTHER = { everflow: 'other-everflow-key', irev: 'other-irev-token', integr8: 'other-integr8-key' };
const OTHER_HEADERS = { 'x-everflow-api-key': OTHER.everflow, 'x-irev-api-token': OTHER.irev, 'x-integr8-api-key': OTHER.integr8 };

const ACCOUNTS = `query PartnerAccounts($search: String) {
  partners(search: $search) { totalCount nodes { __typename id vendor name accounts { __typename id vendor } } }
}`;
const LINK = `mutation Link($ids: [ID!]!) {
  linkPartnerAccounts(input: { accountIds: $ids }) { accounts { id vendor accounts { id } } userErrors { field message code } }
}`;
const UNLINK = `mutation Unlink($ids: [ID!]!) {
  unlinkPartnerAccounts(input: { accountIds: $ids }) { unlinkedIds accounts { id accounts { id } } userErrors { field message code } }
}`;

let sims: Simulators;
/** The overlapping business's three records, by vendor. */
let ids: { everflow: string; irev: string; integr8: string };

beforeAll(async () => {
  sims = await startSimulators({ extraKeys: { everflow: [OTHER.everflow], irev: [OTHER.irev], integr8: [OTHER.integr8] } });
  const gw = await startTestGateway({ sims, env: { PARTNER_LINKS_DIR: 'memory' } });
  try {
    const found = await gw.query(ACCOUNTS, { search: 'harborline' });
    const byVendor = Object.fromEntries(found.data.partners.nodes.map((n: { vendor: string; id: string }) => [n.vendor, n.id]));
    ids = { everflow: byVendor.EVERFLOW, irev: byVendor.IREV, integr8: byVendor.INTEGR8 };
  } finally {
    await gw.stop();
  }
}, 120_000);

afterAll(() => sims.stop());

describe('partners across vendors (no store needed)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ sims, env: { PARTNER_LINKS_DIR: 'memory' } });
  }, 60_000);
  afterAll(() => gw.stop());

  test('search reaches each vendor its own way and merges the records by name', async () => {
    gw.clearRequests();
    const result = await gw.query(`query FindPartners {
      partners(search: "harborline", first: 10) {
        totalCount truncatedVendors
        pageInfo { hasNextPage }
        nodes { __typename id vendor nativeId name ... on Publisher { companyName website } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.partners).toEqual({
      totalCount: 3,
      // iRev's affiliates come from its newest 500 clicks: there are more.
      truncatedVendors: ['IREV'],
      pageInfo: { hasNextPage: false },
      nodes: [
        {
          __typename: 'Publisher',
          id: ids.integr8,
          vendor: 'INTEGR8',
          nativeId: expect.any(String),
          name: OVERLAPPING_PARTNER.name,
          companyName: OVERLAPPING_PARTNER.companyName,
          website: `${OVERLAPPING_PARTNER.website}/`,
        },
        { __typename: 'Affiliate', id: ids.irev, vendor: 'IREV', nativeId: expect.any(String), name: OVERLAPPING_PARTNER.name },
        { __typename: 'Affiliate', id: ids.everflow, vendor: 'EVERFLOW', nativeId: '5', name: OVERLAPPING_PARTNER.companyName },
      ],
    });
    const calls = gw.requests().map(({ vendor, method, path, query, body }) => ({ vendor, method, path, query, body }));
    expect(calls.sort((a, b) => a.vendor.localeCompare(b.vendor))).toEqual([
      {
        vendor: 'everflow',
        method: 'POST',
        path: '/v1/networks/affiliatestable',
        query: { page: '1', page_size: '100' },
        body: { filters: {}, search_terms: [{ search_type: 'name', value: 'harborline' }] },
      },
      {
        vendor: 'integr8',
        method: 'GET',
        path: '/api/v2/publishers',
        query: { 'page[number]': '1', 'page[size]': '100', 'filter[name][like]': 'harborline', sort: 'id' },
        body: undefined,
      },
      { vendor: 'irev', method: 'GET', path: '/backend/open-api/v1/users/clicks', query: { page: '1', per_page: '500' }, body: undefined },
    ]);
  });

  test('vendors narrows the search, and pages hold at most 100', async () => {
    gw.clearRequests();
    const result = await gw.query(`{ partners(search: "arborline", vendors: [EVERFLOW]) { nodes { id } } }`);
    expect(result.data.partners.nodes).toEqual([{ id: ids.everflow }]);
    expect(gw.requests().map((r) => r.vendor)).toEqual(['everflow']);
    const tooMany = await gw.query(`{ partners(first: 101) { totalCount } }`);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a vendor that fails leaves the partners of the others, and says so', async () => {
    const failing = await startTestGateway({ sims, env: { RETRY_LIMIT: '0' } });
    try {
      sims.integr8.injectFault({ path: '/api/v2/publishers', status: 503, times: 1 });
      const result = await failing.query(`{ partners(search: "harborlin") { missingVendors { vendor code } nodes { id } } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data.partners).toEqual({
        missingVendors: [{ vendor: 'INTEGR8', code: 'UPSTREAM_ERROR' }],
        nodes: [{ id: ids.irev }, { id: ids.everflow }],
      });
      expect(result.extensions?.warnings).toEqual([
        { code: 'VENDOR_UNAVAILABLE', vendor: 'INTEGR8', message: expect.stringMatching(/^Integr8 records are missing: Integr8 answered 503/) },
      ]);
    } finally {
      await failing.stop();
    }
  });

  test('a link store that cannot be reached is LINK_STORE_UNAVAILABLE, without the password, and the records still come', async () => {
    const down = await startTestGateway({ sims, env: { DATABASE_URL: 'postgres://gateway:hunter2@127.0.0.1:1/links' } });
    try {
      const result = await down.query(`{ partners(search: "harborline", vendors: [EVERFLOW]) { nodes { id accounts { id } } } }`);
      expect(result.data).toEqual({ partners: null });
      expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['partners', 'nodes', 0, 'accounts'], 'LINK_STORE_UNAVAILABLE']]);
      expect(result.errors?.[0].message).toMatch(/^The partner link store could not be opened: /);
      expect(JSON.stringify(result)).not.toContain('hunter2');
      const link = await down.query(LINK, { ids: [ids.everflow, ids.integr8] });
      expect([link.data.linkPartnerAccounts, link.errors?.[0].extensions?.code]).toEqual([null, 'LINK_STORE_UNAVAILABLE']);
    } finally {
      await down.stop();
    }
  }, 120_000);

  // The first store use of a gateway opens PGlite: seconds on a busy machine.
  test('suggestions score the same business across vendors, with the evidence', async () => {
    const result = await gw.query(`query SuggestLinks {
      partnerLinkSuggestions(search: "harborline") {
        totalCount
        nodes { score account { id } candidate { id } evidence { signal weight matched accountValue candidateValue } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const [best, second, third] = result.data.partnerLinkSuggestions.nodes;
    expect(result.data.partnerLinkSuggestions.totalCount).toBe(3);
    expect(best).toEqual({
      score: 1,
      account: { id: ids.integr8 },
      candidate: { id: ids.everflow },
      evidence: [
        { signal: 'NAME', weight: 0.35, matched: 'harborline digital', accountValue: 'Harborline Digital', candidateValue: 'Harborline Digital Ltd' },
        {
          signal: 'COMPANY_NAME',
          weight: 0.25,
          matched: 'harborline digital',
          accountValue: 'Harborline Digital Ltd',
          candidateValue: 'Harborline Digital Ltd',
        },
        {
          signal: 'EMAIL_DOMAIN',
          weight: 0.3,
          matched: 'harborline.example',
          accountValue: expect.stringMatching(/@harborline\.example$/),
          candidateValue: expect.stringMatching(/@harborline\.example$/),
        },
        {
          signal: 'WEBSITE_HOST',
          weight: 0.3,
          matched: 'harborline.example',
          accountValue: OVERLAPPING_PARTNER.website,
          candidateValue: expect.stringMatching(/@harborline\.example$/),
        },
      ],
    });
    expect([second.score, second.account.id, second.candidate.id, second.evidence.map((e: { signal: string }) => e.signal)]).toEqual([
      0.6,
      ids.integr8,
      ids.irev,
      ['NAME', 'COMPANY_NAME'],
    ]);
    expect([third.score, third.evidence.map((e: { signal: string }) => e.signal)]).toEqual([0.35, ['NAME']]);
    const strict = await gw.query(`{ partnerLinkSuggestions(search: "harborline", minScore: 0.9) { totalCount } }`);
    expect(strict.data.partnerLinkSuggestions.totalCount).toBe(1);
  }, 120_000);
});

/** The link behaviour, on one store; `env` configures it, `restartEnv` a second gateway on the same store. */
function linkSuite(name: string, env: () => NodeJS.ProcessEnv, available: () => boolean) {
  describe(`partner links on ${name}`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      if (!available()) return;
      gw = await startTestGateway({ sims, env: env() });
    }, 60_000);
    afterAll(async () => {
      await gw?.stop();
    });

    test('links three records as one partner, refuses each bad link, unlinks, and keeps links across a restart', async () => {
      if (!available()) return;
      // Linked into one partner: every record lists all three.
      const linked = await gw.query(LINK, { ids: [ids.everflow, ids.irev, ids.integr8] });
      expect(linked.errors).toBeUndefined();
      expect(linked.data.linkPartnerAccounts.userErrors).toEqual([]);
      const all = [ids.everflow, ids.irev, ids.integr8].sort();
      expect(linked.data.linkPartnerAccounts.accounts.map((a: { id: string }) => a.id).sort()).toEqual(all);
      for (const account of linked.data.linkPartnerAccounts.accounts) expect(account.accounts.map((a: { id: string }) => a.id).sort()).toEqual(all);

      // Unknown record, a record of another partner, a record that is no partner: refused, nothing written.
      const missing = toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: ['99999'] });
      const notFound = await gw.query(LINK, { ids: [ids.integr8, missing] });
      expect(notFound.data.linkPartnerAccounts).toEqual({
        accounts: [],
        userErrors: [{ field: ['input', 'accountIds', '1'], message: `${missing} does not exist at Everflow.`, code: 'NOT_FOUND' }],
      });
      const otherPublisher = (await gw.query(`{ publishers(filter: { incrementalId: { eq: 7 } }) { nodes { id } } }`)).data.publishers.nodes[0].id;
      const otherAffiliate = toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: ['6'] });
      expect((await gw.query(LINK, { ids: [otherPublisher, otherAffiliate] })).data.linkPartnerAccounts.userErrors).toEqual([]);
      const taken = await gw.query(LINK, { ids: [ids.everflow, otherPublisher] });
      expect(taken.data.linkPartnerAccounts).toEqual({
        accounts: [],
        userErrors: [
          {
            field: ['input', 'accountIds', '1'],
            message: `${otherPublisher} is already linked to another partner; unlink it first.`,
            code: 'ALREADY_LINKED',
          },
        ],
      });
      const click = toGlobalId({ vendor: 'IREV', type: 'Click', key: ['1'] });
      expect((await gw.query(LINK, { ids: [ids.everflow, click] })).data.linkPartnerAccounts.userErrors).toEqual([
        { field: ['input', 'accountIds', '1'], message: `${click} is a Click: only affiliates and publishers are partners.`, code: 'INVALID_VALUE' },
      ]);

      // A tenant's own Everflow key with the gateway's configured Integr8 key: two tenants.
      const cross = await gw.query(LINK, { ids: [otherAffiliate, ids.integr8] }, { 'x-everflow-api-key': OTHER.everflow });
      expect(cross.data.linkPartnerAccounts.userErrors).toEqual([
        {
          field: ['input', 'accountIds', '1'],
          message: `${ids.integr8} is read with the gateway's configured Integr8 credential and ${otherAffiliate} with the request's own one: records of two tenants cannot be linked.`,
          code: 'CROSS_TENANT',
        },
      ]);

      // Another tenant sees none of these links, and links its own records apart.
      const theirs = await gw.query(ACCOUNTS, { search: 'harborline' }, OTHER_HEADERS);
      for (const node of theirs.data.partners.nodes)
        expect(node.accounts).toEqual([{ __typename: node.__typename, id: node.id, vendor: node.vendor }]);
      const theirPublisher = (await gw.query(`{ publishers(filter: { incrementalId: { eq: 7 } }) { nodes { id } } }`, {}, OTHER_HEADERS)).data
        .publishers.nodes[0].id;
      const theirLink = await gw.query(LINK, { ids: [ids.everflow, theirPublisher] }, OTHER_HEADERS);
      expect(theirLink.data.linkPartnerAccounts.userErrors).toEqual([]);

      // Unlink: a record that is not linked is refused; a partner left with one record is dissolved.
      const lone = toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: ['8'] });
      expect((await gw.query(UNLINK, { ids: [lone] })).data.unlinkPartnerAccounts).toEqual({
        unlinkedIds: [],
        accounts: [],
        userErrors: [{ field: ['input', 'accountIds', '0'], message: `${lone} is not linked to any partner.`, code: 'NOT_LINKED' }],
      });
      const unlinked = await gw.query(UNLINK, { ids: [otherAffiliate] });
      expect(unlinked.data.unlinkPartnerAccounts).toEqual({
        unlinkedIds: [otherAffiliate],
        accounts: [{ id: otherAffiliate, accounts: [{ id: otherAffiliate }] }],
        userErrors: [],
      });
      const publisherAlone = await gw.query(`query ($id: ID!) { publisher(id: $id) { accounts { id } } }`, { id: otherPublisher });
      expect(publisherAlone.data.publisher.accounts).toEqual([{ id: otherPublisher }]);

      // A new gateway on the same store reads the links back; the other tenant's link is still its own.
      await gw.stop();
      gw = await startTestGateway({ sims, env: env() });
      const again = await gw.query(ACCOUNTS, { search: 'harborline' });
      for (const node of again.data.partners.nodes) expect(node.accounts.map((a: { id: string }) => a.id).sort()).toEqual(all);
      const theirsAgain = await gw.query(`query ($id: ID!) { publisher(id: $id) { accounts { id } } }`, { id: theirPublisher }, OTHER_HEADERS);
      expect(theirsAgain.data.publisher.accounts.map((a: { id: string }) => a.id).sort()).toEqual([ids.everflow, theirPublisher].sort());

      // Two links sharing a record at once end as if they had run in turn: one partner of three.
      const [a, b, c] = ['10', '11', '12'].map((key) => toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: [key] }));
      const racing = await Promise.all([gw.query(LINK, { ids: [a, b] }), gw.query(LINK, { ids: [a, c] })]);
      expect(racing.map((r) => r.data.linkPartnerAccounts.userErrors)).toEqual([[], []]);
      const joined = await gw.query(`query ($id: ID!) { affiliate(id: $id) { accounts { id } } }`, { id: a });
      expect(joined.data.affiliate.accounts.map((x: { id: string }) => x.id).sort()).toEqual([a, b, c].sort());

      // Unlinking two of three leaves the third alone.
      const rest = await gw.query(UNLINK, { ids: [ids.irev, ids.integr8] });
      expect(rest.data.unlinkPartnerAccounts.userErrors).toEqual([]);
      const everflowAlone = await gw.query(`query ($id: ID!) { affiliate(id: $id) { accounts { id } } }`, { id: ids.everflow });
      expect(everflowAlone.data.affiliate.accounts).toEqual([{ id: ids.everflow }]);
    }, 120_000);
  });
}

let dir = '';
linkSuite(
  'PGlite (a data directory)',
  () => ({ PARTNER_LINKS_DIR: dir }),
  () => true,
);

const schema = `partner_links_test_${process.pid}_${Date.now()}`;
let postgres = false;
linkSuite(
  'PostgreSQL',
  () => ({ DATABASE_URL: POSTGRES_URL, PARTNER_LINKS_SCHEMA: schema }),
  () => {
    if (!postgres) expect(process.env.CI).not.toBe('true');
    return postgres;
  },
);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'partner-links-'));
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    postgres = true;
  } catch (error) {
    if (process.env.CI !== 'true')
      console.log(
        `Skipping the PostgreSQL link tests: ${POSTGRES_URL} does not answer (${(error as Error).message}); they are required when CI=true.`,
      );
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  if (!postgres) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    // The migrations ran once, at the first gateway's start, and are recorded (when the suite ran: -t may skip it).
    const table = await client.query(`SELECT to_regclass($1) AS name`, [`"${schema}".partner_link_migrations`]);
    if (table.rows[0].name) {
      const migrations = await client.query(`SELECT version, name FROM "${schema}".partner_link_migrations`);
      expect(migrations.rows).toEqual([{ version: 1, name: 'partner links' }]);
    }
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
});
