import { Client, cacheExchange, fetchExchange } from '@urql/core';

/** An urql client for the gateway at `url`; `apiKey` when the gateway sets GATEWAY_API_KEYS. */
export function createUrqlClient(url: string, apiKey?: string): Client {
  return new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    // urql sends queries as GET without a content type by default, which the gateway's CSRF
    // prevention refuses: send them as POST with a JSON body, like mutations.
    preferGetMethod: false,
    fetchOptions: apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : undefined,
  });
}
