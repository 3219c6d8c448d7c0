/**
 * Integr8's requests, built from GraphQL arguments: pure functions, no I/O. Each checks what
 * its arguments must satisfy (BAD_USER_INPUT naming the argument) and returns the parameters
 * Integr8 gets; paging and the calls themselves are Integr8Reads'.
 */
import type { ExportFilter, ReportQuery, SortDirection } from '../../__generated__/resolvers.js';
import { BadUserInputError } from '../../errors.js';
import { fromGlobalId, type NodeType } from '../../ids.js';
import { vendorLabel } from '../registry.js';
import { withoutNulls, type EnumMap } from '../normalize.js';
import { checkOrder, formatLocalTime } from '../time.js';
import type { Integr8ListParams } from './client.js';
import { ROLES, TRAFFIC_STATUSES, USER_STATUSES, VISIBILITIES } from './mappers.js';
import { INTEGR8_CURRENCIES, type Integr8ReportQuery } from './types.js';

/** A schema list filter: field name to operator conditions (StringFilter, IntFilter, ...). */
export type ListFilter = Record<string, Record<string, unknown> | null | undefined>;
/** A schema sort entry. */
export interface ListSort {
  field: string;
  direction?: SortDirection | null;
}

/** A report's parameters but the page: the query, its range and its filters. */
export type ReportBase = Omit<Integr8ReportQuery, 'page[size]' | 'page[after]' | 'page[before]'>;

/** A numbered list's parameters but the page: schema filters as `filter[field][op]`, sort entries as `sort`. */
export function listQuery(
  filter: ListFilter | null | undefined,
  sort: readonly ListSort[] | null | undefined,
): Omit<Integr8ListParams, 'page' | 'size'> {
  const filters = listFilters(filter ?? {});
  const order = sortParam(sort ?? []);
  return { filters, ...(order && { sort: order }) };
}

/** Where a keyset read of a list starts: after or before a row's id, ascending or descending. */
export interface IdBound {
  after?: string;
  before?: string;
  descending?: boolean;
}

/**
 * A list's parameters (listQuery's, without a sort) in id order, `sort=id` or `sort=-id`,
 * bounded to the rows after an id (`filter[id][gt]`) or before one (`filter[id][lt]`) for keyset
 * paging. Where the filter already bounds the id the same way, the tighter bound is sent, as
 * Integr8 takes one value per operator; ids compare as text, as `gt` and `lt` compare them.
 */
export function keysetListQuery(query: Omit<Integr8ListParams, 'page' | 'size'>, bound: IdBound): Omit<Integr8ListParams, 'page' | 'size'> {
  const filters = { ...query.filters };
  const gt = filters['filter[id][gt]'];
  const lt = filters['filter[id][lt]'];
  if (bound.after !== undefined) filters['filter[id][gt]'] = gt !== undefined && gt > bound.after ? gt : bound.after;
  if (bound.before !== undefined) filters['filter[id][lt]'] = lt !== undefined && lt < bound.before ? lt : bound.before;
  return { filters, sort: bound.descending ? '-id' : 'id' };
}

/** Schema filters as Integr8's `filter[field][op]=value` parameters; field names become snake_case. */
export function listFilters(filter: ListFilter): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, conditions] of Object.entries(filter)) {
    if (!conditions) continue;
    const field = snakeCase(name);
    for (const op of OPERATORS) {
      const value = conditions[op];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value) && value.length === 0) {
        throw new BadUserInputError(`filter.${name}.in is empty; give at least one value or drop the condition.`, `filter.${name}.in`);
      }
      params[`filter[${field}][${op}]`] = Array.isArray(value) ? value.map((v) => scalarParam(v, op)).join(',') : scalarParam(value, op);
    }
  }
  return params;
}

/**
 * The schema's user filter with its values in Integr8's terms, for listQuery: global IDs as
 * Integr8 user ids, roles and statuses in Integr8's spelling (`accountManager`, `Active`). Each
 * list filter takes the values its type's fields return (see listFilterValues).
 */
export function userFilter(filter: ListFilter | null | undefined): ListFilter {
  return listFilterValues(filter, { id: nativeIds('User'), role: spelled(ROLES), status: spelled(USER_STATUSES) });
}

/** The schema's publisher filter in Integr8's terms: publisher and manager global IDs as Integr8 ids. */
export function publisherFilter(filter: ListFilter | null | undefined): ListFilter {
  return listFilterValues(filter, { id: nativeIds('Publisher'), managerId: nativeIds('User') });
}

/** The schema's advertiser filter in Integr8's terms: advertiser and manager global IDs as Integr8 ids. */
export function advertiserFilter(filter: ListFilter | null | undefined): ListFilter {
  return listFilterValues(filter, { id: nativeIds('Advertiser'), managerId: nativeIds('User') });
}

/**
 * The schema's offer filter of one integration in Integr8's terms: offer global IDs (of that
 * integration) as Integr8 ids, visibilities in Integr8's spelling (`Requires_Approval`), and only
 * the currencies Integr8 offers can have (USD, EUR).
 */
export function offerFilter(filter: ListFilter | null | undefined, integrationId: string): ListFilter {
  return listFilterValues(filter, { id: nativeIds('Offer', integrationId), visibility: spelled(VISIBILITIES), currency: oneOf(INTEGR8_CURRENCIES) });
}

/** Schema sort entries as Integr8's `sort=-field,field`; none for no entries. */
export function sortParam(sort: readonly ListSort[]): string | undefined {
  if (sort.length === 0) return undefined;
  return sort.map(({ field, direction }) => `${direction === 'DESC' ? '-' : ''}${field.toLowerCase()}`).join(',');
}

/** The download-center list's `filter[...]` parameters for an export filter; what the filter leaves out is not sent. */
export function exportFilters(filter: ExportFilter): Record<string, string> {
  return withoutNulls({
    // Integr8's own upper case (its enum names no finished state; DONE is sent like the others).
    'filter[status]': filter.status,
    'filter[type]': filter.type,
    'filter[reports_query_option.filters.offer_id.equalvalues]': filter.offerIds?.join(','),
    'filter[reports_query_option.filters.publisher.equalvalues]': filter.publishers?.join(','),
    'filter[reports_query_option.filters.advertiser.equalvalues]': filter.advertisers?.join(','),
    'filter[reports_query_option.filters.integration_id.equalvalues]': filter.integrationIds?.join(','),
    'filter[reports_query_option.start_date]': filter.startDate?.toISOString().slice(0, 10),
    'filter[reports_query_option.end_date]': filter.endDate?.toISOString().slice(0, 10),
    'filter[results_meta.total][gte]': filter.minRowCount?.toString(),
    'filter[results_meta.total][lte]': filter.maxRowCount?.toString(),
    'filter[results_meta.duration_seconds][gte]': filter.minDurationSeconds?.toString(),
    'filter[results_meta.duration_seconds][lte]': filter.maxDurationSeconds?.toString(),
  });
}

/**
 * A ReportQuery as the report endpoints' parameters (everything but the page): the range as
 * wall-clock times in the query's zone (default UTC), the filters it gives. `field` is the
 * argument the query came in, for the errors. The offer, publisher and advertiser filters take
 * incremental ids, as report rows name them: anything but digits (a global ID) is
 * BAD_USER_INPUT, since Integr8 would match no row.
 */
export function reportQuery(query: ReportQuery, field: string): ReportBase {
  checkOrder(query.from, query.to, field);
  const timezone = query.timezone ?? 'UTC';
  return {
    integration_id: required(query.integrationId, `${field}.integrationId`),
    start_time: formatLocalTime(query.from, timezone),
    end_time: formatLocalTime(query.to, timezone),
    timezone,
    ...(query.status && { 'filter[status]': TRAFFIC_STATUSES.toVendor(query.status) }),
    ...withoutNulls({
      'filter[offer_id]': incrementalId(query.offerId, `${field}.offerId`, 'offer'),
      'filter[publisher]': incrementalId(query.publisher, `${field}.publisher`, 'publisher'),
      'filter[advertiser]': incrementalId(query.advertiser, `${field}.advertiser`, 'advertiser'),
    }),
  };
}

/** One report page's parameters: `size` rows after or before a vendor cursor (neither: from the start). */
export function reportPageQuery(base: ReportBase, page: { size: number; after?: string; before?: string }): Integr8ReportQuery {
  return {
    ...base,
    'page[size]': page.size,
    ...(page.after && { 'page[after]': page.after }),
    ...(page.before && { 'page[before]': page.before }),
  };
}

/** A required id argument, trimmed; BAD_USER_INPUT at `field` when blank. */
export function required(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new BadUserInputError(`${field} must not be empty.`, field);
  return trimmed;
}

// Private:

const OPERATORS = ['eq', 'ne', 'in', 'like', 'gt', 'lt'] as const;

/**
 * A condition's value as Integr8 takes it. Times go in whole seconds, as Integr8 writes them
 * (`2019-08-24T14:15:22Z`), so a server comparing the text compares like with like: `gt` drops
 * a fraction of a second (nothing lies between), `lt` rounds it up.
 */
function scalarParam(value: unknown, op: string): string {
  if (!(value instanceof Date)) return String(value);
  const ms = value.getTime();
  const seconds = op === 'lt' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** How one value of a filter field becomes Integr8's; `path` names it for a BAD_USER_INPUT (`filter.id.in[1]`). */
type ValueRule = (value: unknown, path: string) => unknown;

/**
 * `filter` with the values of the fields in `rules` translated (every operator, every list
 * entry); other fields pass as they are. A value Integr8 cannot represent throws
 * BAD_USER_INPUT at its path: a filter never quietly matches nothing.
 */
function listFilterValues(filter: ListFilter | null | undefined, rules: Record<string, ValueRule>): ListFilter {
  const out: ListFilter = {};
  for (const [name, conditions] of Object.entries(filter ?? {})) {
    const rule = rules[name];
    if (!conditions || !rule) {
      out[name] = conditions;
      continue;
    }
    out[name] = Object.fromEntries(
      Object.entries(conditions).map(([op, value]) => [
        op,
        Array.isArray(value)
          ? value.map((v, i) => rule(v, `filter.${name}.${op}[${i}]`))
          : value == null
            ? value
            : rule(value, `filter.${name}.${op}`),
      ]),
    );
  }
  return out;
}

/** A report filter's incremental id, trimmed; undefined when not given or blank; BAD_USER_INPUT at `path` unless digits. */
function incrementalId(value: string | null | undefined, path: string, what: string): string | undefined {
  const id = value?.trim();
  if (!id) return undefined;
  if (!/^\d+$/.test(id)) {
    throw new BadUserInputError(
      `${path} takes the ${what}'s incrementalId (digits, as report rows name it), not "${id.length > 40 ? `${id.slice(0, 37)}...` : id}".`,
      path,
    );
  }
  return id;
}

/** A schema enum value in Integr8's spelling (every value of these enums has one). */
function spelled<G extends string>(table: EnumMap<G, string>): ValueRule {
  return (value) => table.toVendor(value as G);
}

/** A value Integr8's records of this list can have; any other is BAD_USER_INPUT (offers are in USD or EUR). */
function oneOf(allowed: readonly string[]): ValueRule {
  return (value, path) => {
    if (allowed.includes(value as string)) return value;
    throw new BadUserInputError(`${path}: Integr8 offers are in ${allowed.join(' or ')}, so ${String(value)} matches none; use one of those.`, path);
  };
}

/** Key parts of the global IDs the list filters take (an offer's key is its integration and its id). */
const FILTER_KEY_PARTS: Partial<Record<NodeType, number>> = { User: 1, Publisher: 1, Advertiser: 1, Offer: 2 };

/**
 * The Integr8 id of a global ID of `type` (and, for offers, of `integrationId`); BAD_USER_INPUT
 * at the path for an ID the gateway did not issue, of another type or vendor, or of an offer of
 * another integration, since Integr8 would answer an empty page for it.
 */
function nativeIds(type: NodeType, integrationId?: string): ValueRule {
  return (value, path) => {
    const id = String(value);
    const ref = fromGlobalId(id, type, path);
    if (ref.vendor !== 'INTEGR8') {
      // Every vendor's name (Everflow, iRev, Integr8) takes "an".
      throw new BadUserInputError(`${path}: ID "${id}" is an ${vendorLabel(ref.vendor)} ${type}; give the ID of an Integr8 ${type}.`, path);
    }
    if (ref.key.length !== FILTER_KEY_PARTS[type]) throw new BadUserInputError(`${path}: ID "${id}" is not the ID of an Integr8 ${type}.`, path);
    if (integrationId !== undefined && ref.key[0] !== integrationId) {
      throw new BadUserInputError(`${path}: ID "${id}" is an offer of integration ${ref.key[0]}, not of ${integrationId}, the one queried.`, path);
    }
    return ref.key[ref.key.length - 1];
  };
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
