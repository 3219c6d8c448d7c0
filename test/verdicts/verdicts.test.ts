import { INTEGR8_INTEGRATION_IDS } from '../../src/simulators/integr8/index.js';
import type { Integr8Dataset, Integr8RowEntry } from '../../src/simulators/integr8/data.js';
import type { EverflowDataset } from '../../src/simulators/everflow/data.js';
import { parseIrevDate, type IrevDataset } from '../../src/simulators/irev/data.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { timeWindows } from '../../src/verdicts/windows.js';
import { startTestGateway, type GqlResponse, type TestGateway } from '../helpers/gateway.js';

const EVERFLOW_INTEGRATION = INTEGR8_INTEGRATION_IDS[0];
const IREV_INTEGRATION = INTEGR8_INTEGRATION_IDS[2];

let gw: TestGateway;
let i8: Integr8Dataset;
let ef: EverflowDataset;
let irev: IrevDataset;

beforeAll(async () => {
  gw = await startTestGateway();
  i8 = gw.sims.integr8.dataset(SIMULATOR_KEYS.integr8);
  ef = gw.sims.everflow.dataset(SIMULATOR_KEYS.everflow);
  irev = gw.sims.irev.dataset(SIMULATOR_KEYS.irev);
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

/** An hour-aligned instant `hours` before the simulators' data was made, whole seconds. */
const hoursAgo = (hours: number) => new Date(Math.floor(i8.now / 3_600_000 - hours) * 3_600_000);
/** Integr8's wall-clock format, UTC. */
const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The Integr8 row that scored a tracker's click, as the simulator holds it (newest first: the first wins). */
function scoring(integrationId: string, id: string): Integr8RowEntry | undefined {
  return i8.clicks.entries.find((e) => e.integrationId === integrationId && e.externalTxId === id);
}

function expectedVerdict(integrationId: string, id: string) {
  const entry = scoring(integrationId, id);
  if (!entry) return null;
  const row = i8.clicks.row(entry);
  return { status: row.status.toUpperCase(), score: row.score, risk: row.risk || null, integrationId, integr8Click: { nativeId: row.real_tx_id } };
}

const VERDICT = 'verdict(integrationId: $integration) { status score risk integrationId integr8Click { nativeId } }';

describe('Click.verdict', () => {
  test('a page of Everflow clicks gets its verdicts from one Integr8 call over the page’s times; unscored clicks are null', async () => {
    const from = hoursAgo(30);
    const to = hoursAgo(27);
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!, $integration: ID!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 30) { nodes { nativeId time ${VERDICT} } } }`,
      { from, to, integration: EVERFLOW_INTEGRATION },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.clicks.nodes as { nativeId: string; time: string; verdict: unknown }[];
    expect(nodes.length).toBe(30);
    expect(nodes.map((n) => n.verdict)).toEqual(nodes.map((n) => expectedVerdict(EVERFLOW_INTEGRATION, n.nativeId)));
    // Both kinds are on the page: scored and never scored.
    expect(nodes.some((n) => n.verdict === null)).toBe(true);
    expect(nodes.some((n) => n.verdict !== null)).toBe(true);
    const times = nodes.map((n) => Date.parse(n.time));
    const reports = gw.requests('integr8').filter((r) => r.path === '/api/v2/reports/v2/click-table');
    expect(reports.map((r) => r.query)).toEqual([
      {
        integration_id: EVERFLOW_INTEGRATION,
        start_time: wall(Math.min(...times) - 60_000),
        end_time: wall(Math.max(...times) + 60_000),
        timezone: 'UTC',
        'page[size]': '100',
      },
    ]);
    expect(gw.requests('integr8')).toHaveLength(1);
  });

  test('iRev clicks get theirs from the iRev integration, batched the same way', async () => {
    const from = hoursAgo(50);
    const to = hoursAgo(47);
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!, $integration: ID!) { clicks(source: { irev: { from: $from, to: $to } }, first: 25) { nodes { nativeId time ${VERDICT} } } }`,
      { from, to, integration: IREV_INTEGRATION },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.clicks.nodes as { nativeId: string; time: string; verdict: unknown }[];
    expect(nodes.length).toBe(25);
    expect(nodes.map((n) => n.verdict)).toEqual(nodes.map((n) => expectedVerdict(IREV_INTEGRATION, n.nativeId)));
    expect(nodes.some((n) => n.verdict !== null)).toBe(true);
    const times = nodes.map((n) => Date.parse(n.time));
    expect(gw.requests('integr8').map((r) => [r.path, r.query])).toEqual([
      [
        '/api/v2/reports/v2/click-table',
        {
          integration_id: IREV_INTEGRATION,
          start_time: wall(Math.min(...times) - 60_000),
          end_time: wall(Math.max(...times) + 60_000),
          timezone: 'UTC',
          'page[size]': '100',
        },
      ],
    ]);
  });

  test('an Integr8 failure is a coded error at each verdict, with its path; the clicks are still returned', async () => {
    gw.sims.integr8.injectFault({ path: '/api/v2/reports/v2/click-table', status: 403 });
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!, $integration: ID!) { clicks(source: { everflow: { from: $from, to: $to } }, first: 3) { nodes { nativeId ${VERDICT} } } }`,
      { from: hoursAgo(30), to: hoursAgo(27), integration: EVERFLOW_INTEGRATION },
    );
    expect(res.data.clicks.nodes).toHaveLength(3);
    for (const node of res.data.clicks.nodes) expect(node).toEqual({ nativeId: expect.stringMatching(/^[0-9a-f]{32}$/), verdict: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.vendor])).toEqual([
      [['clicks', 'nodes', 0, 'verdict'], 'FORBIDDEN', 'INTEGR8'],
      [['clicks', 'nodes', 1, 'verdict'], 'FORBIDDEN', 'INTEGR8'],
      [['clicks', 'nodes', 2, 'verdict'], 'FORBIDDEN', 'INTEGR8'],
    ]);
    expect(gw.requests('integr8')).toHaveLength(1);
  });
});

test('sparse clicks spend the Integr8 budget: 20 calls, then LOOKUP_BUDGET_EXCEEDED at the verdicts left, the clicks still returned', async () => {
  // One offer's clicks over 14 days: many windows more than an hour apart, one call each at least.
  const to = hoursAgo(24);
  const from = new Date(to.getTime() - 14 * 86_400_000);
  const byOffer = new Map<number, number[]>();
  for (const c of ef.clicks) {
    if (c.unix_timestamp < from.getTime() / 1000 || c.unix_timestamp > to.getTime() / 1000) continue;
    const offer = c.raw.relationship.offer.network_offer_id;
    byOffer.set(offer, [...(byOffer.get(offer) ?? []), c.unix_timestamp]);
  }
  const [offer, times] = [...byOffer].find(([, t]) => t.length <= 100 && timeWindows(t, (s) => new Date(s * 1000)).length > 25)!;
  const res = await gw.query(
    `query($from: DateTime!, $to: DateTime!, $integration: ID!, $offer: String!) {
      clicks(source: { everflow: { from: $from, to: $to, filters: [{ resourceType: OFFER, values: [$offer] }] } }, first: 100) { nodes { nativeId ${VERDICT} } }
    }`,
    { from, to, integration: EVERFLOW_INTEGRATION, offer: String(offer) },
  );
  const nodes = res.data.clicks.nodes as { nativeId: string; verdict: unknown }[];
  expect(nodes).toHaveLength(times.length);
  expect(gw.requests('integr8')).toHaveLength(20);
  const failed = new Set(res.errors?.map((e) => e.path?.[2]));
  expect(failed.size).toBeGreaterThan(0);
  for (const error of res.errors ?? []) {
    expect(error).toMatchObject({
      path: ['clicks', 'nodes', expect.any(Number), 'verdict'],
      extensions: { code: 'LOOKUP_BUDGET_EXCEEDED', vendor: 'INTEGR8' },
    });
  }
  // Windows are read oldest first, as the clicks come: the budget runs out at the tail.
  expect([...failed]).toEqual(nodes.map((_, i) => i).slice(nodes.length - failed.size));
  nodes.forEach((node, i) => {
    if (!failed.has(i)) expect(node.verdict).toEqual(expectedVerdict(EVERFLOW_INTEGRATION, node.nativeId));
  });
});

describe('Click.trackedClick', () => {
  test('Integr8 rows of the Everflow integration resolve to their Everflow clicks through the click stream, without a call per row', async () => {
    // A day no other test reads: the click stream is cached per day.
    const from = hoursAgo(100);
    const to = hoursAgo(99);
    const res = await gw.query(
      `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 100) { nodes { nativeId integr8 { integrationType externalTransactionId } trackedClick { vendor nativeId } } } }`,
      { q: { integrationId: EVERFLOW_INTEGRATION, from, to } },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.clicks.nodes as { nativeId: string; integr8: { externalTransactionId: string | null }; trackedClick: unknown }[];
    const entries = i8.clicks.entries.filter(
      (e) => e.integrationId === EVERFLOW_INTEGRATION && e.time >= from.getTime() / 1000 && e.time <= to.getTime() / 1000,
    );
    expect(nodes.map((n) => n.nativeId)).toEqual(entries.map((e) => e.txId));
    const tracked = entries.filter((e) => e.externalTxId);
    expect(tracked.length).toBeGreaterThan(5);
    expect(nodes.map((n) => n.trackedClick)).toEqual(
      entries.map((e) => (e.externalTxId && ef.clicksById.has(e.externalTxId) ? { vendor: 'EVERFLOW', nativeId: e.externalTxId } : null)),
    );
    for (const node of nodes)
      expect(node.integr8).toEqual({
        integrationType: 'everflow',
        externalTransactionId: i8.clicks.row(entries[nodes.indexOf(node)]).external_transaction_id || null,
      });
    // The click stream of the day the rows fall on, in one call: no click-by-id call.
    const times = tracked.map((e) => e.time * 1000);
    const day = (ms: number) => Math.floor(ms / 86_400_000) * 86_400_000;
    expect(gw.requests('everflow').map((r) => [r.method, r.path, r.body])).toEqual([
      [
        'POST',
        '/v1/affiliates/reporting/clicks/stream',
        { from: wall(day(Math.min(...times) - 60_000)), to: wall(day(Math.max(...times) + 60_000) + 86_400_000), timezone_id: 67 },
      ],
    ]);
  });

  test('Integr8 rows of the iRev integration resolve to their iRev clicks through the click list over their times', async () => {
    const from = hoursAgo(50);
    const to = hoursAgo(49);
    const res = await gw.query(
      `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 100) { nodes { nativeId trackedClick { vendor nativeId time } } } }`,
      { q: { integrationId: IREV_INTEGRATION, from, to } },
    );
    expect(res.errors).toBeUndefined();
    const entries = i8.clicks.entries.filter(
      (e) => e.integrationId === IREV_INTEGRATION && e.time >= from.getTime() / 1000 && e.time <= to.getTime() / 1000,
    );
    const byId = new Map(irev.clicks.map((c) => [String(c.id), c]));
    expect(res.data.clicks.nodes.map((n: { trackedClick: unknown }) => n.trackedClick)).toEqual(
      entries.map((e) => {
        const click = e.externalTxId ? byId.get(e.externalTxId) : undefined;
        return click ? { vendor: 'IREV', nativeId: String(click.id), time: new Date(parseIrevDate(click.created_at)!).toISOString() } : null;
      }),
    );
    expect(entries.filter((e) => e.externalTxId).length).toBeGreaterThan(3);
    // One list call over the window of the rows that name an iRev id (digits), 60 s either side.
    const times = entries.filter((e) => /^[1-9]\d*$/.test(i8.clicks.row(e).external_transaction_id)).map((e) => e.time * 1000);
    const start = wall(Math.min(...times) - 60_000);
    const end = wall(Math.max(...times) + 60_000);
    expect(gw.requests('irev').map((r) => [r.path, r.query])).toEqual([
      [
        '/backend/open-api/v1/users/clicks',
        { created_from: start, created_at_from: start, created_to: end, created_at_to: end, page: '1', per_page: '500' },
      ],
    ]);
  });

  test('an external id the vendor cannot have, and Everflow or iRev clicks, have no tracked click and cost no call', async () => {
    const from = hoursAgo(24 * 60);
    const to = new Date(from.getTime() + 3_600_000);
    const res = await gw.query(
      `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 20) { nodes { integr8 { externalTransactionId } trackedClick { nativeId } } } }`,
      { q: { integrationId: EVERFLOW_INTEGRATION, from, to } },
    );
    expect(res.errors).toBeUndefined();
    // Rows older than the tracked days carry the simulator's own 20-character ids (or none).
    expect(res.data.clicks.nodes.length).toBeGreaterThan(0);
    for (const node of res.data.clicks.nodes) expect(node.trackedClick).toBeNull();
    expect(gw.requests('everflow')).toEqual([]);
  });
});

describe('the verdict filter of the merged clicks(query:)', () => {
  const MERGED = `query($q: ClickQuery!, $after: String) {
    clicks(query: $q, first: 5, after: $after) {
      totalCount missingVendors { vendor } pageInfo { hasNextPage endCursor }
      nodes { vendor nativeId time verdict(integrationId: "${EVERFLOW_INTEGRATION}") { status } }
    }
  }`;

  test('Everflow and iRev clicks Integr8 rejected, each by its own integration, newest first, every one once', async () => {
    const from = hoursAgo(60);
    const to = hoursAgo(36);
    const inRange = (seconds: number) => seconds >= from.getTime() / 1000 && seconds <= to.getTime() / 1000;
    const rejected = (integration: string, id: string) => scoring(integration, id)?.status === 'Rejected';
    const expected = [
      ...ef.clicks
        .filter((c) => inRange(c.unix_timestamp) && rejected(EVERFLOW_INTEGRATION, c.transaction_id))
        .map((c) => `EVERFLOW ${c.transaction_id}`),
      ...irev.clicks
        .filter((c) => inRange((parseIrevDate(c.created_at) ?? 0) / 1000) && rejected(IREV_INTEGRATION, String(c.id)))
        .map((c) => `IREV ${c.id}`),
    ].sort();
    expect(expected.some((id) => id.startsWith('EVERFLOW'))).toBe(true);
    expect(expected.some((id) => id.startsWith('IREV'))).toBe(true);
    const q = { from, to, verdict: { everflowIntegrationId: EVERFLOW_INTEGRATION, irevIntegrationId: IREV_INTEGRATION, status: ['REJECTED'] } };
    const seen: string[] = [];
    const times: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 40; i++) {
      const res: GqlResponse = await gw.query(MERGED, { q, after });
      expect(res.errors).toBeUndefined();
      const connection: any = res.data.clicks;
      // A post-filter: no total; Integr8 (whose rows are verdicts) is not read.
      expect(connection.totalCount).toBeNull();
      expect(connection.missingVendors).toEqual([]);
      for (const node of connection.nodes) {
        seen.push(`${node.vendor} ${node.nativeId}`);
        times.push(Date.parse(node.time));
        if (node.vendor === 'EVERFLOW') expect(node.verdict).toEqual({ status: 'REJECTED' });
      }
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Integr8 was asked only for reports of the two integrations (verdicts), never for its own clicks.
    const integrations = new Set(gw.requests('integr8').map((r) => String(r.path)));
    expect([...integrations].every((path) => path.includes(EVERFLOW_INTEGRATION) || path.includes(IREV_INTEGRATION) || path.includes('report'))).toBe(
      true,
    );
  });

  test('a vendor the filter cannot read, or no integration at all, is BAD_USER_INPUT before any call', async () => {
    const from = hoursAgo(10);
    const to = hoursAgo(9);
    const onlyIntegr8 = await gw.query(MERGED, { q: { from, to, vendors: ['INTEGR8'], verdict: { everflowIntegrationId: EVERFLOW_INTEGRATION } } });
    expect(onlyIntegr8.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(onlyIntegr8.errors?.[0]?.message).toMatch(/query\.vendors names INTEGR8/);
    const none = await gw.query(MERGED, { q: { from, to, verdict: { status: ['REJECTED'] } } });
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(none.errors?.[0]?.message).toMatch(/names no integration/);
    expect(gw.requests()).toEqual([]);
  });
});

describe('the verdict filter of clicks(source:)', () => {
  test('Everflow clicks Integr8 rejected: full pages, cursors that resume, and the end of the list', async () => {
    const from = hoursAgo(60);
    const to = hoursAgo(36);
    const inRange = ef.clicks.filter((c) => c.unix_timestamp >= from.getTime() / 1000 && c.unix_timestamp <= to.getTime() / 1000);
    const rejected = inRange
      .filter((c) => {
        const entry = scoring(EVERFLOW_INTEGRATION, c.transaction_id);
        return entry?.status === 'Rejected';
      })
      .map((c) => c.transaction_id);
    expect(rejected.length).toBeGreaterThan(8);
    const page = (after: string | null) =>
      gw.query(
        `query($from: DateTime!, $to: DateTime!, $after: String) {
          clicks(source: { everflow: { from: $from, to: $to, verdict: { integrationId: "${EVERFLOW_INTEGRATION}", status: [REJECTED] } } }, first: 4, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } edges { cursor node { nativeId verdict(integrationId: "${EVERFLOW_INTEGRATION}") { status } } }
          }
        }`,
        { from, to, after },
      );
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      gw.clearRequests();
      const res = await page(after);
      expect(res.errors).toBeUndefined();
      const connection = res.data.clicks;
      expect(connection.totalCount).toBeNull();
      for (const edge of connection.edges) expect(edge.node.verdict).toEqual({ status: 'REJECTED' });
      seen.push(...connection.edges.map((e: { node: { nativeId: string } }) => e.node.nativeId));
      if (connection.pageInfo.hasNextPage) expect(connection.edges).toHaveLength(4);
      // One Integr8 batch per Everflow page read (the verdict fields reuse it), each a bounded few calls.
      expect(gw.requests('integr8').length).toBeLessThanOrEqual(20);
      if (!connection.pageInfo.hasNextPage) break;
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(rejected);
  });

  test('scored: false keeps the clicks Integr8 never scored; page numbers are refused', async () => {
    const from = hoursAgo(30);
    const to = hoursAgo(27);
    const res = await gw.query(
      `query($from: DateTime!, $to: DateTime!) { clicks(source: { irev: { from: $from, to: $to, verdict: { integrationId: "${IREV_INTEGRATION}", scored: false } } }, first: 5) { nodes { nativeId } } }`,
      { from, to },
    );
    expect(res.errors).toBeUndefined();
    const inRange = irev.clicks
      .filter((c) => {
        const ms = parseIrevDate(c.created_at)!;
        return ms >= from.getTime() && ms <= to.getTime();
      })
      .reverse();
    const unscored = inRange.filter((c) => !scoring(IREV_INTEGRATION, String(c.id))).map((c) => String(c.id));
    expect(res.data.clicks.nodes.map((n: { nativeId: string }) => n.nativeId)).toEqual(unscored.slice(0, 5));

    const paged = await gw.query(
      `query($from: DateTime!, $to: DateTime!) { clicks(source: { irev: { from: $from, to: $to, verdict: { integrationId: "${IREV_INTEGRATION}", status: [] } } }, first: 5) { nodes { nativeId } } }`,
      { from, to },
    );
    expect(paged.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const numbered = await gw.query(
      `query($from: DateTime!, $to: DateTime!) { clicks(source: { irev: { from: $from, to: $to, verdict: { integrationId: "${IREV_INTEGRATION}" } } }, page: 2) { nodes { nativeId } } }`,
      { from, to },
    );
    expect(numbered.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
