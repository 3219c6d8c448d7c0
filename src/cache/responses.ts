import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import { requestScope, type RequestScope } from '../requestScope.js';
import type { Endpoints } from '../vendors/index.js';
import { VENDORS, vendorKeys, type VendorKey } from '../vendors/registry.js';
import { credentialHash, type GatewayCache } from './index.js';

/** What a request is answered from, as the HTTP layer reads it (see `ResponseCache.key`). */
export interface CacheableRequest {
  method: string;
  /** The URL's query string as sent, `?` included (a GET's operation). */
  search: string;
  /** The raw body (a POST's operation), exactly as received. */
  body: string;
  headers: http.IncomingHttpHeaders;
  /** The vendor credentials the request brought in its tenant headers. */
  credentials: Partial<Record<VendorKey, string>>;
  /** The gateway access key the request presented, when keys are on. */
  apiKey?: string;
}

/** A stored answer: what the HTTP layer sends again. */
export interface StoredResponse {
  /** Response headers Apollo set (content type, ...). */
  headers: [string, string][];
  body: string;
  /** The operation names, for the access log. */
  operations: (string | null)[];
  /** `[generationKey, generation]` of every resource the response read: all must be unchanged for a hit. */
  reads: [string, string | number][];
  /** When it stops being fresh (ms epoch): the store forgets it then too. */
  expiresAt: number;
}

/** An entry kept in this process: as stored, the store epoch it came from, and its body's bytes. */
interface Parsed {
  entry: StoredResponse;
  at: number;
  bytes: Buffer;
}

/** A stored answer found for a request: what the HTTP layer sends, its body already as bytes. */
export interface CachedAnswer {
  headers: [string, string][];
  /** The body, encoded once when the entry was kept in this process, not on every hit. */
  bytes: Buffer;
  operations: (string | null)[];
}

/** Counters since start: answers sent from the cache, lookups that found nothing usable, answers stored. */
export interface ResponseCacheStats {
  hits: number;
  misses: number;
  stored: number;
}

export interface ResponseCacheOptions {
  /** Each vendor's configured endpoint: the default credential and base URL of every request. */
  endpoints: Endpoints;
  /** What else an answer depends on (the schema, the limits, the configuration that shapes answers): part of every key. */
  fingerprint: string;
  /** Largest response body stored, in bytes; larger ones are answered but not kept. @default 1 MiB */
  maxBytes?: number;
  /** Bytes of entries also kept parsed in this process (see `ResponseCache`). @default 16 MiB */
  parsedBytes?: number;
}

/**
 * The whole-response cache: a query's answer, stored in the gateway's cache store (memory, or
 * Redis shared by every instance) and sent again by the HTTP layer before Apollo runs, for a
 * request of the same exact text from the same tenant.
 *
 * - Key: a SHA-256 of the deployment `fingerprint`, the tenant (every vendor's credential hash
 *   and base URL, the request's or the configured one; the access key's hash), the method, the
 *   headers Apollo reads (content type, accept, the CSRF preflight headers) and the operation's
 *   exact text (the raw body and the query string, as received). So a hit is a request that a miss has
 *   already answered with success under the same checks: access key, CSRF prevention, body and
 *   batch limits, parse, validation and query-shape limits.
 * - Stored: only a query's whole result, with no error, no warning and no extension, that made
 *   at least one cached read and no vendor call outside the read cache; never a batch.
 * - TTL: the least time any read it used stays fresh (its kind's TTL, less the age of a cached
 *   copy it was answered from); a kind with TTL 0 means the response is not stored.
 * - Invalidation: the entry lists the generation of each resource it read (src/cache/index.ts);
 *   a write bumps the generations of what it changed, and a hit needs every listed generation
 *   unchanged. A read that started before a write completed recorded the old generation, so its
 *   response is never served after the write's invalidation, even when it is stored later.
 * - The entries stored or found last are also kept parsed in this process (an LRU bounded by
 *   `parsedBytes`), with their bodies as bytes, so that a hit neither deserializes its answer from
 *   the store nor encodes it again. Such a
 *   copy is used only within its expiry and with the store it came from, and its generations are
 *   checked against the store on every hit, like any entry: it is valid exactly when the store's is.
 */
export class ResponseCache {
  private readonly counters: ResponseCacheStats = { hits: 0, misses: 0, stored: 0 };
  private readonly maxBytes: number;
  /** Credential hashes by vendor and credential: most requests are a few tenants. */
  private readonly hashes = new Map<string, string>();
  /** Entries parsed already, with the store epoch they belong to. */
  private readonly parsed: LRUCache<string, Parsed>;

  constructor(
    private readonly cache: GatewayCache,
    private readonly options: ResponseCacheOptions,
  ) {
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.parsed = new LRUCache({
      max: 10_000,
      maxSize: options.parsedBytes ?? 16 * 1024 * 1024,
      // Strings at two bytes a character, as in the memory store, and the body's bytes.
      sizeCalculation: ({ entry, bytes }) => 2 * (entry.body.length + 200) + bytes.length,
    });
  }

  /** The request's key; null for a request that is never answered from the cache (not GET or POST). */
  key(request: CacheableRequest): string | null {
    if (request.method !== 'GET' && request.method !== 'POST') return null;
    const { headers } = request;
    const tenant = vendorKeys().map((key) => {
      const endpoint = this.options.endpoints[key];
      return endpoint ? `${this.hash(key, request.credentials[key] ?? endpoint.credential)}@${endpoint.baseUrl}` : '-';
    });
    const material = JSON.stringify([
      this.options.fingerprint,
      tenant,
      request.apiKey === undefined ? '' : createHash('sha256').update(request.apiKey).digest('hex'),
      request.method,
      headers['content-type'] ?? '',
      headers.accept ?? '',
      headers['x-apollo-operation-name'] ?? '',
      headers['apollo-require-preflight'] ?? '',
      // Both, whatever the method: no assumption about where Apollo reads an operation from.
      request.search,
      request.body,
    ]);
    return `response:${createHash('sha256').update(material).digest('hex')}`;
  }

  /** The stored answer of `key` when every resource it read still has the generation it had; else nothing. */
  async find(key: string): Promise<CachedAnswer | undefined> {
    const at = this.cache.storeEpoch();
    const now = Date.now();
    let copy = this.parsed.get(key);
    if (!copy || copy.at !== at || copy.entry.expiresAt <= now) {
      const stored = await this.cache.lookup<StoredResponse>(key, at);
      copy = stored && stored.expiresAt > now ? this.keepParsed(key, stored, at) : undefined;
    }
    if (!copy) {
      this.counters.misses++;
      return undefined;
    }
    const { entry, bytes } = copy;
    const current = await Promise.all(entry.reads.map(([generationKey]) => this.cache.lookup<string | number>(generationKey, at)));
    // A store switch meanwhile: the generations were read from a store the cache left.
    const reads = entry.reads;
    const valid = this.cache.storeEpoch() === at && current.every((generation, i) => (generation ?? 0) === reads[i][1]);
    this.counters[valid ? 'hits' : 'misses']++;
    if (!valid) this.parsed.delete(key);
    return valid ? { headers: entry.headers, bytes, operations: entry.operations } : undefined;
  }

  /**
   * Stores the answer of a miss when it may be: `scope` is the request's (its reads, and whether
   * the plugin found the result storable), `status`, `headers` and `body` what Apollo answered.
   */
  async offer(key: string, scope: RequestScope, answer: { status: number; headers: [string, string][]; body: string }): Promise<void> {
    const reads = scope.reads;
    if (!scope.storable || scope.uncached || !reads?.length || answer.status !== 200 || answer.body.length > this.maxBytes) return;
    const at = this.cache.storeEpoch();
    let ttl = Infinity;
    const generations = new Map<string, string | number>();
    for (const read of reads) {
      // Read from another store, or one resource seen at two generations (a write in between).
      if (read.at !== at) return;
      const seen = generations.get(read.generationKey);
      if (seen !== undefined && seen !== read.generation) return;
      generations.set(read.generationKey, read.generation);
      ttl = Math.min(ttl, read.freshSeconds);
    }
    const seconds = this.cache.keptSeconds(ttl);
    if (!(seconds > 0) || !Number.isFinite(seconds)) return;
    const entry: StoredResponse = {
      headers: answer.headers,
      body: answer.body,
      operations: scope.tally?.operations ?? [],
      reads: [...generations],
      expiresAt: Date.now() + seconds * 1000,
    };
    await this.cache.keep(key, at, entry, seconds);
    this.keepParsed(key, entry, at);
    this.counters.stored++;
  }

  /** Counters since start (see ResponseCacheStats), for metrics and tests. */
  stats(): ResponseCacheStats {
    return { ...this.counters };
  }

  // Private:

  private keepParsed(key: string, entry: StoredResponse, at: number): Parsed {
    const copy = { entry, at, bytes: Buffer.from(entry.body) };
    this.parsed.set(key, copy);
    return copy;
  }

  private hash(vendor: VendorKey, credential: string): string {
    const memo = `${vendor}\0${credential}`;
    let hash = this.hashes.get(memo);
    if (hash === undefined) {
      hash = credentialHash(VENDORS[vendor].name, credential);
      if (this.hashes.size >= 1000) this.hashes.clear();
      this.hashes.set(memo, hash);
    }
    return hash;
  }
}

/**
 * Marks a request's result storable (`RequestScope.storable`) when the response cache follows
 * the request: a query's single result with data, no error, no warning and no extension, and
 * status 200.
 */
export const responseCachePlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, operation }) {
        const scope = requestScope.getStore();
        if (!scope?.reads || response.body.kind !== 'single') return;
        const { data, errors, extensions } = response.body.singleResult;
        scope.storable =
          operation?.operation === 'query' &&
          data != null &&
          !errors?.length &&
          (!extensions || Object.keys(extensions).length === 0) &&
          scope.warnings.length === 0 &&
          (response.http.status ?? 200) === 200;
      },
    };
  },
};
