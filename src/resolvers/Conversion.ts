import type { ConversionResolvers } from '../__generated__/resolvers.js';
import { money } from './Money.js';
import { globalId } from './Node.js';

export const Conversion = {
  id: globalId,
  revenueMoney: (conversion) => money(conversion.revenue, conversion.currency),
  payoutMoney: (conversion) => money(conversion.payout, conversion.currency),
  // Deprecated names, the same values as before.
  countryCode: (conversion) => conversion.country,
  region: (conversion) => conversion.regionName,
  platform: (conversion) => conversion.os,
  click: (conversion, _, ctx) => ctx.resolve(conversion.clickRef),
  offer: (conversion, _, ctx) => ctx.resolve(conversion.offerRef),
  publisher: (conversion, _, ctx) => ctx.resolve(conversion.publisherRef),
  advertiser: (conversion, _, ctx) => ctx.resolve(conversion.advertiserRef),
} satisfies ConversionResolvers;
