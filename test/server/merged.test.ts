/**
 * The merged clicks and conversions lists through real HTTP against the simulators: order and
 * cursors across pages both ways, each vendor's limits in the request logs, a vendor failing
 * mid-walk and the resumed walk, totals, page mode, and the normalised statuses and money.
 */
import { loadConfig } from '../../src/config.js';
import { toGlobalId } from '../../src/ids.js';
import { startGateway } from '../../src/server.js';
import { simulatorEndpoints } from '../../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS } from '../../src/simulators/integr8/index.js';
import { daysAgo, startTestGateway, type GqlResponse, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { RETRY_BASE_DELAY_MS: '5' } });
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());
afterEach(() => {
  for (const sim of [gw.sims.everflow, gw.sims.irev, gw.sims.integr8]) sim.clearFaults();
});

const integrationId = INTEGR8_INTEGRATION_IDS[0];
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
/** The last `hours` hours, whole seconds: about 30 clicks an hour across the three simulators. */
const range = (hours: number) => ({ from: seconds(Date.now() - hours * 3_600_000), to: seconds(Date.now()) });

interface Row {
  id: string;
  vendor: string;
  time: string;
}

const CLICKS = `query MergedClicks($q: ClickQuery!, $first: Int, $after: String, $last: Int, $before: String, $page: Int, $pageSize: Int) {
  clicks(query: $q, first: $first, after: $after, last: $last, before: $before, page: $page, pageSize: $pageSize) {
    totalCount
    missingVendors { vendor integrationId code message }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor page pageSize }
    edges { cursor node { id vendor time } }
  }
}`;

type Page = { totalCount: number | null; missingVendors: unknown[]; pageInfo: Record<string, any>; edges: { cursor: string; node: Row }[] };

async function clicks(variables: Record<string, unknown>): Promise<GqlResponse<{ clicks: Page }>> {
  return gw.query(CLICKS, variables);
}

/** Every row of one vendor's own list for the range, in that list's order, and its total. */
async function single(source: Record<string, unknown>): Promise<{ rows: Row[]; total: number }> {
  const rows: Row[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await gw.query(
      `query($s: ClickSource!, $after: String) { clicks(source: $s, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id vendor time } } }`,
      { s: source, after },
    );
    expect(res.errors).toBeUndefined();
    rows.push(...res.data.clicks.nodes);
    if (!res.data.clicks.pageInfo.hasNextPage) return { rows, total: res.data.clicks.totalCount };
    after = res.data.clicks.pageInfo.endCursor;
  }
}

/** The merged list must hold each vendor's rows exactly once, each vendor's in its own order, all by time. */
function expectMerged(merged: Row[], lists: Row[][], newestFirst = true): void {
  expect(merged.map((row) => row.id).sort()).toEqual(
    lists
      .flat()
      .map((row) => row.id)
      .sort(),
  );
  for (let i = 1; i < merged.length; i++) {
    const [a, b] = [Date.parse(merged[i - 1].time), Date.parse(merged[i].time)];
    expect(newestFirst ? a >= b : a <= b).toBe(true);
  }
  for (const list of lists) {
    const ids = new Set(list.map((row) => row.id));
    const sub = merged.filter((row) => ids.has(row.id)).map((row) => row.id);
    const own = list.map((row) => row.id);
    // Same order, up to rows of equal time (a vendor's own tie order is kept; the merge never reorders a vendor).
    expect(sub.map((id) => list.find((row) => row.id === id)?.time)).toEqual(own.map((id) => list.find((row) => row.id === id)?.time));
  }
}

async function walk(q: Record<string, unknown>, first: number): Promise<{ pages: Page[]; rows: Row[] }> {
  const pages: Page[] = [];
  let after: string | undefined;
  for (let n = 0; n < 50; n++) {
    const res = await clicks({ q, first, after });
    expect(res.errors).toBeUndefined();
    pages.push(res.data!.clicks);
    if (!res.data!.clicks.pageInfo.hasNextPage) break;
    after = res.data!.clicks.pageInfo.endCursor;
  }
  return { pages, rows: pages.flatMap((page) => page.edges.map((edge) => edge.node)) };
}

describe('merged clicks', () => {
  test('newest first across three vendors, page by page forward and back, totalCount the sum', async () => {
    const { from, to } = range(3);
    const q = { from, to, integr8IntegrationIds: [integrationId] };
    const [everflow, irev, integr8] = await Promise.all([
      single({ everflow: { from, to } }),
      single({ irev: { from, to } }),
      single({ integr8: { integrationId, from, to } }),
    ]);
    const lists = [[...everflow.rows].reverse(), irev.rows, integr8.rows];
    expect(lists.every((list) => list.length > 0)).toBe(true);

    const { pages, rows } = await walk(q, 20);
    expectMerged(rows, lists);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.every((page) => page.totalCount === everflow.total + irev.total + integr8.total)).toBe(true);
    expect(pages[0].pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true, pageSize: 20 });

    // Back from the last page's start to the beginning: the same rows, page by page.
    const back: Row[] = [];
    let before = pages[pages.length - 1].pageInfo.startCursor;
    for (let n = 0; n < 50; n++) {
      const res = await clicks({ q, last: 20, before });
      expect(res.errors).toBeUndefined();
      back.unshift(...res.data!.clicks.edges.map((edge) => edge.node));
      if (!res.data!.clicks.pageInfo.hasPreviousPage) break;
      before = res.data!.clicks.pageInfo.startCursor;
    }
    expect(back.map((row) => row.id)).toEqual(rows.slice(0, rows.length - pages[pages.length - 1].edges.length).map((row) => row.id));
  });

  test.each([
    ['relay', 'total'],
    ['exact', 'absent'],
    ['relay', 'page'],
  ])('the same walk both ways under Integr8 reportPageInfo %s, reportCount %s', async (pageInfo, count) => {
    const readings = gw.sims.integr8.readings as unknown as Record<string, string>;
    const before = { ...readings };
    Object.assign(readings, { reportPageInfo: pageInfo, reportCount: count });
    const own = await startTestGateway({ sims: gw.sims });
    try {
      const { from, to } = range(2);
      const q = { from, to, integr8IntegrationIds: [integrationId] };
      const reference = await walk(q, 100);
      const pages: Row[][] = [];
      let after: string | undefined;
      for (let n = 0; n < 20; n++) {
        const res = await own.query(CLICKS, { q, first: 9, after });
        expect(res.errors).toBeUndefined();
        pages.push(res.data.clicks.edges.map((edge: { node: Row }) => edge.node));
        if (!res.data.clicks.pageInfo.hasNextPage) break;
        after = res.data.clicks.pageInfo.endCursor;
      }
      expect(pages.flat().map((row) => row.id)).toEqual(reference.rows.map((row) => row.id));
      // Back from the end cursor of the last page: every row but that last one, in order.
      const back: Row[] = [];
      const res = await own.query(CLICKS, { q, first: 9, after });
      let cursor: string | undefined = res.data.clicks.pageInfo.endCursor ?? undefined;
      for (let n = 0; n < 20 && cursor; n++) {
        const page = await own.query(CLICKS, { q, last: 9, before: cursor });
        expect(page.errors).toBeUndefined();
        back.unshift(...page.data.clicks.edges.map((edge: { node: Row }) => edge.node));
        if (!page.data.clicks.pageInfo.hasPreviousPage) break;
        cursor = page.data.clicks.pageInfo.startCursor;
      }
      expect(back.map((row) => row.id)).toEqual(reference.rows.slice(0, -1).map((row) => row.id));
    } finally {
      Object.assign(readings, before);
      await own.stop();
    }
  });

  test('a page asks each vendor for at most `first` rows, within its own limits', async () => {
    const { from, to } = range(30 * 24);
    gw.clearRequests();
    const res = await clicks({ q: { from, to, integr8IntegrationIds: [integrationId] }, first: 100 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.clicks.edges).toHaveLength(100);
    const integr8 = gw.requests('integr8').filter((r) => r.path.endsWith('/click-table'));
    expect(integr8.map((r) => r.query['page[size]'])).toEqual(['100']);
    // iRev: one page of 100 (its own maximum is 500).
    expect(gw.requests('irev').map((r) => [r.query.page, r.query.per_page])).toEqual([['1', '100']]);
    // Everflow: the click stream in windows of at most 14 days (its limit; a window at its 5000-row
    // cap is split and read again); totalCount is selected, so the whole range is read to count it.
    const windows = gw.requests('everflow').map((r) => r.body as { from: string; to: string });
    expect(windows.length).toBeGreaterThan(0);
    for (const window of windows) expect(Date.parse(`${window.to}Z`) - Date.parse(`${window.from}Z`)).toBeLessThanOrEqual(14 * 86_400_000);
  });

  test('without totalCount selected, Everflow reads only the days the page needs', async () => {
    const { from, to } = range(30 * 24);
    const res = await gw.query(`query($q: ClickQuery!) { clicks(query: $q, first: 10) { edges { node { vendor } } } }`, {
      q: { from, to, vendors: ['EVERFLOW'] },
    });
    expect(res.errors).toBeUndefined();
    expect(gw.requests('everflow').length).toBeLessThanOrEqual(2);
    expect(gw.requests('irev')).toEqual([]);
    expect(gw.requests('integr8')).toEqual([]);
  });

  test('one vendor failing mid-walk: the others answer, it is listed and reported, and the resumed walk returns every row once', async () => {
    const { from, to } = range(4);
    const q = { from, to, integr8IntegrationIds: [integrationId] };
    const seen: Row[] = [];
    let after: string | undefined;
    for (let n = 0; n < 50; n++) {
      if (n === 1) gw.sims.irev.injectFault({ method: 'GET', path: '/backend/open-api/v1/users/clicks', status: 500, body: { message: 'down' } });
      const res = await clicks({ q, first: 15, after });
      const page = res.data!.clicks;
      if (n === 1) {
        expect(page.missingVendors).toEqual([
          { vendor: 'IREV', integrationId: null, code: 'UPSTREAM_ERROR', message: expect.stringContaining('500') },
        ]);
        expect(res.errors).toEqual([
          expect.objectContaining({
            path: ['clicks', 'missingVendors', 0],
            extensions: expect.objectContaining({ code: 'UPSTREAM_ERROR', vendor: 'IREV' }),
          }),
        ]);
        expect(page.totalCount).toBeNull();
        expect(page.edges.length).toBeGreaterThan(0);
        expect(page.edges.every((edge) => edge.node.vendor !== 'IREV')).toBe(true);
      } else {
        expect(res.errors).toBeUndefined();
        expect(page.missingVendors).toEqual([]);
      }
      seen.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // The walk again, iRev up (its pages now cached or read again): the same rows, each once.
    const full = await walk(q, 15);
    expect(seen.map((row) => row.id).sort()).toEqual(full.rows.map((row) => row.id).sort());
    expect(new Set(seen.map((row) => row.id)).size).toBe(seen.length);
  });

  test('page mode: page n is the nth page of the cursor walk', async () => {
    const { from, to } = range(3);
    const q = { from, to, integr8IntegrationIds: [integrationId] };
    const { rows } = await walk(q, 10);
    const res = await clicks({ q, page: 3, pageSize: 10 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.clicks.edges.map((edge) => edge.node.id)).toEqual(rows.slice(20, 30).map((row) => row.id));
    expect(res.data!.clicks.pageInfo).toMatchObject({ page: 3, pageSize: 10, hasPreviousPage: true });
    const deep = await clicks({ q, page: 20, pageSize: 100 });
    expect(deep.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'page' } });
  });

  test('oldest first reads Everflow and iRev the other way round', async () => {
    const { from, to } = range(3);
    const [everflow, irev] = await Promise.all([single({ everflow: { from, to } }), single({ irev: { from, to } })]);
    const { rows } = await walk({ from, to, vendors: ['EVERFLOW', 'IREV'], order: 'OLDEST_FIRST' }, 25);
    expectMerged(rows, [everflow.rows, [...irev.rows].reverse()], false);
  });

  test('filters: an iRev affiliate reads only iRev, with its affiliate_id', async () => {
    const { from, to } = range(24 * 7);
    const affiliate = gw.sims.irev.dataset('sim-irev-token').clicks[0].affiliate_id;
    const res = await clicks({ q: { from, to, partners: [toGlobalId({ vendor: 'IREV', type: 'Affiliate', key: [String(affiliate)] })] }, first: 5 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.clicks.edges.length).toBeGreaterThan(0);
    expect(res.data!.clicks.edges.every((edge) => edge.node.vendor === 'IREV')).toBe(true);
    expect(gw.requests('everflow')).toEqual([]);
    expect(gw.requests('integr8')).toEqual([]);
    expect(gw.requests('irev').map((r) => r.query.affiliate_id)).toEqual([String(affiliate)]);
  });

  test('countries and Integr8 statuses are applied; Everflow and iRev have no status and are not read', async () => {
    const { from, to } = range(24);
    const res = await gw.query(`query($q: ClickQuery!) { clicks(query: $q, first: 10) { totalCount edges { node { vendor status country } } } }`, {
      q: { from, to, integr8IntegrationIds: [integrationId], statuses: ['REJECTED'] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.clicks.edges.every((edge: any) => edge.node.vendor === 'INTEGR8' && edge.node.status === 'REJECTED')).toBe(true);
    expect(gw.requests('integr8').map((r) => r.query['filter[status]'])).toEqual(['Rejected']);
    expect(gw.requests('irev')).toEqual([]);

    const byCountry = await gw.query(`query($q: ClickQuery!) { clicks(query: $q, first: 10) { totalCount edges { node { country } } } }`, {
      q: { from, to, integr8IntegrationIds: [integrationId], countries: ['US'] },
    });
    expect(byCountry.errors).toBeUndefined();
    expect(byCountry.data.clicks.totalCount).toBeNull();
    expect(byCountry.data.clicks.edges.every((edge: any) => edge.node.country === 'US')).toBe(true);
  });

  test.each([
    [{ source: { irev: {} }, query: {} }, 'source', /exactly one of `source`/],
    [{}, 'query', /exactly one of `source`/],
    [{ query: { order: 'OLDEST_FIRST', integr8IntegrationIds: [integrationId] } }, 'query', /newest first only/],
    [{ query: { vendors: ['INTEGR8'] } }, 'query', /integr8IntegrationIds/],
    [
      { query: { partners: [toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: ['7'] })], vendors: ['EVERFLOW'] } },
      'query',
      /API key's own affiliate/,
    ],
    [{ query: { vendors: ['IREV'], offers: [toGlobalId({ vendor: 'IREV', type: 'Click', key: ['7'] })] } }, 'query', /not a Offer/],
  ])('%j is BAD_USER_INPUT at %s', async (args, argument, message) => {
    const { from, to } = range(1);
    const withRange = { ...args, ...('query' in args && { query: { from, to, ...args.query } }) };
    const res = await gw.query(
      `query($source: ClickSource, $query: ClickQuery) { clicks(source: $source, query: $query) { totalCount } }`,
      withRange,
    );
    expect(res.data?.clicks).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT', argument } });
  });

  test('by default only the configured vendors are read; a named one that is not configured is missing', async () => {
    const { everflow, irev } = simulatorEndpoints(gw.sims);
    const partial = await startGateway(loadConfig({ LOG_LEVEL: 'silent' }), { everflow, irev }, { port: 0 });
    try {
      const post = async (q: Record<string, unknown>) =>
        (await (
          await fetch(partial.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: CLICKS, variables: { q, first: 30 } }),
          })
        ).json()) as GqlResponse<{ clicks: Page }>;
      const byDefault = await post(range(3));
      expect(byDefault.errors).toBeUndefined();
      expect(new Set(byDefault.data!.clicks.edges.map((edge) => edge.node.vendor))).toEqual(new Set(['EVERFLOW', 'IREV']));
      const named = await post({ ...range(3), vendors: ['IREV', 'INTEGR8'], integr8IntegrationIds: [integrationId] });
      expect(named.data!.clicks.missingVendors).toEqual([
        { vendor: 'INTEGR8', integrationId, code: 'VENDOR_NOT_CONFIGURED', message: expect.stringContaining('INTEGR8_API_KEY') },
      ]);
      expect(named.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
        [['clicks', 'missingVendors', 0], 'VENDOR_NOT_CONFIGURED'],
      ]);
      expect(named.data!.clicks.edges.every((edge) => edge.node.vendor === 'IREV')).toBe(true);
    } finally {
      await partial.stop();
    }
  });

  test('last without before, newest first, needs the end of Integr8 reports: BAD_USER_INPUT', async () => {
    const res = await clicks({ q: { ...range(1), integr8IntegrationIds: [integrationId] }, last: 5 });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'last' } });
    const without = await clicks({ q: { ...range(1), vendors: ['EVERFLOW', 'IREV'] }, last: 5 });
    expect(without.errors).toBeUndefined();
    expect(without.data!.clicks.edges).toHaveLength(5);
  });

  test('money carries its currency: Everflow in the click currency, Integr8 with none', async () => {
    const res = await gw.query(
      `query($q: ClickQuery!) { clicks(query: $q, first: 60) { nodes { vendor revenue currency revenueMoney { amount currency } payout payoutMoney { amount currency } } } }`,
      { q: { ...range(6), integr8IntegrationIds: [integrationId], vendors: ['EVERFLOW', 'INTEGR8'] } },
    );
    expect(res.errors).toBeUndefined();
    for (const click of res.data.clicks.nodes) {
      expect(click.revenueMoney).toEqual(click.revenue === null ? null : { amount: click.revenue, currency: click.currency });
      expect(click.payoutMoney).toEqual(click.payout === null ? null : { amount: click.payout, currency: null });
      if (click.vendor === 'INTEGR8') expect(click.revenueMoney?.currency ?? null).toBeNull();
    }
    expect(res.data.clicks.nodes.some((click: any) => click.vendor === 'EVERFLOW' && click.revenueMoney?.currency)).toBe(true);
  });
});

describe('merged clicks that hit a vendor limit', () => {
  test("Everflow's request budget running out makes the merged page truncated, with the same ranges as its single list", async () => {
    // One gateway per query: a gateway sizes its reads by the rows per day the last read of the same days found.
    const env = { EVERFLOW_CLICK_REQUEST_BUDGET: '2', RESPONSE_CACHE: 'off', CACHE_TTL_CLICK_STREAM_SECONDS: '0' };
    const [small, other] = await Promise.all([startTestGateway({ env }), startTestGateway({ env })]);
    try {
      const from = daysAgo(20);
      const to = daysAgo(0);
      const single = await small.query(
        `query($from: DateTime!, $to: DateTime!) { clicks(source: { everflow: { from: $from, to: $to } }, last: 10) { totalCount truncated truncatedRanges { from to } } }`,
        { from, to },
      );
      const merged = await other.query(
        `query($q: ClickQuery!) { clicks(query: $q, first: 10) { totalCount truncated truncatedRanges { from to } } }`,
        { q: { from, to, vendors: ['EVERFLOW'] } },
      );
      expect(single.data.clicks.truncated).toBe(true);
      expect(merged.errors).toBeUndefined();
      expect(merged.data.clicks.truncated).toBe(true);
      expect(merged.data.clicks.truncatedRanges).toEqual(single.data.clicks.truncatedRanges);
    } finally {
      await Promise.all([small.stop(), other.stop()]);
    }
  });
});

describe('merged conversions', () => {
  const CONVERSIONS = `query MergedConversions($q: ConversionQuery!, $first: Int, $after: String) {
  conversions(query: $q, first: $first, after: $after) {
    totalCount
    missingVendors { vendor }
    pageInfo { hasNextPage endCursor }
    nodes { id vendor time status state vendorStatus revenue currency revenueMoney { amount currency } }
  }
}`;

  test('Everflow and Integr8 merged newest first, with one state enum and each vendor own value', async () => {
    const { from, to } = range(24 * 30);
    const q = { from, to, integr8IntegrationIds: [integrationId] };
    const seen: any[] = [];
    let after: string | undefined;
    let totalCount = null;
    for (let n = 0; n < 4; n++) {
      const res = await gw.query(CONVERSIONS, { q, first: 50, after });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.conversions.nodes);
      totalCount = res.data.conversions.totalCount;
      if (!res.data.conversions.pageInfo.hasNextPage) break;
      after = res.data.conversions.pageInfo.endCursor;
    }
    expect(totalCount).toEqual(expect.any(Number));
    for (let i = 1; i < seen.length; i++) expect(Date.parse(seen[i - 1].time)).toBeGreaterThanOrEqual(Date.parse(seen[i].time));
    expect(new Set(seen.map((c) => c.vendor))).toEqual(new Set(['EVERFLOW', 'INTEGR8']));
    const STATES: Record<string, Record<string, string>> = {
      EVERFLOW: { on_hold: 'PENDING', approved: 'APPROVED', rejected: 'REJECTED' },
      INTEGR8: { Approved: 'APPROVED', Rejected: 'REJECTED' },
    };
    for (const c of seen) {
      expect(c.state).toBe(STATES[c.vendor][c.vendorStatus]);
      expect(c.revenueMoney).toEqual(c.revenue === null ? null : { amount: c.revenue, currency: c.vendor === 'EVERFLOW' ? c.currency : null });
    }
    expect(seen.filter((c) => c.vendor === 'EVERFLOW').every((c) => typeof c.revenueMoney?.currency === 'string')).toBe(true);
  });

  test('events: Everflow asked for them (show_events), or left out with Integr8 event rows dropped', async () => {
    const { from, to } = range(24 * 30);
    const q = { from, to, integr8IntegrationIds: [integrationId] };
    const withEvents = await gw.query(CONVERSIONS, { q, first: 100 });
    expect(withEvents.errors).toBeUndefined();
    const body = (r: { body?: unknown }) => r.body as { show_conversions: boolean; show_events: boolean };
    expect(gw.requests('everflow').map((r) => [body(r).show_conversions, body(r).show_events])).toEqual([[true, true]]);
    gw.clearRequests();
    const without = await gw.query(CONVERSIONS.replace('vendorStatus', 'vendorStatus isEvent'), { q: { ...q, events: false }, first: 100 });
    expect(without.errors).toBeUndefined();
    expect(gw.requests('everflow').map((r) => [body(r).show_conversions, body(r).show_events])).toEqual([[true, false]]);
    expect(without.data.conversions.nodes.every((c: { isEvent: boolean }) => !c.isEvent)).toBe(true);
  });

  test('states [PENDING] reads only Everflow, with its on-hold filter', async () => {
    const { from, to } = range(24 * 30);
    const res = await gw.query(CONVERSIONS, { q: { from, to, integr8IntegrationIds: [integrationId], states: ['PENDING'] }, first: 10 });
    expect(res.errors).toBeUndefined();
    expect(res.data.conversions.nodes.every((c: any) => c.vendor === 'EVERFLOW' && c.state === 'PENDING')).toBe(true);
    expect(gw.requests('integr8')).toEqual([]);
    expect(gw.requests('everflow').map((r) => (r.body as { on_hold_status_filter: string }).on_hold_status_filter)).toEqual(['on_hold']);
  });

  test("Everflow's on-hold limits are named at the merged query's own fields", async () => {
    const res = await gw.query(CONVERSIONS, { q: { from: seconds(Date.now() - 400 * 86_400_000), to: seconds(Date.now()), vendors: ['EVERFLOW'] } });
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^query: Everflow serves at most one year/),
      extensions: { code: 'BAD_USER_INPUT', argument: 'query', field: ['query', 'to'] },
    });
  });

  test('iRev has no conversions: BAD_USER_INPUT at query.vendors', async () => {
    const res = await gw.query(CONVERSIONS, { q: { ...range(1), vendors: ['IREV'] } });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'query', field: ['query', 'vendors', '0'] } });
  });
});

describe('money on every monetary field', () => {
  test("an Integr8 offer's payout and revenue carry the offer's currency; Everflow balances carry none", async () => {
    const res = await gw.query(
      `query($integrationId: ID!) {
  offers(integrationId: $integrationId, first: 5) { nodes { currency defaultPayout { payout payoutMoney { amount currency } revenue revenueMoney { amount currency } } } }
  affiliates(first: 5) { nodes { balance balanceMoney { amount currency } todayRevenue todayRevenueMoney { amount currency } } }
}`,
      { integrationId },
    );
    expect(res.errors).toBeUndefined();
    const offers = res.data.offers.nodes.filter((offer: any) => offer.defaultPayout);
    expect(offers.length).toBeGreaterThan(0);
    for (const { currency, defaultPayout: p } of offers) {
      expect(p.payoutMoney).toEqual(p.payout === null ? null : { amount: p.payout, currency });
      expect(p.revenueMoney).toEqual(p.revenue === null ? null : { amount: p.revenue, currency });
    }
    for (const a of res.data.affiliates.nodes) {
      expect(a.balanceMoney).toEqual(a.balance === null ? null : { amount: a.balance, currency: null });
      expect(a.todayRevenueMoney).toEqual(a.todayRevenue === null ? null : { amount: a.todayRevenue, currency: null });
    }
  });
});
