/**
 * Everflow's requests, built from GraphQL arguments: pure functions, no I/O. Each checks what
 * its arguments must satisfy (BAD_USER_INPUT naming the argument) and returns the body or
 * parameters Everflow gets; paging and the calls themselves are EverflowReads'.
 */
import type {
  AffiliateFilter,
  AffiliateRelationship,
  EverflowClickFilter,
  EverflowClickQuery,
  EverflowConversionFilter,
  EverflowConversionQuery,
} from '../../__generated__/resolvers.js';
import { BadUserInputError } from '../../errors.js';
import { withoutNulls } from '../normalize.js';
import { checkOrder, formatLocalTime, toSeconds } from '../time.js';
import type { Window } from './clickStream.js';
import { EVERFLOW_LIMITS } from './client.js';
import { AFFILIATE_STATUSES, BILLING_FREQUENCIES, ON_HOLD_STATUSES, PAYMENT_TYPES, RELATIONSHIP_NAMES } from './mappers.js';
import type {
  EverflowAffiliatesTableFilters,
  EverflowAffiliatesTableRelationship,
  EverflowAffiliatesTableRequest,
  EverflowClickStreamRequest,
  EverflowOnHoldRequest,
  EverflowQueryFilter,
} from './types.js';

/** The argument `clicks` and `conversions` take Everflow's part of the query in. */
const FIELD = 'source.everflow';

/** The affiliates table's query: what the query asks for, and the table relationships it selects. */
export interface AffiliatesQuery {
  search?: string | null;
  filter?: AffiliateFilter | null;
  relationships: readonly AffiliateRelationship[];
}

/**
 * The affiliates table's body (structured filters, a name search) and the `relationship`
 * parameters for a query: of the selected relationships, the ones the table serves, sorted.
 */
export function affiliatesTableRequest(query: AffiliatesQuery): {
  body: EverflowAffiliatesTableRequest;
  relationships: EverflowAffiliatesTableRelationship[];
} {
  const search = query.search?.trim();
  const body = {
    filters: affiliateFilters(query.filter ?? {}),
    ...(search && { search_terms: [{ search_type: 'name' as const, value: search }] }),
  };
  const relationships = query.relationships
    .map((name) => RELATIONSHIP_NAMES[name])
    .filter((name): name is EverflowAffiliatesTableRelationship => name === 'users' || name === 'signup')
    .sort();
  return { body, relationships };
}

/** A click-stream query in Everflow's terms, before it is cut into windows. */
export interface ClickStreamQuery {
  /** The range as asked, in unix seconds (`to` may lie in the future). */
  from: number;
  to: number;
  filters: EverflowQueryFilter<never>[];
  exclusions: EverflowQueryFilter<never>[];
  /** The exclusions grouped by resource type, one group per call (see EverflowReads.clicks). */
  exclusionGroups: EverflowQueryFilter<never>[][];
}

/** Checks a click query and reads it as Everflow's range, filters and exclusions. */
export function clickStreamQuery(query: EverflowClickQuery): ClickStreamQuery {
  checkOrder(query.from, query.to, FIELD);
  const filters = queryFilters<EverflowClickFilter>(query.filters, `${FIELD}.filters`);
  const exclusions = queryFilters<EverflowClickFilter>(query.exclusions, `${FIELD}.exclusions`);
  return { from: toSeconds(query.from), to: toSeconds(query.to), filters, exclusions, exclusionGroups: groupByType(exclusions) };
}

/** The click stream's body for one window (unix seconds, inclusive), in UTC. */
export function clickStreamBody(
  window: Window,
  filters: EverflowQueryFilter<never>[],
  exclusions: EverflowQueryFilter<never>[],
): EverflowClickStreamRequest {
  return {
    from: formatLocalTime(new Date(window.from * 1000)),
    to: formatLocalTime(new Date(window.to * 1000)),
    timezone_id: EVERFLOW_LIMITS.utcTimezoneId,
    ...((filters.length > 0 || exclusions.length > 0) && {
      query: { ...(filters.length > 0 && { filters }), ...(exclusions.length > 0 && { exclusions }) },
    }),
  };
}

/**
 * The on-hold report's body for a conversion query, checked against Everflow's limits at `now`
 * (unix seconds): at most one year per query, within the prior 365 days, and conversions or
 * events (or both) asked for.
 */
export function onHoldRequest(query: EverflowConversionQuery, now: number): EverflowOnHoldRequest {
  checkOrder(query.from, query.to, FIELD);
  const from = toSeconds(query.from);
  const to = toSeconds(query.to);
  if (to - from > EVERFLOW_LIMITS.onHoldMaxIntervalSeconds) {
    throw new BadUserInputError(
      `${FIELD}: Everflow serves at most one year (365 days) of on-hold conversions per query; narrow from/to.`,
      `${FIELD}.to`,
    );
  }
  if (from < now - EVERFLOW_LIMITS.onHoldLookbackSeconds) {
    throw new BadUserInputError(
      `${FIELD}.from ${query.from.toISOString()} is outside the prior 365 days Everflow reports on-hold conversions for; use ${new Date((now - EVERFLOW_LIMITS.onHoldLookbackSeconds) * 1000).toISOString()} or later.`,
      `${FIELD}.from`,
    );
  }
  const showConversions = query.conversions ?? true;
  const showEvents = query.events ?? false;
  if (!showConversions && !showEvents) {
    throw new BadUserInputError(`${FIELD}: set conversions or events (or both) to true.`, `${FIELD}.conversions`);
  }
  return {
    from: formatLocalTime(query.from),
    to: formatLocalTime(query.to),
    timezone_id: EVERFLOW_LIMITS.utcTimezoneId,
    show_conversions: showConversions,
    show_events: showEvents,
    on_hold_status_filter: query.status ? ON_HOLD_STATUSES.toVendor(query.status) : ('' as const),
    query: { filters: queryFilters<EverflowConversionFilter>(query.filters, `${FIELD}.filters`) },
  };
}

// Private:

/**
 * The schema's affiliate filter as the table's structured filters, enums in Everflow's spelling
 * (the mappers' tables) and country codes in upper case; what the filter leaves out is not sent.
 */
function affiliateFilters(filter: AffiliateFilter): EverflowAffiliatesTableFilters {
  if (filter.ranTrafficInLastHours != null && filter.ranTrafficInLastHours < 1) {
    throw new BadUserInputError('filter.ranTrafficInLastHours must be 1 or more.', 'filter.ranTrafficInLastHours');
  }
  return withoutNulls({
    account_status: filter.status ? AFFILIATE_STATUSES.toVendor(filter.status) : undefined,
    account_manager_ids: filter.accountManagerIds,
    network_account_executives_ids: filter.accountExecutiveIds,
    billing_frequency: filter.billingFrequency ? BILLING_FREQUENCIES.toVendor(filter.billingFrequency) : undefined,
    payment_type: filter.paymentType ? PAYMENT_TYPES.toVendor(filter.paymentType) : undefined,
    labels: filter.labels,
    ran_traffic_in_last_hours: filter.ranTrafficInLastHours,
    network_tracking_domain_ids: filter.trackingDomainIds,
    country_codes: filter.countryCodes?.map((code) => code.toUpperCase()),
    region_codes: filter.regionCodes,
  });
}

/** The schema's grouped filters (values of one type OR-ed) as Everflow's flat filter list. */
function queryFilters<F extends { resourceType: string; values: readonly string[] }>(
  filters: readonly F[] | null | undefined,
  field: string,
): EverflowQueryFilter<never>[] {
  const out: EverflowQueryFilter<never>[] = [];
  for (const [i, filter] of (filters ?? []).entries()) {
    if (filter.values.length === 0) {
      throw new BadUserInputError(
        `${field}[${i}].values is empty; give at least one ${filter.resourceType} value or drop the filter.`,
        `${field}[${i}].values`,
      );
    }
    for (const value of filter.values) {
      out.push({ filter_id_value: value, resource_type: filter.resourceType.toLowerCase() as never });
    }
  }
  return out;
}

/** Everflow's filter entries grouped by resource type, in order of first appearance. */
function groupByType<F extends { resource_type: string }>(entries: readonly F[]): F[][] {
  const groups = new Map<string, F[]>();
  for (const entry of entries) groups.set(entry.resource_type, [...(groups.get(entry.resource_type) ?? []), entry]);
  return [...groups.values()];
}
