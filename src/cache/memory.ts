import { LRUCache } from 'lru-cache';

/** Bounds of the in-memory store. */
export interface MemoryStoreOptions {
  /** Entries held at most (a secondary bound: small entries are many). @default 5000 */
  maxEntries?: number;
  /** Estimated bytes held at most, stale copies included (see `entryBytes`). @default 64 MiB */
  maxBytes?: number;
}

/**
 * The in-memory cache store: a keyv store adapter over lru-cache, bounded by bytes and by
 * entries. When either bound is reached the least recently used entry goes first; an entry
 * larger than the whole byte bound is not kept. keyv hands the store its serialized form of
 * `{value, expires}` (a string) and the TTL in ms; that TTL already includes the stale-if-error
 * window, and lru-cache gets exactly it, so an entry lives here as long as keyv may still
 * return it, and no longer.
 */
export class MemoryStore {
  /** Set by keyv; keys arrive already prefixed with it. */
  namespace?: string;
  readonly opts: { dialect: 'lru-cache' } = { dialect: 'lru-cache' };
  private readonly lru: LRUCache<string, string>;

  constructor(options: MemoryStoreOptions = {}) {
    this.lru = new LRUCache<string, string>({
      max: getValidBound('maxEntries', options.maxEntries ?? 5000),
      maxSize: getValidBound('maxBytes', options.maxBytes ?? 64 * 1024 * 1024),
      sizeCalculation: entryBytes,
    });
  }

  /** Estimated bytes held now (keys and serialized values). */
  get bytes(): number {
    return this.lru.calculatedSize;
  }

  /** The byte bound. */
  get maxBytes(): number {
    return this.lru.maxSize;
  }

  /** Entries held now. */
  get entries(): number {
    return this.lru.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.lru.get(key);
  }

  /** Stores `value` for `ttl` ms (none: until evicted), as keyv calls it. */
  async set(key: string, value: string, ttl?: number): Promise<boolean> {
    this.lru.set(key, value, { ttl: ttl && ttl > 0 ? ttl : 0 });
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.lru.delete(key);
  }

  async clear(): Promise<void> {
    this.lru.clear();
  }

  async has(key: string): Promise<boolean> {
    return this.lru.has(key);
  }
}

/**
 * An entry's estimated size in bytes: its key and its serialized value as UTF-16 (two bytes a
 * code unit), which is how V8 holds a string in the worst case. Cheap (no serialization of its
 * own) and close enough: the object the value is parsed back into on a hit is not kept here.
 */
export function entryBytes(value: unknown, key: string): number {
  const length = typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0);
  return Math.max(1, 2 * (key.length + length));
}

// Private:

function getValidBound(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`MemoryStore: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}
