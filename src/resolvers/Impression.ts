import type { ImpressionResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const Impression = {
  id: globalId,
  // Deprecated names, the same values as before.
  countryCode: (impression) => impression.country,
  platform: (impression) => impression.os,
  offer: (impression, _, ctx) => ctx.resolve(impression.offerRef),
  publisher: (impression, _, ctx) => ctx.resolve(impression.publisherRef),
  advertiser: (impression, _, ctx) => ctx.resolve(impression.advertiserRef),
} satisfies ImpressionResolvers;
