import type { OfferResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const Offer = {
  id: globalId,
  advertiser: (offer, _, ctx) => ctx.resolve(offer.advertiserRef),
  events: (offer, page, ctx) => (offer.vendor === 'INTEGR8' ? ctx.integr8.events(offer, page) : null),
  landingPages: (offer, page, ctx) => (offer.vendor === 'INTEGR8' ? ctx.integr8.landingPages(offer, page) : null),
} satisfies OfferResolvers;
