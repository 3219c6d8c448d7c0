import type { PublisherResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const Publisher = {
  id: globalId,
  manager: (publisher, _, ctx) => ctx.resolve(publisher.managerRef),
  accounts: (publisher, _, ctx) => ctx.partners.accounts(publisher),
} satisfies PublisherResolvers;
