import type { AffiliateResolvers, PublisherResolvers } from '../__generated__/resolvers.js';
import { globalId } from './nodes.js';

export const Affiliate: AffiliateResolvers = {
  id: globalId,
  referrer: (affiliate, _, ctx) => ctx.resolve(affiliate.referrerRef),
  users: (affiliate, _, ctx) => (affiliate.vendor === 'EVERFLOW' ? ctx.everflow.affiliateUsers(affiliate) : null),
  relationship: (affiliate, { name }, ctx) => (affiliate.vendor === 'EVERFLOW' ? ctx.everflow.affiliateRelationship(affiliate, name) : null),
};

export const Publisher: PublisherResolvers = {
  id: globalId,
  manager: (publisher, _, ctx) => ctx.resolve(publisher.managerRef),
};
