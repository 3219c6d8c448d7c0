import type { ConversionResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const Conversion = {
  id: globalId,
  // Deprecated names, the same values as before.
  countryCode: (conversion) => conversion.country,
  region: (conversion) => conversion.regionName,
  platform: (conversion) => conversion.os,
  click: (conversion, _, ctx) => ctx.resolve(conversion.clickRef),
  offer: (conversion, _, ctx) => ctx.resolve(conversion.offerRef),
  publisher: (conversion, _, ctx) => ctx.resolve(conversion.publisherRef),
  advertiser: (conversion, _, ctx) => ctx.resolve(conversion.advertiserRef),
} satisfies ConversionResolvers;
