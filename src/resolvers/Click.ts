import type { ClickResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const Click = {
  id: globalId,
  offer: (click, _, ctx) => ctx.resolve(click.offerRef),
  affiliate: (click, _, ctx) => ctx.resolve(click.affiliateRef),
  publisher: (click, _, ctx) => ctx.resolve(click.publisherRef),
  advertiser: (click, _, ctx) => ctx.resolve(click.advertiserRef),
} satisfies ClickResolvers;
