import { randomUUID, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Context as TraceContext } from '@opentelemetry/api';
import type { ResponseCache } from './cache/responses.js';
import { graphqlStatus } from './httpStatus.js';
import type { Ide } from './ide/index.js';
import { log } from './log.js';
import type { OperationalRoute } from './observability/endpoints.js';
import { requestScope, type RequestScope, type RequestTally } from './requestScope.js';
import { VENDORS, vendorKeys, type VendorKey } from './vendors/registry.js';

/** What the HTTP layer enforces before Apollo sees a request. */
export interface HttpLimits {
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Most operations in one batched request. */
  maxBatchOperations: number;
  /** Gateway access keys; when non-empty every request must present one. */
  apiKeys: readonly string[];
  /** Time one request's vendor calls may take, retries included. */
  requestBudgetMs: number;
}

/** Vendor credentials a request brought in the vendors' tenant headers, by vendor key. */
export type RequestCredentials = Partial<Record<VendorKey, string>>;

/** How the HTTP layer serves and reports operations (src/observability). */
export interface HttpObservability {
  /**
   * Operational endpoints by exact path (`/health`, `/ready`, `/metrics`): GET and HEAD, answered
   * before the gateway's access keys and without GraphQL's preflight header.
   */
  routes?: Record<string, OperationalRoute>;
  /** With tracing on: the caller's trace context from the request's headers (`traceparent`). */
  extractTrace?: (headers: http.IncomingHttpHeaders) => TraceContext;
  /** Called once per request when it is over, with what answered it (`graphql` or an operational path's name) and the status. */
  finished?: (handler: string, status: number) => void;
}

/**
 * Serves an Apollo Server over Node's http: CORS for browsers (Sandbox), the IDE's page and
 * assets (`ide`: static, public, served before the access-key check, like any page a browser
 * opens), the gateway's access keys checked before the body is read, a body-size limit, a
 * repeated query's stored answer (`options.responses`, src/cache/responses.ts; a batch is never
 * stored), a batch-size limit, then Apollo's own handling (CSRF prevention, the Sandbox landing page, GraphQL over
 * HTTP), with the status of request errors set by media type (see httpStatus.ts). Rejections
 * are JSON with an `extensions.code`, like every other error.
 */
export function graphqlHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  limits: HttpLimits,
  context: (credentials: RequestCredentials) => Promise<C>,
  options: {
    ide?: Ide;
    observability?: HttpObservability;
    /** Answers repeated queries before Apollo runs, and keeps Apollo's answers to store (src/cache/responses.ts). */
    responses?: ResponseCache;
  } = {},
): http.RequestListener {
  const keys = limits.apiKeys.map((key) => Buffer.from(key));
  const { routes = {}, extractTrace, finished } = options.observability ?? {};
  const responses = options.responses;
  return (req, res) => {
    // Every request has an id (the caller's, or a new one) in its answer and in each of its log lines.
    const started = performance.now();
    const requestId = validRequestId(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    const path = (req.url ?? '/').split('?', 1)[0];
    const tally: RequestTally = { upstreamCalls: 0, cacheHits: 0, cacheMisses: 0, operations: [] };
    const scope: RequestScope = { deadline: Date.now() + limits.requestBudgetMs, warnings: [], requestId, tally, trace: extractTrace?.(req.headers) };
    res.once('close', () => {
      const handler = Object.hasOwn(routes, path) ? path.slice(1) : 'graphql';
      finished?.(handler, res.statusCode);
      accessLog(handler === 'graphql' ? 'info' : 'debug', { requestId, method: req.method, path, started, res, tally });
    });
    requestScope
      .run(scope, () => handle(req, res))
      .catch((error: unknown) => {
        log.error('request failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        if (!res.headersSent) reject(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        else res.destroy();
      });
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
        'access-control-max-age': '86400',
      });
      res.end();
      return;
    }
    const path = (req.url ?? '/').split('?', 1)[0];
    if (Object.hasOwn(routes, path)) {
      const route = routes[path];
      req.resume();
      if (req.method === 'GET' || req.method === 'HEAD') return route(req, res);
      res.setHeader('allow', 'GET, HEAD');
      return reject(res, 405, 'BAD_REQUEST', `${req.method} is not allowed here; use GET.`);
    }
    if (options.ide?.handle(req, res)) return;
    if (keys.length > 0 && !authorized(req, keys)) {
      res.setHeader('www-authenticate', 'Bearer');
      req.resume();
      return reject(res, 401, 'UNAUTHENTICATED', 'Send a gateway API key: Authorization: Bearer <key> (or X-API-Key).');
    }
    const raw = await readBody(req, limits.maxBodyBytes);
    if (raw === null) {
      return reject(res, 413, 'BAD_REQUEST', `The request body is over ${limits.maxBodyBytes} bytes; send a smaller document.`);
    }
    const credentials = tenantCredentials(req.headers);
    const method = (req.method ?? 'GET').toUpperCase();
    // After the access key and the body limit, before anything else: the key holds the exact text
    // and the headers every later check reads, so only what passed them as a miss can be a hit.
    const cacheKey =
      responses?.key({
        method,
        search: searchOf(req.url ?? '/'),
        body: raw,
        headers: req.headers,
        credentials,
        apiKey: keys.length > 0 ? presentedKey(req) : undefined,
      }) ?? null;
    if (cacheKey !== null) {
      const hit = await responses!.find(cacheKey);
      if (hit) {
        requestScope.getStore()?.tally?.operations.push(...hit.operations);
        for (const [name, value] of hit.headers) res.setHeader(name, value);
        res.statusCode = 200;
        res.end(hit.bytes);
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = raw;
    if (raw.length > 0 && /^application\/(graphql-response\+)?json/i.test(headers.get('content-type') ?? '')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return reject(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
      }
    }
    if (Array.isArray(body) && body.length > limits.maxBatchOperations) {
      return reject(res, 400, 'BAD_REQUEST', `A batch holds at most ${limits.maxBatchOperations} operations, got ${body.length}; split it.`);
    }
    // Everything the request does below (resolvers, vendor calls, the cache) sees its scope.
    // The request's id, tally and trace context carry over; the budget starts once the body is read.
    const scope: RequestScope = {
      ...requestScope.getStore(),
      deadline: Date.now() + limits.requestBudgetMs,
      warnings: [],
      // The response cache follows the reads of a single operation; a batch is never stored.
      ...(cacheKey !== null && !Array.isArray(body) && { reads: [] }),
    };
    const response = await requestScope.run(scope, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: searchOf(req.url ?? '/'), body },
        context: () => context(credentials),
      }),
    );
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = graphqlStatus(response.status ?? 200, response.headers.get('content-type'), scope.requestError ?? false);
    if (response.body.kind === 'complete') {
      // Stored before it is sent, so that the client's next request finds it.
      if (scope.reads)
        await responses!.offer(cacheKey!, scope, { status: res.statusCode, headers: [...response.headers], body: response.body.string });
      // As bytes: Node's end(string) measures the text, joins it to the headers and encodes that copy
      // again (0.5 ms more for a 1000-click answer, bench section 11a's "Node HTTP + I/O").
      res.end(Buffer.from(response.body.string));
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** Starts listening and resolves with the server's URL. */
export async function listen(server: http.Server, port: number, host?: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${address.port}/`;
}

// Private:

/** A caller's `X-Request-Id` when it is printable ASCII of at most 128 characters; otherwise the gateway makes one. */
function validRequestId(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value && /^[\x20-\x7e]{1,128}$/.test(value) ? value : undefined;
}

/**
 * One line per request when it is over: what it was, how it ended, how long it took and what it
 * cost upstream. `aborted` marks a request whose client left before the answer was sent.
 */
function accessLog(
  level: 'info' | 'debug',
  entry: { requestId: string; method?: string; path: string; started: number; res: http.ServerResponse; tally: RequestTally },
): void {
  const { tally, res } = entry;
  const names = tally.operations;
  log[level]('request', {
    requestId: entry.requestId,
    method: entry.method,
    path: entry.path.slice(0, 200),
    status: res.statusCode,
    // A batch's operations, comma-separated; a client-chosen name is cut short.
    operation: names.length === 0 ? null : names.map((name) => (name ?? 'anonymous').slice(0, 100)).join(','),
    durationMs: Math.round((performance.now() - entry.started) * 10) / 10,
    upstreamCalls: tally.upstreamCalls,
    cacheHits: tally.cacheHits,
    cacheMisses: tally.cacheMisses,
    ...(!res.writableFinished && { aborted: true }),
  });
}

/** The vendor credentials a request brought in the vendors' tenant headers. */
function tenantCredentials(headers: http.IncomingHttpHeaders): RequestCredentials {
  const credentials: RequestCredentials = {};
  for (const vendor of vendorKeys()) {
    const header = headers[VENDORS[vendor].tenantHeader];
    const value = (Array.isArray(header) ? header.join(', ') : header)?.trim();
    if (value) credentials[vendor] = value;
  }
  return credentials;
}

/** The query string of a request target, `?` included, exactly as sent. */
function searchOf(target: string): string {
  const at = target.indexOf('?');
  return at < 0 ? '' : target.slice(at);
}

/** The gateway access key a request presents: `Authorization: Bearer <key>`, else `X-API-Key`. */
function presentedKey(req: http.IncomingMessage): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return (bearer ?? (req.headers['x-api-key'] as string | undefined) ?? '').trim();
}

function authorized(req: http.IncomingMessage, keys: Buffer[]): boolean {
  const given = presentedKey(req);
  if (!given) return false;
  const candidate = Buffer.from(given);
  // Constant time per key, so timing does not reveal how much of a key matched.
  return keys.some((key) => key.length === candidate.length && timingSafeEqual(key, candidate));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reject(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
