import { affiliatesTableRequest, clickStreamBody, clickStreamQuery, onHoldRequest } from '../../src/vendors/everflow/requests.js';
import { rejection } from '../helpers/rejection.js';

const at = (iso: string) => new Date(iso);
/** 2026-11-20T12:00:00Z, the clock of the on-hold checks. */
const NOW = Date.parse('2026-11-20T12:00:00Z') / 1000;

describe('affiliatesTableRequest', () => {
  test('every filter, a name search and the selected relationships the table serves', () => {
    expect(
      affiliatesTableRequest({
        search: '  Acme  ',
        filter: {
          status: 'ACTIVE',
          accountManagerIds: [3, 4],
          accountExecutiveIds: [5],
          billingFrequency: 'TWO_MONTHS',
          paymentType: 'DIRECT_DEPOSIT',
          labels: ['vip'],
          ranTrafficInLastHours: 24,
          trackingDomainIds: [1],
          countryCodes: ['nl', 'US'],
          regionCodes: ['NH'],
        },
        relationships: ['USERS', 'BILLING', 'SIGNUP'],
      }),
    ).toEqual({
      body: {
        filters: {
          account_status: 'active',
          account_manager_ids: [3, 4],
          network_account_executives_ids: [5],
          billing_frequency: 'two_months',
          payment_type: 'direct_deposit',
          labels: ['vip'],
          ran_traffic_in_last_hours: 24,
          network_tracking_domain_ids: [1],
          country_codes: ['NL', 'US'],
          region_codes: ['NH'],
        },
        search_terms: [{ search_type: 'name', value: 'Acme' }],
      },
      relationships: ['signup', 'users'],
    });
  });

  test('what the query leaves out is not sent: no filters, no blank search, no relationships the table lacks', () => {
    const request = affiliatesTableRequest({ search: '   ', filter: { status: null, labels: null, countryCodes: null }, relationships: ['BILLING'] });
    expect(request).toEqual({ body: { filters: {} }, relationships: [] });
    expect(Object.keys(request.body)).toEqual(['filters']);
    expect(Object.keys(request.body.filters ?? {})).toEqual([]);
    expect(affiliatesTableRequest({ relationships: [] })).toEqual({ body: { filters: {} }, relationships: [] });
  });

  test('ranTrafficInLastHours below 1 is refused', () => {
    expect(rejection(() => affiliatesTableRequest({ filter: { ranTrafficInLastHours: 0 }, relationships: [] }))).toEqual({
      message: 'filter.ranTrafficInLastHours must be 1 or more.',
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.ranTrafficInLastHours' },
    });
  });
});

describe('clickStreamQuery and clickStreamBody', () => {
  test('the range in unix seconds, grouped filters as a flat list, exclusions grouped by resource type', () => {
    expect(
      clickStreamQuery({
        from: at('2026-10-20T00:00:00Z'),
        to: at('2026-11-20T00:00:00Z'),
        filters: [
          { resourceType: 'OFFER', values: ['12', '15'] },
          { resourceType: 'COUNTRY', values: ['United States'] },
        ],
        exclusions: [
          { resourceType: 'SOURCE_ID', values: ['7'] },
          { resourceType: 'OFFER', values: ['9'] },
          { resourceType: 'SOURCE_ID', values: ['8'] },
        ],
      }),
    ).toEqual({
      from: 1792454400,
      to: 1795132800,
      filters: [
        { filter_id_value: '12', resource_type: 'offer' },
        { filter_id_value: '15', resource_type: 'offer' },
        { filter_id_value: 'United States', resource_type: 'country' },
      ],
      exclusions: [
        { filter_id_value: '7', resource_type: 'source_id' },
        { filter_id_value: '9', resource_type: 'offer' },
        { filter_id_value: '8', resource_type: 'source_id' },
      ],
      exclusionGroups: [
        [
          { filter_id_value: '7', resource_type: 'source_id' },
          { filter_id_value: '8', resource_type: 'source_id' },
        ],
        [{ filter_id_value: '9', resource_type: 'offer' }],
      ],
    });
  });

  test('a query of no filters: the range in whole seconds (rounded down)', () => {
    expect(clickStreamQuery({ from: at('2026-11-01T00:00:00.900Z'), to: at('2026-11-01T00:00:00.900Z') })).toEqual({
      from: 1793491200,
      to: 1793491200,
      filters: [],
      exclusions: [],
      exclusionGroups: [],
    });
  });

  test('one window as a body: UTC wall-clock times, timezone_id 67, the query only when it holds something', () => {
    const window = { from: 1793491200, to: 1794700799 };
    const offer = [{ filter_id_value: '12', resource_type: 'offer' as never }];
    const source = [{ filter_id_value: '7', resource_type: 'source_id' as never }];
    expect(clickStreamBody(window, offer, source)).toEqual({
      from: '2026-11-01 00:00:00',
      to: '2026-11-14 23:59:59',
      timezone_id: 67,
      query: { filters: offer, exclusions: source },
    });
    expect(clickStreamBody(window, [], source)).toEqual({
      from: '2026-11-01 00:00:00',
      to: '2026-11-14 23:59:59',
      timezone_id: 67,
      query: { exclusions: source },
    });
    expect(clickStreamBody(window, [], [])).toEqual({ from: '2026-11-01 00:00:00', to: '2026-11-14 23:59:59', timezone_id: 67 });
  });

  test.each([
    [
      'from after to',
      { from: at('2026-11-02T00:00:00Z'), to: at('2026-11-01T00:00:00Z') },
      {
        message: 'source.everflow.from (2026-11-02T00:00:00.000Z) must not be after source.everflow.to (2026-11-01T00:00:00.000Z).',
        extensions: { code: 'BAD_USER_INPUT', field: 'source.everflow.from' },
      },
    ],
    [
      'an exclusion of no values',
      { from: at('2026-11-01T00:00:00Z'), to: at('2026-11-02T00:00:00Z'), exclusions: [{ resourceType: 'OFFER', values: [] }] },
      {
        message: 'source.everflow.exclusions[0].values is empty; give at least one OFFER value or drop the filter.',
        extensions: { code: 'BAD_USER_INPUT', field: 'source.everflow.exclusions[0].values' },
      },
    ],
  ])('%s is refused', (_, query, expected) => {
    expect(rejection(() => clickStreamQuery(query as never))).toEqual(expected);
  });
});

describe('onHoldRequest', () => {
  test('the range as UTC wall-clock times, the status in lower case, the filters flat', () => {
    expect(
      onHoldRequest(
        {
          from: at('2026-09-01T00:00:00Z'),
          to: at('2026-11-21T00:00:00Z'),
          status: 'ON_HOLD',
          events: true,
          filters: [{ resourceType: 'COUNTRY_CODE', values: ['NL', 'DE'] }],
        },
        NOW,
      ),
    ).toEqual({
      from: '2026-09-01 00:00:00',
      to: '2026-11-21 00:00:00',
      timezone_id: 67,
      show_conversions: true,
      show_events: true,
      on_hold_status_filter: 'on_hold',
      query: {
        filters: [
          { filter_id_value: 'NL', resource_type: 'country_code' },
          { filter_id_value: 'DE', resource_type: 'country_code' },
        ],
      },
    });
  });

  test('by default: conversions without events, every status, no filters', () => {
    expect(onHoldRequest({ from: at('2026-11-01T00:00:00Z'), to: at('2026-11-02T00:00:00Z') }, NOW)).toEqual({
      from: '2026-11-01 00:00:00',
      to: '2026-11-02 00:00:00',
      timezone_id: 67,
      show_conversions: true,
      show_events: false,
      on_hold_status_filter: '',
      query: { filters: [] },
    });
  });

  test.each([
    [
      'more than a year',
      { from: at('2025-11-21T00:00:00Z'), to: at('2026-11-21T00:00:01Z') },
      {
        message: 'source.everflow: Everflow serves at most one year (365 days) of on-hold conversions per query; narrow from/to.',
        extensions: { code: 'BAD_USER_INPUT', field: 'source.everflow.to' },
      },
    ],
    [
      'a start before the prior 365 days',
      { from: at('2025-11-20T11:59:59Z'), to: at('2026-01-01T00:00:00Z') },
      {
        message:
          'source.everflow.from 2025-11-20T11:59:59.000Z is outside the prior 365 days Everflow reports on-hold conversions for; use 2025-11-20T12:00:00.000Z or later.',
        extensions: { code: 'BAD_USER_INPUT', field: 'source.everflow.from' },
      },
    ],
    [
      'neither conversions nor events',
      { from: at('2026-11-01T00:00:00Z'), to: at('2026-11-02T00:00:00Z'), conversions: false, events: false },
      {
        message: 'source.everflow: set conversions or events (or both) to true.',
        extensions: { code: 'BAD_USER_INPUT', field: 'source.everflow.conversions' },
      },
    ],
  ])('%s is refused', (_, query, expected) => {
    expect(rejection(() => onHoldRequest(query, NOW))).toEqual(expected);
  });
});
