import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';

/** A warning the response carries in `extensions.warnings` (stale data served, for example). */
export interface ResponseWarning {
  code: string;
  message: string;
  vendor?: string;
  ageSeconds?: number;
}

/** What one HTTP request did, for its access-log line; shared by the operations of a batch. */
export interface RequestTally {
  /** Upstream HTTP calls sent (each retry is one more). */
  upstreamCalls: number;
  cacheHits: number;
  cacheMisses: number;
  /** The names of the GraphQL operations run (null for an anonymous one), in the order they finished. */
  operations: (string | null)[];
}

/** What every upstream call of one GraphQL request shares. */
export interface RequestScope {
  /** When the request's time budget for vendor calls (retries included) runs out (ms epoch). */
  deadline: number;
  warnings: ResponseWarning[];
  /** The request's id (`X-Request-Id`): every log line written while it runs carries it. */
  requestId?: string;
  /** What the request did, for its access-log line. */
  tally?: RequestTally;
  /** With tracing on, the caller's trace context (its `traceparent`), parent of the operations' spans. */
  trace?: Context;
  /**
   * Set when Apollo answered a GraphQL request error (a document that does not parse or
   * validate, variables that do not coerce) with 400: the HTTP layer decides the final status
   * from the media type of the answer (see `graphqlStatus`).
   */
  requestError?: boolean;
  /**
   * With the response cache on (src/cache/responses.ts): every cached read the request made,
   * with the generation its key had and how long its value stays fresh. A response is stored
   * only if this list says every vendor read it used is cached, for the shortest of their times.
   */
  reads?: ReadRecord[];
  /** A vendor call outside the read cache (a signed URL, a click-stream page): the response is not stored. */
  uncached?: boolean;
  /** Set by the response cache's plugin: the answer is a query's whole result, with no error and no warning. */
  storable?: boolean;
}

/** One cached read of a request: its resource's generation key, the generation it read, and the seconds its value stays fresh. */
export interface ReadRecord {
  generationKey: string;
  generation: string | number;
  /** The cache's store switch count when the key was made: the generation belongs to that store. */
  at: number;
  /** 0 when the read was not cached at all (its kind's TTL is 0, or the answer was refused). */
  freshSeconds: number;
}

/**
 * The current GraphQL request, available to code far below the resolvers (the HTTP core, the
 * cache) without threading it through every call: Node carries it across awaits.
 */
export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Records a warning on the current request (ignored outside one), once per distinct message. */
export function warn(warning: ResponseWarning): void {
  const scope = requestScope.getStore();
  if (scope && !scope.warnings.some((w) => w.message === warning.message)) scope.warnings.push(warning);
}

/** Counts one event of the current request for its access-log line (ignored outside one). */
export function tally(event: 'upstreamCalls' | 'cacheHits' | 'cacheMisses'): void {
  const counts = requestScope.getStore()?.tally;
  if (counts) counts[event]++;
}

/** Records a cached read on the current request, when the response cache follows it. */
export function noteRead(read: ReadRecord): void {
  requestScope.getStore()?.reads?.push(read);
}

/** Marks the current request's response as one never to store (a vendor call outside the read cache). */
export function noteUncached(): void {
  const scope = requestScope.getStore();
  if (scope?.reads) scope.uncached = true;
}
