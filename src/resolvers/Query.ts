import type { ClickVerdictFilter, ConversionQuery, QueryResolvers } from '../__generated__/resolvers.js';
import { BadUserInputError } from '../errors.js';
import { fromGlobalId, type NodeType } from '../ids.js';
import type { Context } from '../context.js';
import type { AffiliateModel, AnyNodeModel, ClickConnectionModel, ConversionConnectionModel, NodeModels } from '../models/index.js';
import { reportMissingVendors as reported } from '../partialErrors.js';
import { mergedClicks, mergedConversions } from '../vendors/merged.js';
import type { PageArgs } from '../pagination/request.js';
import { filterClicksByVerdict, mergedVerdictFilter } from '../verdicts/index.js';
import { VENDORS, type VendorKey } from '../vendors/registry.js';
import { selectsTotalCount } from './selectedFields.js';
import { selectedRelationships } from './selectedRelationships.js';

/** Most nodes `nodes(ids:)` fetches in one request. */
const MAX_NODES = 100;

/** A root field that fetches one node of `type` by global ID. */
const byId =
  <T extends NodeType>(type: T) =>
  (_: unknown, { id }: { id: string }, ctx: Context) =>
    // fromGlobalId refuses an ID of another type, and a vendor loads a node of the type asked for.
    ctx.load(fromGlobalId(id, type)) as Promise<NodeModels[T]>;

/**
 * Calls `method` of the one vendor a oneOf `source` input names (graphql-js lets exactly one key
 * through; each key is a vendor key), with that vendor's part of the input and `options` (what
 * the query selects, for a vendor that can save work by it; the others ignore them).
 */
function fromSource<R>(ctx: Context, source: object, method: 'clicks' | 'conversions', page: PageArgs, options?: object): Promise<R> {
  const [key, query] = Object.entries(source).find(([, value]) => value != null) as [VendorKey, unknown];
  const reads = ctx[key] as unknown as Record<typeof method, (query: unknown, page: PageArgs, options?: object) => Promise<R>>;
  return reads[method](query, page, options);
}

/**
 * A click list with a verdict filter: the vendor's pages without the filter, filtered while
 * paging (src/verdicts); truncated when any page read was.
 */
async function clicksWithVerdict(
  ctx: Context,
  key: VendorKey,
  query: object,
  verdict: ClickVerdictFilter,
  page: PageArgs,
): Promise<ClickConnectionModel> {
  const { verdict: _, ...unfiltered } = query as { verdict?: unknown };
  const ranges: ClickConnectionModel['truncatedRanges'] = [];
  let truncated = false;
  const connection = await filterClicksByVerdict(
    page,
    verdict,
    (click, integrationId) => ctx.integr8.scoredClick(click, integrationId),
    async (size, after) => {
      const read = await fromSource<ClickConnectionModel>(ctx, { [key]: unfiltered }, 'clicks', { first: size, after }, { totalCount: false });
      truncated ||= read.truncated;
      ranges.push(...read.truncatedRanges);
      return read;
    },
    { maxPageSize: VENDORS[key].maxClickPage, field: `source.${key}.verdict` },
  );
  return { ...connection, truncated, truncatedRanges: ranges };
}

/** Whether the merged `query` is the one given; BAD_USER_INPUT unless exactly one of `source` and `query` is. */
function oneOf(source: unknown, query: unknown): boolean {
  if ((source == null) === (query == null)) {
    throw new BadUserInputError(
      'Give exactly one of `source` (one vendor) and `query` (several vendors merged by time).',
      source == null ? 'query' : 'source',
    );
  }
  return query != null;
}

export const Query = {
  node: (_, { id }, ctx) => ctx.load(fromGlobalId(id)),
  nodes: (_, { ids }, ctx) => {
    if (ids.length > MAX_NODES) throw new BadUserInputError(`nodes takes at most ${MAX_NODES} ids, got ${ids.length}; split the request.`, 'ids');
    return Promise.all(
      ids.map(async (id, i): Promise<AnyNodeModel> => {
        try {
          return await ctx.load(fromGlobalId(id, undefined, `ids[${i}]`));
        } catch (error) {
          // An Error at an index becomes a null with an error at that path (graphql-js); the other
          // nodes still resolve. The generated list type has no room for it.
          return error as never;
        }
      }),
    );
  },

  affiliates: (_, { search, filter, ...page }, ctx, info) =>
    ctx.everflow.affiliates({ search, filter, relationships: selectedRelationships(info, [['edges', 'node'], ['nodes']]) }, page),
  affiliate: (_, { id }, ctx, info) => {
    const ref = fromGlobalId(id, 'Affiliate');
    return ref.vendor === 'EVERFLOW'
      ? ctx.everflow.affiliate(ref.key[0], selectedRelationships(info, [[]]))
      : (ctx.load(ref) as Promise<AffiliateModel>);
  },
  partners: (_, { search, vendors, ...page }, ctx) => ctx.partners.partners({ search, vendors }, page),
  partnerLinkSuggestions: (_, { search, vendors, minScore, first }, ctx) => ctx.partners.suggestions({ search, vendors, minScore }, first),
  publishers: (_, { filter, sort, ...page }, ctx) => ctx.integr8.publishers(filter, sort, page),
  publisher: byId('Publisher'),
  advertisers: (_, { filter, sort, ...page }, ctx) => ctx.integr8.advertisers(filter, sort, page),
  advertiser: byId('Advertiser'),
  users: (_, { filter, sort, ...page }, ctx) => ctx.integr8.users(filter, sort, page),
  user: byId('User'),
  offers: (_, { integrationId, filter, sort, ...page }, ctx) => ctx.integr8.offers(integrationId, filter, sort, page),
  offer: byId('Offer'),

  // Everflow reads every window of a range for totalCount: only when it is selected.
  clicks: async (_, { source, query, ...page }, ctx, info) => {
    const totalCount = selectsTotalCount(info);
    if (oneOf(source, query)) {
      const merged = query!.verdict
        ? mergedVerdictFilter(query!, (click, integrationId) => ctx.integr8.scoredClick(click, integrationId))
        : { query: query!, keep: undefined };
      const connection = await mergedClicks(ctx, merged.query, page, { totalCount, keep: merged.keep });
      return reported(ctx, info, connection);
    }
    const chosen = Object.entries(source as object).find(([, value]) => value != null) as
      [VendorKey, { verdict?: ClickVerdictFilter | null }] | undefined;
    if (!chosen?.[1].verdict) return fromSource<ClickConnectionModel>(ctx, source as object, 'clicks', page, { totalCount });
    return clicksWithVerdict(ctx, chosen[0], chosen[1], chosen[1].verdict, page);
  },
  click: byId('Click'),
  conversions: async (_, { source, query, ...page }, ctx, info) => {
    if (!oneOf(source, query)) return fromSource<ConversionConnectionModel>(ctx, source as object, 'conversions', page);
    return reported(ctx, info, await mergedConversions(ctx, query as ConversionQuery, page));
  },
  conversion: byId('Conversion'),
  impressions: (_, { query, ...page }, ctx) => ctx.integr8.impressions(query, page),
  impression: byId('Impression'),
  exports: (_, { filter, ...page }, ctx) => ctx.integr8.exports(filter, page),
  export: byId('Export'),
} satisfies QueryResolvers;
