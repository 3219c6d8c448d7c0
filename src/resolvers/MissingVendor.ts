import type { MissingVendorResolvers } from '../__generated__/resolvers.js';
import { GatewayError } from '../errors.js';

export const MissingVendor = {
  // What formatError would send: a gateway error's own code and message, anything else masked.
  code: (missing) => (missing.error instanceof GatewayError ? missing.error.code : 'INTERNAL_SERVER_ERROR'),
  message: (missing) => (missing.error instanceof GatewayError ? missing.error.message : 'Internal server error'),
} satisfies MissingVendorResolvers;
