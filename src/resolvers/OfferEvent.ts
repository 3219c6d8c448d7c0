import type { OfferEventResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const OfferEvent = {
  id: globalId,
  offer: async (event, _, ctx) => (await ctx.resolve(event.offerRef))!,
} satisfies OfferEventResolvers;
