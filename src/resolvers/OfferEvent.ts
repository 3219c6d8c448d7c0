import type { OfferEventResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const OfferEvent = {
  id: globalId,
  offer: (event, _, ctx) => ctx.resolve(event.offerRef),
} satisfies OfferEventResolvers;
