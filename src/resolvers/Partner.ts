import type { PartnerResolvers } from '../__generated__/resolvers.js';

export const Partner = {
  __resolveType: (model) => model.type,
} satisfies PartnerResolvers;
