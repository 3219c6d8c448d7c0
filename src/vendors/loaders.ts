import DataLoader from 'dataloader';
import { GatewayError, NotFoundError, type VendorName } from '../errors.js';

/**
 * DataLoader factories shared by every vendor. Loaders live for one GraphQL request, so one
 * request fetches each entity at most once; the keyv cache works across requests.
 */

/**
 * A loader for entities the vendor only serves one at a time: one call per distinct key, all
 * in parallel. A vendor 404 becomes a NOT_FOUND error at that key.
 */
export function perKeyLoader<K, V>(
  vendor: VendorName,
  fetch: (key: K) => Promise<V>,
  describe: (key: K) => string,
  cacheKeyFn?: (key: K) => string,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    (keys) => Promise.all(keys.map((key) => fetch(key).catch((error: unknown) => asNotFound(error, vendor, describe(key))))),
    { cacheKeyFn: cacheKeyFn ?? ((key) => String(key)) },
  );
}

/**
 * A loader batched through a list endpoint with an id filter (`filter[id][in]=a,b,c`):
 * `fetchMany` gets up to `batchSize` distinct ids and returns the entities it found, in any
 * order. Missing ids become NOT_FOUND errors at their keys.
 */
export function batchLoader<K, V>(
  vendor: VendorName,
  fetchMany: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => string,
  describe: (key: K) => string,
  options: { batchSize: number; cacheKeyFn?: (key: K) => string },
): DataLoader<K, V, string> {
  const cacheKeyFn = options.cacheKeyFn ?? ((key: K) => String(key));
  return new DataLoader<K, V, string>(
    async (keys) => {
      const found = new Map((await fetchMany(keys)).map((value) => [keyOf(value), value]));
      return keys.map((key) => found.get(cacheKeyFn(key)) ?? new NotFoundError(`${describe(key)} does not exist.`, vendor));
    },
    { cacheKeyFn, maxBatchSize: options.batchSize },
  );
}

/** Turns a vendor 404 into NOT_FOUND with a message naming the entity; other errors pass through. */
export function asNotFound(error: unknown, vendor: VendorName, what: string): Error {
  if (error instanceof GatewayError && error.code === 'NOT_FOUND') return new NotFoundError(`${what} does not exist.`, vendor);
  return error instanceof Error ? error : new Error(String(error));
}
