/**
 * iRev's requests, built from GraphQL arguments: pure functions, no I/O. Paging and the calls
 * themselves are IrevReads'.
 */
import type { IrevClickQuery } from '../../__generated__/resolvers.js';
import { BadUserInputError } from '../../errors.js';
import { withoutNulls } from '../normalize.js';
import { checkOrder, formatLocalTime } from '../time.js';
import type { IrevClickListQuery } from './types.js';

/** The argument `clicks` takes iRev's part of the query in. */
const FIELD = 'source.irev';

/**
 * The click list's parameters for a query, but the page: ids must be positive and `from` not
 * after `to`. Times go as wall-clock times in `timeZone` (the zone iRev writes `created_at`
 * in), in whole seconds, both bounds inclusive; what the query leaves out is not sent.
 */
export function clickListQuery(query: IrevClickQuery, timeZone: string): IrevClickListQuery {
  for (const name of ['affiliateId', 'offerId'] as const) {
    const value = query[name];
    if (value != null && value < 1) throw new BadUserInputError(`${FIELD}.${name} must be a positive id, got ${value}.`, `${FIELD}.${name}`);
  }
  if (query.from && query.to) checkOrder(query.from, query.to, FIELD);
  // iRev takes whole seconds: "at or after 10:00:00.5" is "at or after 10:00:01".
  const from = query.from ? formatLocalTime(new Date(Math.ceil(query.from.getTime() / 1000) * 1000), timeZone) : undefined;
  const to = query.to ? formatLocalTime(query.to, timeZone) : undefined;
  return withoutNulls({
    affiliate_id: query.affiliateId,
    offer_id: query.offerId,
    // iRev's document names these created_from/created_to in its table and created_at_from/
    // created_at_to in its prose; sending both with equal values works with either.
    created_from: from,
    created_at_from: from,
    created_to: to,
    created_at_to: to,
  });
}
