/**
 * Route templates for metrics and traces: `/api/v2/publishers/:id` rather than the path with the
 * id in it, so that a label's values stay few. They are derived from each vendor's route table
 * (its client's `*_ROUTES`), the one place requests are built, so no template is written twice.
 */

/** A vendor's route table: paths, functions of ids that build paths, or groups of either. */
export interface RouteTable {
  readonly [name: string]: string | ((...ids: never[]) => string) | RouteTable;
}

/** Turns a request path (without the prefix) into its template, with the prefix. */
export type RouteTemplater = (path: string) => string;

/**
 * The templater of a route table under a path prefix (Integr8's `/api/v2`). A path the table
 * builds becomes its template, each argument `:id`, literal routes before parametrised ones
 * (`/clicks/stream` is not `/clicks/:id`). A path the table does not know (a route added without
 * its table entry) is normalised instead: every segment with a digit (but `v1`, `v2`, ...) or
 * over 24 characters becomes `:id`. Templaters are made once per table and prefix.
 */
export function routeTemplater(table: RouteTable, prefix = ''): RouteTemplater {
  let byPrefix = templaters.get(table);
  if (!byPrefix) templaters.set(table, (byPrefix = new Map()));
  let templater = byPrefix.get(prefix);
  if (!templater) byPrefix.set(prefix, (templater = compile(table, prefix)));
  return templater;
}

/** The normalised form of a path no table names (see routeTemplater). */
export function normalizePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^v\d+$/.test(segment) || (!/\d/.test(segment) && segment.length <= 24) ? segment : ':id'))
    .join('/');
}

// Private:

const templaters = new WeakMap<RouteTable, Map<string, RouteTemplater>>();

/** Stands in for an argument while a route function is called to see its template; survives encodeURIComponent. */
const PLACEHOLDER = '__route_param__';

interface CompiledRoute {
  pattern: RegExp;
  template: string;
  params: number;
}

function compile(table: RouteTable, prefix: string): RouteTemplater {
  const literal = new Map<string, string>();
  const patterns: CompiledRoute[] = [];
  const walk = (node: RouteTable): void => {
    for (const route of Object.values(node)) {
      if (typeof route === 'string') literal.set(route, prefix + route);
      else if (typeof route === 'function') {
        const built = (route as (...ids: string[]) => string)(...Array.from({ length: route.length }, () => PLACEHOLDER));
        const parts = built.split(PLACEHOLDER);
        const source = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
        patterns.push({ pattern: new RegExp(`^${source}$`), template: prefix + parts.join(':id'), params: parts.length - 1 });
      } else walk(route);
    }
  };
  walk(table);
  // The most specific first: `/offers/status` (one parameter) before `/offers/:id` (two).
  patterns.sort((a, b) => a.params - b.params || b.template.length - a.template.length);
  return (path) => literal.get(path) ?? patterns.find((route) => route.pattern.test(path))?.template ?? prefix + normalizePath(path);
}
