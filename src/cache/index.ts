import { createHash, randomBytes } from 'node:crypto';
import Keyv from 'keyv';
import type { CacheKind } from '../config.js';
import { GatewayError } from '../errors.js';
import { log } from '../log.js';
import { vendorLabel, type VendorName } from '../vendors/registry.js';
import type { Resource } from '../vendors/resources.js';
import { noteRead, noteUncached, tally, warn, type ResponseWarning } from '../requestScope.js';
import { MemoryStore } from './memory.js';
import { createRedisStore, type RedisTimeouts, type SharedStore } from './redis.js';

export type { SharedStore } from './redis.js';

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
  /** Seconds the copy is fresh when that is less than its kind's TTL (a copy kept while Redis was failing). */
  freshSeconds?: number;
}

/** How one read treats the cache. */
export interface ReadOptions<T> {
  /** Store the answer only when this holds. */
  cacheIf?: (value: T) => boolean;
  /** Ask the vendor even when a cached copy is fresh; the answer is stored as usual. */
  fresh?: boolean;
}

/**
 * What the cache has done since it was created, and where it keeps entries now: counters for
 * metrics, `store` for readiness. Counters only grow.
 */
export interface CacheStats {
  /** Reads answered from a fresh cached copy. */
  hits: number;
  /** Reads that found no fresh copy, or had to be fresh, and asked the vendor. */
  misses: number;
  /** Of the misses, those answered with an expired copy because the vendor failed (`STALE_DATA`). */
  staleServed: number;
  /** Store operations that failed or timed out; each was a miss, or an entry not kept. */
  storeErrors: number;
  /**
   * Where entries are kept now: `memory` (no Redis configured), `redis`, or `degraded` (Redis is
   * configured but failing or too slow; the in-memory store stands in until Redis answers again).
   */
  store: 'memory' | 'redis' | 'degraded';
  /** The in-memory store (the cache, or Redis's stand-in): entries, and estimated bytes against its bound. */
  memory?: { entries: number; bytes: number; maxBytes: number };
}

/** A shared store and how the cache falls back from it. */
export interface SharedStoreOptions {
  /** Redis, shared between gateway instances; the cache's own keyv is then its stand-in. */
  shared?: SharedStore;
  /** While Redis fails, the longest a copy in the stand-in store is fresh (s). @default 5 */
  degradedTtlSeconds?: number;
  /** While Redis fails, how often it is probed (ms); a reconnect of its client probes at once too. @default 1000 */
  probeIntervalMs?: number;
}

/** A key-value view of the cache's store (see `GatewayCache.keyValue`); structurally Apollo's `KeyValueCache<string>`. */
export interface KeyValueView {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** A read's result as the callers sharing it get it: the value, a stale stand-in's warning, how long the value stays fresh (s). */
interface Computed {
  value: unknown;
  warning?: ResponseWarning;
  freshSeconds: number;
}

/** Errors that mean the vendor is unwell, not that the answer is "no": a stale copy may stand in. */
const OUTAGE_CODES = new Set(['UPSTREAM_ERROR', 'UPSTREAM_UNAVAILABLE', 'RATE_LIMITED']);

/**
 * The read cache: keyv (in memory, or Redis when configured) with a TTL per resource kind.
 * Keys hold a hash of the credential, never the credential, so tenants never share entries.
 * A store failure is a miss and never fails the request. Each resource has a generation in its
 * keys; `invalidate` replaces it with a new random one so every older entry of that resource is
 * unreachable at once, on every gateway instance that shares the store. Reads are kept
 * `staleIfErrorSeconds` past their TTL: when the vendor then fails, the expired copy is served
 * with a STALE_DATA warning giving its age, rather than an error.
 *
 * With a shared store (Redis), a failed or timed-out operation switches the cache to its local
 * keyv (`store: 'degraded'`, one warning logged) until a probe finds Redis answering again (one
 * info line). While degraded, this instance cannot see invalidations that other instances write
 * to Redis, so:
 * - copies kept locally are fresh for at most `degradedTtlSeconds`: a change made through another
 *   instance shows here after that long at worst, as with an unshared cache of that TTL;
 * - every degraded period uses its own local keys, so copies from an earlier period (which
 *   missed the invalidations made in between) are never read again; they are dropped on recovery;
 * - invalidations made here go to the local generations and are remembered; on recovery they are
 *   written to Redis (as new generations) before any read goes there, so neither this instance
 *   nor the others read Redis copies from before a write made here;
 * - a read whose key was made against one store while the cache switched to the other is neither
 *   answered from the cache nor stored (its generation belongs to the other store).
 */
export class GatewayCache {
  /** Computations under way, by key; each result says whether it is a stale stand-in. */
  private readonly inflight = new Map<string, Promise<Computed>>();
  private readonly counters = { hits: 0, misses: 0, staleServed: 0, storeErrors: 0 };
  private readonly shared?: SharedStore;
  private readonly degradedTtlSeconds: number;
  private readonly probeIntervalMs: number;
  /** When the shared store started failing; undefined while it answers, or when there is none. */
  private degradedSince?: number;
  /** Counts switches between the shared store and the local one: keys made before a switch are not used after it. */
  private switches = 0;
  /** Generation keys invalidated locally while degraded, written to the shared store on recovery. */
  private readonly pendingInvalidations = new Set<string>();
  private probeTimer?: NodeJS.Timeout;
  private probing = false;
  private closed = false;

  constructor(
    /** The store; with `options.shared`, the local stand-in for it. */
    private readonly keyv: Keyv,
    private readonly ttlSeconds: Record<CacheKind, number>,
    /** How long past its TTL a read may stand in for a failing vendor. @default 0 */
    private readonly staleIfErrorSeconds = 0,
    options: SharedStoreOptions = {},
  ) {
    // keyv emits store failures; without a listener Node would treat them as unhandled.
    keyv.on('error', () => undefined);
    this.shared = options.shared;
    this.degradedTtlSeconds = getValidPositive('degradedTtlSeconds', options.degradedTtlSeconds ?? 5);
    this.probeIntervalMs = getValidPositive('probeIntervalMs', options.probeIntervalMs ?? 1000);
    this.shared?.watch({ error: (error) => this.degrade(error), ready: () => void this.probe() });
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
    const ttl = this.ttlSeconds[kind];
    if (ttl === 0) {
      // Not cached, so never invalidated: a response built on it must not be cached either.
      noteUncached();
      return compute();
    }
    const { key, at, generationKey, generation } = await this.key(entry);
    const running = this.inflight.get(key);
    // Every caller, not only the one that started the computation, reports a stale stand-in and
    // records the read (with the generation its own key had) for the response cache.
    const report = ({ value, warning, freshSeconds }: Computed) => {
      if (warning) warn(warning);
      noteRead({ generationKey, generation, at, freshSeconds });
      return value as T;
    };
    if (running && !fresh) return report(await running);
    const promise = (async (): Promise<Computed> => {
      const hit = await this.read<Stored<T>>(key, at);
      const age = hit ? (Date.now() - hit.storedAt) / 1000 : Infinity;
      if (hit && age < Math.min(ttl, hit.freshSeconds ?? ttl) && !fresh) {
        this.counters.hits++;
        tally('cacheHits');
        return { value: hit.value, freshSeconds: Math.min(ttl, hit.freshSeconds ?? ttl) - age };
      }
      this.counters.misses++;
      tally('cacheMisses');
      let value: T;
      try {
        value = await compute();
      } catch (error) {
        // A fresh read feeds a write: an old copy standing in for it would write old data back.
        if (fresh || !hit || !(error instanceof GatewayError) || !OUTAGE_CODES.has(error.code)) throw error;
        this.counters.staleServed++;
        const vendor = entry.scope.vendor;
        const warning = {
          code: 'STALE_DATA',
          vendor,
          ageSeconds: Math.round(age),
          message: `${vendorLabel(vendor)} failed (${error.code}); some data is a cached copy ${Math.round(age)} s old.`,
        };
        return { value: hit.value, warning, freshSeconds: 0 };
      }
      if (cacheIf && !cacheIf(value)) return { value, freshSeconds: 0 };
      const storedAt = Date.now();
      let kept = ttl;
      await this.write(key, at, (local) => {
        const freshSeconds = local ? Math.min(ttl, this.degradedTtlSeconds) : ttl;
        kept = freshSeconds;
        const stored: Stored<T> = freshSeconds < ttl ? { value, storedAt, freshSeconds } : { value, storedAt };
        return { value: stored, ttlSeconds: freshSeconds + this.staleIfErrorSeconds };
      });
      return { value, freshSeconds: kept };
    })();
    this.inflight.set(key, promise);
    try {
      return report(await promise);
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Whether entries of `kind` are kept at all (a TTL of 0 turns a kind off). */
  caches(kind: CacheKind): boolean {
    return this.ttlSeconds[kind] > 0;
  }

  /** Reads one entry without computing it. */
  async get<T>(kind: CacheKind, entry: CacheEntry): Promise<T | undefined> {
    const ttl = this.ttlSeconds[kind];
    if (ttl === 0) {
      noteUncached();
      return undefined;
    }
    const { key, at, generationKey, generation } = await this.key(entry);
    const value = await this.read<T>(key, at);
    // Its age is unknown here: fresh for the kind's whole TTL, at most.
    noteRead({ generationKey, generation, at, freshSeconds: ttl });
    this.counters[value === undefined ? 'misses' : 'hits']++;
    tally(value === undefined ? 'cacheMisses' : 'cacheHits');
    return value;
  }

  /** Stores one entry for the kind's TTL (while degraded, at most `degradedTtlSeconds`). */
  async set(kind: CacheKind, entry: CacheEntry, value: unknown): Promise<void> {
    const ttl = this.ttlSeconds[kind];
    if (ttl === 0) return;
    const { key, at } = await this.key(entry);
    await this.write(key, at, (local) => ({ value, ttlSeconds: local ? Math.min(ttl, this.degradedTtlSeconds) : ttl }));
  }

  /** Makes every cached read of `resource` in `scope` unreachable. */
  async invalidate(scope: CacheScope, resource: Resource): Promise<void> {
    const generationKey = this.generationKey(scope, resource);
    if (this.usesShared()) {
      try {
        await this.shared!.set(generationKey, newGeneration());
        // Written to Redis, but the cache switched meanwhile: the local generations must know too.
        if (!this.usesShared()) await this.invalidateLocally(generationKey);
        return;
      } catch (error) {
        this.sharedFailed(error);
      }
    }
    await this.invalidateLocally(generationKey);
  }

  /**
   * A plain key-value view of the store in use, in the shape of Apollo's `KeyValueCache`, for
   * automatic persisted queries: with Redis, a query registered through one gateway instance is
   * found through every other one. Keys are `<namespace>:<key>`, without resource generations;
   * entries live `ttlSeconds` unless `set` is given a `ttl` (seconds). As with every cached read,
   * a store failure is a miss (`get`) or an entry not kept (`set`), never an error, and while
   * Redis fails the local store stands in. `delete` makes the entry expire at once (the shared
   * store has no delete); Apollo's persisted queries never delete.
   */
  keyValue(namespace: string, ttlSeconds: number): KeyValueView {
    const key = (name: string) => `${namespace}:${name}`;
    const set = (name: string, value: string | null, ttl: number) => this.write(key(name), this.switches, () => ({ value, ttlSeconds: ttl }));
    return {
      get: async (name) => (await this.read<string | null>(key(name), this.switches)) ?? undefined,
      set: (name, value, options) => set(name, value, options?.ttl ?? ttlSeconds),
      delete: async (name) => {
        await set(name, null, 0.001);
        return true;
      },
    };
  }

  /**
   * For the response cache (src/cache/responses.ts): the store switch count now. An entry read
   * or written with it belongs to the store in use now, like a read's key (see `key`).
   */
  storeEpoch(): number {
    return this.switches;
  }

  /** Reads a response-cache entry, or a resource generation (`ReadRecord.generationKey`), from the store of epoch `at`. */
  async lookup<T>(key: string, at: number): Promise<T | undefined> {
    return this.read<T>(key, at);
  }

  /**
   * Stores a response-cache entry for `ttlSeconds` in the store of epoch `at` (nothing when the
   * cache switched stores since): while Redis fails, for `degradedTtlSeconds` at most, as every
   * local copy.
   */
  async keep(key: string, at: number, value: unknown, ttlSeconds: number): Promise<void> {
    await this.write(key, at, (local) => ({ value, ttlSeconds: local ? Math.min(ttlSeconds, this.degradedTtlSeconds) : ttlSeconds }));
  }

  /** How long an entry stored now for `ttlSeconds` stays: while Redis fails, `degradedTtlSeconds` at most (see `keep`). */
  keptSeconds(ttlSeconds: number): number {
    return this.shared !== undefined && !this.usesShared() ? Math.min(ttlSeconds, this.degradedTtlSeconds) : ttlSeconds;
  }

  /** Counters and where entries are kept now (see CacheStats). */
  stats(): CacheStats {
    const store = !this.shared ? 'memory' : this.usesShared() ? 'redis' : 'degraded';
    const local = this.keyv.store as unknown;
    const memory = local instanceof MemoryStore ? { entries: local.entries, bytes: local.bytes, maxBytes: local.maxBytes } : undefined;
    return { ...this.counters, store, ...(memory && { memory }) };
  }

  /** Stops probing and closes the stores' connections. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probeTimer);
    await this.shared?.close().catch(() => undefined);
    await this.keyv.disconnect().catch(() => undefined);
  }

  // Private:

  /**
   * The entry's key, with its resource's generation, and the switch count `at` it belongs to: the
   * key is used with the store in use at `at` only. When the store fails (or comes back) while the
   * generation is read, it is read again from the store in use then.
   */
  private async key(entry: CacheEntry): Promise<{ key: string; at: number; generationKey: string; generation: string | number }> {
    const { vendor, credentialHash } = entry.scope;
    const generationKey = this.generationKey(entry.scope, entry.resource);
    let at = this.switches;
    let generation = await this.read<string | number>(generationKey, at);
    if (at !== this.switches) {
      at = this.switches;
      generation = await this.read<string | number>(generationKey, at);
    }
    generation ??= 0;
    return {
      key: `${vendor}:${credentialHash}:${entry.resource}@${generation}:${entry.operation}:${hashValue(entry.params)}`,
      at,
      generationKey,
      generation,
    };
  }

  private generationKey(scope: CacheScope, resource: Resource): string {
    return `${scope.vendor}:${scope.credentialHash}:${resource}:generation`;
  }

  private usesShared(): boolean {
    return this.shared !== undefined && this.degradedSince === undefined;
  }

  /** Reads `key` from the store in use, or nothing when the cache has switched stores since `at`. */
  private async read<T>(key: string, at: number): Promise<T | undefined> {
    if (at !== this.switches) return undefined;
    if (!this.usesShared()) return this.readLocal<T>(key);
    try {
      return await this.shared!.get<T>(key);
    } catch (error) {
      this.sharedFailed(error);
      return undefined;
    }
  }

  /**
   * Stores what `entry(local)` makes (local: it goes to the stand-in store) in the store in use,
   * unless the cache has switched stores since `at`.
   */
  private async write(key: string, at: number, entry: (local: boolean) => { value: unknown; ttlSeconds?: number }): Promise<void> {
    if (at !== this.switches) return;
    if (!this.usesShared()) {
      const { value, ttlSeconds } = entry(this.shared !== undefined);
      return this.writeLocal(key, value, ttlSeconds);
    }
    const { value, ttlSeconds } = entry(false);
    const ms = wholeMs(ttlSeconds);
    if (ms === 0) return;
    try {
      await this.shared!.set(key, value, ms);
    } catch (error) {
      // Not kept anywhere: the key's generation came from Redis, which the cache no longer reads.
      this.sharedFailed(error);
    }
  }

  private async invalidateLocally(generationKey: string): Promise<void> {
    // Recorded before anything is awaited, so a recovery under way cannot miss it.
    if (this.shared) this.pendingInvalidations.add(generationKey);
    await this.writeLocal(generationKey, newGeneration());
  }

  /** Local keys while degraded carry the switch count: each degraded period has its own entries. */
  private localKey(key: string): string {
    return this.shared ? `fallback${this.switches}:${key}` : key;
  }

  private async readLocal<T>(key: string): Promise<T | undefined> {
    try {
      return (await this.keyv.get<T>(this.localKey(key))) ?? undefined;
    } catch {
      this.counters.storeErrors++;
      return undefined;
    }
  }

  private async writeLocal(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const ms = wholeMs(ttlSeconds);
    if (ms === 0) return;
    try {
      await this.keyv.set(this.localKey(key), value, ms);
    } catch {
      // A store that cannot write is a cache miss next time, never a failed request.
      this.counters.storeErrors++;
    }
  }

  private sharedFailed(error: unknown): void {
    this.counters.storeErrors++;
    this.degrade(error);
  }

  /** Switches to the local store (once per outage: later failures while degraded change nothing). */
  private degrade(error: unknown): void {
    if (!this.shared || this.degradedSince !== undefined || this.closed) return;
    this.degradedSince = Date.now();
    this.switches++;
    const reason = error instanceof Error ? error.message : String(error);
    log.warn(`Redis cache unavailable (${reason}): caching in memory on this instance until Redis answers again`, {
      redis: this.shared.label,
      error: reason,
    });
    this.probeTimer = setInterval(() => void this.probe(), this.probeIntervalMs);
    this.probeTimer.unref();
  }

  /** While degraded: when Redis answers, writes the pending invalidations to it and switches back. */
  private async probe(): Promise<void> {
    if (!this.shared || this.degradedSince === undefined || this.probing || this.closed) return;
    this.probing = true;
    try {
      await this.shared.ping();
      while (this.pendingInvalidations.size > 0) {
        const keys = [...this.pendingInvalidations];
        this.pendingInvalidations.clear();
        try {
          await Promise.all(keys.map((key) => this.shared!.set(key, newGeneration())));
        } catch (error) {
          for (const key of keys) this.pendingInvalidations.add(key);
          throw error;
        }
      }
      if (this.closed) return;
      const seconds = Math.round((Date.now() - this.degradedSince) / 1000);
      this.degradedSince = undefined;
      this.switches++;
      clearInterval(this.probeTimer);
      // The degraded period's entries are never read again; clear() empties a memory store at once.
      void this.keyv.clear().catch(() => undefined);
      log.info(`Redis cache available again: caching in Redis after ${seconds} s in memory`, { redis: this.shared.label, degradedSeconds: seconds });
    } catch {
      // Still unavailable: the next probe (or reconnect) tries again.
    } finally {
      this.probing = false;
    }
  }
}

/**
 * Creates the cache: in memory (lru-cache, bounded by `maxBytes` and `maxEntries`; the least
 * recently used entry goes first), or Redis through @keyv/redis when `redisUrl` is set, with
 * that memory store standing in while Redis is down or slower than `redisTimeouts`.
 */
export function createCache(
  ttlSeconds: Record<CacheKind, number>,
  options: {
    redisUrl?: string;
    staleIfErrorSeconds?: number;
    /** @default 5000 */
    maxEntries?: number;
    /** @default 64 MiB */
    maxBytes?: number;
    /** @default 50 ms each */
    redisTimeouts?: RedisTimeouts;
  } & Omit<SharedStoreOptions, 'shared'> = {},
): GatewayCache {
  const { redisUrl, staleIfErrorSeconds = 0, maxEntries, maxBytes, redisTimeouts = { connectMs: 50, commandMs: 50 }, ...fallback } = options;
  const local = new Keyv({ store: new MemoryStore({ maxEntries, maxBytes }), namespace: 'affiliate-gateway' });
  const shared = redisUrl ? createRedisStore(redisUrl, redisTimeouts) : undefined;
  return new GatewayCache(local, ttlSeconds, staleIfErrorSeconds, { ...fallback, shared });
}

/** A new resource generation: random, so a generation never comes back (a counter would, once its key is evicted). */
function newGeneration(): string {
  return randomBytes(6).toString('base64url');
}

function getValidPositive(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new TypeError(`GatewayCache: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
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

/**
 * A TTL in whole milliseconds (undefined: none), rounded down so an entry never outlives its
 * freshness; 0 for one already over. Redis refuses a fractional PX ("value is not an integer"),
 * and the response cache's TTLs are what is left of its reads' (1.734 s): such a write failing
 * took the whole instance off Redis.
 */
function wholeMs(ttlSeconds: number | undefined): number | undefined {
  return ttlSeconds === undefined ? undefined : Math.max(0, Math.floor(ttlSeconds * 1000));
}
