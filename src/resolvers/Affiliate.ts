import type { AffiliateResolvers } from '../__generated__/resolvers.js';
import { money } from './Money.js';
import { partnerActivity } from '../links/activity.js';
import { globalId } from './Node.js';

export const Affiliate = {
  id: globalId,
  // Deprecated name, the same value.
  countryCode: (affiliate) => affiliate.country,
  // Everflow names no currency for these two (see the schema).
  balanceMoney: (affiliate) => money(affiliate.balance, null),
  todayRevenueMoney: (affiliate) => money(affiliate.todayRevenue, null),
  referrer: (affiliate, _, ctx) => ctx.resolve(affiliate.referrerRef),
  users: (affiliate, _, ctx) => (affiliate.vendor === 'EVERFLOW' ? ctx.everflow.affiliateUsers(affiliate) : null),
  accounts: (affiliate, _, ctx) => ctx.partners.accounts(affiliate),
  clicks: (affiliate, { query, ...page }, ctx, info) => partnerActivity(ctx, info, affiliate, 'clicks', query, page),
  conversions: (affiliate, { query, ...page }, ctx, info) => partnerActivity(ctx, info, affiliate, 'conversions', query, page),
  relationship: (affiliate, { name }, ctx) => (affiliate.vendor === 'EVERFLOW' ? ctx.everflow.affiliateRelationship(affiliate, name) : null),
} satisfies AffiliateResolvers;
