import type { MutationResolvers } from '../__generated__/resolvers.js';

/** Every mutation: the vendor's write class validates, writes, invalidates and re-reads. */
export const Mutation = {
  linkPartnerAccounts: (_, { input }, ctx) => ctx.partners.link(input.accountIds),
  unlinkPartnerAccounts: (_, { input }, ctx) => ctx.partners.unlink(input.accountIds),
  createAffiliate: (_, { input }, ctx) => ctx.everflow.writes.createAffiliate(input),
  updateAffiliate: (_, { input }, ctx) => ctx.everflow.writes.updateAffiliate(input),
  bulkEditAffiliates: (_, { input }, ctx) => ctx.everflow.writes.bulkEditAffiliates(input),

  createClicks: (_, { input }, ctx) => ctx.irev.writes.createClicks(input),

  createUser: (_, { input }, ctx) => ctx.integr8.writes.createUser(input),
  updateUser: (_, { input }, ctx) => ctx.integr8.writes.updateUser(input),
  createPublisher: (_, { input }, ctx) => ctx.integr8.writes.createPublisher(input),
  updatePublisher: (_, { input }, ctx) => ctx.integr8.writes.updatePublisher(input),
  setPublishersActive: (_, { input }, ctx) => ctx.integr8.writes.setPublishersActive(input),
  deletePublishers: (_, { input }, ctx) => ctx.integr8.writes.deletePublishers(input),
  createAdvertiser: (_, { input }, ctx) => ctx.integr8.writes.createAdvertiser(input),
  updateAdvertiser: (_, { input }, ctx) => ctx.integr8.writes.updateAdvertiser(input),
  setAdvertisersActive: (_, { input }, ctx) => ctx.integr8.writes.setAdvertisersActive(input),
  deleteAdvertisers: (_, { input }, ctx) => ctx.integr8.writes.deleteAdvertisers(input),
  createOffer: (_, { input }, ctx) => ctx.integr8.writes.createOffer(input),
  updateOffer: (_, { input }, ctx) => ctx.integr8.writes.updateOffer(input),
  setOffersActive: (_, { input }, ctx) => ctx.integr8.writes.setOffersActive(input),
  deleteOffers: (_, { input }, ctx) => ctx.integr8.writes.deleteOffers(input),
  createOfferEvent: (_, { input }, ctx) => ctx.integr8.writes.createOfferEvent(input),
  updateOfferEvent: (_, { input }, ctx) => ctx.integr8.writes.updateOfferEvent(input),
  createLandingPage: (_, { input }, ctx) => ctx.integr8.writes.createLandingPage(input),
  updateLandingPage: (_, { input }, ctx) => ctx.integr8.writes.updateLandingPage(input),

  createExport: (_, { input }, ctx) => ctx.integr8.downloadCenter.createExport(input),
} satisfies MutationResolvers;
