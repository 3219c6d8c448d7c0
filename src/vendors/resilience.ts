import http from 'node:http';
import https from 'node:https';
import { HTTPError, RequestError, TimeoutError } from 'got';
import pLimit, { type LimitFunction } from 'p-limit';

/**
 * What protects the gateway from one vendor, shared by every credential's client of that
 * vendor: a bulkhead (bounded calls in flight), a circuit breaker, and keep-alive agents.
 */
export interface VendorChannel {
  limit: LimitFunction;
  breaker: CircuitBreaker;
  agent: { http: http.Agent; https: https.Agent };
}

/** Creates a vendor's channel. */
export function createChannel(options: { concurrency: number; failures: number; cooldownMs: number }): VendorChannel {
  return {
    limit: pLimit(options.concurrency),
    breaker: new CircuitBreaker(options.failures, options.cooldownMs),
    agent: {
      http: new http.Agent({ keepAlive: true, maxSockets: options.concurrency }),
      https: new https.Agent({ keepAlive: true, maxSockets: options.concurrency }),
    },
  };
}

/** A circuit's state: closed (calls pass), open (calls fail fast), half-open (one probe call may pass). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Leave to make one call: `probe` marks the single call let through while half-open. */
export interface Permit {
  probe: boolean;
  /** Which probe this is, so that only its holder can release it. */
  readonly ticket: number;
}

/**
 * Closed: calls pass. After `threshold` consecutive failures it opens: calls fail fast for
 * `cooldownMs`. Then one call is let through as a probe (half-open): success closes the
 * circuit, failure opens it again, and a probe that is never sent (its request's time budget
 * ran out, or it waited too long for the bulkhead) is released so that the next call probes.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  /** The ticket of the probe in flight, 0 when none. */
  private probeTicket = 0;
  private tickets = 0;
  /** The state last reported to the transition listeners. */
  private reported: CircuitState = 'closed';
  private readonly listeners: ((from: CircuitState, to: CircuitState) => void)[] = [];

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Leave for one call, or null while the circuit is open (or half-open with a probe out). */
  acquire(): Permit | null {
    if (this.failures < this.threshold) return { probe: false, ticket: 0 };
    if (this.now() - this.openedAt < this.cooldownMs || this.probeTicket !== 0) return null;
    this.probeTicket = ++this.tickets;
    this.report();
    return { probe: true, ticket: this.probeTicket };
  }

  /** Whether a call may go out now; a true answer in half-open state makes that call the probe. */
  allow(): boolean {
    return this.acquire() !== null;
  }

  /** Gives back a permit whose call was never sent; a released probe lets the next call probe. */
  release(permit: Permit): void {
    if (permit.probe && this.probeTicket === permit.ticket) this.probeTicket = 0;
  }

  /** Milliseconds until the open circuit lets a probe through (0 when closed). */
  retryInMs(): number {
    return this.failures < this.threshold ? 0 : Math.max(0, this.cooldownMs - (this.now() - this.openedAt));
  }

  success(): void {
    this.failures = 0;
    this.probeTicket = 0;
    this.report();
  }

  failure(): void {
    this.probeTicket = 0;
    this.failures++;
    if (this.failures >= this.threshold) this.openedAt = this.now();
    this.report();
  }

  get state(): CircuitState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() - this.openedAt < this.cooldownMs ? 'open' : 'half-open';
  }

  /**
   * Calls `listener` at every change of state, as calls see it: closed -> open at the failure
   * that reaches the threshold, open -> half-open when the probe is let through, then half-open
   * -> closed or -> open by the probe's outcome (metrics count them).
   */
  onTransition(listener: (from: CircuitState, to: CircuitState) => void): void {
    this.listeners.push(listener);
  }

  // Private:

  private report(): void {
    const state = this.state;
    if (state === this.reported) return;
    const from = this.reported;
    this.reported = state;
    for (const listener of this.listeners) listener(from, state);
  }
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const RETRY_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_GOT_REQUEST_ERROR',
]);

/** Whether a failed attempt may be repeated: throttling, gateway errors, lost connections, timeouts. */
export function isTransient(error: unknown): boolean {
  if (error instanceof HTTPError) return RETRY_STATUSES.has(error.response.statusCode);
  if (error instanceof TimeoutError) return true;
  return error instanceof RequestError && RETRY_CODES.has(error.code);
}

/** Whether a failure says the vendor is unwell (counts toward opening its circuit): 5xx, timeouts, lost connections. */
export function isOutage(error: unknown): boolean {
  if (error instanceof HTTPError) return error.response.statusCode >= 500;
  if (error instanceof TimeoutError) return true;
  return error instanceof RequestError && RETRY_CODES.has(error.code);
}

/** The delay a 429/503 asks for in `Retry-After` (seconds or an HTTP date), in ms; undefined when absent. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!(error instanceof HTTPError)) return undefined;
  const header = error.response.headers['retry-after'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random delay up to base * 2^attempt. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  return Math.round(random() * baseMs * 2 ** attempt);
}
