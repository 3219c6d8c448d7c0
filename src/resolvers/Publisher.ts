import type { PublisherResolvers } from '../__generated__/resolvers.js';
import { partnerActivity } from '../links/activity.js';
import { globalId } from './Node.js';

export const Publisher = {
  id: globalId,
  manager: (publisher, _, ctx) => ctx.resolve(publisher.managerRef),
  accounts: (publisher, _, ctx) => ctx.partners.accounts(publisher),
  clicks: (publisher, { query, ...page }, ctx, info) => partnerActivity(ctx, info, publisher, 'clicks', query, page),
  conversions: (publisher, { query, ...page }, ctx, info) => partnerActivity(ctx, info, publisher, 'conversions', query, page),
} satisfies PublisherResolvers;
