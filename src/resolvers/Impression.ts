import type { ImpressionResolvers } from '../__generated__/resolvers.js';
import { money } from './Money.js';
import { globalId } from './Node.js';

export const Impression = {
  id: globalId,
  revenueMoney: (impression) => money(impression.revenue, null),
  payoutMoney: (impression) => money(impression.payout, null),
  // Deprecated names, the same values as before.
  countryCode: (impression) => impression.country,
  platform: (impression) => impression.os,
  offer: (impression, _, ctx) => ctx.resolve(impression.offerRef),
  publisher: (impression, _, ctx) => ctx.resolve(impression.publisherRef),
  advertiser: (impression, _, ctx) => ctx.resolve(impression.advertiserRef),
} satisfies ImpressionResolvers;
