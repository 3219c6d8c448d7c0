/**
 * Integr8's requests, built from GraphQL arguments: pure functions, no I/O. Each checks what
 * its arguments must satisfy (BAD_USER_INPUT naming the argument) and returns the parameters
 * Integr8 gets; paging and the calls themselves are Integr8Reads'.
 */
import type { ExportFilter, ReportQuery, SortDirection } from '../../__generated__/resolvers.js';
import { BadUserInputError } from '../../errors.js';
import { withoutNulls } from '../normalize.js';
import { checkOrder, formatLocalTime } from '../time.js';
import type { Integr8ListParams } from './client.js';
import type { Integr8ReportQuery } from './types.js';

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
      params[`filter[${field}][${op}]`] = Array.isArray(value) ? value.map(scalarParam).join(',') : scalarParam(value);
    }
  }
  return params;
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
 * argument the query came in, for the errors.
 */
export function reportQuery(query: ReportQuery, field: string): ReportBase {
  checkOrder(query.from, query.to, field);
  const timezone = query.timezone ?? 'UTC';
  return {
    integration_id: required(query.integrationId, `${field}.integrationId`),
    start_time: formatLocalTime(query.from, timezone),
    end_time: formatLocalTime(query.to, timezone),
    timezone,
    ...(query.status && { 'filter[status]': query.status === 'APPROVED' ? ('Approved' as const) : ('Rejected' as const) }),
    ...(query.offerId && { 'filter[offer_id]': query.offerId }),
    ...(query.publisher && { 'filter[publisher]': query.publisher }),
    ...(query.advertiser && { 'filter[advertiser]': query.advertiser }),
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

function scalarParam(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
