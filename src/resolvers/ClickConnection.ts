import type { ClickConnectionResolvers } from '../__generated__/resolvers.js';

export const ClickConnection = {
  // Only a merged list can miss a vendor.
  missingVendors: (connection) => connection.missingVendors ?? [],
} satisfies ClickConnectionResolvers;
