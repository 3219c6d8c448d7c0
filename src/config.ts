import { VENDORS, perVendor, type VendorKey } from './vendors/registry.js';
import { isTimeZone } from './vendors/time.js';

/**
 * Configuration from the environment, validated once at start-up. Every error names the
 * variable to fix and never echoes a credential.
 */

/** Resource kinds with their own cache TTL. */
export type CacheKind = 'entity' | 'list' | 'report' | 'clickStream' | 'export' | 'cursor';

/** Where one vendor is reached and with which credential. */
export interface VendorEndpoint {
  baseUrl: string;
  credential: string;
}

export interface Config {
  /** Gateway HTTP port. @default 4000 */
  port: number;
  /** Interface to listen on. @default all interfaces */
  host?: string;
  /** Configured vendors; a missing one runs on its built-in simulator. */
  vendors: Partial<Record<VendorKey, VendorEndpoint>>;
  /** Shared cache; in-memory when absent. */
  redisUrl?: string;
  /** Seconds each kind of read stays cached; 0 disables caching for that kind. */
  cacheTtlSeconds: Record<CacheKind, number>;
  /** Entries the in-memory cache holds at most. @default 5000 */
  cacheMaxEntries: number;
  /** Per-call upstream timeout. @default 15000 */
  upstreamTimeoutMs: number;
  /** Everflow click stream: upstream calls one query may spend, and how many run at once. */
  everflowClicks: { requestBudget: number; concurrency: number };
  /** Integr8 reports in page mode: upstream calls one query may spend walking cursors. @default 50 */
  reportWalkBudget: number;
  /** IANA zone iRev's `created_at` strings are written in. @default "UTC" */
  irevTimezone: string;
  /** What clients may send, and who may send it. */
  limits: {
    /** Gateway access keys (`GATEWAY_API_KEYS`); none means open. */
    apiKeys: string[];
    /** @default 102400 */
    maxBodyBytes: number;
    /** @default 10 */
    maxBatchOperations: number;
    /** @default 12 */
    maxDepth: number;
    /** @default 30 */
    maxAliases: number;
    /** Fields times list sizes. @default 50000 */
    maxCost: number;
  };
  /** Schema introspection. @default true */
  introspection: boolean;
  /** The Apollo Sandbox landing page on GET. @default true */
  sandbox: boolean;
  /** How the gateway treats vendors that fail. */
  resilience: {
    /** Per-vendor call timeout (ms); UPSTREAM_TIMEOUT_MS or <VENDOR>_TIMEOUT_MS. */
    timeoutMs: Record<VendorKey, number>;
    /** Retries of a read after the first attempt. @default 3 */
    retries: number;
    /** First backoff delay; doubles per retry, with jitter. @default 100 */
    retryBaseDelayMs: number;
    /** Time one GraphQL request may spend on a vendor call including its retries. @default 25000 */
    requestBudgetMs: number;
    /** Calls in flight per vendor (bulkhead). @default 16 */
    vendorConcurrency: number;
    /** Consecutive failures that open a vendor's circuit. @default 5 */
    circuitFailures: number;
    /** How long an open circuit fails fast before a probe. @default 10000 */
    circuitCooldownMs: number;
    /** How long after expiry a cached read may still be served when its vendor fails. @default 3600 */
    staleIfErrorSeconds: number;
  };
}

/** A configuration problem; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const vendors: Config['vendors'] = {};
  for (const [key, endpoint] of Object.entries(perVendor((key) => vendorEndpoint(env, key)))) {
    if (endpoint) vendors[key as VendorKey] = endpoint;
  }
  const upstreamTimeoutMs = integer(env, 'UPSTREAM_TIMEOUT_MS', 15000, 1);
  const redisUrl = optional(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  }
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: optional(env, 'HOST'),
    vendors,
    redisUrl,
    cacheTtlSeconds: {
      entity: integer(env, 'CACHE_TTL_ENTITY_SECONDS', 300, 0),
      list: integer(env, 'CACHE_TTL_LIST_SECONDS', 60, 0),
      report: integer(env, 'CACHE_TTL_REPORT_SECONDS', 60, 0),
      clickStream: integer(env, 'CACHE_TTL_CLICK_STREAM_SECONDS', 60, 0),
      export: integer(env, 'CACHE_TTL_EXPORT_SECONDS', 5, 0),
      cursor: integer(env, 'CACHE_TTL_CURSOR_SECONDS', 900, 0),
    },
    cacheMaxEntries: integer(env, 'CACHE_MAX_ENTRIES', 5000, 10),
    upstreamTimeoutMs,
    everflowClicks: {
      requestBudget: integer(env, 'EVERFLOW_CLICK_REQUEST_BUDGET', 40, 1),
      concurrency: integer(env, 'EVERFLOW_CLICK_CONCURRENCY', 4, 1, 32),
    },
    reportWalkBudget: integer(env, 'REPORT_WALK_BUDGET', 50, 1),
    irevTimezone: timezone(env, 'IREV_TIMEZONE', 'UTC'),
    limits: {
      apiKeys: apiKeys(env, 'GATEWAY_API_KEYS'),
      maxBodyBytes: integer(env, 'MAX_REQUEST_BYTES', 102_400, 1024),
      maxBatchOperations: integer(env, 'MAX_BATCH_OPERATIONS', 10, 1, 100),
      maxDepth: integer(env, 'MAX_QUERY_DEPTH', 12, 2),
      maxAliases: integer(env, 'MAX_QUERY_ALIASES', 30, 1),
      maxCost: integer(env, 'MAX_QUERY_COST', 50_000, 1),
    },
    introspection: boolean(env, 'INTROSPECTION', true),
    sandbox: boolean(env, 'SANDBOX', true),
    resilience: {
      timeoutMs: perVendor((key) => integer(env, VENDORS[key].env.timeoutMs, upstreamTimeoutMs, 1)),
      retries: integer(env, 'RETRY_LIMIT', 3, 0, 10),
      retryBaseDelayMs: integer(env, 'RETRY_BASE_DELAY_MS', 100, 1),
      requestBudgetMs: integer(env, 'REQUEST_BUDGET_MS', 25_000, 100),
      vendorConcurrency: integer(env, 'VENDOR_MAX_CONCURRENCY', 16, 1, 1000),
      circuitFailures: integer(env, 'CIRCUIT_FAILURE_THRESHOLD', 5, 1),
      circuitCooldownMs: integer(env, 'CIRCUIT_COOLDOWN_MS', 10_000, 1),
      staleIfErrorSeconds: integer(env, 'STALE_IF_ERROR_SECONDS', 3600, 0),
    },
  };
}

// Private:

function vendorEndpoint(env: NodeJS.ProcessEnv, vendor: VendorKey): VendorEndpoint | undefined {
  const { env: variables, defaultBaseUrl } = VENDORS[vendor];
  const names = { url: variables.baseUrl, credential: variables.credential };
  const baseUrl = optional(env, names.url) ?? (optional(env, names.credential) ? defaultBaseUrl : undefined);
  const credential = optional(env, names.credential);
  if (baseUrl === undefined && credential === undefined) return undefined;
  if (baseUrl === undefined) throw new ConfigError(names.url, `is required when ${names.credential} is set`);
  if (credential === undefined) throw new ConfigError(names.credential, `is required when ${names.url} is set`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(names.url, `must be an absolute http(s) URL, got "${baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(names.url, `must use http or https, got "${url.protocol}"`);
  }
  if (url.username || url.password) throw new ConfigError(names.url, 'must not contain credentials; use ' + names.credential);
  if (/\s/.test(credential)) throw new ConfigError(names.credential, 'must not contain whitespace');
  return { baseUrl: url.toString().replace(/\/+$/, ''), credential };
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  const number = Number(value);
  if (number < min || number > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${number}`);
  return number;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

function apiKeys(env: NodeJS.ProcessEnv, name: string): string[] {
  const value = optional(env, name);
  if (value === undefined) return [];
  const keys = value.split(',').map((key) => key.trim());
  if (keys.some((key) => key.length < 16)) {
    throw new ConfigError(name, 'must be a comma-separated list of keys of at least 16 characters each');
  }
  return keys;
}

function timezone(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = optional(env, name) ?? fallback;
  if (!isTimeZone(value)) throw new ConfigError(name, `must be an IANA time zone such as "Europe/Berlin", got "${value}"`);
  return value;
}
