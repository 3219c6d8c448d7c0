import type { Resolvers } from '../__generated__/resolvers.js';
import { Advertiser, User } from './Advertiser.js';
import { Affiliate, Publisher } from './Affiliate.js';
import { Click, Conversion, Impression } from './Click.js';
import { Export } from './Export.js';
import { Mutation } from './Mutation.js';
import { Node } from './nodes.js';
import { LandingPage, Offer, OfferEvent } from './Offer.js';
import { Query } from './Query.js';
import { scalars } from './scalars.js';

/** Every resolver of the schema; fields not listed resolve by name from the models. */
export const resolvers: Resolvers = {
  ...scalars,
  Query,
  Mutation,
  Node,
  Affiliate,
  Publisher,
  Advertiser,
  User,
  Offer,
  OfferEvent,
  LandingPage,
  Click,
  Conversion,
  Impression,
  Export,
};
