/**
 * The gateway's Prometheus metrics (prom-client): one registry per gateway, so that several
 * gateways in one process (the tests) never share a series, and Node's default process metrics
 * once per process. Labels hold vendor keys, route templates, status codes and capped operation
 * names, never a credential or a credential hash. Recording is a counter or histogram update per
 * call; values that other parts already keep (the cache's counters, circuit states, bulkhead
 * queues) are read only when Prometheus scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GatewayCache } from '../cache/index.js';
import type { ResponseCache, ResponseCacheStats } from '../cache/responses.js';
import type { VendorKey } from '../vendors/registry.js';
import type { CircuitState, VendorChannel } from '../vendors/resilience.js';

/** How a GraphQL operation ended (`graphql_requests_total{outcome}`). */
export type GraphqlOutcome =
  /** No errors. */
  | 'success'
  /** Data and errors: some fields failed. */
  | 'partial'
  /** Executed, and no data at all (a non-null root field failed). */
  | 'error'
  /** Never executed: a document that does not parse or validate, variables that do not coerce, a limit. */
  | 'invalid';

/** What one attempt of an upstream call came to. */
export interface UpstreamAttempt {
  vendor: VendorKey;
  method: string;
  /** The route template (`/api/v2/publishers/:id`). */
  route: string;
  seconds: number;
  /** The HTTP status, when the vendor answered. */
  status?: number;
  /** No answer: the attempt timed out, or the connection failed. */
  failure?: 'timeout' | 'network';
  /** The answer's headers, for the rate-limit gauges. */
  headers?: Record<string, string | string[] | undefined>;
}

/** How operation names become label values: client-controlled, so bounded. */
export interface OperationLabelLimits {
  /** Distinct operation names kept; later new names count as "other". @default 100 */
  maxOperations?: number;
  /** Longer names count as "other". @default 64 */
  maxLength?: number;
}

const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'open', 'half-open'];

const USUAL_TRANSITIONS: readonly [CircuitState, CircuitState][] = [
  ['closed', 'open'],
  ['open', 'half-open'],
  ['half-open', 'closed'],
  ['half-open', 'open'],
];

/** One gateway's metrics. */
export class GatewayMetrics {
  /** This gateway's own series (the process metrics are apart, see `exposition`). */
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly maxOperations: number;
  private readonly maxLength: number;
  private readonly graphqlRequests: Counter<'operation' | 'outcome'>;
  private readonly graphqlDuration: Histogram<'operation'>;
  private readonly httpRequests: Counter<'handler' | 'status'>;
  private readonly upstreamDuration: Histogram<'vendor' | 'method' | 'route'>;
  private readonly upstreamRequests: Counter<'vendor' | 'method' | 'route' | 'status'>;
  private readonly upstreamRetries: Counter<'vendor' | 'method' | 'route'>;
  private readonly upstreamTimeouts: Counter<'vendor' | 'method' | 'route'>;
  private readonly circuitTransitions: Counter<'vendor' | 'from' | 'to'>;
  private readonly rateLimit: Record<'limit' | 'remaining' | 'reset' | 'retryAfter', Gauge<'vendor'>>;
  private channels?: Record<VendorKey, VendorChannel>;

  constructor(cache: GatewayCache, limits: OperationLabelLimits = {}) {
    this.maxOperations = getValidCount('maxOperations', limits.maxOperations ?? 100);
    this.maxLength = getValidCount('maxLength', limits.maxLength ?? 64);
    const registers = [this.registry];
    const seconds = (name: string, help: string, labelNames: string[], buckets: number[]) =>
      new Histogram({ name, help, labelNames, buckets, registers });

    this.graphqlRequests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL operations by operation name and outcome (success, partial, error, invalid).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.graphqlDuration = seconds(
      'graphql_request_duration_seconds',
      'Time from receiving a GraphQL operation to its response, by operation name.',
      ['operation'],
      REQUEST_BUCKETS,
    );
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by handler (graphql, health, ready, metrics) and status, rejections before GraphQL included.',
      labelNames: ['handler', 'status'],
      registers,
    });
    const upstream = ['vendor', 'method', 'route'];
    this.upstreamDuration = seconds(
      'upstream_request_duration_seconds',
      'Time of one upstream HTTP attempt, by vendor, method and route template.',
      upstream,
      UPSTREAM_BUCKETS,
    );
    this.upstreamRequests = new Counter({
      name: 'upstream_requests_total',
      help: 'Upstream HTTP attempts by vendor, method, route template and status (the HTTP status, "timeout" or "network").',
      labelNames: [...upstream, 'status'],
      registers,
    });
    this.upstreamRetries = new Counter({
      name: 'upstream_retries_total',
      help: 'Upstream attempts repeated after a transient failure.',
      labelNames: upstream,
      registers,
    });
    this.upstreamTimeouts = new Counter({
      name: 'upstream_timeouts_total',
      help: 'Upstream attempts that timed out.',
      labelNames: upstream,
      registers,
    });
    this.circuitTransitions = new Counter({
      name: 'upstream_circuit_transitions_total',
      help: "Changes of a vendor's circuit breaker state.",
      labelNames: ['vendor', 'from', 'to'],
      registers,
    });
    const vendorGauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['vendor'], registers });
    this.rateLimit = {
      limit: vendorGauge('upstream_rate_limit_limit', "The vendor's X-RateLimit-Limit, last seen (any tenant)."),
      remaining: vendorGauge('upstream_rate_limit_remaining', "The vendor's X-RateLimit-Remaining, last seen (any tenant)."),
      reset: vendorGauge(
        'upstream_rate_limit_reset_seconds',
        "Seconds until the vendor's rate-limit window resets (X-RateLimit-Reset), when last seen.",
      ),
      retryAfter: vendorGauge('upstream_retry_after_seconds', "The vendor's last Retry-After, in seconds."),
    };

    // Read at scrape time, from what the channels and the cache keep anyway.
    const channels = () => (this.channels ? (Object.entries(this.channels) as [VendorKey, VendorChannel][]) : []);
    new Gauge({
      name: 'upstream_circuit_state',
      help: "A vendor's circuit breaker: 1 for its current state (closed, open, half-open), 0 for the others.",
      labelNames: ['vendor', 'state'],
      registers,
      collect() {
        for (const [vendor, channel] of channels()) {
          const current = channel.breaker.state;
          for (const state of CIRCUIT_STATES) this.set({ vendor, state }, state === current ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'upstream_bulkhead_queue_length',
      help: "Calls waiting for a place in the vendor's bulkhead (VENDOR_MAX_CONCURRENCY).",
      labelNames: ['vendor'],
      registers,
      collect() {
        for (const [vendor, channel] of channels()) this.set({ vendor }, channel.limit.pendingCount);
      },
    });
    new Gauge({
      name: 'upstream_bulkhead_active',
      help: 'Calls in flight to the vendor.',
      labelNames: ['vendor'],
      registers,
      collect() {
        for (const [vendor, channel] of channels()) this.set({ vendor }, channel.limit.activeCount);
      },
    });
    const cacheCounter = (name: string, help: string, read: (stats: ReturnType<GatewayCache['stats']>) => number) =>
      scrapedCounter(this.registry, name, help, () => read(cache.stats()));
    cacheCounter('cache_hits_total', 'Reads answered from a fresh cached copy.', (stats) => stats.hits);
    cacheCounter('cache_misses_total', 'Reads that asked the vendor.', (stats) => stats.misses);
    cacheCounter(
      'cache_stale_served_total',
      'Misses answered with an expired copy because the vendor failed (STALE_DATA).',
      (stats) => stats.staleServed,
    );
    cacheCounter('cache_store_errors_total', 'Cache store operations that failed or timed out.', (stats) => stats.storeErrors);
    new Gauge({
      name: 'cache_store',
      help: 'Where the cache keeps entries: 1 for the current store (memory, redis, degraded), 0 for the others.',
      labelNames: ['store'],
      registers,
      collect() {
        const current = cache.stats().store;
        for (const store of ['memory', 'redis', 'degraded'] as const) this.set({ store }, store === current ? 1 : 0);
      },
    });
    new Gauge({
      name: 'cache_memory_bytes',
      help: 'Estimated bytes held by the in-memory store (the cache, or the stand-in for Redis).',
      registers,
      collect() {
        this.set(cache.stats().memory?.bytes ?? 0);
      },
    });
    new Gauge({
      name: 'cache_memory_entries',
      help: 'Entries held by the in-memory store.',
      registers,
      collect() {
        this.set(cache.stats().memory?.entries ?? 0);
      },
    });
  }

  /** Reads the response cache's counters at scrape time. */
  watchResponses(responses: ResponseCache): void {
    const counter = (name: string, help: string, read: (stats: ResponseCacheStats) => number) =>
      scrapedCounter(this.registry, name, help, () => read(responses.stats()));
    counter('response_cache_hits_total', 'Requests answered from the response cache, before GraphQL ran.', (stats) => stats.hits);
    counter('response_cache_misses_total', 'Requests the response cache had no valid answer for.', (stats) => stats.misses);
    counter('response_cache_stores_total', 'Answers stored in the response cache.', (stats) => stats.stored);
  }

  /** Reads the circuits and bulkheads of these channels at scrape time, and counts their circuits' transitions. */
  watchChannels(channels: Record<VendorKey, VendorChannel>): void {
    this.channels = channels;
    for (const [vendor, channel] of Object.entries(channels)) {
      channel.breaker.onTransition((from, to) => this.circuitTransitions.inc({ vendor, from, to }));
      // The usual transitions appear from the first scrape on, at 0 until they happen (open -> closed,
      // a call sent before the circuit opened that then succeeds, appears when it does).
      for (const [from, to] of USUAL_TRANSITIONS) this.circuitTransitions.inc({ vendor, from, to }, 0);
    }
  }

  /**
   * The label of an operation name: "anonymous" without one; "other" for a name that is not a
   * GraphQL name, is longer than `maxLength`, or is new once `maxOperations` names are kept.
   */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (name.length > this.maxLength || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(name) || this.operations.size >= this.maxOperations) return 'other';
    this.operations.add(name);
    return name;
  }

  /** Records one GraphQL operation. */
  graphqlRequest(operationName: string | null | undefined, outcome: GraphqlOutcome, seconds: number): void {
    const operation = this.operationLabel(operationName);
    this.graphqlRequests.inc({ operation, outcome });
    this.graphqlDuration.observe({ operation }, seconds);
  }

  /** Records one finished HTTP request. */
  httpRequest(handler: string, status: number): void {
    this.httpRequests.inc({ handler, status: String(status) });
  }

  /** Records one upstream attempt, and the vendor's rate-limit headers if it sent any. */
  upstreamAttempt(attempt: UpstreamAttempt): void {
    const labels = { vendor: attempt.vendor, method: attempt.method, route: attempt.route };
    this.upstreamDuration.observe(labels, attempt.seconds);
    this.upstreamRequests.inc({ ...labels, status: attempt.status !== undefined ? String(attempt.status) : (attempt.failure ?? 'network') });
    if (attempt.failure === 'timeout') this.upstreamTimeouts.inc(labels);
    if (attempt.headers) this.rateLimits(attempt.vendor, attempt.headers);
  }

  /** Records that an upstream attempt is repeated. */
  upstreamRetry(vendor: VendorKey, method: string, route: string): void {
    this.upstreamRetries.inc({ vendor, method, route });
  }

  /** The text Prometheus scrapes: the process metrics, then this gateway's. */
  async exposition(): Promise<string> {
    return (await processRegistry().metrics()) + (await this.registry.metrics());
  }

  /** The exposition's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  // Private:

  private rateLimits(vendor: VendorKey, headers: Record<string, string | string[] | undefined>): void {
    const number = (name: string): number | undefined => {
      const raw = headers[name];
      const value = Array.isArray(raw) ? raw[0] : raw;
      return value !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
    };
    const limit = number('x-ratelimit-limit');
    const remaining = number('x-ratelimit-remaining');
    const reset = number('x-ratelimit-reset');
    if (limit !== undefined) this.rateLimit.limit.set({ vendor }, limit);
    if (remaining !== undefined) this.rateLimit.remaining.set({ vendor }, remaining);
    // Vendors send either seconds to wait or the epoch second of the reset; past 10^9 it is the latter.
    if (reset !== undefined) this.rateLimit.reset.set({ vendor }, reset > 1e9 ? Math.max(0, reset - Date.now() / 1000) : reset);
    const retryAfter = headers['retry-after'];
    const value = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
    if (value) {
      const seconds = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
      if (!Number.isNaN(seconds)) this.rateLimit.retryAfter.set({ vendor }, Math.max(0, seconds));
    }
  }
}

// Private:

const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25];
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

let defaults: Registry | undefined;

/** Node's default metrics (CPU, memory, event loop, GC), collected once per process whatever the number of gateways. */
function processRegistry(): Registry {
  if (!defaults) {
    defaults = new Registry();
    collectDefaultMetrics({ register: defaults });
  }
  return defaults;
}

function getValidCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a whole number of at least 1, got ${value}`);
  return value;
}

/** A counter whose value is read from a running total (`total`) whenever /metrics is scraped. */
function scrapedCounter(registry: Registry, name: string, help: string, total: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(total());
    },
  });
}
