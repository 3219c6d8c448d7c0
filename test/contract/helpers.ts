/**
 * Contract-test helpers, for every vendor: serve one fixed answer (a document's example) from a
 * local HTTP server, and build the vendor's client with the gateway's own `createClient`
 * (src/vendors/index.ts), pointed at that server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { createClient } from '../../src/vendors/index.js';
import type { ClientOf, VendorKey } from '../../src/vendors/registry.js';
import { createChannel } from '../../src/vendors/resilience.js';

/** One request the fixture server received. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Query parameters; a repeated key gives an array. */
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

/** A running fixture server. */
export interface FixtureServer {
  /** Base URL, without a trailing slash. */
  url: string;
  /** Requests received, oldest first. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** @default 200 */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/**
 * Serves `body` (JSON-encoded; a string is sent as it is) with `status` to every request, on a
 * free port, and records the requests.
 */
export async function serveFixture(body: unknown, options: ServeOptions = {}): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const values = url.searchParams.getAll(key);
        query[key] = values.length === 1 ? values[0] : values;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: url.pathname, query, headers: req.headers, body: parseBody(text) });
      res.writeHead(options.status ?? 200, { 'content-type': 'application/json', ...options.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The client keeps connections alive; close them so the server can stop.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The credential `clientFor` sends unless told otherwise. */
export const CONTRACT_CREDENTIAL = 'contract-test-key';

/**
 * The vendor's client against `url`, built by the gateway's own `createClient`: the vendor's
 * auth header and path prefix, the configuration's timeout, cache TTLs and retry policy (from
 * `env`), a fresh in-memory cache and a fresh channel (bulkhead and circuit), so tests never
 * share state.
 */
export function clientFor<K extends VendorKey>(vendor: K, url: string, options: { credential?: string; env?: NodeJS.ProcessEnv } = {}): ClientOf<K> {
  const config = loadConfig(options.env ?? {});
  const { resilience } = config;
  return createClient(
    vendor,
    { baseUrl: url, credential: options.credential ?? CONTRACT_CREDENTIAL },
    {
      resilience,
      cache: createCache(config.cacheTtlSeconds, { maxEntries: config.cacheMaxEntries, staleIfErrorSeconds: resilience.staleIfErrorSeconds }),
      channel: createChannel({
        concurrency: resilience.vendorConcurrency,
        failures: resilience.circuitFailures,
        cooldownMs: resilience.circuitCooldownMs,
      }),
    },
  );
}

// Private:

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
