import { GraphQLClient } from 'graphql-request';

/** A graphql-request client for the gateway at `url`; `apiKey` when the gateway sets GATEWAY_API_KEYS. */
export function createGraphQLRequestClient(url: string, apiKey?: string): GraphQLClient {
  return new GraphQLClient(url, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
}
