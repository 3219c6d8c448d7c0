/**
 * A partner's clicks and conversions: the merged lists (src/vendors/merged.ts) restricted to the
 * records linked to it. Everflow's click stream and on-hold conversions are the API key's own
 * affiliate's and name no affiliate, so an Everflow account cannot be told apart there: it adds
 * no rows, and a warning says so rather than passing off the key's whole traffic as the partner's.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { PartnerActivityQuery } from '../__generated__/resolvers.js';
import { fromGlobalId } from '../ids.js';
import type { ClickConnectionModel, ConversionConnectionModel, PartnerModel } from '../models/index.js';
import { connectionFromArray } from '../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../pagination/request.js';
import { reportMissingVendors } from '../partialErrors.js';
import { warn } from '../requestScope.js';
import { selectsTotalCount } from '../resolvers/selectedFields.js';
import { MERGED_PAGES, mergedClicks, mergedConversions } from '../vendors/merged.js';
import type { VendorName } from '../vendors/registry.js';

/** The merged clicks or conversions of every record linked to `partner`. */
export async function partnerActivity<L extends 'clicks' | 'conversions'>(
  ctx: Context,
  info: GraphQLResolveInfo,
  partner: PartnerModel,
  list: L,
  query: PartnerActivityQuery,
  page: PageArgs,
): Promise<L extends 'clicks' ? ClickConnectionModel : ConversionConnectionModel> {
  return (await activity(ctx, info, partner, list, query, page)) as L extends 'clicks' ? ClickConnectionModel : ConversionConnectionModel;
}

async function activity(
  ctx: Context,
  info: GraphQLResolveInfo,
  partner: PartnerModel,
  list: 'clicks' | 'conversions',
  query: PartnerActivityQuery,
  page: PageArgs,
): Promise<ClickConnectionModel | ConversionConnectionModel> {
  // The store's links give each record's vendor and ID: no vendor read is needed to filter by them.
  const accounts = (await ctx.partners.linkedIds(partner)).map((id) => ({ id, vendor: fromGlobalId(id).vendor as VendorName }));
  if (accounts.some((account) => account.vendor === 'EVERFLOW')) {
    warn({
      code: 'PARTNER_ACTIVITY_PARTIAL',
      vendor: 'EVERFLOW',
      message: `Everflow's ${list} name no affiliate (they are the API key's own affiliate's), so this partner's Everflow account adds none.`,
    });
  }
  // Only the vendors of the linked records are read (iRev has no conversions to read).
  const serving: readonly VendorName[] = list === 'clicks' ? ['IREV', 'INTEGR8'] : ['INTEGR8'];
  const read = accounts.filter((account) => serving.includes(account.vendor));
  const vendors = [...new Set(read.map((account) => account.vendor))];
  if (vendors.length === 0) {
    return { ...connectionFromArray([], parsePageArgs(page, MERGED_PAGES)), missingVendors: [], truncated: false, truncatedRanges: [] };
  }
  const merged = { ...query, vendors, partners: read.map((account) => account.id) };
  const connection =
    list === 'clicks' ? await mergedClicks(ctx, merged, page, { totalCount: selectsTotalCount(info) }) : await mergedConversions(ctx, merged, page);
  return reportMissingVendors(ctx, info, connection);
}
