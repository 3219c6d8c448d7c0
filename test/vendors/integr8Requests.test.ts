import { exportFilters, keysetListQuery, listQuery, reportPageQuery, reportQuery, required } from '../../src/vendors/integr8/requests.js';
import { rejection } from '../helpers/rejection.js';

describe('listQuery', () => {
  test('schema filters as filter[snake_case][op], lists comma-joined, times in whole-second ISO; sort entries as -field,field', () => {
    expect(
      listQuery(
        {
          firstName: { eq: 'Ann', like: null },
          createdAt: { gt: new Date('2026-01-01T00:00:00Z') },
          id: { in: ['a', 'b'], ne: 'c' },
          incrementalId: { lt: 10 },
          email: null,
        },
        [{ field: 'CREATED_AT', direction: 'DESC' }, { field: 'NAME', direction: 'ASC' }, { field: 'ID' }],
      ),
    ).toEqual({
      filters: {
        'filter[first_name][eq]': 'Ann',
        'filter[created_at][gt]': '2026-01-01T00:00:00Z',
        'filter[id][ne]': 'c',
        'filter[id][in]': 'a,b',
        'filter[incremental_id][lt]': '10',
      },
      sort: '-created_at,name,id',
    });
  });

  test('a time bound with a fraction of a second: `gt` drops it, `lt` rounds it up (Integr8 writes whole seconds)', () => {
    const at = new Date('2026-01-01T10:00:00.250Z');
    expect(listQuery({ createdAt: { gt: at, lt: at } }, null).filters).toEqual({
      'filter[created_at][gt]': '2026-01-01T10:00:00Z',
      'filter[created_at][lt]': '2026-01-01T10:00:01Z',
    });
  });

  test('no filter and no sort: no parameters', () => {
    const query = listQuery(null, undefined);
    expect(query).toEqual({ filters: {} });
    expect(Object.keys(query)).toEqual(['filters']);
    expect(listQuery({}, [])).toEqual({ filters: {} });
  });

  test('an empty `in` list is refused', () => {
    expect(rejection(() => listQuery({ status: { in: [] } }, null))).toEqual({
      message: 'filter.status.in is empty; give at least one value or drop the condition.',
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.status.in' },
    });
  });
});

describe('exportFilters', () => {
  test('every filter, under the download center parameter names', () => {
    expect(
      exportFilters({
        status: 'DONE',
        type: 'click_logs',
        offerIds: ['12', '13'],
        publishers: ['34'],
        advertisers: ['5'],
        integrationIds: ['64b7f0c2a1e4d3b2c1a00001'],
        startDate: new Date('2026-11-01T00:00:00Z'),
        endDate: new Date('2026-11-02T00:00:00Z'),
        minRowCount: 1,
        maxRowCount: 1000,
        minDurationSeconds: 0,
        maxDurationSeconds: 60,
      }),
    ).toEqual({
      'filter[status]': 'DONE',
      'filter[type]': 'click_logs',
      'filter[reports_query_option.filters.offer_id.equalvalues]': '12,13',
      'filter[reports_query_option.filters.publisher.equalvalues]': '34',
      'filter[reports_query_option.filters.advertiser.equalvalues]': '5',
      'filter[reports_query_option.filters.integration_id.equalvalues]': '64b7f0c2a1e4d3b2c1a00001',
      'filter[reports_query_option.start_date]': '2026-11-01',
      'filter[reports_query_option.end_date]': '2026-11-02',
      'filter[results_meta.total][gte]': '1',
      'filter[results_meta.total][lte]': '1000',
      'filter[results_meta.duration_seconds][gte]': '0',
      'filter[results_meta.duration_seconds][lte]': '60',
    });
  });

  test('what the filter leaves out is not sent', () => {
    const filters = exportFilters({ status: null, type: 'conversion_logs', offerIds: null, minRowCount: undefined });
    expect(filters).toEqual({ 'filter[type]': 'conversion_logs' });
    expect(Object.keys(filters)).toEqual(['filter[type]']);
    expect(Object.keys(exportFilters({}))).toEqual([]);
  });
});

describe('reportQuery and reportPageQuery', () => {
  const query = {
    integrationId: ' 64b7f0c2a1e4d3b2c1a00001 ',
    from: new Date('2026-11-01T00:00:00Z'),
    to: new Date('2026-11-02T00:00:00Z'),
    timezone: 'America/New_York',
    status: 'REJECTED' as const,
    offerId: '12',
    publisher: '34',
    advertiser: '5',
  };

  test('the range as wall-clock times in the zone, the integration trimmed, the filters given', () => {
    expect(reportQuery(query, 'source.integr8')).toEqual({
      integration_id: '64b7f0c2a1e4d3b2c1a00001',
      // New York's clocks go back on November 1st: -4 hours at the start, -5 at the end.
      start_time: '2026-10-31 20:00:00',
      end_time: '2026-11-01 19:00:00',
      timezone: 'America/New_York',
      'filter[status]': 'Rejected',
      'filter[offer_id]': '12',
      'filter[publisher]': '34',
      'filter[advertiser]': '5',
    });
  });

  test('by default in UTC, with no filters', () => {
    const base = reportQuery({ integrationId: 'i1', from: query.from, to: query.to, status: 'APPROVED' }, 'query');
    expect(base).toEqual({
      integration_id: 'i1',
      start_time: '2026-11-01 00:00:00',
      end_time: '2026-11-02 00:00:00',
      timezone: 'UTC',
      'filter[status]': 'Approved',
    });
  });

  test('one page: its size, and a cursor to read after or before', () => {
    const base = reportQuery({ integrationId: 'i1', from: query.from, to: query.to }, 'query');
    const times = { integration_id: 'i1', start_time: '2026-11-01 00:00:00', end_time: '2026-11-02 00:00:00', timezone: 'UTC' };
    expect(reportPageQuery(base, { size: 100 })).toEqual({ ...times, 'page[size]': 100 });
    expect(reportPageQuery(base, { size: 45, after: 'r240' })).toEqual({ ...times, 'page[size]': 45, 'page[after]': 'r240' });
    expect(reportPageQuery(base, { size: 2, before: 'r7' })).toEqual({ ...times, 'page[size]': 2, 'page[before]': 'r7' });
  });

  test.each([
    [
      'from after to',
      { ...query, from: query.to, to: query.from },
      {
        message: 'source.integr8.from (2026-11-02T00:00:00.000Z) must not be after source.integr8.to (2026-11-01T00:00:00.000Z).',
        extensions: { code: 'BAD_USER_INPUT', field: 'source.integr8.from' },
      },
    ],
    [
      'a blank integration id',
      { ...query, integrationId: '  ' },
      { message: 'source.integr8.integrationId must not be empty.', extensions: { code: 'BAD_USER_INPUT', field: 'source.integr8.integrationId' } },
    ],
  ])('%s is refused', (_, refused, expected) => {
    expect(rejection(() => reportQuery(refused, 'source.integr8'))).toEqual(expected);
  });
});

test('required: an id argument trimmed, a blank one refused at its field', () => {
  expect(required('  64b7f0c2a1e4d3b2c1a00001\t', 'integrationId')).toBe('64b7f0c2a1e4d3b2c1a00001');
  expect(rejection(() => required(' ', 'integrationId'))).toEqual({
    message: 'integrationId must not be empty.',
    extensions: { code: 'BAD_USER_INPUT', field: 'integrationId' },
  });
});

describe('keysetListQuery', () => {
  const query = { filters: { 'filter[active][eq]': 'true' } };

  test('id order, ascending after an id and descending before one; the other filters kept', () => {
    expect(keysetListQuery(query, {})).toEqual({ filters: { 'filter[active][eq]': 'true' }, sort: 'id' });
    expect(keysetListQuery(query, { after: 'b2' })).toEqual({ filters: { 'filter[active][eq]': 'true', 'filter[id][gt]': 'b2' }, sort: 'id' });
    expect(keysetListQuery(query, { before: 'b2', descending: true })).toEqual({
      filters: { 'filter[active][eq]': 'true', 'filter[id][lt]': 'b2' },
      sort: '-id',
    });
    expect(query).toEqual({ filters: { 'filter[active][eq]': 'true' } });
  });

  test('an id bound the filter already sets is kept where it is the tighter one', () => {
    const bounded = { filters: { 'filter[id][gt]': 'b5', 'filter[id][lt]': 'c0' } };
    expect(keysetListQuery(bounded, { after: 'b2' }).filters).toEqual({ 'filter[id][gt]': 'b5', 'filter[id][lt]': 'c0' });
    expect(keysetListQuery(bounded, { after: 'b7' }).filters).toEqual({ 'filter[id][gt]': 'b7', 'filter[id][lt]': 'c0' });
    expect(keysetListQuery(bounded, { before: 'c3', descending: true }).filters).toEqual({ 'filter[id][gt]': 'b5', 'filter[id][lt]': 'c0' });
    expect(keysetListQuery(bounded, { before: 'b9', descending: true }).filters).toEqual({ 'filter[id][gt]': 'b5', 'filter[id][lt]': 'b9' });
  });
});
