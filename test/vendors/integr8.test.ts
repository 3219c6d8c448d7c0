import { toGlobalId } from '../../src/ids.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS, type Integr8Dataset } from '../../src/simulators/integr8/index.js';
import { daysAgo, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: Integr8Dataset;
const integrationId = INTEGR8_INTEGRATION_IDS[0];

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.integr8.dataset(SIMULATOR_KEYS.integr8);
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

const logged = () => gw.requests('integr8').map(({ method, path, query }) => ({ method, path, query }));
const API = '/api/v2';
/** Wall-clock "YYYY-MM-DD HH:MM:SS" of an instant in UTC. */
const utcWall = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const nativeIds = (nodes: { nativeId: string }[]) => nodes.map((n) => n.nativeId);
/** Rows in id order, as a list without `sort` is read (ids compare as text). */
const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('lists', () => {
  test('filters and sort become filter[field][op] and sort parameters', async () => {
    const res = await gw.query(`{
      publishers(filter: { active: { eq: true }, name: { like: "media" }, incrementalId: { gt: 10 } }, sort: [{ field: NAME, direction: DESC }, { field: INCREMENTAL_ID }], first: 100) {
        totalCount nodes { nativeId name active incrementalId }
      }
    }`);
    expect(res.errors).toBeUndefined();
    expect(logged()).toEqual([
      {
        method: 'GET',
        path: '/api/v2/publishers',
        query: {
          'page[number]': '1',
          'page[size]': '100',
          'filter[incremental_id][gt]': '10',
          'filter[name][like]': 'media',
          'filter[active][eq]': 'true',
          sort: '-name,incremental_id',
        },
      },
    ]);
    const expected = data.publishers
      .filter((p) => p.active && p.name.toLowerCase().includes('media') && p.incremental_id > 10)
      .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : a.incremental_id - b.incremental_id));
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data.publishers.totalCount).toBe(expected.length);
    expect(nativeIds(res.data.publishers.nodes)).toEqual(expected.map((p) => p.id));
  });

  test('users, advertisers and offers map every kind of field', async () => {
    const res = await gw.query(
      `query($integrationId: ID!) {
        users(first: 1) { nodes { nativeId email role status timezone } }
        advertisers(page: 2, pageSize: 3) { pageInfo { page totalPages } nodes { nativeId incrementalId manager { nativeId } } }
        offers(integrationId: $integrationId, first: 1) { nodes { nativeId integrationId name status visibility currency defaultPayout { payoutType revenueType payout revenue } } }
      }`,
      { integrationId },
    );
    expect(res.errors).toBeUndefined();
    const user = byId(data.users)[0];
    expect(res.data.users.nodes).toEqual([
      {
        nativeId: user.id,
        email: user.email,
        role: user.role === 'admin' ? 'ADMIN' : 'ACCOUNT_MANAGER',
        status: user.status.toUpperCase(),
        timezone: user.timezone,
      },
    ]);
    expect(res.data.advertisers.pageInfo).toEqual({ page: 2, totalPages: Math.ceil(data.advertisers.length / 3) });
    expect(res.data.advertisers.nodes).toEqual(
      byId(data.advertisers)
        .slice(3, 6)
        .map((a) => ({ nativeId: a.id, incrementalId: a.incremental_id, manager: a.manager_id ? { nativeId: a.manager_id } : null })),
    );
    const offer = byId(data.offers).find((o) => data.offerIntegration.get(o.id) === integrationId)!;
    const payout = offer.default_payout;
    expect(res.data.offers.nodes).toEqual([
      {
        nativeId: offer.id,
        integrationId,
        name: offer.name,
        status: offer.archived ? 'ARCHIVED' : offer.active ? 'ACTIVE' : 'INACTIVE',
        visibility: offer.visibility.toUpperCase(),
        currency: offer.currency,
        defaultPayout: {
          payoutType: payout.payout_type.replace('CPAxCPS', 'CPA_X_CPS'),
          revenueType: payout.revenue_type.replace('RPAxRPS', 'RPA_X_RPS'),
          payout: payout.payout,
          revenue: payout.revenue,
        },
      },
    ]);
  });

  test("an offer's events and landing pages, and an event by id", async () => {
    const offer = data.offers.find((o) => data.offerIntegration.get(o.id) === integrationId && (data.events.get(o.id)?.length ?? 0) > 1)!;
    const offerId = Buffer.from(JSON.stringify(['INTEGR8', 'Offer', integrationId, offer.id])).toString('base64url');
    const res = await gw.query(
      `query($id: ID!) { offer(id: $id) { name events(first: 10) { totalCount nodes { id nativeId name payout { payout } offer { nativeId } } } landingPages { nodes { nativeId name redirectUrl } } } }`,
      { id: offerId },
    );
    expect(res.errors).toBeUndefined();
    const events = byId(data.events.get(offer.id)!);
    expect(res.data.offer.events.totalCount).toBe(events.length);
    expect(res.data.offer.events.nodes.map((e: { nativeId: string; name: string }) => [e.nativeId, e.name])).toEqual(
      events.map((e) => [e.id, e.name]),
    );
    expect(res.data.offer.events.nodes[0].offer).toEqual({ nativeId: offer.id });
    expect(nativeIds(res.data.offer.landingPages.nodes)).toEqual(byId(data.landingPages.get(offer.id)!).map((p) => p.id));
    expect(logged().map((r) => r.path)).toEqual([
      `/api/v2/integrations/${integrationId}/offers`,
      `/api/v2/integrations/${integrationId}/offers/${offer.id}/events`,
      `/api/v2/integrations/${integrationId}/offers/${offer.id}/landing-pages`,
    ]);
    expect(logged()[0].query).toEqual({ 'page[number]': '1', 'page[size]': '100', 'filter[id][in]': offer.id });

    gw.clearRequests();
    const eventId = res.data.offer.events.nodes[1].id;
    const one = await gw.query(`query($id: ID!) { node(id: $id) { ... on OfferEvent { nativeId name } } }`, { id: eventId });
    expect(one.data.node).toEqual({ nativeId: events[1].id, name: events[1].name });
    expect(logged()).toEqual([
      {
        method: 'GET',
        path: `/api/v2/integrations/${integrationId}/offers/${offer.id}/events`,
        query: { 'page[number]': '1', 'page[size]': '100', 'filter[id][in]': events[1].id },
      },
    ]);
  });
});

describe('reports', () => {
  const from = daysAgo(30);
  const to = daysAgo(0);
  const clicksIn = () => {
    const [a, b] = [Date.parse(from) / 1000, Date.parse(to) / 1000];
    return data.clicks.entries.filter((e) => e.integrationId === integrationId && e.time >= a && e.time <= b);
  };

  test('100 clicks with their offers, publishers and advertisers: one report call plus one batch call each', async () => {
    const res = await gw.query(
      `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 100) { totalCount nodes { nativeId status offer { nativeId name advertiser { nativeId } } publisher { nativeId name } advertiser { nativeId name } } } }`,
      { q: { integrationId, from, to } },
    );
    expect(res.errors).toBeUndefined();
    const expected = clicksIn();
    expect(res.data.clicks.totalCount).toBe(expected.length);
    expect(nativeIds(res.data.clicks.nodes)).toEqual(expected.slice(0, 100).map((e) => e.txId));
    const first = data.clicks.row(expected[0]);
    expect(res.data.clicks.nodes[0]).toMatchObject({
      status: first.status.toUpperCase(),
      offer: { nativeId: first.offer_db_id },
      publisher: { nativeId: first.publisher_db_id },
      advertiser: { nativeId: first.advertiser_db_id },
    });
    const calls = logged();
    expect(calls.map((c) => c.path)).toEqual([
      '/api/v2/reports/v2/click-table',
      `/api/v2/integrations/${integrationId}/offers`,
      '/api/v2/publishers',
      '/api/v2/advertisers',
      // Offers name their advertiser by incremental id: one more batch for those.
      '/api/v2/advertisers',
    ]);
    const rows = expected.slice(0, 100).map((e) => data.clicks.row(e));
    const distinct = (values: string[]) => new Set(values).size;
    expect(String(calls[1].query['filter[id][in]']).split(',')).toHaveLength(distinct(rows.map((r) => r.offer_db_id)));
    expect(String(calls[2].query['filter[id][in]']).split(',')).toHaveLength(distinct(rows.map((r) => r.publisher_db_id)));
    expect(String(calls[3].query['filter[id][in]']).split(',')).toHaveLength(distinct(rows.map((r) => r.advertiser_db_id)));
    expect(calls[4].query).toHaveProperty(['filter[incremental_id][in]']);
  });

  test('report filters, time range and timezone become the report parameters', async () => {
    const sample = clicksIn()[10];
    const res = await gw.query(`query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 5) { totalCount } }`, {
      q: {
        integrationId,
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-02T00:00:00Z',
        timezone: 'Europe/Berlin',
        status: 'APPROVED',
        offerId: sample.offerId,
        publisher: sample.publisher,
        advertiser: sample.advertiser,
      },
    });
    expect(res.errors).toBeUndefined();
    expect(logged()[0].query).toEqual({
      integration_id: integrationId,
      start_time: '2026-01-01 01:00:00',
      end_time: '2026-01-02 01:00:00',
      timezone: 'Europe/Berlin',
      'filter[status]': 'Approved',
      'filter[offer_id]': sample.offerId,
      'filter[publisher]': sample.publisher,
      'filter[advertiser]': sample.advertiser,
      'page[size]': '5',
    });
  });

  test('cursor mode passes Integr8 cursors through, forwards and backwards', async () => {
    const q = { integrationId, from, to };
    const one = await gw.query(
      `query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 3) { pageInfo { endCursor hasNextPage } nodes { nativeId } } }`,
      { q },
    );
    const two = await gw.query(
      `query($q: ReportQuery!, $after: String) { clicks(source: { integr8: $q }, first: 3, after: $after) { pageInfo { startCursor } nodes { nativeId } } }`,
      { q, after: one.data.clicks.pageInfo.endCursor },
    );
    const back = await gw.query(
      `query($q: ReportQuery!, $before: String) { clicks(source: { integr8: $q }, last: 3, before: $before) { nodes { nativeId } } }`,
      { q, before: two.data.clicks.pageInfo.startCursor },
    );
    const expected = clicksIn();
    expect(nativeIds(one.data.clicks.nodes)).toEqual(expected.slice(0, 3).map((e) => e.txId));
    expect(nativeIds(two.data.clicks.nodes)).toEqual(expected.slice(3, 6).map((e) => e.txId));
    expect(nativeIds(back.data.clicks.nodes)).toEqual(nativeIds(one.data.clicks.nodes));
    expect(logged().map((r) => [r.query['page[after]'], r.query['page[before]']])).toEqual([
      [undefined, undefined],
      [expected[2].txId, undefined],
      [undefined, expected[3].txId],
    ]);
  });

  test('page mode walks cursors in steps of 100 and remembers them', async () => {
    // A range of its own, so no earlier test's cached pages answer for the vendor.
    const own = { from: daysAgo(29), to: daysAgo(1) };
    const q = { integrationId, ...own };
    const query = `query($q: ReportQuery!, $page: Int) { clicks(source: { integr8: $q }, page: $page, pageSize: 30) { totalCount pageInfo { page totalPages hasNextPage } nodes { nativeId } } }`;
    const [a, b] = [Date.parse(own.from) / 1000, Date.parse(own.to) / 1000];
    const expected = data.clicks.entries.filter((e) => e.integrationId === integrationId && e.time >= a && e.time <= b);
    const res = await gw.query(query, { q, page: 8 });
    expect(res.data.clicks.pageInfo).toEqual({ page: 8, totalPages: Math.ceil(expected.length / 30), hasNextPage: true });
    expect(nativeIds(res.data.clicks.nodes)).toEqual(expected.slice(210, 240).map((e) => e.txId));
    // Rows 0..209: steps of 100, 100 and 10, then the page itself.
    expect(logged().map((r) => [r.query['page[size]'], r.query['page[after]']])).toEqual([
      ['100', undefined],
      ['100', expected[99].txId],
      ['10', expected[199].txId],
      ['30', expected[209].txId],
    ]);

    gw.clearRequests();
    const later = await gw.query(query, { q, page: 9 });
    expect(nativeIds(later.data.clicks.nodes)).toEqual(expected.slice(240, 270).map((e) => e.txId));
    // Page 8 remembered the cursor before row 210; the step 210..239 is page 8 itself (cached),
    // so page 9 costs one call.
    expect(logged().map((r) => [r.query['page[size]'], r.query['page[after]']])).toEqual([['30', expected[239].txId]]);
  });

  test('`last` without `before` is a clear error on a newest-first report', async () => {
    const res = await gw.query(`query($q: ReportQuery!) { clicks(source: { integr8: $q }, last: 5) { totalCount } }`, {
      q: { integrationId, from, to },
    });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'last', field: ['last'] } });
    expect(logged()).toEqual([]);
  });

  test('a conversion leads to its click; impressions map too', async () => {
    const res = await gw.query(
      `query($q: ReportQuery!) {
        conversions(source: { integr8: $q }, first: 2) { nodes { nativeId isEvent clickTime click { nativeId time } offer { nativeId } } }
        impressions(query: $q, first: 2) { totalCount nodes { nativeId time } }
      }`,
      { q: { integrationId, from, to } },
    );
    expect(res.errors).toBeUndefined();
    const [a, b] = [Date.parse(from) / 1000, Date.parse(to) / 1000];
    const conversions = data.conversions.entries.filter((e) => e.integrationId === integrationId && e.time >= a && e.time <= b).slice(0, 2);
    expect(res.data.conversions.nodes.map((n: { nativeId: string; click: { nativeId: string } }) => [n.nativeId, n.click.nativeId])).toEqual(
      conversions.map((e) => [e.txId, e.click!.txId]),
    );
    expect(res.data.conversions.nodes[0].click.time).toBe(res.data.conversions.nodes[0].clickTime);
    const impressions = data.impressions.entries.filter((e) => e.integrationId === integrationId && e.time >= a && e.time <= b);
    expect(res.data.impressions.totalCount).toBe(impressions.length);
    expect(nativeIds(res.data.impressions.nodes)).toEqual(impressions.slice(0, 2).map((e) => e.txId));
    // The click is found through a one-second window of the click report.
    const clickCalls = logged().filter((r) => r.path === '/api/v2/reports/v2/click-table');
    expect(clickCalls).toHaveLength(conversions.length);
    expect(clickCalls[0].query.end_time > clickCalls[0].query.start_time).toBe(true);
  });
});

describe('exports', () => {
  test('the documented filters, and a download URL only for finished exports', async () => {
    const res = await gw.query(`{
      exports(filter: { status: DONE, minRowCount: 1 }, first: 5) { totalCount nodes { nativeId status rowCount artifactName downloadUrl } }
      pending: exports(filter: { status: PENDING }, first: 5) { nodes { status downloadUrl } }
    }`);
    expect(res.errors).toBeUndefined();
    const done = data.exports.filter((e) => e.status.toUpperCase() === 'DONE' && e.results_meta.total >= 1);
    expect(done.length).toBeGreaterThan(0);
    expect(res.data.exports.totalCount).toBe(done.length);
    const first = res.data.exports.nodes[0];
    expect(first).toMatchObject({ nativeId: done[0].id, status: 'DONE', rowCount: done[0].results_meta.total, artifactName: done[0].artifact.name });
    expect(first.downloadUrl).toMatch(new RegExp(`^${gw.sims.integr8.url}/files/`));
    expect(res.data.pending.nodes.every((n: { downloadUrl: string | null }) => n.downloadUrl === null)).toBe(true);
    const calls = logged();
    expect(calls[0]).toEqual({
      method: 'GET',
      path: '/api/v2/download-center/exports',
      query: { 'page[number]': '1', 'page[size]': '5', 'filter[status]': 'DONE', 'filter[results_meta.total][gte]': '1' },
    });
    const signed = calls.filter((c) => c.path === '/api/v2/download-center/signed-url');
    expect(signed.map((c) => c.query.artifact_name).sort()).toEqual(
      done
        .slice(0, 5)
        .map((e) => e.artifact.name)
        .sort(),
    );
    // The URL really downloads the CSV.
    const csv = await (await fetch(first.downloadUrl)).text();
    expect(csv.split('\n').filter(Boolean).length).toBe(done[0].results_meta.total + 1);
  });
});

describe("a conversion's click", () => {
  const CONVERSIONS = `query($q: ReportQuery!) { conversions(source: { integr8: $q }, first: 1) { nodes { nativeId click { id nativeId time integr8 { realTxId } } } } }`;
  const window = { from: daysAgo(30), to: daysAgo(0) };

  test("is the click whose tx_id the conversion's click_tx_id names, found through a one-second window of the click report", async () => {
    const [a, b] = [Date.parse(window.from) / 1000, Date.parse(window.to) / 1000];
    // A conversion no other test has read (their clicks' report windows are cached): the newest of its second.
    const later = data.conversions.entries.filter((e) => e.integrationId === integrationId && e.time >= a && e.time <= b && e.click).slice(20);
    const entry = later.find((e) => e === data.conversions.entries.find((o) => o.integrationId === integrationId && o.time === e.time))!;
    const conversion = data.conversions.row(entry);
    const click = data.clicks.row(entry.click!);
    // The document's reading the simulator serves: click_tx_id is the click's tx_id.
    expect(conversion.click_tx_id).toBe(click.tx_id);

    const second = new Date(entry.time * 1000).toISOString();
    const res = await gw.query(CONVERSIONS, { q: { integrationId, from: second, to: second } });
    expect(res).toEqual({
      data: {
        conversions: {
          nodes: [
            {
              nativeId: conversion.real_tx_id,
              click: {
                id: toGlobalId({
                  vendor: 'INTEGR8',
                  type: 'Click',
                  key: [integrationId, new Date(click.request_time).toISOString(), click.real_tx_id],
                }),
                nativeId: click.real_tx_id,
                time: new Date(click.request_time).toISOString(),
                integr8: { realTxId: click.real_tx_id },
              },
            },
          ],
        },
      },
    });
    const at = Date.parse(click.request_time);
    expect(logged().filter((r) => r.path === `${API}/reports/v2/click-table`)).toEqual([
      {
        method: 'GET',
        path: `${API}/reports/v2/click-table`,
        query: { integration_id: integrationId, start_time: utcWall(at), end_time: utcWall(at + 1000), timezone: 'UTC', 'page[size]': '100' },
      },
    ]);
  });

  test('prefers the row whose tx_id matches over one whose real_tx_id does, and falls back to real_tx_id', async () => {
    let at = '2026-03-04T05:06:07Z';
    const conversionRow = (realTxId: string, clickTxId: string) => ({
      real_tx_id: realTxId,
      tx_id: `conv-${realTxId}`,
      integration_id: integrationId,
      conversion_time: '2026-03-04T06:00:00Z',
      click_time: at,
      click_tx_id: clickTxId,
      status: 'Approved',
    });
    const clickRow = (realTxId: string, txId: string) => ({
      real_tx_id: realTxId,
      tx_id: txId,
      integration_id: integrationId,
      request_time: at,
      status: 'Approved',
    });
    const page = (rows: object[]) => ({
      data: { count: rows.length, data: rows, pageInfo: { startCursor: '', endCursor: '', hasNextPage: false, hasPreviousPage: false } },
    });
    const sim = gw.sims.integr8;
    // A click whose real_tx_id happens to be another click's tx_id: the tx_id match wins.
    sim.injectFault({ path: `${API}/reports/v2/conversion-table`, status: 200, body: page([conversionRow('C1', 'TX-2')]) });
    sim.injectFault({ path: `${API}/reports/v2/click-table`, status: 200, body: page([clickRow('TX-2', 'TX-9'), clickRow('R-2', 'TX-2')]) });
    const q = { integrationId, from: '2026-03-04T00:00:00Z', to: '2026-03-04T23:59:59Z' };
    const one = await gw.query(CONVERSIONS, { q });
    expect(one.errors).toBeUndefined();
    expect(one.data.conversions.nodes[0].click).toMatchObject({ nativeId: 'R-2', time: '2026-03-04T05:06:07.000Z' });
    expect(logged().map((r) => [r.path, r.query.start_time, r.query.end_time])).toEqual([
      [`${API}/reports/v2/conversion-table`, '2026-03-04 00:00:00', '2026-03-04 23:59:59'],
      [`${API}/reports/v2/click-table`, '2026-03-04 05:06:07', '2026-03-04 05:06:08'],
    ]);

    // No row has that tx_id: the row with that real_tx_id stands in (click_tx_id read as a real_tx_id).
    gw.clearRequests();
    at = '2026-03-04T05:06:09Z';
    sim.injectFault({ path: `${API}/reports/v2/conversion-table`, status: 200, body: page([conversionRow('C2', 'R-7')]) });
    sim.injectFault({ path: `${API}/reports/v2/click-table`, status: 200, body: page([clickRow('R-6', 'TX-6'), clickRow('R-7', 'TX-7')]) });
    const two = await gw.query(CONVERSIONS, { q: { ...q, to: '2026-03-04T23:59:58Z' } });
    expect(two.errors).toBeUndefined();
    expect(two.data.conversions.nodes[0].click).toMatchObject({ nativeId: 'R-7', time: '2026-03-04T05:06:09.000Z' });
  });
});

describe('answers of an unexpected shape are errors naming the endpoint, and are not cached', () => {
  const cases: [string, string, string, unknown, string][] = [
    [
      'a list whose data is not an array',
      `{ advertisers(first: 3) { totalCount } }`,
      `${API}/advertisers`,
      { data: { id: 'a1' }, meta: { total_count: 1, total_page: 1 } },
      'Integr8 answered GET /api/v2/advertisers with an unexpected shape: data is an object, expected an array',
    ],
    [
      'a list without meta.total_count',
      `{ users(first: 3) { totalCount } }`,
      `${API}/organization/users`,
      { data: [], meta: {} },
      'Integr8 answered GET /api/v2/organization/users with an unexpected shape: meta.total_count is missing, expected a number',
    ],
    [
      'a list record without an id',
      `{ publishers(first: 3) { nodes { name } } }`,
      `${API}/publishers`,
      { data: [{ name: 'no id' }], meta: { total_count: 1, total_page: 1 } },
      'Integr8 answered GET /api/v2/publishers with an unexpected shape: data[0].id is missing, expected an id',
    ],
    [
      'a report without pageInfo',
      `query($q: ReportQuery!) { impressions(query: $q, first: 3) { totalCount } }`,
      `${API}/reports/v2/impression-table`,
      { data: { count: 0, data: [] } },
      'Integr8 answered GET /api/v2/reports/v2/impression-table with an unexpected shape: data.pageInfo is missing, expected an object',
    ],
    [
      'a report row without its cursor',
      `query($q: ReportQuery!) { conversions(source: { integr8: $q }, first: 3) { totalCount } }`,
      `${API}/reports/v2/conversion-table`,
      { data: { count: 1, data: [{ tx_id: 'x' }], pageInfo: { startCursor: '', endCursor: '', hasNextPage: false, hasPreviousPage: false } } },
      'Integr8 answered GET /api/v2/reports/v2/conversion-table with an unexpected shape: data.data[0].real_tx_id is missing, expected an id',
    ],
  ];

  test.each(cases)('%s', async (_, query, path, body, message) => {
    const variables = { q: { integrationId, from: daysAgo(3), to: daysAgo(2) } };
    gw.sims.integr8.injectFault({ method: 'GET', path, status: 200, body });
    const bad = await gw.query(query, variables);
    expect(bad.data).toEqual(expect.objectContaining({}));
    expect(bad.errors?.map((e) => ({ message: e.message, code: e.extensions?.code, vendor: e.extensions?.vendor }))).toEqual([
      { message, code: 'UPSTREAM_ERROR', vendor: 'INTEGR8' },
    ]);
    // Not cached: the same query asks Integr8 again, and gets the real answer.
    const good = await gw.query(query, variables);
    expect(good.errors).toBeUndefined();
    expect(logged().map((r) => r.path)).toEqual([path, path]);
  });

  test('a get-by-id without data, and a signed URL answer without url', async () => {
    const record = data.exports.find((e) => e.status.toUpperCase() === 'DONE')!;
    const id = toGlobalId({ vendor: 'INTEGR8', type: 'Export', key: [record.id] });
    gw.sims.integr8.injectFault({ method: 'GET', path: `${API}/download-center/exports/${record.id}`, status: 200, body: { export: record } });
    const noData = await gw.query(`query($id: ID!) { export(id: $id) { status } }`, { id });
    expect(noData.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      [
        `Integr8 answered GET /api/v2/download-center/exports/${record.id} with an unexpected shape: data is missing, expected an object`,
        'UPSTREAM_ERROR',
      ],
    ]);

    gw.clearRequests();
    gw.sims.integr8.injectFault({
      method: 'GET',
      path: `${API}/download-center/signed-url`,
      status: 200,
      body: { link: 'https://elsewhere.example/x.csv' },
    });
    const noUrl = await gw.query(`query($id: ID!) { export(id: $id) { status downloadUrl } }`, { id });
    expect(noUrl.data).toEqual({ export: { status: 'DONE', downloadUrl: null } });
    expect(noUrl.errors?.map((e) => [e.path, e.message, e.extensions?.code])).toEqual([
      [
        ['export', 'downloadUrl'],
        'Integr8 answered GET /api/v2/download-center/signed-url with an unexpected shape: url is missing, expected non-empty text',
        'UPSTREAM_ERROR',
      ],
    ]);
  });
});

describe('402, the vendor refusing a valid request', () => {
  test('is a coded error that is not UPSTREAM_ERROR, and no stale copy stands in for it', async () => {
    // Lists expire after 1 s but may stand in for an outage for an hour.
    const own = await startTestGateway({ env: { CACHE_TTL_LIST_SECONDS: '1', STALE_IF_ERROR_SECONDS: '3600' } });
    try {
      const query = `{ users(first: 2) { nodes { nativeId } } }`;
      const first = await own.query(query);
      expect(first.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 1100));

      // An outage (500): the expired copy stands in, with a warning.
      own.sims.integr8.injectFault({ method: 'GET', path: `${API}/organization/users`, status: 500 });
      const outage = await own.query(query);
      expect(outage.data).toEqual(first.data);
      expect(outage.extensions?.warnings?.map((w) => w.code)).toEqual(['STALE_DATA']);

      // A refusal (402): an answer, not an outage; no stand-in.
      own.sims.integr8.injectFault({
        method: 'GET',
        path: `${API}/organization/users`,
        status: 402,
        body: { error: 'The parameters were valid but the request failed' },
      });
      const refused = await own.query(query);
      expect(refused.data).toEqual({ users: null });
      expect(refused.errors).toEqual([
        {
          message: 'Integr8 answered 402 to GET /api/v2/organization/users: The parameters were valid but the request failed',
          locations: [{ line: 1, column: 3 }],
          path: ['users'],
          extensions: { code: 'UPSTREAM_REFUSED', vendor: 'INTEGR8', upstreamStatus: 402 },
        },
      ]);
      expect(refused.extensions?.warnings).toBeUndefined();
    } finally {
      await own.stop();
    }
  });
});

describe('answers the document allows in more than one form', () => {
  afterEach(() => {
    Object.assign(gw.sims.integr8.readings, { reportCount: 'total', reportPageInfo: 'exact', unsetTime: 'null' });
  });

  test.each([
    ['total', true],
    ['page', false],
    ['absent', false],
  ] as const)('report data.count read as %s: totalCount is the total only when the count can be one', async (reading, isTotal) => {
    gw.sims.integr8.readings.reportCount = reading;
    // A range of its own per reading, so no cached page answers.
    const range = { total: [27, 26], page: [26, 25], absent: [25, 24] }[reading];
    const q = { integrationId, from: daysAgo(range[0]), to: daysAgo(range[1]) };
    const res = await gw.query(
      `query($q: ReportQuery!) { impressions(query: $q, first: 5) { totalCount pageInfo { hasNextPage } nodes { nativeId } } }`,
      { q },
    );
    expect(res.errors).toBeUndefined();
    const [a, b] = [Date.parse(q.from) / 1000, Date.parse(q.to) / 1000];
    const expected = data.impressions.entries.filter((e) => e.integrationId === integrationId && e.time >= a && e.time <= b);
    expect(expected.length).toBeGreaterThan(5);
    expect(res.data.impressions).toEqual({
      totalCount: isTotal ? expected.length : null,
      pageInfo: { hasNextPage: true },
      nodes: expected.slice(0, 5).map((e) => ({ nativeId: e.txId })),
    });
  });

  test('a Relay-style pageInfo (hasPreviousPage false when paging forward) still says a page after a cursor has rows before it', async () => {
    gw.sims.integr8.readings.reportPageInfo = 'relay';
    const q = { integrationId, from: daysAgo(23), to: daysAgo(22) };
    const query = `query($q: ReportQuery!, $after: String) { impressions(query: $q, first: 3, after: $after) { pageInfo { hasPreviousPage hasNextPage endCursor } nodes { nativeId } } }`;
    const one = await gw.query(query, { q });
    const two = await gw.query(query, { q, after: one.data.impressions.pageInfo.endCursor });
    expect(one.data.impressions.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(two.data.impressions.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const [a, b] = [Date.parse(q.from) / 1000, Date.parse(q.to) / 1000];
    const expected = data.impressions.entries.filter((e) => e.integrationId === integrationId && e.time >= a && e.time <= b);
    expect(nativeIds(two.data.impressions.nodes)).toEqual(expected.slice(3, 6).map((e) => e.txId));
    expect(logged().map((r) => r.query['page[after]'])).toEqual([undefined, expected[2].txId]);
  });

  test.each(['null', 'empty', 'zero'] as const)('an unset date-time written %s is null', async (reading) => {
    gw.sims.integr8.readings.unsetTime = reading;
    // A user who never logged in, of its own per reading (a user read is cached).
    const template = data.users.find((u) => u.last_login_at === null)!;
    const user = { ...template, id: `never-logged-in-${reading}`, email: `never.${reading}@example.com` };
    data.users.push(user);
    const id = toGlobalId({ vendor: 'INTEGR8', type: 'User', key: [user.id] });
    const res = await gw.query(`query($id: ID!) { user(id: $id) { nativeId lastLoginAt } }`, { id });
    expect(res).toEqual({ data: { user: { nativeId: user.id, lastLoginAt: null } } });
  });
});

describe('list paging: keyset cursors that do not shift', () => {
  /** A gateway on the same simulators without a list cache, so every read reaches Integr8. */
  let live: TestGateway;
  beforeAll(async () => {
    live = await startTestGateway({ sims: gw.sims, env: { CACHE_TTL_LIST_SECONDS: '0' } });
  });
  afterAll(() => live.stop());

  /** The documented cursor format: base64url of the JSON ["k", id]. */
  const keyCursor = (id: string) => Buffer.from(JSON.stringify(['k', id])).toString('base64url');
  const offsetCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
  const PUBLISHERS = `query($first: Int, $after: String, $last: Int, $before: String, $filter: PublisherFilter, $sort: [PublisherSort!]) {
    publishers(first: $first, after: $after, last: $last, before: $before, filter: $filter, sort: $sort) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor page pageSize totalPages }
      edges { cursor node { nativeId } }
    }
  }`;
  type PageInfo = { hasNextPage: boolean; hasPreviousPage: boolean; page: number | null; pageSize: number; totalPages: number };
  const keyed = (_: number, id: string) => keyCursor(id);
  /** A whole connection of these ids, with key cursors (or the cursor `cursor` gives the i-th edge). */
  const connection = (ids: string[], totalCount: number, pageInfo: PageInfo, cursor = keyed) => ({
    totalCount,
    pageInfo: {
      ...pageInfo,
      startCursor: ids.length ? cursor(0, ids[0]) : null,
      endCursor: ids.length ? cursor(ids.length - 1, ids[ids.length - 1]) : null,
    },
    edges: ids.map((id, i) => ({ cursor: cursor(i, id), node: { nativeId: id } })),
  });
  /** The logged calls are these, in any order (a page and its total are asked at once). */
  const expectCalls = (expected: unknown[]) => {
    const inOrder = (list: unknown[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(inOrder(logged())).toEqual(inOrder(expected));
  };
  const listCall = (path: string, query: Record<string, string>) => ({ method: 'GET', path: `${API}${path}`, query });
  const publisherIds = () => byId(data.publishers).map((p) => p.id);

  test('first/after reads the rows after the last id: filter[id][gt], sort=id and one row more than asked', async () => {
    const ids = publisherIds();
    const total = ids.length;
    const one = await live.query(PUBLISHERS, { first: 3 });
    expect(one).toEqual({
      data: {
        publishers: connection(ids.slice(0, 3), total, {
          hasNextPage: true,
          hasPreviousPage: false,
          page: 1,
          pageSize: 3,
          totalPages: Math.ceil(total / 3),
        }),
      },
    });
    expectCalls([listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: 'id' })]);

    gw.clearRequests();
    const two = await live.query(PUBLISHERS, { first: 3, after: one.data.publishers.pageInfo.endCursor });
    expect(two).toEqual({
      data: {
        publishers: connection(ids.slice(3, 6), total, {
          hasNextPage: true,
          hasPreviousPage: true,
          page: null,
          pageSize: 3,
          totalPages: Math.ceil(total / 3),
        }),
      },
    });
    // The page, and the list's total from the read without the bound.
    expectCalls([
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: 'id' }),
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: 'id', 'filter[id][gt]': ids[2] }),
    ]);

    // The last page says no more follow.
    gw.clearRequests();
    const end = await live.query(PUBLISHERS, { first: 3, after: keyCursor(ids[total - 3]) });
    expect(end.data.publishers.edges.map((e: { node: { nativeId: string } }) => e.node.nativeId)).toEqual(ids.slice(total - 2));
    expect(end.data.publishers.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  test('with the list cache, the total after a cursor is the first page still cached: one call a page', async () => {
    const ids = publisherIds();
    const one = await gw.query(PUBLISHERS, { first: 7 });
    gw.clearRequests();
    const two = await gw.query(PUBLISHERS, { first: 7, after: one.data.publishers.pageInfo.endCursor });
    expect(two.data.publishers.totalCount).toBe(ids.length);
    expect(logged()).toEqual([listCall('/publishers', { 'page[number]': '1', 'page[size]': '8', sort: 'id', 'filter[id][gt]': ids[6] })]);
  });

  test('last/before reads the rows before the first id with sort=-id and gives them in list order', async () => {
    const ids = publisherIds();
    const total = ids.length;
    const back = await live.query(PUBLISHERS, { last: 3, before: keyCursor(ids[5]) });
    expect(back).toEqual({
      data: {
        publishers: connection(ids.slice(2, 5), total, {
          hasNextPage: true,
          hasPreviousPage: true,
          page: null,
          pageSize: 3,
          totalPages: Math.ceil(total / 3),
        }),
      },
    });
    expectCalls([
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: '-id' }),
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: '-id', 'filter[id][lt]': ids[5] }),
    ]);

    // Back to the start: no rows before.
    const start = await live.query(PUBLISHERS, { last: 3, before: back.data.publishers.pageInfo.startCursor });
    expect(start.data.publishers.edges.map((e: { cursor: string }) => e.cursor)).toEqual(ids.slice(0, 2).map(keyCursor));
    expect(start.data.publishers.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    // last without before: the end of the list, in one call.
    gw.clearRequests();
    const end = await live.query(PUBLISHERS, { last: 2 });
    expect(end.data.publishers).toEqual(
      connection(ids.slice(total - 2), total, {
        hasNextPage: false,
        hasPreviousPage: true,
        page: null,
        pageSize: 2,
        totalPages: Math.ceil(total / 2),
      }),
    );
    expectCalls([listCall('/publishers', { 'page[number]': '1', 'page[size]': '3', sort: '-id' })]);
  });

  test('a row created and one deleted between two page reads neither repeat nor skip a row', async () => {
    const saved = data.publishers;
    try {
      const before = publisherIds();
      const one = await live.query(PUBLISHERS, { first: 5 });
      expect(one.data.publishers.edges.map((e: { node: { nativeId: string } }) => e.node.nativeId)).toEqual(before.slice(0, 5));

      // Created before the cursor (an offset cursor would repeat a row), created after it, and
      // deleted before it (an offset cursor would skip a row): straight in Integr8's data.
      const template = data.publishers[0];
      const created = (id: string, n: number) => ({ ...template, id, incremental_id: 90000 + n, name: `Created between reads ${n}` });
      data.publishers = [...data.publishers.filter((p) => p.id !== before[1]), created('0'.repeat(24), 1), created('f'.repeat(24), 2)];

      const two = await live.query(PUBLISHERS, { first: 5, after: one.data.publishers.pageInfo.endCursor });
      const total = before.length + 1;
      expect(two).toEqual({
        data: {
          publishers: connection(before.slice(5, 10), total, {
            hasNextPage: true,
            hasPreviousPage: true,
            page: null,
            pageSize: 5,
            totalPages: Math.ceil(total / 5),
          }),
        },
      });
      // The row created after the cursor is met in its place: the last row of the list.
      const end = await live.query(PUBLISHERS, { first: 2, after: keyCursor(before[before.length - 1]) });
      expect(end.data.publishers.edges.map((e: { node: { nativeId: string } }) => e.node.nativeId)).toEqual(['f'.repeat(24)]);
    } finally {
      data.publishers = saved;
    }
  });

  test('a deleted row’s cursor still reads the rows after its id', async () => {
    const saved = data.publishers;
    try {
      const ids = publisherIds();
      const one = await live.query(PUBLISHERS, { first: 4 });
      data.publishers = data.publishers.filter((p) => p.id !== ids[3]);
      const two = await live.query(PUBLISHERS, { first: 4, after: one.data.publishers.pageInfo.endCursor });
      expect(two.data.publishers.edges.map((e: { node: { nativeId: string } }) => e.node.nativeId)).toEqual(ids.slice(4, 8));
      expect(two.data.publishers.totalCount).toBe(ids.length - 1);
    } finally {
      data.publishers = saved;
    }
  });

  test('filters combine with the key bound, and the total is of the filtered list', async () => {
    const active = byId(data.publishers.filter((p) => p.active)).map((p) => p.id);
    expect(active.length).toBeGreaterThan(6);
    const one = await live.query(PUBLISHERS, { first: 3, filter: { active: { eq: true } } });
    const two = await live.query(PUBLISHERS, { first: 3, after: one.data.publishers.pageInfo.endCursor, filter: { active: { eq: true } } });
    expect(two.data.publishers).toEqual(
      connection(active.slice(3, 6), active.length, {
        hasNextPage: true,
        hasPreviousPage: true,
        page: null,
        pageSize: 3,
        totalPages: Math.ceil(active.length / 3),
      }),
    );
    expectCalls([
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: 'id', 'filter[active][eq]': 'true' }),
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: 'id', 'filter[active][eq]': 'true' }),
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '4', sort: 'id', 'filter[active][eq]': 'true', 'filter[id][gt]': active[2] }),
    ]);

    // And backwards: the filtered rows before the page.
    gw.clearRequests();
    const back = await live.query(PUBLISHERS, { last: 2, before: two.data.publishers.pageInfo.startCursor, filter: { active: { eq: true } } });
    expect(back.data.publishers.edges.map((e: { node: { nativeId: string } }) => e.node.nativeId)).toEqual(active.slice(1, 3));
    expect(back.data.publishers.totalCount).toBe(active.length);
    expect(
      logged()
        .map((r) => [r.query.sort, r.query['filter[active][eq]'], r.query['filter[id][lt]']])
        .sort(),
    ).toEqual([
      ['-id', 'true', undefined],
      ['-id', 'true', active[3]],
    ]);
  });

  test('a user sort falls back to offset cursors: page[number] and page[size], no id bound', async () => {
    const sorted = [...data.publishers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((p) => p.id);
    const total = sorted.length;
    const sort = [{ field: 'NAME' }];
    const one = await live.query(PUBLISHERS, { first: 3, sort });
    const offsets = (start: number) => (i: number) => offsetCursor(start + i);
    expect(one.data.publishers).toEqual(
      connection(
        sorted.slice(0, 3),
        total,
        { hasNextPage: true, hasPreviousPage: false, page: 1, pageSize: 3, totalPages: Math.ceil(total / 3) },
        offsets(0),
      ),
    );
    const two = await live.query(PUBLISHERS, { first: 3, after: one.data.publishers.pageInfo.endCursor, sort });
    expect(two.data.publishers).toEqual(
      connection(
        sorted.slice(3, 6),
        total,
        { hasNextPage: true, hasPreviousPage: true, page: 2, pageSize: 3, totalPages: Math.ceil(total / 3) },
        offsets(3),
      ),
    );
    expect(logged()).toEqual([
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '3', sort: 'name' }),
      listCall('/publishers', { 'page[number]': '2', 'page[size]': '3', sort: 'name' }),
    ]);
  });

  test('a key cursor given to a read with a sort is refused as from another paging mode, before any call', async () => {
    const ids = publisherIds();
    const cursor = keyCursor(ids[2]);
    const res = await live.query(PUBLISHERS, { first: 3, after: cursor, sort: [{ field: 'NAME' }] });
    // The message names the argument (how `extensions` locate it is the server's).
    expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      [
        `after "${cursor.slice(0, 37)}...": this cursor is from another paging mode: it holds a row key (the list read without \`sort\`), and this read counts offsets. Pass a cursor this same query returned (with the same \`sort\`), or start again without one.`,
        'BAD_USER_INPUT',
      ],
    ]);
    expect(logged()).toEqual([]);
  });

  test('an offset cursor from an older answer still works: served by offset in id order, answered with key cursors', async () => {
    const ids = publisherIds();
    const res = await live.query(PUBLISHERS, { first: 3, after: offsetCursor(2) });
    expect(res.data.publishers).toEqual(
      connection(ids.slice(3, 6), ids.length, {
        hasNextPage: true,
        hasPreviousPage: true,
        page: 2,
        pageSize: 3,
        totalPages: Math.ceil(ids.length / 3),
      }),
    );
    expect(logged()).toEqual([listCall('/publishers', { 'page[number]': '2', 'page[size]': '3', sort: 'id' })]);
  });

  test('page mode stays numbered, in id order, and its cursors continue by key', async () => {
    const ids = publisherIds();
    const query = `query($after: String) {
      byPage: publishers(page: 2, pageSize: 4) { pageInfo { page endCursor } edges { cursor node { nativeId } } }
      next: publishers(first: 2, after: $after) { edges { node { nativeId } } }
    }`;
    const res = await live.query(query, { after: keyCursor(ids[7]) });
    expect(res.data.byPage).toEqual({
      pageInfo: { page: 2, endCursor: keyCursor(ids[7]) },
      edges: ids.slice(4, 8).map((id) => ({ cursor: keyCursor(id), node: { nativeId: id } })),
    });
    expect(res.data.next.edges.map((e: { node: { nativeId: string } }) => e.node.nativeId)).toEqual(ids.slice(8, 10));
    expectCalls([
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '3', sort: 'id' }),
      listCall('/publishers', { 'page[number]': '1', 'page[size]': '3', sort: 'id', 'filter[id][gt]': ids[7] }),
      listCall('/publishers', { 'page[number]': '2', 'page[size]': '4', sort: 'id' }),
    ]);
  });

  test.each<[string, string, () => { id: string }[], string]>([
    ['users', '/organization/users', () => data.users, '{ users(first: 2, after: $after) { totalCount edges { cursor node { nativeId } } } }'],
    [
      'advertisers',
      '/advertisers',
      () => data.advertisers,
      '{ advertisers(first: 2, after: $after) { totalCount edges { cursor node { nativeId } } } }',
    ],
    [
      'offers',
      `/integrations/${integrationId}/offers`,
      () => data.offers.filter((o) => data.offerIntegration.get(o.id) === integrationId),
      `{ offers(integrationId: "${integrationId}", first: 2, after: $after) { totalCount edges { cursor node { nativeId } } } }`,
    ],
  ])('%s page by key too', async (field, path, rows, selection) => {
    const ids = byId(rows()).map((r) => r.id);
    const res = await live.query(`query($after: String) ${selection}`, { after: keyCursor(ids[0]) });
    expect(res.data[field]).toEqual({
      totalCount: ids.length,
      edges: ids.slice(1, 3).map((id) => ({ cursor: keyCursor(id), node: { nativeId: id } })),
    });
    expectCalls([
      listCall(path, { 'page[number]': '1', 'page[size]': '3', sort: 'id' }),
      listCall(path, { 'page[number]': '1', 'page[size]': '3', sort: 'id', 'filter[id][gt]': ids[0] }),
    ]);
  });

  test("an offer's events and landing pages page by key", async () => {
    const offer = data.offers.find(
      (o) => data.offerIntegration.get(o.id) === integrationId && data.events.get(o.id)!.length > 2 && data.landingPages.get(o.id)!.length > 2,
    )!;
    const events = byId(data.events.get(offer.id)!).map((e) => e.id);
    const pages = byId(data.landingPages.get(offer.id)!).map((p) => p.id);
    const id = toGlobalId({ vendor: 'INTEGR8', type: 'Offer', key: [integrationId, offer.id] });
    const res = await live.query(
      `query($id: ID!, $events: String, $pages: String) { offer(id: $id) { ... on Offer {
        events(first: 1, after: $events) { pageInfo { hasNextPage hasPreviousPage } edges { cursor node { nativeId } } }
        landingPages(last: 1, before: $pages) { pageInfo { hasNextPage hasPreviousPage } edges { cursor node { nativeId } } }
      } } }`,
      { id, events: keyCursor(events[0]), pages: keyCursor(pages[2]) },
    );
    expect(res).toEqual({
      data: {
        offer: {
          events: {
            pageInfo: { hasNextPage: events.length > 2, hasPreviousPage: true },
            edges: [{ cursor: keyCursor(events[1]), node: { nativeId: events[1] } }],
          },
          landingPages: {
            pageInfo: { hasNextPage: true, hasPreviousPage: true },
            edges: [{ cursor: keyCursor(pages[1]), node: { nativeId: pages[1] } }],
          },
        },
      },
    });
    const base = `/integrations/${integrationId}/offers/${offer.id}`;
    expectCalls([
      listCall(`/integrations/${integrationId}/offers`, { 'page[number]': '1', 'page[size]': '100', 'filter[id][in]': offer.id }),
      listCall(`${base}/events`, { 'page[number]': '1', 'page[size]': '2', sort: 'id' }),
      listCall(`${base}/events`, { 'page[number]': '1', 'page[size]': '2', sort: 'id', 'filter[id][gt]': events[0] }),
      listCall(`${base}/landing-pages`, { 'page[number]': '1', 'page[size]': '2', sort: '-id' }),
      listCall(`${base}/landing-pages`, { 'page[number]': '1', 'page[size]': '2', sort: '-id', 'filter[id][lt]': pages[2] }),
    ]);
  });
});

describe('list filters take the values the fields return, translated to Integr8', () => {
  /** One offset-paged list call (a sort is given, so no key bound is added). */
  const listed = (path: string, query: Record<string, string>) => ({
    method: 'GET',
    path: `${API}${path}`,
    query: { 'page[number]': '1', 'page[size]': '100', ...query },
  });
  const byEmail = <T extends { email: string }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  const gid = (type: 'User' | 'Publisher' | 'Advertiser', id: string) => toGlobalId({ vendor: 'INTEGR8', type, key: [id] });

  test('role and status take UserRole and UserStatus, country a CountryCode in any case: sent as Integr8 spells them', async () => {
    const sample = data.users.find((u) => u.role === 'accountManager' && u.status === 'Active' && u.country)!;
    const res = await gw.query(
      `query($country: CountryCode!) {
        users(filter: { role: { eq: ACCOUNT_MANAGER }, status: { in: [ACTIVE] }, country: { eq: $country } }, sort: [{ field: EMAIL }], first: 100) {
          totalCount nodes { nativeId role status country }
        }
      }`,
      { country: sample.country.toLowerCase() },
    );
    expect(logged()).toEqual([
      listed('/organization/users', {
        'filter[role][eq]': 'accountManager',
        'filter[status][in]': 'Active',
        'filter[country][eq]': sample.country,
        sort: 'email',
      }),
    ]);
    const expected = byEmail(data.users.filter((u) => u.role === 'accountManager' && u.status === 'Active' && u.country === sample.country));
    expect(res).toEqual({
      data: {
        users: {
          totalCount: expected.length,
          nodes: expected.map((u) => ({ nativeId: u.id, role: 'ACCOUNT_MANAGER', status: 'ACTIVE', country: u.country })),
        },
      },
    });
  });

  test('visibility takes OfferVisibility and currency a Currency in any case', async () => {
    const res = await gw.query(
      `query($integrationId: ID!) {
        offers(integrationId: $integrationId, filter: { visibility: { ne: REQUIRES_APPROVAL }, currency: { in: ["eur"] } }, sort: [{ field: NAME }], first: 100) {
          totalCount nodes { nativeId visibility currency }
        }
      }`,
      { integrationId },
    );
    expect(logged()).toEqual([
      listed(`/integrations/${integrationId}/offers`, { 'filter[visibility][ne]': 'Requires_Approval', 'filter[currency][in]': 'EUR', sort: 'name' }),
    ]);
    const expected = data.offers
      .filter((o) => data.offerIntegration.get(o.id) === integrationId && o.visibility !== 'Requires_Approval' && o.currency === 'EUR')
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(expected.length).toBeGreaterThan(0);
    expect(res.errors).toBeUndefined();
    expect(res.data.offers.totalCount).toBe(expected.length);
    expect(res.data.offers.nodes.map((o: { nativeId: string }) => o.nativeId)).toEqual(expected.map((o) => o.id));
    for (const node of res.data.offers.nodes) expect([node.visibility, node.currency]).toEqual([expect.stringMatching(/^(PUBLIC|PRIVATE)$/), 'EUR']);
  });

  test('id and managerId take global IDs, as `id` and `manager { id }` return them, sent as Integr8 ids', async () => {
    const managed = data.publishers.filter((p) => p.manager_id);
    const manager = managed[0].manager_id!;
    const mine = managed.filter((p) => p.manager_id === manager);
    const picked = [mine[0], data.publishers.find((p) => p.manager_id !== manager)!];
    const res = await gw.query(
      `query($ids: [ID!]!, $manager: ID!) {
        publishers(filter: { id: { in: $ids }, managerId: { eq: $manager } }, sort: [{ field: INCREMENTAL_ID }], first: 100) { nodes { id nativeId manager { id } } }
      }`,
      { ids: picked.map((p) => gid('Publisher', p.id)), manager: gid('User', manager) },
    );
    expect(logged()[0]).toEqual(
      listed('/publishers', { 'filter[id][in]': picked.map((p) => p.id).join(','), 'filter[manager_id][eq]': manager, sort: 'incremental_id' }),
    );
    expect(res.data.publishers.nodes).toEqual([{ id: gid('Publisher', mine[0].id), nativeId: mine[0].id, manager: { id: gid('User', manager) } }]);
  });

  test('time bounds are sent in whole seconds, as Integr8 writes its times: nothing lies strictly between a second and the next', async () => {
    const at = byId(data.publishers)[0].created_at;
    const next = new Date(Date.parse(at) + 1000).toISOString().replace('.000Z', 'Z');
    const res = await gw.query(
      `query($at: DateTime!, $next: DateTime!) { publishers(filter: { createdAt: { gt: $at, lt: $next } }, sort: [{ field: NAME }], first: 100) { totalCount } }`,
      { at, next },
    );
    expect(logged()).toEqual([listed('/publishers', { 'filter[created_at][gt]': at, 'filter[created_at][lt]': next, sort: 'name' })]);
    expect(res).toEqual({ data: { publishers: { totalCount: 0 } } });
  });

  const ERROR_CASES: [string, string, Record<string, unknown>, string, string[]][] = [
    [
      'a currency Integr8 offers cannot have',
      `query($filter: OfferFilter) { offers(integrationId: "${INTEGR8_INTEGRATION_IDS[0]}", filter: $filter) { totalCount } }`,
      { filter: { currency: { in: ['USD', 'GBP'] } } },
      'filter.currency.in[1]: Integr8 offers are in USD or EUR, so GBP matches none; use one of those.',
      ['filter', 'currency', 'in', '1'],
    ],
    [
      "a publisher's ID where a user's is meant",
      `query($filter: UserFilter) { users(filter: $filter) { totalCount } }`,
      { filter: { id: { eq: toGlobalId({ vendor: 'INTEGR8', type: 'Publisher', key: ['p1'] }) } } },
      `ID "${toGlobalId({ vendor: 'INTEGR8', type: 'Publisher', key: ['p1'] })}" belongs to a Publisher, not a User.`,
      ['filter', 'id', 'eq'],
    ],
    [
      'an Everflow record as the manager',
      `query($filter: PublisherFilter) { publishers(filter: $filter) { totalCount } }`,
      { filter: { managerId: { ne: toGlobalId({ vendor: 'EVERFLOW', type: 'User', key: ['7'] }) } } },
      `filter.managerId.ne: ID "${toGlobalId({ vendor: 'EVERFLOW', type: 'User', key: ['7'] })}" is an Everflow User; give the ID of an Integr8 User.`,
      ['filter', 'managerId', 'ne'],
    ],
    [
      'an offer of another integration',
      `query($filter: OfferFilter) { offers(integrationId: "${INTEGR8_INTEGRATION_IDS[0]}", filter: $filter) { totalCount } }`,
      { filter: { id: { eq: toGlobalId({ vendor: 'INTEGR8', type: 'Offer', key: [INTEGR8_INTEGRATION_IDS[1], 'o1'] }) } } },
      `filter.id.eq: ID "${toGlobalId({ vendor: 'INTEGR8', type: 'Offer', key: [INTEGR8_INTEGRATION_IDS[1], 'o1'] })}" is an offer of integration ${INTEGR8_INTEGRATION_IDS[1]}, not of ${INTEGR8_INTEGRATION_IDS[0]}, the one queried.`,
      ['filter', 'id', 'eq'],
    ],
    [
      'a native id where a global ID is meant',
      `query($filter: AdvertiserFilter) { advertisers(filter: $filter) { totalCount } }`,
      { filter: { id: { in: ['5aa55d607b87b9869bdb6bef'] } } },
      '"5aa55d607b87b9869bdb6bef" is not an ID issued by this gateway; use the `id` of a node.',
      ['filter', 'id', 'in', '0'],
    ],
    [
      "a global ID as a report's offer filter, which takes the incremental id",
      `query($q: ReportQuery!) { impressions(query: $q) { totalCount } }`,
      {
        q: { integrationId, from: daysAgo(1), to: daysAgo(0), offerId: toGlobalId({ vendor: 'INTEGR8', type: 'Offer', key: [integrationId, 'o1'] }) },
      },
      `query.offerId takes the offer's incrementalId (digits, as report rows name it), not "${toGlobalId({ vendor: 'INTEGR8', type: 'Offer', key: [integrationId, 'o1'] }).slice(0, 37)}...".`,
      ['query', 'offerId'],
    ],
  ];
  test.each(ERROR_CASES)(
    '%s is BAD_USER_INPUT at the filter value, never an empty page, and calls nobody',
    async (_, query, variables, message, field) => {
      const res = await gw.query(query, variables);
      const name = /\{ (\w+)\(/.exec(query)![1];
      expect(res).toEqual({
        data: { [name]: null },
        errors: [
          {
            message,
            locations: [{ line: 1, column: query.indexOf(`{ ${name}(`) + 3 }],
            path: [name],
            extensions: { code: 'BAD_USER_INPUT', argument: field[0], field },
          },
        ],
      });
      expect(logged()).toEqual([]);
    },
  );
});
