import type { ClickResolvers } from '../__generated__/resolvers.js';
import { money } from './Money.js';
import { globalId } from './Node.js';

export const Click = {
  id: globalId,
  revenueMoney: (click) => money(click.revenue, click.currency),
  payoutMoney: (click) => money(click.payout, click.currency),
  // Deprecated names, the same values as before.
  countryCode: (click) => click.country,
  region: (click) => (click.vendor === 'IREV' ? click.regionCode : click.regionName),
  platform: (click) => click.os,
  offer: (click, _, ctx) => ctx.resolve(click.offerRef),
  affiliate: (click, _, ctx) => ctx.resolve(click.affiliateRef),
  publisher: (click, _, ctx) => ctx.resolve(click.publisherRef),
  advertiser: (click, _, ctx) => ctx.resolve(click.advertiserRef),
} satisfies ClickResolvers;
