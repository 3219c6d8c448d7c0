import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { requestScope } from './requestScope.js';
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

/**
 * Serves an Apollo Server over Node's http: CORS for browsers (Sandbox), the gateway's access
 * keys checked before the body is read, a body-size and batch-size limit, then Apollo's own
 * handling (CSRF prevention, the landing page, GraphQL over HTTP). Rejections are JSON with
 * an `extensions.code`, like every other error.
 */
export function graphqlHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  limits: HttpLimits,
  context: (credentials: RequestCredentials) => Promise<C>,
): http.RequestListener {
  const keys = limits.apiKeys.map((key) => Buffer.from(key));
  return (req, res) => {
    handle(req, res).catch(() => {
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
    if (keys.length > 0 && !authorized(req, keys)) {
      res.setHeader('www-authenticate', 'Bearer');
      req.resume();
      return reject(res, 401, 'UNAUTHENTICATED', 'Send a gateway API key: Authorization: Bearer <key> (or X-API-Key).');
    }
    const raw = await readBody(req, limits.maxBodyBytes);
    if (raw === null) {
      return reject(res, 413, 'BAD_REQUEST', `The request body is over ${limits.maxBodyBytes} bytes; send a smaller document.`);
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
    const credentials: RequestCredentials = {};
    for (const vendor of vendorKeys()) {
      const header = VENDORS[vendor].tenantHeader;
      const value = headers.get(header)?.trim();
      if (value) credentials[vendor] = value;
    }
    // Concatenated, not resolved: a path such as `//x` would otherwise be read as a host.
    const url = new URL(`http://gateway${req.url ?? '/'}`);
    // Everything the request does below (resolvers, vendor calls, the cache) sees its scope.
    const scope = { deadline: Date.now() + limits.requestBudgetMs, warnings: [] };
    const response = await requestScope.run(scope, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: () => context(credentials),
      }),
    );
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
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

function authorized(req: http.IncomingMessage, keys: Buffer[]): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const given = (bearer ?? (req.headers['x-api-key'] as string | undefined) ?? '').trim();
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
