import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { createCache, type GatewayCache } from './cache/index.js';
import type { Config } from './config.js';
import { createContext, type Context } from './context.js';
import { GatewayError } from './errors.js';
import { LIMIT_CODE, MAX_TOKENS, queryLimits } from './limits.js';
import { log } from './log.js';
import { requestScope } from './requestScope.js';
import { resolvers } from './resolvers/index.js';
import http from 'node:http';
import { graphqlHandler, listen } from './httpServer.js';
import { VendorClientPool, type Endpoints } from './vendors/index.js';

export type { Endpoints };

/** A running gateway. */
export interface GatewayServer {
  url: string;
  cache: GatewayCache;
  stop(): Promise<void>;
}

/** The executable schema: the SDL files in `schema/` with the resolvers. */
export function createSchema(): GraphQLSchema {
  const dir = schemaDirectory();
  const typeDefs = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
  return makeExecutableSchema({ typeDefs, resolvers });
}

/** Starts the gateway's HTTP server (Apollo Server, Sandbox on GET). */
export async function startGateway(
  config: Config,
  endpoints: Endpoints,
  options: { port?: number; cache?: GatewayCache } = {},
): Promise<GatewayServer> {
  const cache =
    options.cache ??
    createCache(config.cacheTtlSeconds, {
      redisUrl: config.redisUrl,
      staleIfErrorSeconds: config.resilience.staleIfErrorSeconds,
      maxEntries: config.cacheMaxEntries,
    });
  const clients = new VendorClientPool(endpoints, cache, config.resilience);
  const httpServer = http.createServer();
  const limits = queryLimits(config.limits);
  const apollo = new ApolloServer<Context>({
    validationRules: limits.validationRules,
    parseOptions: { maxTokens: MAX_TOKENS },
    schema: createSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    allowBatchedHttpRequests: true,
    plugins: [
      ...limits.plugins,
      warningsPlugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  httpServer.on(
    'request',
    graphqlHandler(apollo, { ...config.limits, requestBudgetMs: config.resilience.requestBudgetMs }, async (credentials) =>
      createContext(clients.get(credentials), cache, config),
    ),
  );
  const url = await listen(httpServer, options.port ?? config.port, config.host);
  return {
    url,
    cache,
    async stop() {
      await apollo.stop();
      if (!options.cache) await cache.close();
    },
  };
}

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
 * Validation messages about a literal of the wrong shape: graphql-js's own, and those of the
 * graphql-scalars parsers ("DateTime cannot represent ...", "Value is not a valid ...").
 */
const LITERAL_ERRORS = /^(Expected value of type|OneOf Input Object|\w+ cannot represent|Value is not a valid)/;

/**
 * Maps every error to what a client may see: gateway errors keep their message and code,
 * a literal of the wrong shape (a malformed date, two sources) is BAD_USER_INPUT as it is for
 * variables, and anything unexpected is masked as INTERNAL_SERVER_ERROR and logged.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: original.extensions };
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
    const inputShape = code === 'GRAPHQL_VALIDATION_FAILED' && LITERAL_ERRORS.test(formatted.message);
    return { ...formatted, extensions: { code: inputShape ? 'BAD_USER_INPUT' : code } };
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
