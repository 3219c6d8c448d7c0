import Keyv from 'keyv';
import KeyvRedis, { createClient } from '@keyv/redis';

/** How long the gateway waits for Redis before it uses its local store instead. */
export interface RedisTimeouts {
  /** One connection attempt. @default 50 */
  connectMs: number;
  /** One command. @default 50 */
  commandMs: number;
}

/**
 * A cache store shared between gateway instances, which may be down or slow. Every operation
 * settles within its timeout: it resolves, or rejects with an error whose message holds no
 * credential. The cache decides what a failure means (see GatewayCache).
 */
export interface SharedStore {
  /** Where the store is, for logs: scheme, host and port, never a credential. */
  readonly label: string;
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` (none: until evicted). */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Resolves when the store takes a write again. */
  ping(): Promise<void>;
  /** Tells `events` when the connection fails and when it is ready again (after a reconnect). */
  watch(events: { error(error: Error): void; ready(): void }): void;
  close(): Promise<void>;
}

/** Redis errors, with any credential of the URL taken out of the message. */
export class RedisStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisStoreError';
  }
}

/**
 * Redis through @keyv/redis (keys `affiliate-gateway::<key>`, as before), on a node-redis client
 * set up to fail fast rather than wait: a connection attempt gives up after `connectMs`, an
 * operation after `commandMs` (a deadline around each, see `withDeadline`), and
 * while the client is disconnected commands are refused at once instead of queued
 * (`disableOfflineQueue`). The client reconnects by itself with a short backoff (50 ms doubling
 * to 1 s, jittered) and never gives up. Until the first connection is made, an operation waits for
 * it, at most `connectMs`, so a gateway that has just started does not count Redis as down; and
 * `watch` reports a lost connection at once, but a failing first connection only after three
 * attempts.
 */
export function createRedisStore(url: string, timeouts: RedisTimeouts): SharedStore {
  const { connectMs, commandMs } = getValidTimeouts(timeouts);
  const parsed = new URL(url);
  const label = `${parsed.protocol}//${parsed.host}`;
  const secrets = [parsed.password, parsed.username].flatMap((part) => [part, safeDecode(part)]).filter((part) => part.length >= 3);
  const toError = (error: unknown): RedisStoreError => new RedisStoreError(scrub(describe(error), secrets), { cause: error });

  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: connectMs, reconnectStrategy: reconnectDelay },
  });
  const watchers: { error(error: Error): void; ready(): void }[] = [];
  let everReady = false;
  let failedAttempts = 0;
  let connectionError: RedisStoreError | undefined;
  let firstReady!: () => void;
  const connected = new Promise<void>((resolve) => (firstReady = resolve));
  // node-redis emits every failed (re)connection attempt; without a listener Node would throw.
  client.on('error', (error: unknown) => {
    connectionError = toError(error);
    failedAttempts++;
    // A lost connection is reported at once. Before the first connection, one failed attempt may be
    // a busy start-up (an event loop blocked past connectMs) rather than Redis: three are reported.
    if (everReady || failedAttempts >= 3) for (const watcher of watchers) watcher.error(connectionError);
  });
  client.on('ready', () => {
    everReady = true;
    failedAttempts = 0;
    connectionError = undefined;
    firstReady();
    for (const watcher of watchers) watcher.ready();
  });
  const adapter = new KeyvRedis(client, { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: connectMs });
  const keyv = new Keyv({ store: adapter, namespace: 'affiliate-gateway', useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', () => undefined);
  let closed = false;
  // Connects once the code that created the store has run: a start-up that keeps the event loop
  // busy for a while (building the schema) would otherwise outlast the connect timeout.
  setImmediate(() => {
    if (!closed && !client.isOpen) client.connect().catch(() => undefined);
  });

  const run = async <T>(what: string, operation: () => Promise<T>): Promise<T> => {
    // Until the first connection is made, an operation waits for it, at most connectMs.
    if (!everReady) await settledWithin(connected, connectMs);
    try {
      return await withDeadline(operation(), commandMs, `Redis ${what} took longer than ${commandMs} ms`);
    } catch (error) {
      // Refused because the client is not connected: the connection's own error says why.
      if (!client.isReady && connectionError) throw new RedisStoreError(`not connected: ${connectionError.message}`, { cause: error });
      throw toError(error);
    }
  };

  return {
    label,
    get: <T>(key: string) => run('GET', async () => ((await keyv.get<T>(key)) ?? undefined) as T | undefined),
    set: (key, value, ttlMs) =>
      run('SET', async () => {
        await keyv.set(key, value, ttlMs);
      }),
    // A write, not a PING: a Redis that answers but refuses writes (out of memory, a read-only
    // replica) must not count as back, or the cache would switch to it and fall back again at once.
    ping: () =>
      run('probe', async () => {
        await keyv.set('probe', Date.now(), 10_000);
      }),
    watch: (events) => void watchers.push(events),
    async close() {
      closed = true;
      watchers.length = 0;
      // destroy, not close: nothing cached is worth waiting for, and a reconnecting client has no queue.
      if (client.isOpen) client.destroy();
    },
  };
}

// Private:

/** node-redis reconnect strategy: 50 ms doubling to 1 s, plus up to 50 ms of jitter; never gives up. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 50);
}

/** Waits for `promise` to settle, or `ms`, whichever comes first; never rejects. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([promise.catch(() => undefined), elapsed]);
  clearTimeout(timer);
}

/**
 * `promise`, or a rejection with `message` after `ms`. The rejection comes one turn of the event
 * loop late (setImmediate runs after the loop has read its sockets): when the gateway itself kept
 * the loop busy past the deadline (parsing a large vendor answer), a reply already waiting on the
 * socket wins, so a busy gateway does not take Redis for slow. node-redis's own command timeout
 * would reject first, which is why the client is given none.
 */
function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new Error(message))), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // A refused connection to a name with two addresses is an AggregateError with no message.
  if (!error.message && error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  return error.message || (typeof code === 'string' ? code : error.name);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function scrub(message: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join('***'), message);
}

function getValidTimeouts(timeouts: RedisTimeouts): RedisTimeouts {
  for (const [name, value] of Object.entries(timeouts)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new TypeError(`createRedisStore: ${name} must be a positive number of ms, got ${String(value)}`);
  }
  return timeouts;
}
