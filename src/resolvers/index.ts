import type { GraphQLScalarType } from 'graphql';
import type { Resolvers, ResolversParentTypes } from '../__generated__/resolvers.js';
import { Advertiser } from './Advertiser.js';
import { Affiliate } from './Affiliate.js';
import { Click } from './Click.js';
import { ClickConnection } from './ClickConnection.js';
import { Conversion } from './Conversion.js';
import { ConversionConnection } from './ConversionConnection.js';
import { Export } from './Export.js';
import { Impression } from './Impression.js';
import { LandingPage } from './LandingPage.js';
import { MissingVendor } from './MissingVendor.js';
import { Mutation } from './Mutation.js';
import { Node } from './Node.js';
import { Offer } from './Offer.js';
import { Partner } from './Partner.js';
import { OfferEvent } from './OfferEvent.js';
import { Payout } from './Payout.js';
import { Publisher } from './Publisher.js';
import { Query } from './Query.js';
import { scalars } from './scalars.js';
import { User } from './User.js';

/** Every resolver of the schema; fields not listed resolve by name from the models. */
export const resolvers = {
  ...scalars,
  Query,
  Mutation,
  Node,
  Partner,
  Affiliate,
  Publisher,
  Advertiser,
  User,
  Offer,
  OfferEvent,
  Payout,
  LandingPage,
  Click,
  ClickConnection,
  Conversion,
  ConversionConnection,
  MissingVendor,
  Impression,
  Export,
} satisfies Resolvers;

// Compile-time check of the fields no resolver above handles: graphql-js reads them from the
// model by name, so the model must have each one with a type the field accepts. A failure names
// the type and its fields. Root types have no model: every root field needs a resolver.
type _EveryFieldResolves = Expect<FieldsWithoutResolver<typeof resolvers>>;

// Private:

type Expect<T extends Record<string, never>> = T;

/** Per object type, the fields that neither a resolver in `R` nor the model supplies. */
type FieldsWithoutResolver<R> = {
  [T in ObjectType as [Unsupplied<T, R>] extends [never] ? never : T]: Unsupplied<T, R>;
};

type ObjectType = {
  [T in keyof Resolvers]-?: NonNullable<Resolvers[T]> extends GraphQLScalarType ? never : T;
}[keyof Resolvers];

/** What resolves the fields of `T` by default: its model (nothing, for Query and Mutation). */
type Parent<T extends ObjectType> = T extends 'Query' | 'Mutation' ? object : ResolversParentTypes[T];

type Unsupplied<T extends ObjectType, R> = {
  [F in DefaultFields<T, R>]-?: F extends keyof Parent<T> ? (Parent<T>[F] extends FieldResult<NonNullable<Resolvers[T]>[F]> ? never : F) : F;
}[DefaultFields<T, R>];

type DefaultFields<T extends ObjectType, R> = Exclude<keyof NonNullable<Resolvers[T]>, `__${string}` | (T extends keyof R ? keyof R[T] : never)>;

/** What a field resolver may return (distributes over Resolver's two forms). */
type FieldResult<F> = F extends (...args: never[]) => infer Result
  ? Result
  : F extends { resolve: (...args: never[]) => infer Result }
    ? Result
    : never;
