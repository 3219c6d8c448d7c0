import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { compiledExecution } from './execution.js';
import type { TracerProvider } from '@opentelemetry/api';
import {
  GraphQLError,
  Kind,
  parse,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type Source,
  type ValueNode,
} from 'graphql';
import { createCache, hashValue, type GatewayCache } from './cache/index.js';
import { ResponseCache, responseCachePlugin } from './cache/responses.js';
import type { Config } from './config.js';
import { createContext, type Context } from './context.js';
import { GatewayError } from './errors.js';
import { SqlLinkStore, type PartnerLinkStore } from './links/store.js';
import { tenantsOf } from './links/tenant.js';
import { LIMIT_CODE, MAX_TOKENS, queryLimits } from './limits.js';
import { log } from './log.js';
import { takePartialErrors } from './partialErrors.js';
import { requestScope } from './requestScope.js';
import { resolvers } from './resolvers/index.js';
import http from 'node:http';
import { graphqlHandler, listen } from './httpServer.js';
import { requestErrorPlugin } from './httpStatus.js';
import { createIde } from './ide/index.js';
import { operationalRoutes } from './observability/endpoints.js';
import { observabilityPlugin } from './observability/graphql.js';
import { GatewayMetrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing.js';
import { upstreamTelemetry } from './observability/upstream.js';
import { VendorClientPool, type Endpoints } from './vendors/index.js';

export type { Endpoints };

/** A running gateway. */
export interface GatewayServer {
  url: string;
  cache: GatewayCache;
  /** The whole-response cache; none when RESPONSE_CACHE is off. */
  responses?: ResponseCache;
  /** Where the partner links are stored; opened (and migrated) on first use or by `open()`. */
  partnerLinks: SqlLinkStore;
  /**
   * Starts shutting down: `/ready` answers 503 `shutting-down` from now on, so that load
   * balancers stop sending requests, while requests keep being served until `stop()`.
   */
  beginShutdown(): void;
  /** Stops serving (Apollo drains requests in flight), exports the spans still buffered, closes the cache it made. */
  stop(): Promise<void>;
  /**
   * The graceful stop, for SIGTERM: `beginShutdown()`, then the requests in flight finish, for
   * `drainMs` at most. Meanwhile the listener stays open (a load balancer may still send a request
   * before it has seen `/ready` fail; it is served) and every answer carries `Connection: close`,
   * so that kept-alive connections end. Once no request is left, or when `drainMs` is over (the
   * connections still open are then cut), `stop()`: new connections are refused. Resolves with
   * whether every request finished, and how many were cut.
   */
  shutdown(drainMs?: number): Promise<{ drained: boolean; cut: number }>;
}

/** The executable schema: the SDL files in `schema/` with the resolvers. */
export function createSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: schemaSources(), resolvers });
}

/** The SDL files of `schema/`, in name order. */
function schemaSources(): string[] {
  const dir = schemaDirectory();
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}

/**
 * What a response depends on besides the request and the tenant: the schema and the settings
 * that shape answers or refuse queries. Part of every response-cache key, so that instances that
 * share Redis but differ here never serve each other's answers (one with lower limits would
 * otherwise serve a query it refuses).
 */
function responseFingerprint(config: Config): string {
  const { apiKeys: _apiKeys, ...limits } = config.limits;
  return hashValue({
    schema: schemaSources(),
    limits,
    maxTokens: MAX_TOKENS,
    introspection: config.introspection,
    irevTimezone: config.irevTimezone,
    everflowClicks: config.everflowClicks,
    reportWalkBudget: config.reportWalkBudget,
  });
}

/**
 * Starts the gateway's HTTP server: Apollo Server, and on a browser's GET the page
 * `config.landingPage` names (the gateway's own GraphiQL, Apollo Sandbox, or none).
 */
export async function startGateway(
  config: Config,
  endpoints: Endpoints,
  options: {
    port?: number;
    cache?: GatewayCache;
    /** Traces go to this provider (tests: an in-memory exporter) instead of OTEL_EXPORTER_OTLP_ENDPOINT's collector. */
    tracerProvider?: TracerProvider;
    /** A link store to use instead of the configured one (not closed on stop). */
    partnerLinks?: SqlLinkStore;
  } = {},
): Promise<GatewayServer> {
  const cache =
    options.cache ??
    createCache(config.cacheTtlSeconds, {
      redisUrl: config.redisUrl,
      staleIfErrorSeconds: config.resilience.staleIfErrorSeconds,
      maxEntries: config.cacheMaxEntries,
      maxBytes: config.cacheMaxBytes,
      redisTimeouts: config.redisTimeouts,
    });
  const partnerLinks = options.partnerLinks ?? new SqlLinkStore(config.partnerLinks);
  const linkStore: PartnerLinkStore = partnerLinks;
  const metrics = new GatewayMetrics(cache);
  const responses = config.responseCache.enabled
    ? new ResponseCache(cache, { endpoints, fingerprint: responseFingerprint(config), maxBytes: config.responseCache.maxBytes })
    : undefined;
  if (responses) metrics.watchResponses(responses);
  const tracing = await createTracing({ endpoint: config.otlpEndpoint, provider: options.tracerProvider });
  const clients = new VendorClientPool(endpoints, cache, config.resilience, { telemetry: upstreamTelemetry(metrics, tracing) });
  metrics.watchChannels(clients.channels);
  let shuttingDown = false;
  const httpServer = http.createServer();
  const inFlight = trackRequests(httpServer, () => shuttingDown);
  const limits = queryLimits(config.limits);
  const apollo = new ApolloServer<Context>({
    validationRules: limits.validationRules,
    parseOptions: { maxTokens: MAX_TOKENS },
    ...(config.executor === 'jit' ? { gateway: compiledExecution(createSchema()) } : { schema: createSchema() }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    allowBatchedHttpRequests: true,
    // src/index.ts owns SIGTERM and SIGINT (drain, then exit 0); Apollo's own handlers would stop
    // it early, and add two process listeners per gateway.
    stopOnTerminationSignals: false,
    // In the gateway's cache, so with REDIS_URL every instance knows the queries any one registered.
    persistedQueries: { cache: cache.keyValue('apollo', APQ_TTL_SECONDS) },
    plugins: [
      ...limits.plugins,
      warningsPlugin,
      partialErrorsPlugin,
      requestErrorPlugin,
      responseCachePlugin,
      observabilityPlugin(metrics, tracing),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's cache-control hints are not used (the gateway caches vendor reads itself), and
      // the plugin's hook on every field cost about 2% of a list's CPU.
      ApolloServerPluginCacheControlDisabled(),
      // GraphiQL is served by the HTTP layer (src/ide), before Apollo; Sandbox by Apollo's own plugin.
      config.landingPage === 'sandbox' ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const tenantOf = tenantsOf(endpoints);
  httpServer.on(
    'request',
    graphqlHandler(
      apollo,
      { ...config.limits, requestBudgetMs: config.resilience.requestBudgetMs },
      async (credentials) => createContext(clients.get(credentials), cache, config, { store: linkStore, tenant: tenantOf(credentials) }),
      {
        ide: config.landingPage === 'graphiql' ? createIde({ apiKeysRequired: config.limits.apiKeys.length > 0 }) : undefined,
        responses,
        observability: {
          routes: operationalRoutes({
            metrics,
            metricsToken: config.metricsToken,
            shuttingDown: () => shuttingDown,
            cacheStore: () => cache.stats().store,
            circuit: (vendor) => clients.channels[vendor].breaker.state,
            configured: (vendor) => endpoints[vendor] !== undefined,
          }),
          extractTrace: tracing && ((headers) => tracing.extract(headers)),
          finished: (handler, status) => metrics.httpRequest(handler, status),
        },
      },
    ),
  );
  const url = await listen(httpServer, options.port ?? config.port, config.host);
  const gateway: GatewayServer = {
    url,
    cache,
    responses,
    partnerLinks,
    beginShutdown() {
      shuttingDown = true;
    },
    async stop() {
      shuttingDown = true;
      await apollo.stop();
      await tracing?.shutdown();
      if (!options.cache) await cache.close();
      if (!options.partnerLinks) await partnerLinks.close();
    },
    async shutdown(drainMs = config.shutdownDrainMs) {
      gateway.beginShutdown();
      const drained = await inFlight.idle(drainMs);
      const cut = inFlight.count();
      // Past the drain time: what is still open is cut now, rather than after Apollo's own grace period.
      if (!drained) httpServer.closeAllConnections();
      await gateway.stop();
      return { drained, cut };
    },
  };
  return gateway;
}

/**
 * Counts the requests in flight on `server` (from their arrival to the end of their answer) and,
 * once `closing()` holds, marks every answer `Connection: close`.
 */
function trackRequests(server: http.Server, closing: () => boolean): { count(): number; idle(timeoutMs: number): Promise<boolean> } {
  let count = 0;
  const waiters = new Set<() => void>();
  server.on('request', (_req, res: http.ServerResponse) => {
    count++;
    if (closing()) res.setHeader('connection', 'close');
    res.once('close', () => {
      if (--count === 0) for (const wake of waiters) wake();
    });
  });
  return {
    count: () => count,
    /** Resolves true once no request is in flight, or false after `timeoutMs`. */
    idle: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        if (count === 0) return resolve(true);
        const done = (drained: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(drained);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(wake);
      }),
  };
}

/** How long a registered persisted query is kept; a client whose hash was forgotten sends the query again. */
const APQ_TTL_SECONDS = 86_400;

/** Puts the warnings recorded during a request (stale data served, ...) into `extensions.warnings`. */
const warningsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const warnings = requestScope.getStore()?.warnings;
        if (!warnings?.length || response.body.kind !== 'single') return;
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, warnings };
      },
    };
  },
};

/** Adds the errors recorded beside data (a merged list's failed vendor, see partialErrors.ts) to the response's `errors`. */
const partialErrorsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        const errors = takePartialErrors(contextValue);
        if (errors.length === 0 || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        result.errors = [...(result.errors ?? []), ...errors.map((error) => formatError(error.toJSON(), error))];
      },
    };
  },
};

/** Apollo's own codes the gateway passes through unchanged. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Maps every error to what a client may see: gateway errors keep their message and code, and
 * anything unexpected is masked as INTERNAL_SERVER_ERROR and logged. A value of the wrong format
 * (a scalar that does not parse, an unknown enum value, a wrong type, a missing or unknown input
 * field) is BAD_USER_INPUT, whether it came as a literal (a validation error) or in a variable
 * (a coercion error), and so is an argument the gateway refuses before any vendor call; each
 * names the argument and the input field path in `extensions` (see `inputLocation`):
 * `{ code: 'BAD_USER_INPUT', argument: 'input', field: ['input', 'country'] }`.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) {
    const { field, ...extensions } = original.extensions;
    const at = original.code === 'BAD_USER_INPUT' && typeof field === 'string' ? argumentLocation(field) : field ? { field } : {};
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...extensions, ...at } };
  }
  const code = formatted.extensions?.code;
  if (/^Syntax Error: Document contains more tha[nt] \d+ tokens/.test(formatted.message)) {
    return {
      message: `The document has over ${MAX_TOKENS} tokens; send a smaller query.`,
      locations: formatted.locations,
      extensions: { code: LIMIT_CODE },
    };
  }
  if (code === LIMIT_CODE || /limit of \d+ exceeded/.test(formatted.message)) {
    // graphql-armor reports its limits as syntax or validation errors; one code for every limit.
    return { message: formatted.message.replace(/^Syntax Error: /, ''), locations: formatted.locations, extensions: { code: LIMIT_CODE } };
  }
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const at =
      (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_USER_INPUT') && error instanceof GraphQLError ? inputLocation(error, code) : null;
    const { message, locations, path } = formatted;
    if (at) return { message, locations, ...(path && { path }), extensions: { code: 'BAD_USER_INPUT', ...at } };
    return { ...formatted, extensions: { code } };
  }
  if (formatted.message === 'provided sha does not match query') {
    // Apollo's persisted-query check leaves this one without a code.
    return { message: 'The persisted query hash does not match the query; send the sha256 of the query text.', extensions: { code: 'BAD_REQUEST' } };
  }
  log.error('internal error', {
    error: original instanceof Error ? `${original.name}: ${original.message}` : String(original),
    path: formatted.path,
  });
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

// Private: where a wrong input value sits

/** The argument a wrong value came in, and the path of the value from that argument on (list indexes as text, as in UserError.field). */
interface InputLocation {
  argument: string;
  field: string[];
}

/**
 * Where in the operation's arguments the value of a validation or variable-coercion error
 * lies; null when the error is not about a value in an argument (an unknown argument, a
 * variable declared with the wrong type, a missing required argument: document errors that stay
 * GRAPHQL_VALIDATION_FAILED).
 *
 * - A literal (`ValuesOfCorrectTypeRule`): the error's node is the value, found again in the
 *   re-parsed document by its kind and offset; the path runs from the argument through object
 *   fields and list indexes.
 * - A variable (`Variable "$input" got invalid value "xx" at "input.country"; ...`): graphql-js
 *   appends the inner error's message to a prefix whose value part is free text, so the prefix
 *   is cut off by the inner message (`originalError`), then the quoted path is read from its
 *   end; the variable's first use in an argument gives the argument and the path to the variable.
 *
 * A missing required input field (`Field "email" of required type ...`) and an unknown one
 * (`Field "foo" is not defined by type ...`) are reported at their object: the field is added.
 */
/** The documents errors came from, parsed once per request's Source however many errors it has. */
const parsedSources = new WeakMap<Source, DocumentNode | null>();

function parsedSource(source: Source): DocumentNode | null {
  let document = parsedSources.get(source);
  if (document === undefined) {
    try {
      document = parse(source.body);
    } catch {
      document = null;
    }
    parsedSources.set(source, document);
  }
  return document;
}

function inputLocation(error: GraphQLError, code: 'GRAPHQL_VALIDATION_FAILED' | 'BAD_USER_INPUT'): InputLocation | null {
  const source = error.source;
  if (!source?.body) return null;
  const document = parsedSource(source);
  if (!document) return null;
  // Apollo reports a variable's coercion errors as BAD_USER_INPUT, a literal's as validation errors.
  if (code === 'BAD_USER_INPUT') {
    const variable = /^Variable "\$(\w+)" (?:got invalid value|of required type|of non-null type)/.exec(error.message);
    if (!variable) return null;
    const name = variable[1];
    const inner = error.originalError && error.originalError !== error ? error.originalError.message : '';
    const head = inner && error.message.endsWith(`; ${inner}`) ? error.message.slice(0, -inner.length - 2) : error.message;
    const quoted = / at "([^"]*)"$/.exec(head)?.[1];
    const below = quoted !== undefined && quoted.startsWith(name) ? pathSegments(quoted.slice(name.length)) : [];
    const use = argumentPaths(document).find((entry) => entry.node.kind === Kind.VARIABLE && entry.node.name.value === name);
    return use ? located([...use.path, ...below, ...namedField(inner || error.message, true)]) : null;
  }
  const node = error.nodes?.[0];
  if (!node?.loc || node.kind === Kind.VARIABLE) return null;
  const { kind, loc } = node;
  const found = argumentPaths(document).find((entry) => entry.node.kind === kind && entry.node.loc?.start === loc.start);
  return found ? located([...found.path, ...namedField(error.message, false)]) : null;
}

/**
 * The input field a "not provided" message names (`Field "Type.field" of required type` in
 * literals, `Field "field" ...` in variables), and with `unknown` an "is not defined" one, as a
 * path step: those errors sit at the object. A literal's unknown field is its own node already.
 */
function namedField(message: string, unknown: boolean): string[] {
  const match = /^Field "(?:\w+\.)?(\w+)" (of required type|is not defined by type)/.exec(message);
  return match && (unknown || match[2] === 'of required type') ? [match[1]] : [];
}

/** `.clicks[0].ip` as `["clicks", "0", "ip"]`. */
function pathSegments(path: string): string[] {
  return [...path.matchAll(/\.(\w+)|\[(\d+)\]/g)].map((match) => match[1] ?? match[2]);
}

/** A gateway error's `field` (`source.everflow.exclusions[0].values`) as an InputLocation. */
function argumentLocation(field: string): InputLocation {
  const [argument = field, ...rest] = pathSegments(`.${field}`);
  return { argument, field: [argument, ...rest] };
}

function located(path: string[]): InputLocation | null {
  return path.length > 0 ? { argument: path[0], field: path } : null;
}

/** Every value node in the document's arguments (of fields and directives), with its path from the argument, in document order. */
function argumentPaths(document: DocumentNode): { node: ASTNode; path: string[] }[] {
  const out: { node: ASTNode; path: string[] }[] = [];
  const walk = (node: ValueNode, path: string[]): void => {
    out.push({ node, path });
    if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) {
        const at = [...path, field.name.value];
        out.push({ node: field, path: at });
        walk(field.value, at);
      }
    } else if (node.kind === Kind.LIST) node.values.forEach((value, i) => walk(value, [...path, String(i)]));
  };
  visit(document, { Argument: (argument) => walk(argument.value, [argument.name.value]) });
  return out;
}

/** `schema/` of the project, from the sources (src/) or the build (dist/src/). */
function schemaDirectory(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'schema', 'schema.graphql'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('schema/schema.graphql not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return path.join(dir, 'schema');
}
