import type { QueryResolvers } from '../__generated__/resolvers.js';
import { BadUserInputError } from '../errors.js';
import { fromGlobalId, type NodeType } from '../ids.js';
import type { Context } from '../context.js';
import type { NodeModels } from '../models/index.js';
import { selectedRelationships } from './lookahead.js';

/** Most nodes `nodes(ids:)` fetches in one request. */
const MAX_NODES = 100;

/** A root field that fetches one node of `type` by global ID. */
const byId =
  <T extends NodeType>(type: T) =>
  (_: unknown, { id }: { id: string }, ctx: Context) =>
    ctx.load(fromGlobalId(id, type)) as Promise<NodeModels[T]>;

export const Query: QueryResolvers = {
  node: (_, { id }, ctx) => ctx.load(fromGlobalId(id)),
  nodes: (_, { ids }, ctx) => {
    if (ids.length > MAX_NODES) throw new BadUserInputError(`nodes takes at most ${MAX_NODES} ids, got ${ids.length}; split the request.`, 'ids');
    // An Error at an index becomes a null with an error at that path; the other nodes still resolve.
    return Promise.all(
      ids.map(async (id, i) => {
        try {
          return await ctx.load(fromGlobalId(id, undefined, `ids[${i}]`));
        } catch (error) {
          return error as Error;
        }
      }),
    ) as never;
  },

  affiliates: (_, { search, filter, ...page }, ctx, info) =>
    ctx.everflow.affiliates({ search, filter, relationships: selectedRelationships(info, [['edges', 'node'], ['nodes']]) }, page),
  affiliate: (_, { id }, ctx, info) => {
    const ref = fromGlobalId(id, 'Affiliate');
    return ref.vendor === 'EVERFLOW' ? ctx.everflow.affiliate(ref.key[0], selectedRelationships(info, [[]])) : (ctx.load(ref) as never);
  },
  publishers: (_, { filter, sort, ...page }, ctx) => ctx.integr8.publishers(filter, sort, page),
  publisher: byId('Publisher'),
  advertisers: (_, { filter, sort, ...page }, ctx) => ctx.integr8.advertisers(filter, sort, page),
  advertiser: byId('Advertiser'),
  users: (_, { filter, sort, ...page }, ctx) => ctx.integr8.users(filter, sort, page),
  user: byId('User'),
  offers: (_, { integrationId, filter, sort, ...page }, ctx) => ctx.integr8.offers(integrationId, filter, sort, page),
  offer: byId('Offer'),

  clicks: (_, { source, ...page }, ctx) => {
    if (source.everflow) return ctx.everflow.clicks(source.everflow, page);
    if (source.irev) return ctx.irev.clicks(source.irev, page);
    return ctx.integr8.clicks(source.integr8, page);
  },
  click: byId('Click'),
  conversions: (_, { source, ...page }, ctx) =>
    source.everflow ? ctx.everflow.conversions(source.everflow, page) : ctx.integr8.conversions(source.integr8, page),
  conversion: byId('Conversion'),
  impressions: (_, { query, ...page }, ctx) => ctx.integr8.impressions(query, page),
  impression: byId('Impression'),
  exports: (_, { filter, ...page }, ctx) => ctx.integr8.exports(filter, page),
  export: byId('Export'),
};
