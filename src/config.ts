import { isIP } from 'node:net';
import path from 'node:path';
import v8 from 'node:v8';
import { z } from 'zod';
import { VENDORS, perVendor, vendorKeys, type VendorKey } from './vendors/registry.js';
import { isTimeZone } from './vendors/time.js';

/**
 * Configuration from the environment, validated once at start-up with zod: every bad variable
 * is reported at once, each message names the variable to fix, and none echoes a credential.
 */

/** Log levels, quietest last. */
/** LOG_LEVEL's values, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  /** Interface to listen on (a host name or an IP address). @default all interfaces */
  host?: string;
  /** Start the built-in simulators for unconfigured vendors. @default true unless production */
  simulators: boolean;
  /** Log threshold. @default "info" */
  logLevel: LogLevel;
  /** JSON lines, or human-readable lines for a terminal. @default "json" */
  logFormat: 'json' | 'pretty';
  /** Bearer token `/metrics` requires; open when absent. */
  metricsToken?: string;
  /** OTLP/HTTP endpoint traces go to; tracing is off when absent. */
  otlpEndpoint?: string;
  /** The page a browser gets at the gateway's URL. @default "graphiql" */
  landingPage: 'graphiql' | 'sandbox' | 'off';
  /** What executes operations: graphql-jit (compiled once per operation) or graphql-js. @default "jit" */
  executor: 'jit' | 'graphql-js';
  /** How long SIGTERM waits for in-flight requests. @default the request budget plus 5 s */
  shutdownDrainMs: number;
  /** Configured vendors; a missing one runs on its built-in simulator. */
  vendors: Partial<Record<VendorKey, VendorEndpoint>>;
  /** Where partner links are stored: PostgreSQL at `databaseUrl`, else PGlite in `dir` (or `memory`), tables in `schema`. */
  partnerLinks: { databaseUrl?: string; dir: string; schema: string };
  /** Shared cache; in-memory when absent. */
  redisUrl?: string;
  /** Seconds each kind of read stays cached; 0 disables caching for that kind. */
  cacheTtlSeconds: Record<CacheKind, number>;
  /** Entries the in-memory cache holds at most. @default 5000 */
  cacheMaxEntries: number;
  /** Bytes the in-memory cache holds at most (stale entries included). @default a tenth of the heap limit */
  cacheMaxBytes: number;
  /**
   * The whole-response cache of queries (src/cache/responses.ts), in the cache's store: on or
   * off, and the largest response body it keeps (bytes). @default on, 1 MiB
   */
  responseCache: { enabled: boolean; maxBytes: number };
  /** Redis connect and command timeouts: past them a request falls back to the local store. @default 50 each */
  redisTimeouts: { connectMs: number; commandMs: number };
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

/** The configuration's problems: one line per bad variable, each starting with its name. */
export class ConfigError extends Error {
  /** The first bad variable (all of them are in `problems`). */
  readonly variable: string;

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(problems.map(({ variable, message }) => `${variable}: ${message}`).join('\n'));
    this.name = 'ConfigError';
    this.variable = problems[0].variable;
  }
}

/** Reads and validates the configuration; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema().safeParse(env);
  const problems: { variable: string; message: string }[] = [];
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push({ variable: String(issue.path[0]), message: issue.message });
  const vendors: Config['vendors'] = {};
  for (const key of vendorKeys()) {
    const endpoint = vendorEndpoint(env, key, problems);
    if (endpoint) vendors[key] = endpoint;
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const requestBudgetMs = e.REQUEST_BUDGET_MS;
  return {
    port: e.PORT,
    host: e.HOST,
    // NODE_ENV=production: unconfigured vendors are disabled rather than simulated.
    simulators: e.SIMULATORS ?? !production,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    landingPage: e.LANDING_PAGE,
    executor: e.GRAPHQL_EXECUTOR,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS ?? requestBudgetMs + 5000,
    vendors,
    partnerLinks: { databaseUrl: e.DATABASE_URL, dir: e.PARTNER_LINKS_DIR, schema: e.PARTNER_LINKS_SCHEMA },
    redisUrl: e.REDIS_URL,
    cacheTtlSeconds: {
      entity: e.CACHE_TTL_ENTITY_SECONDS,
      list: e.CACHE_TTL_LIST_SECONDS,
      report: e.CACHE_TTL_REPORT_SECONDS,
      clickStream: e.CACHE_TTL_CLICK_STREAM_SECONDS,
      export: e.CACHE_TTL_EXPORT_SECONDS,
      cursor: e.CACHE_TTL_CURSOR_SECONDS,
    },
    cacheMaxEntries: e.CACHE_MAX_ENTRIES,
    cacheMaxBytes: e.CACHE_MAX_BYTES ?? Math.round(v8.getHeapStatistics().heap_size_limit / 10),
    responseCache: { enabled: e.RESPONSE_CACHE, maxBytes: e.RESPONSE_CACHE_MAX_BYTES },
    redisTimeouts: { connectMs: e.REDIS_CONNECT_TIMEOUT_MS, commandMs: e.REDIS_COMMAND_TIMEOUT_MS },
    everflowClicks: { requestBudget: e.EVERFLOW_CLICK_REQUEST_BUDGET, concurrency: e.EVERFLOW_CLICK_CONCURRENCY },
    reportWalkBudget: e.REPORT_WALK_BUDGET,
    irevTimezone: e.IREV_TIMEZONE,
    limits: {
      apiKeys: e.GATEWAY_API_KEYS,
      maxBodyBytes: e.MAX_REQUEST_BYTES,
      maxBatchOperations: e.MAX_BATCH_OPERATIONS,
      maxDepth: e.MAX_QUERY_DEPTH,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxCost: e.MAX_QUERY_COST,
    },
    introspection: e.INTROSPECTION,
    resilience: {
      timeoutMs: perVendor((key) => (e[VENDORS[key].env.timeoutMs] as number | undefined) ?? e.UPSTREAM_TIMEOUT_MS),
      retries: e.RETRY_LIMIT,
      retryBaseDelayMs: e.RETRY_BASE_DELAY_MS,
      requestBudgetMs,
      vendorConcurrency: e.VENDOR_MAX_CONCURRENCY,
      circuitFailures: e.CIRCUIT_FAILURE_THRESHOLD,
      circuitCooldownMs: e.CIRCUIT_COOLDOWN_MS,
      staleIfErrorSeconds: e.STALE_IF_ERROR_SECONDS,
    },
  };
}

// Private:

/** Every variable but the vendors' endpoints (whose rules span two variables), with its rule and default. */
function envSchema() {
  const timeouts = Object.fromEntries(vendorKeys().map((key) => [VENDORS[key].env.timeoutMs, whole(undefined, 1)]));
  return z
    .object({
      NODE_ENV: text(),
      PORT: whole(4000, 0, 65535),
      HOST: text().refine((host) => host === undefined || isIP(host) !== 0 || /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host), {
        error: (issue) => `must be a host name or an IP address such as 127.0.0.1, got "${issue.input}"`,
      }),
      SIMULATORS: flag(undefined),
      LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
      LOG_FORMAT: oneOf(['json', 'pretty'] as const, 'json'),
      METRICS_TOKEN: text().refine((token) => token === undefined || token.length >= 16, { error: 'must be at least 16 characters' }),
      OTEL_EXPORTER_OTLP_ENDPOINT: url(),
      LANDING_PAGE: oneOf(['graphiql', 'sandbox', 'off'] as const, 'graphiql'),
      GRAPHQL_EXECUTOR: oneOf(['jit', 'graphql-js'] as const, 'jit'),
      SHUTDOWN_DRAIN_MS: whole(undefined, 0),
      REDIS_URL: text().refine((value) => value === undefined || /^rediss?:\/\//.test(value), { error: 'must start with redis:// or rediss://' }),
      DATABASE_URL: text().refine((value) => value === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
        // Never echo the value: it may hold a password.
        error: 'must be a PostgreSQL URL such as postgres://user@host:5432/database',
      }),
      PARTNER_LINKS_DIR: text().transform((value) => value ?? path.resolve('.data', 'partner-links')),
      PARTNER_LINKS_SCHEMA: text()
        .transform((value) => value ?? 'public')
        .refine((value) => /^[a-z_][a-z0-9_]{0,62}$/.test(value), {
          error: (issue) => `must be a PostgreSQL schema name of lower-case letters, digits and _, got "${String(issue.input)}"`,
        }),
      REDIS_CONNECT_TIMEOUT_MS: whole(50, 1, 60_000),
      REDIS_COMMAND_TIMEOUT_MS: whole(50, 1, 60_000),
      CACHE_TTL_ENTITY_SECONDS: whole(300, 0),
      CACHE_TTL_LIST_SECONDS: whole(60, 0),
      CACHE_TTL_REPORT_SECONDS: whole(60, 0),
      CACHE_TTL_CLICK_STREAM_SECONDS: whole(60, 0),
      CACHE_TTL_EXPORT_SECONDS: whole(5, 0),
      CACHE_TTL_CURSOR_SECONDS: whole(900, 0),
      CACHE_MAX_ENTRIES: whole(5000, 10),
      CACHE_MAX_BYTES: whole(undefined, 1024 * 1024),
      RESPONSE_CACHE: flag(true),
      RESPONSE_CACHE_MAX_BYTES: whole(1024 * 1024, 1),
      UPSTREAM_TIMEOUT_MS: whole(15000, 1),
      ...timeouts,
      EVERFLOW_CLICK_REQUEST_BUDGET: whole(40, 1),
      EVERFLOW_CLICK_CONCURRENCY: whole(4, 1, 32),
      REPORT_WALK_BUDGET: whole(50, 1),
      IREV_TIMEZONE: text()
        .transform((zone) => zone ?? 'UTC')
        .refine(isTimeZone, { error: (issue) => `must be an IANA time zone such as "Europe/Berlin", got "${issue.input}"` }),
      GATEWAY_API_KEYS: text()
        .transform((value) => (value === undefined ? [] : value.split(',').map((key) => key.trim())))
        .refine((keys) => keys.every((key) => key.length >= 16), { error: 'must be a comma-separated list of keys of at least 16 characters each' }),
      MAX_REQUEST_BYTES: whole(102_400, 1024),
      MAX_BATCH_OPERATIONS: whole(10, 1, 100),
      MAX_QUERY_DEPTH: whole(12, 2),
      MAX_QUERY_ALIASES: whole(30, 1),
      MAX_QUERY_COST: whole(50_000, 1),
      INTROSPECTION: flag(true),
      RETRY_LIMIT: whole(3, 0, 10),
      RETRY_BASE_DELAY_MS: whole(100, 1),
      REQUEST_BUDGET_MS: whole(25_000, 100),
      VENDOR_MAX_CONCURRENCY: whole(16, 1, 1000),
      CIRCUIT_FAILURE_THRESHOLD: whole(5, 1),
      CIRCUIT_COOLDOWN_MS: whole(10_000, 1),
      STALE_IF_ERROR_SECONDS: whole(3600, 0),
    })
    .loose();
}

/** A variable's text, trimmed; blank is absent. */
function text() {
  return z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined);
}

/** A whole number within [min, max], or `fallback` when absent. */
function whole<F extends number | undefined>(fallback: F, min: number, max = Number.MAX_SAFE_INTEGER) {
  return text().transform((value, ctx): number | F => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number, got "${value}"` });
      return z.NEVER;
    }
    const number = Number(value);
    if (number < min || number > max) {
      ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max}, got ${number}` });
      return z.NEVER;
    }
    return number;
  });
}

/** true/false (also 1/0, yes/no, on/off), or `fallback` when absent. */
function flag<F extends boolean | undefined>(fallback: F) {
  return text().transform((value, ctx): boolean | F => {
    const lower = value?.toLowerCase();
    if (lower === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    ctx.addIssue({ code: 'custom', message: `must be true or false, got "${value}"` });
    return z.NEVER;
  });
}

/** One of `values`, or `fallback` when absent. */
function oneOf<const V extends readonly string[]>(values: V, fallback: V[number]) {
  return text().transform((value, ctx): V[number] => {
    if (value === undefined) return fallback;
    if ((values as readonly string[]).includes(value)) return value as V[number];
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}, got "${value}"` });
    return z.NEVER;
  });
}

/** An absolute http(s) URL, when present. */
function url() {
  return text().refine((value) => value === undefined || /^https?:$/.test(safeUrl(value)?.protocol ?? ''), {
    error: (issue) => `must be an absolute http(s) URL, got "${issue.input}"`,
  });
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** A vendor's endpoint: both variables or neither (a credential alone takes the production URL). */
function vendorEndpoint(env: NodeJS.ProcessEnv, vendor: VendorKey, problems: { variable: string; message: string }[]): VendorEndpoint | undefined {
  const { env: names, defaultBaseUrl } = VENDORS[vendor];
  const value = (name: string) => env[name]?.trim() || undefined;
  const credential = value(names.credential);
  const baseUrl = value(names.baseUrl) ?? (credential ? defaultBaseUrl : undefined);
  const problem = (variable: string, message: string) => void problems.push({ variable, message });
  if (baseUrl === undefined && credential === undefined) return undefined;
  if (baseUrl === undefined) return problem(names.baseUrl, `is required when ${names.credential} is set`);
  if (credential === undefined) return problem(names.credential, `is required when ${names.baseUrl} is set`);
  const url = safeUrl(baseUrl);
  if (!url) return problem(names.baseUrl, `must be an absolute http(s) URL, got "${baseUrl}"`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return problem(names.baseUrl, `must use http or https, got "${url.protocol}"`);
  if (url.username || url.password) return problem(names.baseUrl, `must not contain credentials; use ${names.credential}`);
  if (/\s/.test(credential)) return problem(names.credential, 'must not contain whitespace');
  return { baseUrl: url.toString().replace(/\/+$/, ''), credential };
}
