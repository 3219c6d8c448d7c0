import type { ClickResolvers } from '../__generated__/resolvers.js';
import { money } from './Money.js';
import { trackedClickOf, verdictOf } from '../verdicts/index.js';
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
  verdict: (click, { integrationId }, ctx) => verdictOf(click, integrationId, (c, id) => ctx.integr8.scoredClick(c, id)),
  trackedClick: (click, _, ctx) =>
    trackedClickOf(click, { EVERFLOW: (key) => ctx.everflow.trackedClick(key), IREV: (key) => ctx.irev.trackedClick(key) }),
} satisfies ClickResolvers;
