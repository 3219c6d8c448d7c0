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
