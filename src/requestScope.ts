import { AsyncLocalStorage } from 'node:async_hooks';

/** A warning the response carries in `extensions.warnings` (stale data served, for example). */
export interface ResponseWarning {
  code: string;
  message: string;
  vendor?: string;
  ageSeconds?: number;
}

/** What every upstream call of one GraphQL request shares. */
export interface RequestScope {
  /** When the request's time budget for vendor calls (retries included) runs out (ms epoch). */
  deadline: number;
  warnings: ResponseWarning[];
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
