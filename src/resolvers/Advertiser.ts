import type { AdvertiserResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const Advertiser = {
  id: globalId,
  manager: (advertiser, _, ctx) => ctx.resolve(advertiser.managerRef),
} satisfies AdvertiserResolvers;
