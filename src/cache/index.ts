import { createHash } from 'node:crypto';
import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { CacheKind } from '../config.js';
import { GatewayError } from '../errors.js';
import { vendorLabel, type VendorName } from '../vendors/registry.js';
import type { Resource } from '../vendors/resources.js';
import { warn, type ResponseWarning } from '../requestScope.js';

/** Whose data a cache entry holds: a vendor and a hash of the credential that read it. */
export interface CacheScope {
  vendor: VendorName;
  credentialHash: string;
}

/** Names one cached read: the resource it belongs to (for invalidation), the operation and its parameters. */
export interface CacheEntry {
  scope: CacheScope;
  /** One of RESOURCES: a misspelt resource would never be invalidated. */
  resource: Resource;
  operation: string;
  params: unknown;
}

/** A cached read and when it was stored, so an expired copy can still stand in when its vendor fails. */
interface Stored<T> {
  value: T;
  storedAt: number;
}

/** How one read treats the cache. */
export interface ReadOptions<T> {
  /** Store the answer only when this holds. */
  cacheIf?: (value: T) => boolean;
  /** Ask the vendor even when a cached copy is fresh; the answer is stored as usual. */
  fresh?: boolean;
}

/** Errors that mean the vendor is unwell, not that the answer is "no": a stale copy may stand in. */
const OUTAGE_CODES = new Set(['UPSTREAM_ERROR', 'UPSTREAM_UNAVAILABLE', 'RATE_LIMITED']);

/**
 * The read cache: keyv (in memory, or Redis when configured) with a TTL per resource kind.
 * Keys hold a hash of the credential, never the credential, so tenants never share entries.
 * A store failure is a miss and never fails the request. Each resource has a generation
 * number in its keys; `invalidate` bumps it so every older entry of that resource is
 * unreachable at once, on every gateway instance that shares the store. Reads are kept
 * `staleIfErrorSeconds` past their TTL: when the vendor then fails, the expired copy is served
 * with a STALE_DATA warning giving its age, rather than an error.
 */
export class GatewayCache {
  /** Computations under way, by key; each result says whether it is a stale stand-in. */
  private readonly inflight = new Map<string, Promise<{ value: unknown; warning?: ResponseWarning }>>();

  constructor(
    private readonly keyv: Keyv,
    private readonly ttlSeconds: Record<CacheKind, number>,
    /** How long past its TTL a read may stand in for a failing vendor. @default 0 */
    private readonly staleIfErrorSeconds = 0,
  ) {
    // keyv emits store failures; without a listener Node would treat them as unhandled.
    keyv.on('error', () => undefined);
  }

  /**
   * Returns the cached value of `entry` or runs `compute`, caches its result for the kind's TTL
   * and returns it. Concurrent calls for one key share one computation; failures are not cached,
   * nor results `cacheIf` refuses (an export still running). `fresh` skips the cached copy, never
   * serves a stale one when the vendor fails, and stores the new answer (a read that a write
   * will be based on).
   */
  async wrap<T>(kind: CacheKind, entry: CacheEntry, compute: () => Promise<T>, options: ReadOptions<T> = {}): Promise<T> {
    const { cacheIf, fresh = false } = options;
    if (this.ttlSeconds[kind] === 0) return compute();
    const key = await this.key(entry);
    const running = this.inflight.get(key);
    // Every caller, not only the one that started the computation, reports a stale stand-in.
    const report = ({ value, warning }: { value: unknown; warning?: ResponseWarning }) => {
      if (warning) warn(warning);
      return value as T;
    };
    if (running && !fresh) return report(await running);
    const ttl = this.ttlSeconds[kind];
    const promise = (async (): Promise<{ value: unknown; warning?: ResponseWarning }> => {
      const hit = await this.safeGet<Stored<T>>(key);
      const age = hit ? (Date.now() - hit.storedAt) / 1000 : Infinity;
      if (hit && age < ttl && !fresh) return { value: hit.value };
      let value: T;
      try {
        value = await compute();
      } catch (error) {
        // A fresh read feeds a write: an old copy standing in for it would write old data back.
        if (fresh || !hit || !(error instanceof GatewayError) || !OUTAGE_CODES.has(error.code)) throw error;
        const vendor = entry.scope.vendor;
        const warning = {
          code: 'STALE_DATA',
          vendor,
          ageSeconds: Math.round(age),
          message: `${vendorLabel(vendor)} failed (${error.code}); some data is a cached copy ${Math.round(age)} s old.`,
        };
        return { value: hit.value, warning };
      }
      if (!cacheIf || cacheIf(value)) await this.safeSet(key, { value, storedAt: Date.now() } satisfies Stored<T>, ttl + this.staleIfErrorSeconds);
      return { value };
    })();
    this.inflight.set(key, promise);
    try {
      return report(await promise);
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Reads one entry without computing it. */
  async get<T>(kind: CacheKind, entry: CacheEntry): Promise<T | undefined> {
    if (this.ttlSeconds[kind] === 0) return undefined;
    return this.safeGet<T>(await this.key(entry));
  }

  /** Stores one entry for the kind's TTL. */
  async set(kind: CacheKind, entry: CacheEntry, value: unknown): Promise<void> {
    if (this.ttlSeconds[kind] === 0) return;
    await this.safeSet(await this.key(entry), value, this.ttlSeconds[kind]);
  }

  /** Makes every cached read of `resource` in `scope` unreachable. */
  async invalidate(scope: CacheScope, resource: Resource): Promise<void> {
    const generationKey = this.generationKey(scope, resource);
    const current = (await this.safeGet<number>(generationKey)) ?? 0;
    await this.safeSet(generationKey, current + 1);
  }

  /** Closes the store's connection. */
  async close(): Promise<void> {
    await this.keyv.disconnect().catch(() => undefined);
  }

  // Private:

  private async key(entry: CacheEntry): Promise<string> {
    const generation = (await this.safeGet<number>(this.generationKey(entry.scope, entry.resource))) ?? 0;
    const { vendor, credentialHash } = entry.scope;
    return `${vendor}:${credentialHash}:${entry.resource}@${generation}:${entry.operation}:${hashValue(entry.params)}`;
  }

  private generationKey(scope: CacheScope, resource: Resource): string {
    return `${scope.vendor}:${scope.credentialHash}:${resource}:generation`;
  }

  private async safeGet<T>(key: string): Promise<T | undefined> {
    try {
      return (await this.keyv.get<T>(key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async safeSet(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    try {
      await this.keyv.set(key, value, ttlSeconds === undefined ? undefined : ttlSeconds * 1000);
    } catch {
      // A store that cannot write is a cache miss next time, never a failed request.
    }
  }
}

/**
 * Creates the cache: Redis through @keyv/redis when `redisUrl` is set, else in memory holding at
 * most `maxEntries` entries (the oldest go first), so memory stays bounded under load.
 */
export function createCache(
  ttlSeconds: Record<CacheKind, number>,
  options: { redisUrl?: string; staleIfErrorSeconds?: number; maxEntries?: number } = {},
): GatewayCache {
  const keyv = options.redisUrl
    ? new Keyv({
        store: new KeyvRedis(options.redisUrl, { throwOnConnectError: false, connectionTimeout: 2000 }),
        namespace: 'affiliate-gateway',
        useKeyPrefix: false,
      })
    : new Keyv({ store: new BoundedMap(options.maxEntries ?? 5000), namespace: 'affiliate-gateway' });
  return new GatewayCache(keyv, ttlSeconds, options.staleIfErrorSeconds ?? 0);
}

/** A Map that forgets its oldest entry when full: the in-memory store's bound. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

/** A short, stable hash of a credential for cache keys and logs. */
export function credentialHash(vendor: VendorName, credential: string): string {
  return createHash('sha256').update(`${vendor}\0${credential}`).digest('hex').slice(0, 16);
}

/** A stable hash of any JSON-like value: object keys are sorted first. */
export function hashValue(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
