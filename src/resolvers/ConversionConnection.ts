import type { ConversionConnectionResolvers } from '../__generated__/resolvers.js';

export const ConversionConnection = {
  // Only a merged list can miss a vendor.
  missingVendors: (connection) => connection.missingVendors ?? [],
} satisfies ConversionConnectionResolvers;
