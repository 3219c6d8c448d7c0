/**
 * The merged clicks and conversions lists: a vendor-neutral query turned into one MergeSource per
 * vendor (per Integr8 integration), each reading that vendor's own list through its reads, with
 * the filters the vendor applies itself sent to it and the others as a post-filter; the merge
 * itself is src/pagination/merge.ts.
 */
import type { ClickQuery, ConversionQuery, ConversionState, TrafficStatus, Vendor } from '../__generated__/resolvers.js';
import type { Context } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { fromGlobalId, toGlobalId, type NodeRef } from '../ids.js';
import type { ClickConnectionModel, ClickModel, ConversionModel, Ref } from '../models/index.js';
import { mergeConnections, withPostFilter, type MergedConnection, type MergeOrder, type MergeSource } from '../pagination/merge.js';
import { parsePageArgs, type PageArgs } from '../pagination/request.js';
import { isConfigured } from './reads.js';
import { vendorKeyOf, vendorKeys, VENDORS, type VendorName } from './registry.js';
import { checkOrder } from './time.js';

/** Merged pages: at most 100 rows (Integr8's page size, so one call per vendor serves a page). */
export const MERGED_PAGES = { defaultSize: 50, maxSize: 100 };

/** What a merged read is asked for beyond the query and the page. */
export interface MergedReadOptions<T> {
  /** Whether `totalCount` is selected (Everflow's click stream counts by reading every day of the range). @default true */
  totalCount?: boolean;
  /**
   * One more post-filter on every vendor's rows, batched per chunk (for example Integr8's verdict on
   * Everflow and iRev clicks); `vendor` is the vendor the rows come from.
   */
  keep?: (vendor: VendorName, rows: T[]) => Promise<boolean[]> | boolean[];
}

/** A merged page: the connection and the vendors that failed, as the schema's `missingVendors`. */
export type MergedPage<T> = MergedConnection<T> & { missingVendors: { vendor: VendorName; integrationId: string | null; error: Error }[] };

/**
 * Clicks of several vendors merged by time. Everflow's click stream (oldest first) is read
 * backwards for newest first; iRev's order is not documented (the gateway reads it as newest
 * first and fails its part, with the others still answering, if its rows come out of order);
 * Integr8 reports are newest first only.
 */
export async function mergedClicks(
  ctx: Context,
  query: ClickQuery,
  args: PageArgs,
  options: MergedReadOptions<ClickModel> = {},
): Promise<MergedPage<ClickModel> & Pick<ClickConnectionModel, 'truncated' | 'truncatedRanges'>> {
  const page = parsePageArgs(args, MERGED_PAGES);
  // Everflow's reads may stop at their request budget: the merged page says so, as a single one does.
  const truncation: Pick<ClickConnectionModel, 'truncated' | 'truncatedRanges'> = { truncated: false, truncatedRanges: [] };
  const base = mergedBase(ctx, query, ['EVERFLOW', 'IREV', 'INTEGR8']);
  const { from, to, offers, partners, countries } = base;
  const statuses = new Set<TrafficStatus>(query.statuses ?? []);
  const sources: MergeSource<ClickModel>[] = [];
  const row = (id: string) => ctx.load(fromGlobalId(id, 'Click')) as Promise<ClickModel>;
  for (const vendor of base.vendors) {
    const vendorOffers = offers?.get(vendor);
    const vendorPartners = partners?.get(vendor);
    // A filter that names only other vendors' records leaves this vendor nothing.
    if ((offers && !vendorOffers) || (partners && !vendorPartners) || (statuses.size > 0 && vendor !== 'INTEGR8')) continue;
    if (vendor === 'EVERFLOW') {
      const filters = vendorOffers ? [{ resourceType: 'OFFER' as const, values: vendorOffers.map((key) => key[0]) }] : undefined;
      sources.push(
        filtered(
          {
            key: 'EVERFLOW',
            nativeOrder: 'OLDEST_FIRST',
            maxPageSize: MERGED_PAGES.maxSize,
            page: async (pageArgs) => {
              const read = await ctx.everflow.clicks({ from, to, filters }, pageArgs, { totalCount: options.totalCount ?? true });
              truncation.truncated ||= read.truncated;
              truncation.truncatedRanges.push(...read.truncatedRanges);
              return read;
            },
            row,
          },
          [countryFilter(countries)],
        ),
      );
    } else if (vendor === 'IREV') {
      const offerId = vendorOffers?.length === 1 ? Number(vendorOffers[0][0]) : undefined;
      const affiliateId = vendorPartners?.length === 1 ? Number(vendorPartners[0][0]) : undefined;
      sources.push(
        filtered(
          {
            key: 'IREV',
            nativeOrder: 'NEWEST_FIRST',
            maxPageSize: MERGED_PAGES.maxSize,
            page: (pageArgs) => ctx.irev.clicks({ from, to, offerId, affiliateId }, pageArgs),
            row,
          },
          [
            countryFilter(countries),
            offerId === undefined ? refFilter(vendorOffers, (click) => click.offerRef) : undefined,
            affiliateId === undefined ? refFilter(vendorPartners, (click) => click.affiliateRef) : undefined,
          ],
        ),
      );
    } else {
      const status = statuses.size === 1 ? [...statuses][0] : undefined;
      sources.push(
        ...integr8Sources(base, (integrationId) => (pageArgs) => ctx.integr8.clicks({ integrationId, from, to, status }, pageArgs), row, [
          countryFilter(countries),
          refFilter(vendorOffers, (click) => click.offerRef),
          refFilter(vendorPartners, (click) => click.publisherRef),
        ]),
      );
    }
  }
  return { ...(await merge(page, base.order, sources, options)), ...truncation };
}

/**
 * Conversions of Everflow (on-hold report; its order is not documented, read as newest first
 * and checked) and Integr8 (conversion reports, newest first) merged by time.
 */
export async function mergedConversions(
  ctx: Context,
  query: ConversionQuery,
  args: PageArgs,
  options: MergedReadOptions<ConversionModel> = {},
): Promise<MergedPage<ConversionModel>> {
  const page = parsePageArgs(args, MERGED_PAGES);
  const base = mergedBase(ctx, query, ['EVERFLOW', 'INTEGR8']);
  const { from, to, offers, partners, countries } = base;
  const states = new Set<ConversionState>(query.states ?? []);
  const events = query.events ?? true;
  const sources: MergeSource<ConversionModel>[] = [];
  const row = (id: string) => ctx.load(fromGlobalId(id, 'Conversion')) as Promise<ConversionModel>;
  const stateFilter = states.size > 1 ? (c: ConversionModel) => c.state !== null && states.has(c.state) : undefined;
  for (const vendor of base.vendors) {
    const vendorOffers = offers?.get(vendor);
    const vendorPartners = partners?.get(vendor);
    if ((offers && !vendorOffers) || (partners && !vendorPartners)) continue;
    if (vendor === 'EVERFLOW') {
      const state = states.size === 1 ? [...states][0] : undefined;
      const filters = [
        ...(vendorOffers ? [{ resourceType: 'OFFER' as const, values: vendorOffers.map((key) => key[0]) }] : []),
        ...(countries ? [{ resourceType: 'COUNTRY_CODE' as const, values: [...countries] }] : []),
      ];
      sources.push(
        filtered(
          {
            key: 'EVERFLOW',
            nativeOrder: 'NEWEST_FIRST',
            maxPageSize: MERGED_PAGES.maxSize,
            page: (pageArgs) =>
              ctx.everflow.conversions(
                {
                  from,
                  to,
                  status: state === undefined ? undefined : state === 'PENDING' ? 'ON_HOLD' : state,
                  conversions: true,
                  events,
                  ...(filters.length > 0 && { filters }),
                },
                pageArgs,
              ),
            row,
          },
          [stateFilter],
        ),
      );
    } else {
      const wanted = [...states].filter((state) => state !== 'PENDING');
      // Integr8's report has no pending conversions.
      if (states.size > 0 && wanted.length === 0) continue;
      const status = wanted.length === 1 ? (wanted[0] as TrafficStatus) : undefined;
      sources.push(
        ...integr8Sources(base, (integrationId) => (pageArgs) => ctx.integr8.conversions({ integrationId, from, to, status }, pageArgs), row, [
          countryFilter(countries),
          refFilter(vendorOffers, (conversion) => conversion.offerRef),
          refFilter(vendorPartners, (conversion) => conversion.publisherRef),
          events ? undefined : (conversion) => !conversion.isEvent,
        ]),
      );
    }
  }
  return merge(page, base.order, sources, options);
}

// Private:

/** What every merged query has: range, vendors, order, and its cross-vendor filters by vendor. */
interface MergedBase {
  from: Date;
  to: Date;
  order: MergeOrder;
  vendors: VendorName[];
  integrations: string[];
  /** Native keys of the given offers and partners, by vendor; undefined when the filter is not given. */
  offers?: Map<VendorName, string[][]>;
  partners?: Map<VendorName, string[][]>;
  countries?: Set<string>;
}

/** Checks what every merged query shares; BAD_USER_INPUT naming the `query` field at fault. */
function mergedBase(ctx: Context, query: ClickQuery | ConversionQuery, served: readonly VendorName[]): MergedBase {
  checkOrder(query.from, query.to, 'query');
  const order: MergeOrder = query.order ?? 'NEWEST_FIRST';
  let vendors: VendorName[];
  if (query.vendors) {
    if (query.vendors.length === 0)
      throw new BadUserInputError('query.vendors must name at least one vendor (or be left out for all).', 'query.vendors');
    for (const [i, vendor] of query.vendors.entries()) {
      if (!served.includes(vendor)) {
        throw new BadUserInputError(
          `query.vendors[${i}]: ${VENDORS[vendorKeyOf(vendor)].label} has no such list; this list reads ${served.join(', ')}.`,
          `query.vendors[${i}]`,
        );
      }
    }
    vendors = served.filter((vendor) => (query.vendors as Vendor[]).includes(vendor));
  } else {
    vendors = served.filter((vendor) => vendorKeys().some((key) => VENDORS[key].name === vendor && isConfigured(ctx[key])));
  }
  const integrations = [...new Set((query.integr8IntegrationIds ?? []).map((id) => id.trim()).filter(Boolean))];
  const offers = query.offers ? byVendor(query.offers, 'query.offers', ['Offer']) : undefined;
  const partners = query.partners ? byVendor(query.partners, 'query.partners', ['Affiliate', 'Publisher']) : undefined;
  if (partners?.has('EVERFLOW')) {
    throw new BadUserInputError(
      "query.partners: Everflow's affiliate API lists only the API key's own affiliate's traffic and names no affiliate on it, so it cannot be filtered by an Everflow affiliate; leave it out (or EVERFLOW out of query.vendors).",
      'query.partners',
    );
  }
  const countries = query.countries ? new Set(query.countries.map((code) => code.toUpperCase())) : undefined;
  return { from: query.from, to: query.to, order, vendors, integrations, offers, partners, countries };
}

/** One source per Integr8 integration of the query (its reports are read per integration), newest first, filtered by `tests`. */
function integr8Sources<T>(
  base: MergedBase,
  page: (integrationId: string) => MergeSource<T>['page'],
  row: MergeSource<T>['row'],
  tests: (((row: T) => boolean) | undefined)[],
): MergeSource<T>[] {
  return integr8Integrations(base).map((integrationId) =>
    filtered(
      { key: `INTEGR8/${integrationId}`, nativeOrder: 'NEWEST_FIRST', maxPageSize: MERGED_PAGES.maxSize, page: page(integrationId), row },
      tests,
    ),
  );
}

/** The Integr8 integrations to read, checked when Integr8 is read (a filter may leave it out). */
function integr8Integrations(base: MergedBase): string[] {
  if (base.integrations.length === 0) {
    throw new BadUserInputError(
      'Integr8 reports are read per integration: give query.integr8IntegrationIds, or leave INTEGR8 out of query.vendors.',
      'query.integr8IntegrationIds',
    );
  }
  if (base.order === 'OLDEST_FIRST') {
    throw new BadUserInputError(
      'Integr8 reports are listed newest first only and cannot be read from their oldest end: use NEWEST_FIRST, or leave INTEGR8 out of query.vendors.',
      'query.order',
    );
  }
  return base.integrations;
}

/** Global IDs of the given types as native keys by vendor; BAD_USER_INPUT at the ID's index for another type. */
function byVendor(ids: readonly string[], field: string, types: readonly NodeRef['type'][]): Map<VendorName, string[][]> {
  const out = new Map<VendorName, string[][]>();
  ids.forEach((id, i) => {
    const ref = fromGlobalId(id, undefined, `${field}[${i}]`);
    if (!types.includes(ref.type))
      throw new BadUserInputError(`${field}[${i}]: ID "${id}" belongs to a ${ref.type}, not a ${types.join(' or ')}.`, `${field}[${i}]`);
    out.set(ref.vendor, [...(out.get(ref.vendor) ?? []), ref.key]);
  });
  return out;
}

/** A row predicate: one row kept when every given test keeps it; the source unchanged when none is given. */
function filtered<T>(source: MergeSource<T>, tests: (((row: T) => boolean) | undefined)[]): MergeSource<T> {
  const given: ((row: T) => boolean)[] = [];
  for (const test of tests) if (test) given.push(test);
  const page = rebased(source);
  return given.length === 0 ? page : { ...page, keep: (rows) => rows.map((row) => given.every((test) => test(row))) };
}

/**
 * The source with the vendor's input errors restated for the merged query: a vendor's reads name
 * the argument they were given (`source.everflow.from`), which here is `query` (`query.from`).
 */
function rebased<T>(source: MergeSource<T>): MergeSource<T> {
  const vendor = source.key.split('/')[0] as VendorName;
  const prefix = `source.${vendorKeyOf(vendor)}`;
  return {
    ...source,
    vendor,
    page: async (args) => {
      try {
        return await source.page(args);
      } catch (error) {
        const field = error instanceof BadUserInputError ? error.details.field : undefined;
        if (!field?.startsWith(prefix)) throw error;
        throw new BadUserInputError((error as Error).message.replaceAll(prefix, 'query'), `query${field.slice(prefix.length)}`);
      }
    },
  };
}

function countryFilter<T extends { country: string | null }>(countries: Set<string> | undefined): ((row: T) => boolean) | undefined {
  return countries && ((row) => row.country !== null && countries.has(row.country.toUpperCase()));
}

/** Keeps rows whose related record (by `refOf`) is one of `keys`; undefined when no keys are given. */
function refFilter<T, M extends { key: string[] }>(
  keys: string[][] | undefined,
  refOf: (row: T) => Ref<M> | null,
): ((row: T) => boolean) | undefined {
  if (!keys) return undefined;
  const wanted = new Set(keys.map((key) => JSON.stringify(key)));
  return (row) => {
    const ref = refOf(row);
    if (!ref) return false;
    return wanted.has(JSON.stringify('model' in ref ? ref.model.key : ref.ref.key));
  };
}

async function merge<T extends { time: Date | null; vendor: VendorName; key: string[]; type: NodeRef['type'] }>(
  page: ReturnType<typeof parsePageArgs>,
  order: MergeOrder,
  sources: MergeSource<T>[],
  options: MergedReadOptions<T>,
): Promise<MergedPage<T>> {
  const { keep } = options;
  const vendorOf = (key: string) => key.split('/')[0] as VendorName;
  const connection = await mergeConnections(page, {
    order,
    sources: keep ? sources.map((source) => withPostFilter(source, (rows) => keep(vendorOf(source.key), rows))) : sources,
    timeOf: (row) => row.time?.getTime() ?? null,
    idOf: (row) => toGlobalId(row),
  });
  return {
    ...connection,
    missingVendors: connection.missing.map(({ key, error }) => ({ vendor: vendorOf(key), integrationId: key.split('/')[1] ?? null, error })),
  };
}
