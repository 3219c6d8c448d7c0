import { clickListQuery } from '../../src/vendors/irev/requests.js';
import { rejection } from '../helpers/rejection.js';

describe('clickListQuery', () => {
  test('ids and both bounds: wall-clock times in the network zone, whole seconds, each bound under both documented names', () => {
    expect(
      clickListQuery(
        { affiliateId: 500, offerId: 12, from: new Date('2026-11-01T10:00:00.500Z'), to: new Date('2026-11-02T10:00:00.500Z') },
        'Europe/Berlin',
      ),
    ).toEqual({
      affiliate_id: 500,
      offer_id: 12,
      created_from: '2026-11-01 11:00:01',
      created_at_from: '2026-11-01 11:00:01',
      created_to: '2026-11-02 11:00:00',
      created_at_to: '2026-11-02 11:00:00',
    });
  });

  test('what the query leaves out is not sent', () => {
    const params = clickListQuery({ affiliateId: null, offerId: undefined, from: new Date('2026-11-01T00:00:00Z'), to: null }, 'UTC');
    expect(params).toEqual({ created_from: '2026-11-01 00:00:00', created_at_from: '2026-11-01 00:00:00' });
    expect(Object.keys(params)).toEqual(['created_from', 'created_at_from']);
    expect(clickListQuery({}, 'UTC')).toEqual({});
    expect(Object.keys(clickListQuery({}, 'UTC'))).toEqual([]);
  });

  test.each([
    [
      'an affiliate id below 1',
      { affiliateId: 0 },
      { message: 'source.irev.affiliateId must be a positive id, got 0.', extensions: { code: 'BAD_USER_INPUT', field: 'source.irev.affiliateId' } },
    ],
    [
      'a negative offer id',
      { offerId: -3 },
      { message: 'source.irev.offerId must be a positive id, got -3.', extensions: { code: 'BAD_USER_INPUT', field: 'source.irev.offerId' } },
    ],
    [
      'from after to',
      { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') },
      {
        message: 'source.irev.from (2026-11-02T00:00:00.000Z) must not be after source.irev.to (2026-11-01T00:00:00.000Z).',
        extensions: { code: 'BAD_USER_INPUT', field: 'source.irev.from' },
      },
    ],
  ])('%s is refused', (_, query, expected) => {
    expect(rejection(() => clickListQuery(query, 'UTC'))).toEqual(expected);
  });
});
