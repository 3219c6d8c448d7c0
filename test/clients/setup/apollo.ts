import {
  ApolloClient,
  HttpLink,
  type ApolloCache,
  InMemoryCache,
  type FieldMergeFunction,
  type FieldPolicy,
  type FieldReadFunction,
  type Reference,
  type TypePolicies,
} from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

/** A connection as the cache stores it: relayStylePagination's edges and pageInfo, and `nodes`. */
interface StoredConnection {
  edges?: { cursor?: string; node: Reference }[];
  nodes?: Reference[];
  [field: string]: unknown;
}

/**
 * relayStylePagination for one of the gateway's connections. `keyArgs` are every argument but
 * `first`/`after`/`last`/`before`: the filters, and `page`/`pageSize`, so that each page number
 * is a cache entry of its own (cursor pages of one list are merged into one entry). `nodes` is
 * kept in step with the merged `edges`, which relayStylePagination alone does not do.
 */
export function connection(keyArgs: string[]): FieldPolicy<StoredConnection> {
  const relay = relayStylePagination(keyArgs);
  const merge = relay.merge as FieldMergeFunction<StoredConnection>;
  const read = relay.read as FieldReadFunction<StoredConnection>;
  return {
    keyArgs,
    merge(existing, incoming, options) {
      // A page that selected only `nodes` is merged as edges (their cursors come from pageInfo).
      const page = incoming?.edges || !incoming?.nodes ? incoming : { ...incoming, edges: incoming.nodes.map((node) => ({ node })) };
      return merge(existing, page, options);
    },
    read(existing, options) {
      const merged = read(existing, options);
      return merged && { ...merged, nodes: merged.edges?.map((edge) => options.readField<Reference>('node', edge)!) };
    },
  };
}

/** The cache policies of every list the gateway serves. */
export const typePolicies: TypePolicies = {
  Query: {
    fields: {
      affiliates: connection(['search', 'filter', 'page', 'pageSize']),
      publishers: connection(['filter', 'sort', 'page', 'pageSize']),
      partners: connection(['search', 'vendors', 'page', 'pageSize']),
      advertisers: connection(['filter', 'sort', 'page', 'pageSize']),
      users: connection(['filter', 'sort', 'page', 'pageSize']),
      offers: connection(['integrationId', 'filter', 'sort', 'page', 'pageSize']),
      clicks: connection(['source', 'query', 'page', 'pageSize']),
      conversions: connection(['source', 'query', 'page', 'pageSize']),
      impressions: connection(['query', 'page', 'pageSize']),
      exports: connection(['filter', 'page', 'pageSize']),
    },
  },
  Offer: {
    fields: {
      events: connection(['page', 'pageSize']),
      landingPages: connection(['page', 'pageSize']),
    },
  },
  // A partner's clicks and conversions, on each of its records.
  Affiliate: {
    fields: {
      clicks: connection(['query', 'page', 'pageSize']),
      conversions: connection(['query', 'page', 'pageSize']),
    },
  },
  Publisher: {
    fields: {
      clicks: connection(['query', 'page', 'pageSize']),
      conversions: connection(['query', 'page', 'pageSize']),
    },
  },
};

/** An Apollo Client for the gateway at `uri`; `apiKey` when the gateway sets GATEWAY_API_KEYS. */
export function createApolloClient(uri: string, apiKey?: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} }),
    cache: new InMemoryCache({ typePolicies }),
  });
}

/**
 * Removes deleted records from the cache, and whatever only they referenced: pass a delete
 * payload's `deletedIds` (in the mutation's `update`). Lists drop their edges on the next read.
 */
export function evictDeleted(cache: ApolloCache, typename: string, deletedIds: readonly string[]): void {
  for (const id of deletedIds) cache.evict({ id: cache.identify({ __typename: typename, id }) });
  cache.gc();
}
