import type { LandingPageResolvers, OfferEventResolvers, OfferResolvers } from '../__generated__/resolvers.js';
import { globalId } from './nodes.js';

export const Offer: OfferResolvers = {
  id: globalId,
  advertiser: (offer, _, ctx) => ctx.resolve(offer.advertiserRef),
  events: (offer, page, ctx) => (offer.vendor === 'INTEGR8' ? ctx.integr8.events(offer, page) : null),
  landingPages: (offer, page, ctx) => (offer.vendor === 'INTEGR8' ? ctx.integr8.landingPages(offer, page) : null),
};

export const OfferEvent: OfferEventResolvers = {
  id: globalId,
  offer: async (event, _, ctx) => (await ctx.resolve(event.offerRef))!,
};

export const LandingPage: LandingPageResolvers = {
  id: globalId,
  offer: async (page, _, ctx) => (await ctx.resolve(page.offerRef))!,
};
