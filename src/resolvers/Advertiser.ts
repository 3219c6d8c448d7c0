import type { AdvertiserResolvers, UserResolvers } from '../__generated__/resolvers.js';
import { globalId } from './nodes.js';

export const Advertiser: AdvertiserResolvers = {
  id: globalId,
  manager: (advertiser, _, ctx) => ctx.resolve(advertiser.managerRef),
};

export const User: UserResolvers = {
  id: globalId,
};
