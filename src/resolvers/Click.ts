import type { ClickResolvers, ConversionResolvers, ImpressionResolvers } from '../__generated__/resolvers.js';
import { globalId } from './nodes.js';

export const Click: ClickResolvers = {
  id: globalId,
  offer: (click, _, ctx) => ctx.resolve(click.offerRef),
  affiliate: (click, _, ctx) => ctx.resolve(click.affiliateRef),
  publisher: (click, _, ctx) => ctx.resolve(click.publisherRef),
  advertiser: (click, _, ctx) => ctx.resolve(click.advertiserRef),
};

export const Conversion: ConversionResolvers = {
  id: globalId,
  click: (conversion, _, ctx) => ctx.resolve(conversion.clickRef),
  offer: (conversion, _, ctx) => ctx.resolve(conversion.offerRef),
  publisher: (conversion, _, ctx) => ctx.resolve(conversion.publisherRef),
  advertiser: (conversion, _, ctx) => ctx.resolve(conversion.advertiserRef),
};

export const Impression: ImpressionResolvers = {
  id: globalId,
  offer: (impression, _, ctx) => ctx.resolve(impression.offerRef),
  publisher: (impression, _, ctx) => ctx.resolve(impression.publisherRef),
  advertiser: (impression, _, ctx) => ctx.resolve(impression.advertiserRef),
};
