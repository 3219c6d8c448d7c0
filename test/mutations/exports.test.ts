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

const EXPORT_FIELDS = `id nativeId vendor type status query { startDate endDate fields extraParameters filters } rowCount size artifactName delimiter integrationId downloadUrl`;
const CREATE = `mutation($input: CreateExportInput!) {
  createExport(input: $input) { export { ${EXPORT_FIELDS} } userErrors { field message code } }
}`;
const logged = () => gw.requests('integr8').map(({ method, path, query, body }) => ({ method, path, query, body }));
/** A `reports_query_option.filters` entry as Integr8 stores an equality filter. */
const eq = (...values: string[]) => ({ equal_values: values, greater_than_values: [], less_than_values: [], like_values: [], not_equal_values: [] });
/** Wall-clock "YYYY-MM-DD HH:MM:SS" of an ISO instant in a zone, computed apart from the gateway's helper. */
const wall = (iso: string, timeZone: string) => new Date(iso).toLocaleString('sv-SE', { timeZone }).replace(/\u200e/g, '');

/** Runs a test body under each place the simulator may read download-center parameters from. */
const bothParamReadings = test.each(['query', 'body'] as const);

afterEach(() => {
  gw.sims.integr8.readings.exportParams = 'query';
  gw.sims.integr8.readings.exportStatusCase = 'upper';
});

bothParamReadings(
  'the export request (parameters read from the %s): kind as path segment, the same parameters as query string and JSON body, wall-clock times in the zone, comma-joined columns, reporting filters',
  async (reading) => {
    gw.sims.integr8.readings.exportParams = reading;
    const from = daysAgo(3);
    const to = daysAgo(2);
    const input = {
      integrationId,
      kind: 'CONVERSIONS',
      from,
      to,
      timezone: 'America/New_York',
      fields: ['real_tx_id', 'conversion_time', 'payout'],
      extraParameters: ['source', 'gclid'],
      delimiter: '\t',
      status: 'REJECTED',
      offerId: '12',
      publisher: '34',
      advertiser: '5',
    };
    const res = await gw.query(CREATE, { input });
    expect(res.errors).toBeUndefined();
    const params = {
      start_time: wall(from, 'America/New_York'),
      end_time: wall(to, 'America/New_York'),
      timezone: 'America/New_York',
      fields: 'real_tx_id,conversion_time,payout',
      delimiter: '\t',
      extra_parameters: 'source,gclid',
      'filter[status]': 'Rejected',
      'filter[offer_id]': '12',
      'filter[publisher]': '34',
      'filter[advertiser]': '5',
    };
    expect(logged()).toEqual([
      { method: 'POST', path: `/api/v2/integrations/${integrationId}/download-center/conversions`, query: params, body: params },
    ]);
    expect(gw.requests('integr8').map((r) => r.status)).toEqual([200]);
    const created = data.exports[0];
    expect(res.data.createExport).toEqual({
      export: {
        id: expect.any(String),
        nativeId: created.id,
        vendor: 'INTEGR8',
        type: 'conversion_logs',
        status: 'PENDING',
        query: {
          startDate: wall(from, 'America/New_York'),
          endDate: wall(to, 'America/New_York'),
          fields: input.fields,
          extraParameters: input.extraParameters,
          filters: { integration_id: eq(integrationId), status: eq('Rejected'), offer_id: eq('12'), publisher: eq('34'), advertiser: eq('5') },
        },
        rowCount: null,
        size: null,
        artifactName: null,
        delimiter: '\t',
        integrationId,
        downloadUrl: null,
      },
      userErrors: [],
    });
  },
);

bothParamReadings(
  'postback logs (parameters read from the %s) go to their own path, with no extra parameters and the defaults spelled out',
  async (reading) => {
    gw.sims.integr8.readings.exportParams = reading;
    const to = daysAgo(1);
    const res = await gw.query(CREATE, { input: { integrationId, kind: 'POSTBACK_LOGS', from: '2025-01-01T00:00:00Z', to, fields: ['real_tx_id'] } });
    expect(res.data.createExport.userErrors).toEqual([]);
    const params = { start_time: '2025-01-01 00:00:00', end_time: wall(to, 'UTC'), timezone: 'UTC', fields: 'real_tx_id', delimiter: ',' };
    expect(logged()).toEqual([
      { method: 'POST', path: `/api/v2/integrations/${integrationId}/download-center/postback-logs`, query: params, body: params },
    ]);
    expect(res.data.createExport.export).toMatchObject({ type: 'postback_logs', status: 'PENDING', delimiter: ',' });
  },
);

describe('a rejected input makes no upstream call', () => {
  const base = () => ({ integrationId, kind: 'CLICKS', from: daysAgo(2), to: daysAgo(1), fields: ['real_tx_id'] });
  const cases: [string, Record<string, unknown>, { field: string[]; code: string }[]][] = [
    ['a blank integration id', { integrationId: '  ' }, [{ field: ['input', 'integrationId'], code: 'REQUIRED' }]],
    ['from after to', { from: daysAgo(1), to: daysAgo(2) }, [{ field: ['input', 'to'], code: 'INVALID_VALUE' }]],
    ['no fields', { fields: [] }, [{ field: ['input', 'fields'], code: 'REQUIRED' }]],
    ['a blank field', { fields: ['real_tx_id', ' '] }, [{ field: ['input', 'fields', '1'], code: 'REQUIRED' }]],
    ['two fields in one entry', { fields: ['real_tx_id,status'] }, [{ field: ['input', 'fields', '0'], code: 'INVALID_FORMAT' }]],
    [
      'an extra parameter with a comma',
      { extraParameters: ['source', 'a,b'] },
      [{ field: ['input', 'extraParameters', '1'], code: 'INVALID_FORMAT' }],
    ],
    [
      'extra parameters on postback logs',
      { kind: 'POSTBACK_LOGS', extraParameters: ['source'] },
      [{ field: ['input', 'extraParameters'], code: 'NOT_ALLOWED' }],
    ],
    ['an empty delimiter', { delimiter: '' }, [{ field: ['input', 'delimiter'], code: 'INVALID_VALUE' }]],
    ['a two-character delimiter', { delimiter: ';;' }, [{ field: ['input', 'delimiter'], code: 'INVALID_VALUE' }]],
    ['a quote as delimiter', { delimiter: '"' }, [{ field: ['input', 'delimiter'], code: 'INVALID_VALUE' }]],
    ['a line break as delimiter', { delimiter: '\n' }, [{ field: ['input', 'delimiter'], code: 'INVALID_VALUE' }]],
    [
      'blank reporting filters',
      { offerId: '', publisher: ' ', advertiser: '\t' },
      [
        { field: ['input', 'offerId'], code: 'INVALID_VALUE' },
        { field: ['input', 'publisher'], code: 'INVALID_VALUE' },
        { field: ['input', 'advertiser'], code: 'INVALID_VALUE' },
      ],
    ],
  ];

  test.each(cases)('%s', async (_, change, expected) => {
    const before = data.exports.length;
    const res = await gw.query(CREATE, { input: { ...base(), ...change } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createExport.export).toBeNull();
    expect(res.data.createExport.userErrors.map(({ field, code }: { field: string[]; code: string }) => ({ field, code }))).toEqual(expected);
    expect(gw.requests()).toEqual([]);
    expect(data.exports).toHaveLength(before);
  });

  test('an unknown time zone (refused by the TimeZone scalar, before the resolver)', async () => {
    const res = await gw.query(CREATE, { input: { ...base(), timezone: 'Mars/Olympus' } });
    // The error's code is the server's business (test/server/errors.test.ts); here: no call.
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(gw.requests()).toEqual([]);
  });
});

test("Integr8's own rejection (an unknown column) is a userError with its message", async () => {
  const res = await gw.query(CREATE, {
    input: { integrationId, kind: 'CLICKS', from: daysAgo(2), to: daysAgo(1), fields: ['real_tx_id', 'no_such_column'] },
  });
  expect(res.errors).toBeUndefined();
  expect(res.data.createExport).toEqual({
    export: null,
    userErrors: [{ field: null, message: expect.stringMatching(/answered 400 .*unknown field 'no_such_column'/), code: 'VENDOR_REJECTED' }],
  });
  expect(gw.requests('integr8').map((r) => [r.method, r.status])).toEqual([['POST', 400]]);
});

test('creating an export drops the cached export lists, so the next read lists it', async () => {
  const LIST = `query($ids: [String!]) { exports(filter: { integrationIds: $ids, type: "impression_logs" }, first: 3) { totalCount nodes { nativeId status } } }`;
  const vars = { ids: [integrationId] };
  const first = await gw.query(LIST, vars);
  expect(first.errors).toBeUndefined();
  await gw.query(LIST, vars);
  // The second read came from the cache.
  expect(gw.requests('integr8')).toHaveLength(1);

  const created = await gw.query(CREATE, { input: { integrationId, kind: 'IMPRESSIONS', from: daysAgo(2), to: daysAgo(1), fields: ['real_tx_id'] } });
  const after = await gw.query(LIST, vars);
  expect(gw.requests('integr8').map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  expect(after.data.exports.totalCount).toBe(first.data.exports.totalCount + 1);
  expect(after.data.exports.nodes[0]).toEqual({ nativeId: created.data.createExport.export.nativeId, status: 'PENDING' });
});

test('an export followed from creation to a downloaded CSV whose rows are the report rows of its range and filters', async () => {
  const from = daysAgo(2.5);
  const to = daysAgo(2);
  const fields = ['real_tx_id', 'request_time', 'offer_id', 'status'];
  const extras = ['source'];
  const created = await gw.query(CREATE, {
    input: {
      integrationId,
      kind: 'CLICKS',
      from,
      to,
      timezone: 'Europe/Berlin',
      fields,
      extraParameters: extras,
      delimiter: ';',
      status: 'APPROVED',
    },
  });
  expect(created.data.createExport.userErrors).toEqual([]);
  const { id, status } = created.data.createExport.export;
  expect(status).toBe('PENDING');

  // Poll as a client would, every 300 ms, for at most 10 s.
  const seen: string[] = [];
  let done: any;
  for (const deadline = Date.now() + 10_000; !done;) {
    if (Date.now() > deadline) throw new Error(`export not DONE within 10 s; statuses seen: ${seen.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const res = await gw.query(`query($id: ID!) { export(id: $id) { ${EXPORT_FIELDS} } }`, { id });
    expect(res.errors).toBeUndefined();
    const record = res.data.export;
    if (seen[seen.length - 1] !== record.status) seen.push(record.status);
    if (record.status === 'DONE') done = record;
    else expect(record.downloadUrl).toBeNull();
  }
  expect(['PENDING', 'IN_PROGRESS', 'DONE'].filter((s) => seen.includes(s))).toEqual(seen);
  // The signed URL is asked for once: only when the export was done and the field requested.
  const signed = gw.requests('integr8').filter((r) => r.path === '/api/v2/download-center/signed-url');
  expect(signed.map((r) => r.query)).toEqual([{ artifact_name: done.artifactName }]);

  // The expected rows, from the dataset's report entries: the integration, the range (inclusive), approved only, newest first.
  const [start, end] = [Date.parse(from) / 1000, Date.parse(to) / 1000];
  const expected = data.clicks.entries.filter(
    (e) => e.integrationId === integrationId && e.time >= start && e.time <= end && e.status === 'Approved',
  );
  expect(expected.length).toBeGreaterThan(5);

  const response = await fetch(done.downloadUrl);
  expect(response.status).toBe(200);
  const csv = await response.text();
  const lines = csv.split('\r\n');
  expect(lines.pop()).toBe('');
  expect(lines[0].split(';')).toEqual([...fields, ...extras]);
  const rows = lines.slice(1).map((line) => line.split(';'));
  expect(rows.map((cells) => cells[0])).toEqual(expected.map((e) => e.txId));
  expect(new Set(rows.map((cells) => cells[3]))).toEqual(new Set(['Approved']));
  expect(done).toMatchObject({ status: 'DONE', rowCount: expected.length, size: Buffer.byteLength(csv, 'utf8'), delimiter: ';' });
  expect(done.query).toMatchObject({ startDate: wall(from, 'Europe/Berlin'), endDate: wall(to, 'Europe/Berlin'), fields, extraParameters: extras });
});

test.each(['object', 'data', 'created_item_id'] as const)('the created export is read from any answer the document allows (%s)', async (answer) => {
  gw.sims.integr8.readings.exportCreateAnswer = answer;
  try {
    const res = await gw.query(CREATE, { input: { integrationId, kind: 'CLICKS', from: daysAgo(2), to: daysAgo(1), fields: ['real_tx_id'] } });
    expect(res.errors).toBeUndefined();
    const created = data.exports[0];
    expect(res.data.createExport).toEqual({
      export: expect.objectContaining({ nativeId: created.id, type: 'click_logs', status: 'PENDING', integrationId }),
      userErrors: [],
    });
    // Only the id in the answer: the export is read by it.
    const reads = answer === 'created_item_id' ? [{ method: 'GET', path: `/api/v2/download-center/exports/${created.id}` }] : [];
    expect(logged().map(({ method, path }) => ({ method, path }))).toEqual([
      { method: 'POST', path: `/api/v2/integrations/${integrationId}/download-center/clicks` },
      ...reads,
    ]);
  } finally {
    gw.sims.integr8.readings.exportCreateAnswer = 'object';
  }
});

describe('export statuses, in either case Integr8 writes them', () => {
  const READ = `query($id: ID!) { export(id: $id) { nativeId status } }`;
  const exportGid = (nativeId: string) => Buffer.from(JSON.stringify(['INTEGR8', 'Export', nativeId])).toString('base64url');
  // Exports of the generated dataset (the oldest), none read by id before: each test below reads its own.
  const generated = () => data.exports.slice(-12);
  const finishedExports = () =>
    generated()
      .filter((e) => e.status.toUpperCase() === 'DONE')
      .slice(0, 2);
  const otherExport = (n: number) => generated().filter((e) => !finishedExports().includes(e))[n];

  test.each(['upper', 'lower'] as const)(
    '%s case: the DONE filter is sent upper case, statuses map to the enum, a finished export is cached and a running one is not',
    async (reading) => {
      gw.sims.integr8.readings.exportStatusCase = reading;
      const done = data.exports.filter((e) => e.status.toUpperCase() === 'DONE');
      expect(done.length).toBeGreaterThan(0);
      const res = await gw.query(`{ exports(filter: { status: DONE }, first: 100) { totalCount nodes { nativeId status } } }`);
      expect(res.errors).toBeUndefined();
      expect(logged()).toEqual([
        {
          method: 'GET',
          path: '/api/v2/download-center/exports',
          query: { 'page[number]': '1', 'page[size]': '100', 'filter[status]': 'DONE' },
          body: undefined,
        },
      ]);
      expect(res.data.exports).toEqual({ totalCount: done.length, nodes: done.slice(0, 100).map((e) => ({ nativeId: e.id, status: 'DONE' })) });

      // A finished export: the second read is the cached first.
      const finished = finishedExports()[reading === 'upper' ? 0 : 1];
      gw.clearRequests();
      for (let i = 0; i < 2; i++) {
        expect((await gw.query(READ, { id: exportGid(finished.id) })).data).toEqual({ export: { nativeId: finished.id, status: 'DONE' } });
      }
      expect(logged().map((r) => r.path)).toEqual([`/api/v2/download-center/exports/${finished.id}`]);

      // A running export: every read asks Integr8.
      const created = await gw.query(CREATE, { input: { integrationId, kind: 'CLICKS', from: daysAgo(2), to: daysAgo(1), fields: ['real_tx_id'] } });
      const running = created.data.createExport.export.nativeId;
      gw.clearRequests();
      for (let i = 0; i < 2; i++) expect((await gw.query(READ, { id: exportGid(running) })).data.export.status).toMatch(/^(PENDING|IN_PROGRESS)$/);
      expect(logged().map((r) => r.path)).toEqual([`/api/v2/download-center/exports/${running}`, `/api/v2/download-center/exports/${running}`]);
    },
  );

  test.each([
    ['Done', 'DONE', true, 0],
    ['error', 'ERROR', true, 1],
    ['Canceled', 'CANCELED', true, 2],
    ['in_progress', 'IN_PROGRESS', false, 3],
    ['Pending', 'PENDING', false, 4],
  ] as const)('a status written %s is %s, cached: %s', async (written, mapped, cached, n) => {
    const record = otherExport(n);
    const path = `/api/v2/download-center/exports/${record.id}`;
    // Two answers of the export with this spelling; a cached first read leaves the second unused.
    gw.sims.integr8.injectFault({ method: 'GET', path, status: 200, body: { data: { ...record, id: record.id, status: written } }, times: 2 });
    try {
      const id = exportGid(record.id);
      for (let i = 0; i < 2; i++) {
        const res = await gw.query(READ, { id });
        expect(res).toEqual({ data: { export: { nativeId: record.id, status: mapped } } });
      }
      expect(logged().map((r) => r.path)).toEqual(cached ? [path] : [path, path]);
    } finally {
      gw.sims.integr8.clearFaults();
    }
  });
});

describe('the invalidation rule: a create that may have happened drops the cached export reads, a refusal keeps them', () => {
  const LIST = `query($ids: [String!]) { exports(filter: { integrationIds: $ids, type: "click_logs" }, first: 2) { totalCount } }`;
  const path = `/api/v2/integrations/${integrationId}/download-center/clicks`;

  test.each<[string, number, { errors?: unknown[]; data: unknown }, string[]]>([
    [
      'a 5xx: dropped, the next read goes to Integr8',
      500,
      {
        data: { createExport: null },
        errors: [
          expect.objectContaining({
            message: `Integr8 answered 500 to POST ${path}: Temporary failure`,
            extensions: { code: 'UPSTREAM_ERROR', vendor: 'INTEGR8', upstreamStatus: 500 },
          }),
        ],
      },
      ['POST', 'GET'],
    ],
    [
      'a 400 refusal: kept, the next read is the cached one',
      400,
      {
        data: {
          createExport: {
            export: null,
            userErrors: [{ field: null, message: `Integr8 answered 400 to POST ${path}: Temporary failure`, code: 'VENDOR_REJECTED' }],
          },
        },
      },
      ['POST'],
    ],
  ])('%s', async (_, status, expected, methods) => {
    const vars = { ids: [integrationId] };
    await gw.query(LIST, vars);
    gw.clearRequests();
    await gw.query(LIST, vars);
    expect(gw.requests('integr8')).toEqual([]); // served from the cache
    gw.sims.integr8.injectFault({ method: 'POST', path, status, body: { error: 'Temporary failure' } });
    const res = await gw.query(CREATE, { input: { integrationId, kind: 'CLICKS', from: daysAgo(2), to: daysAgo(1), fields: ['real_tx_id'] } });
    expect(res).toEqual(expected);
    await gw.query(LIST, vars);
    expect(gw.requests('integr8').map((r) => r.method)).toEqual(methods);
  });

  test('an answer of only the new id, then a 404 reading the export back: the write happened, so the cached reads are dropped, and the payload says so', async () => {
    const vars = { ids: [integrationId] };
    const first = await gw.query(LIST, vars);
    gw.clearRequests();
    await gw.query(LIST, vars);
    expect(gw.requests('integr8')).toEqual([]); // served from the cache
    gw.sims.integr8.readings.exportCreateAnswer = 'created_item_id';
    const readBack = /^\/api\/v2\/download-center\/exports\/[^/]+$/;
    gw.sims.integr8.injectFault({
      method: 'GET',
      path: readBack,
      status: 404,
      body: { errors: [{ status: '404', title: 'Not Found', detail: 'no such export' }] },
    });
    try {
      const res = await gw.query(CREATE, { input: { integrationId, kind: 'CLICKS', from: daysAgo(2), to: daysAgo(1), fields: ['real_tx_id'] } });
      const created = data.exports[0];
      const exportPath = `/api/v2/download-center/exports/${created.id}`;
      const globalId = Buffer.from(JSON.stringify(['INTEGR8', 'Export', created.id])).toString('base64url');
      expect(res).toEqual({
        data: {
          createExport: {
            export: null,
            userErrors: [
              {
                field: null,
                message: `Integr8 created export ${created.id} (ID ${globalId}) but did not show it when it was read back (Integr8 answered 404 to GET ${exportPath}: no such export); read it later with export(id:).`,
                code: 'NOT_FOUND',
              },
            ],
          },
        },
      });
      const after = await gw.query(LIST, vars);
      // The list is read again, and counts the new export.
      expect(gw.requests('integr8').map(({ method, path, status }) => ({ method, path, status }))).toEqual([
        { method: 'POST', path, status: 200 },
        { method: 'GET', path: exportPath, status: 404 },
        { method: 'GET', path: '/api/v2/download-center/exports', status: 200 },
      ]);
      expect(after.data.exports.totalCount).toBe(first.data.exports.totalCount + 1);
    } finally {
      gw.sims.integr8.readings.exportCreateAnswer = 'object';
      gw.sims.integr8.clearFaults();
    }
  });
});
