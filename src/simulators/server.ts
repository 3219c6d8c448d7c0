import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a simulator handler sees it: query values decoded, repeated keys as arrays. */
export interface SimRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  headers: Record<string, string>;
}

/** One entry of a simulator's request log, for tests to assert the exact upstream calls. */
export interface LoggedRequest extends SimRequest {
  vendor: string;
  status: number;
}

/** What a handler returns; `body` is sent as JSON unless `text` is given. */
export interface SimResponse {
  status?: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** The request a handler receives: path parameters and the tenant (credential) that was authenticated. */
export interface HandlerRequest<Tenant> extends SimRequest {
  params: Record<string, string>;
  tenant: Tenant;
}

export type Handler<Tenant> = (req: HandlerRequest<Tenant>) => SimResponse | Promise<SimResponse>;

/** A route: `path` may hold `:name` segments, matched one segment each. */
export interface Route<Tenant> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: Handler<Tenant>;
}

/** Thrown by handlers to answer with an error status; the vendor's `errorBody` shapes the JSON. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A fault to inject into the next `times` requests that match `method` and `path`: an error
 * status (with headers such as Retry-After), a delay, a malformed body, or a dropped connection.
 */
export interface Fault {
  method?: string;
  /** Exact path, or a pattern; any path when absent. */
  path?: string | RegExp;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (or before the other effects). */
  delayMs?: number;
  /** Answer 200 with a truncated JSON body. */
  malformed?: boolean;
  /** Close the connection without answering. */
  drop?: boolean;
  /** How many matching requests the fault affects. @default 1 */
  times?: number;
}

export interface SimServerOptions<Tenant> {
  vendor: string;
  /** Returns the tenant for the request's credential, or null for a 401. */
  authenticate: (headers: Record<string, string>) => Tenant | null;
  routes: Route<Tenant>[];
  /** The vendor's error body for a status and message. */
  errorBody?: (status: number, message: string) => unknown;
  /** Request log capacity; the oldest entries go first. @default 10000 */
  logLimit?: number;
}

/**
 * A vendor simulator: one HTTP server on 127.0.0.1 with a route table, the vendor's auth check
 * and a request log. `GET /__sim/requests` and `DELETE /__sim/requests` expose the log to
 * processes that do not hold the server object.
 */
export class SimServer<Tenant> {
  private readonly server: http.Server;
  private readonly log: LoggedRequest[] = [];
  private faults: (Fault & { left: number })[] = [];
  private connections = 0;
  private inFlight = 0;
  private peak = 0;
  private readonly compiled: { method: string; pattern: RegExp; names: string[]; handler: Handler<Tenant> }[];
  private baseUrl = '';

  constructor(private readonly options: SimServerOptions<Tenant>) {
    this.compiled = options.routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { method: route.method, pattern: new RegExp(`^${source}$`), names, handler: route.handler };
    });
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(error) }));
      });
    });
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', () => this.connections++);
  }

  /** Starts listening on 127.0.0.1 and resolves with the base URL. @default port 0 (any free port) */
  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  /** The base URL once started. */
  get url(): string {
    return this.baseUrl;
  }

  /** Stops the server and drops idle keep-alive connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The logged requests, oldest first (the simulator's own `/__sim` calls are not logged). */
  requests(): LoggedRequest[] {
    return [...this.log];
  }

  /** Empties the request log. */
  clearRequests(): void {
    this.log.length = 0;
  }

  /** TCP connections accepted so far, and the most requests in flight at once: keep-alive and bulkhead probes. */
  stats(): { connections: number; peakConcurrency: number } {
    return { connections: this.connections, peakConcurrency: this.peak };
  }

  /** Resets the counters of `stats()`. */
  resetStats(): void {
    this.connections = 0;
    this.peak = this.inFlight;
  }

  /** Injects a fault into the next matching requests (see Fault). */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Removes every injected fault that has not fired yet. */
  clearFaults(): void {
    this.faults = [];
  }

  // Private:

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const rawBody = await readBody(req);

    if (url.pathname === '/__sim/requests') {
      if (req.method === 'DELETE') this.clearRequests();
      return send(res, { body: { requests: this.requests() } });
    }
    if (url.pathname === '/__sim/faults') {
      if (req.method === 'POST') this.injectFault(reviveFault(JSON.parse(rawBody || '{}') as Fault & { path?: string }));
      if (req.method === 'DELETE') this.clearFaults();
      return send(res, { body: { faults: this.faults.length } });
    }

    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    let body: unknown = undefined;
    let badJson = false;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        badJson = true;
        body = rawBody;
      }
    }
    const method = req.method ?? 'GET';
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    res.once('close', () => this.inFlight--);
    const entry: LoggedRequest = { vendor: this.options.vendor, method, path: url.pathname, query, body, headers, status: 0 };
    this.log.push(entry);
    if (this.log.length > (this.options.logLimit ?? 10000)) this.log.shift();

    const fault = this.takeFault(method, url.pathname);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.drop) {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.malformed) {
      entry.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": [{"id": ');
      return;
    }
    const errorBody = this.options.errorBody ?? defaultErrorBody;
    const response: SimResponse =
      fault?.status !== undefined
        ? { status: fault.status, body: fault.body ?? errorBody(fault.status, 'Injected fault'), headers: fault.headers }
        : await this.dispatch(entry, badJson);
    entry.status = response.status ?? 200;
    send(res, response);
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => (!f.method || f.method === method) && (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (!fault) return undefined;
    if (--fault.left <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  private async dispatch(request: SimRequest, badJson: boolean): Promise<SimResponse> {
    const errorBody = this.options.errorBody ?? defaultErrorBody;
    const fail = (status: number, message: string): SimResponse => ({ status, body: errorBody(status, message) });
    const tenant = this.options.authenticate(request.headers);
    if (tenant === null) return fail(401, 'Unauthorized: missing or invalid credentials');
    if (badJson) return fail(400, 'Request body is not valid JSON');

    let pathMatched = false;
    for (const route of this.compiled) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
      try {
        return await route.handler({ ...request, params, tenant });
      } catch (error) {
        if (error instanceof SimError) return fail(error.status, error.message);
        throw error;
      }
    }
    return pathMatched ? fail(405, `Method ${request.method} not allowed`) : fail(404, `No route for ${request.path}`);
  }
}

function defaultErrorBody(status: number, message: string): unknown {
  return { error: message, status };
}

/** A fault posted as JSON: a path like "/^\\/api/" becomes a RegExp. */
function reviveFault(fault: Fault & { path?: string }): Fault {
  const pattern = typeof fault.path === 'string' ? /^\/(.+)\/$/.exec(fault.path) : null;
  return pattern ? { ...fault, path: new RegExp(pattern[1]) } : fault;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, response: SimResponse): void {
  const status = response.status ?? 200;
  if (response.text !== undefined) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...response.headers });
    res.end(response.text);
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...response.headers });
  res.end(JSON.stringify(response.body ?? {}));
}

/** The first value of a query parameter, or undefined. */
export function queryValue(query: SimRequest['query'], name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** All values of a query parameter (repeated keys), or []. */
export function queryValues(query: SimRequest['query'], name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
