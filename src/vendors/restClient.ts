import { setTimeout as sleep } from 'node:timers/promises';
import got, { HTTPError, isResponseOk, ParseError, RequestError, TimeoutError, type Got, type Response, type StreamOptions } from 'got';
import { credentialHash, type CacheScope, type GatewayCache, type ReadOptions } from '../cache/index.js';
import type { CacheKind } from '../config.js';
import { UpstreamError } from '../errors.js';
import { log } from '../log.js';
import { routeTemplater, type RouteTemplater } from '../observability/routes.js';
import type { UpstreamCall, UpstreamTelemetry } from '../observability/upstream.js';
import { noteUncached, requestScope, tally } from '../requestScope.js';
import { backoffMs, isOutage, isTransient, retryAfterMs, type VendorChannel } from './resilience.js';
import { VENDORS, vendorKeyOf, vendorLabel, type VendorKey, type VendorName } from './registry.js';
import type { Resource } from './resources.js';
import { ShapeError, type Shape } from './shape.js';

/** Query parameters: arrays become repeated keys, undefined values are left out. */
export type SearchParams = Record<string, string | number | boolean | undefined | readonly (string | number)[]>;

/** One upstream call. `path` is relative to the vendor's base URL and path prefix. */
export interface RestRequest<T = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  searchParams?: SearchParams;
  json?: unknown;
  /** A write: a POST that gets no answer may have happened, so it is reported, never repeated. */
  write?: boolean;
  /**
   * The structure the answer must have (and how to unwrap it). An answer of another shape is an
   * UPSTREAM_ERROR naming this endpoint, and is never cached.
   */
  shape?: Shape<T>;
}

export interface RestClientOptions {
  vendor: VendorName;
  baseUrl: string;
  /** Prepended to every path (Integr8's `/api/v2`). */
  pathPrefix?: string;
  credential: string;
  /** The vendor's auth headers for the credential. */
  authHeaders: (credential: string) => Record<string, string>;
  /** Timeout of one attempt. */
  timeoutMs: number;
  cache: GatewayCache;
  /** The vendor's bulkhead, circuit breaker and agents, shared by every credential. */
  channel: VendorChannel;
  /** Retries after the first attempt, the first backoff, and the budget outside a GraphQL request. */
  retry: { retries: number; baseDelayMs: number; budgetMs: number };
  /** Metrics and traces of every call (src/observability); none when absent. */
  telemetry?: UpstreamTelemetry;
}

/**
 * The HTTP core every vendor client shares: a got instance with the vendor's base URL, auth
 * header, timeout and keep-alive agents; cached reads; retries; the vendor's bulkhead and
 * circuit breaker; and every upstream failure turned into an UpstreamError with the vendor,
 * the status and a credential-free message.
 *
 * Retries: reads, and writes that are idempotent (PUT, PATCH, DELETE), are repeated on 429,
 * 502, 503, 504, timeouts and lost connections, after the `Retry-After` the vendor asks for or
 * an exponential backoff with jitter, while the request's time budget lasts. A POST write is
 * never repeated.
 */
export class RestClient {
  /** Cache scope: vendor plus a hash of the credential, never the credential itself. */
  readonly scope: CacheScope;
  private readonly http: Got;
  /** The forms of the credential a vendor could echo: raw, URL-encoded, JSON-escaped. */
  private readonly credentialForms: string[];
  private readonly vendorKey: VendorKey;
  /** A path's route template for metrics and traces (`/api/v2/publishers/:id`), from the vendor's route table. */
  private readonly route: RouteTemplater;
  private readonly host: string;

  constructor(private readonly options: RestClientOptions) {
    this.scope = { vendor: options.vendor, credentialHash: credentialHash(options.vendor, options.credential) };
    this.vendorKey = vendorKeyOf(options.vendor);
    this.route = routeTemplater(VENDORS[this.vendorKey].routes, options.pathPrefix ?? '');
    this.host = new URL(options.baseUrl).host;
    const { credential } = options;
    this.credentialForms = [...new Set([credential, encodeURIComponent(credential), JSON.stringify(credential).slice(1, -1)])].filter(Boolean);
    this.http = got.extend({
      prefixUrl: options.baseUrl + (options.pathPrefix ?? ''),
      headers: { ...options.authHeaders(options.credential), 'user-agent': 'affiliate-gateway/0.1' },
      timeout: { request: options.timeoutMs },
      // Retries are a policy of their own (below), never got's default for every GET.
      retry: { limit: 0 },
      agent: options.channel.agent,
      // Answers are read as a stream and parsed here (jsonAttempt): got's promise layer is skipped.
      throwHttpErrors: false,
    });
  }

  /**
   * A read through the cache: `resource` groups entries for invalidation, `operation` names the
   * endpoint; `options` can refuse to cache an answer or skip a cached copy (see ReadOptions).
   */
  read<T>(kind: CacheKind, resource: Resource, operation: string, request: RestRequest<T>, options?: ReadOptions<T>): Promise<T> {
    const { shape: _shape, ...params } = request;
    return this.options.cache.wrap(kind, { scope: this.scope, resource, operation, params }, () => this.call<T>(request), options);
  }

  /** Makes every cached read of these resources (for this credential) unreachable, after a write. */
  async invalidate(...resources: Resource[]): Promise<void> {
    await Promise.all(resources.map((resource) => this.options.cache.invalidate(this.scope, resource)));
  }

  /**
   * A call that bypasses the cache (writes, and reads whose result the caller caches): the
   * response of the request that makes it is never stored whole (src/cache/responses.ts).
   */
  send<T>(request: RestRequest<T>): Promise<T> {
    noteUncached();
    return this.call(request);
  }

  // Private:

  /** One upstream call with its telemetry. */
  private async call<T>(request: RestRequest<T>): Promise<T> {
    const call = this.options.telemetry?.start({ vendor: this.vendorKey, method: request.method, route: this.route(request.path), host: this.host });
    try {
      const answer = await this.attempts(request, call);
      call?.end();
      return answer;
    } catch (error) {
      call?.end(error);
      throw error;
    }
  }

  /** `send`'s attempts: the circuit, the budget, the bulkhead, then retries while they may help. */
  private async attempts<T>(request: RestRequest<T>, call: UpstreamCall | undefined): Promise<T> {
    const { channel, retry, vendor } = this.options;
    const repeatable = !(request.write && request.method === 'POST');
    const deadline = requestScope.getStore()?.deadline ?? Date.now() + retry.budgetMs;
    for (let attempt = 0; ; attempt++) {
      const permit = channel.breaker.acquire();
      if (!permit) {
        throw new UpstreamError(
          `${vendorLabel(vendor)} is failing, so the gateway stops calling it for ${Math.ceil(channel.breaker.retryInMs() / 1000)} s (circuit open).`,
          vendor,
          undefined,
          { code: 'UPSTREAM_UNAVAILABLE' },
        );
      }
      const budgetSpent = () =>
        new UpstreamError(
          `${vendorLabel(vendor)} did not answer ${request.method} ${(this.options.pathPrefix ?? '') + request.path} within the request's time budget.`,
          vendor,
          undefined,
          { code: 'UPSTREAM_UNAVAILABLE' },
        );
      if (deadline <= Date.now()) {
        channel.breaker.release(permit);
        throw budgetSpent();
      }
      // When the attempt leaves, past the bulkhead: its time is the vendor's.
      let started = Date.now();
      let body: unknown;
      try {
        const response = await channel.limit(() => {
          // The budget may have run out while this call waited for the bulkhead: it is dropped unsent.
          const remaining = deadline - Date.now();
          if (remaining <= 0) {
            channel.breaker.release(permit);
            throw budgetSpent();
          }
          started = Date.now();
          return jsonAttempt(this.http, request.path.replace(/^\//, ''), {
            method: request.method,
            searchParams: toSearchParams(request.searchParams),
            ...(request.json !== undefined && { json: request.json }),
            ...(call?.headers && { headers: call.headers }),
            timeout: { request: Math.min(this.options.timeoutMs, remaining) },
          });
        });
        channel.breaker.success();
        this.attempted(call, request, attempt, started, { status: response.statusCode, headers: response.headers });
        // A success body reaches responses too (preview messages, echoed fields): a credential in
        // it is redacted. The raw bytes are searched first so that clean answers cost one scan.
        body = this.mentionsCredential(response.rawBody) ? this.redactDeep(response.body) : response.body;
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        this.attempted(call, request, attempt, started, attemptOutcome(error));
        // A 4xx is an answer: the vendor is up. Outages count toward opening the circuit.
        if (isOutage(error) || error instanceof ParseError) channel.breaker.failure();
        else channel.breaker.success();
        const delay = retryAfterMs(error) ?? backoffMs(attempt, retry.baseDelayMs);
        if (!repeatable || attempt >= retry.retries || !isTransient(error) || Date.now() + delay >= deadline) {
          throw this.upstreamError(request, error);
        }
        call?.retry();
        await sleep(delay);
        continue;
      }
      return request.shape ? this.checkShape(request, body) : (body as T);
    }
  }

  /** The answer read with the request's shape; a ShapeError becomes an error naming the endpoint. */
  private checkShape<T>(request: RestRequest<T>, body: unknown): T {
    try {
      return request.shape!(body, '');
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      const { vendor } = this.options;
      throw new UpstreamError(
        `${vendorLabel(vendor)} answered ${request.method} ${(this.options.pathPrefix ?? '') + request.path} with an unexpected shape: ${this.redact(error.message)}`,
        vendor,
        undefined,
        { code: 'UPSTREAM_ERROR', cause: error },
      );
    }
  }

  /**
   * One attempt is over: one log line (the tenant appears as its credential hash only), the
   * request's tally, and the call's metrics and span.
   */
  private attempted(call: UpstreamCall | undefined, request: RestRequest, attempt: number, started: number, outcome: AttemptOutcome): void {
    const ms = Date.now() - started;
    log.debug('upstream call', {
      vendor: this.options.vendor,
      tenant: this.scope.credentialHash,
      method: request.method,
      path: (this.options.pathPrefix ?? '') + request.path,
      attempt: attempt + 1,
      outcome: outcome.code ?? outcome.status,
      ms,
    });
    tally('upstreamCalls');
    call?.attempt({ seconds: ms / 1000, status: outcome.status, failure: outcome.failure, headers: outcome.headers });
  }

  private upstreamError(request: RestRequest, error: unknown): UpstreamError {
    const { vendor } = this.options;
    const where = `${request.method} ${(this.options.pathPrefix ?? '') + request.path}`;
    const label = vendorLabel(vendor);
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      // Redacted before anything is read from it: shortening could cut a credential in two, and
      // quoting a list as JSON would escape it, either of which would hide it from `redact`.
      const body = this.redactDeep(error.response.body);
      const detail = vendorMessage(body);
      // Field messages reach userErrors: a vendor that echoes the credential must not leak it.
      const fields = vendorFields(body);
      return new UpstreamError(`${label} answered ${status} to ${where}${detail ? `: ${detail}` : ''}`, vendor, status, {
        cause: error,
        vendorFields: fields,
      });
    }
    // A write sent without an answer may have been carried out: say so rather than guess.
    if (
      request.write &&
      request.method === 'POST' &&
      (error instanceof TimeoutError || error instanceof RequestError) &&
      !(error instanceof ParseError)
    ) {
      return new UpstreamError(
        `${label} did not answer ${where}${error instanceof TimeoutError ? ` within ${this.options.timeoutMs} ms` : ` (${error.code})`}; the write may or may not have been carried out. Check before trying again.`,
        vendor,
        undefined,
        { code: 'UPSTREAM_UNKNOWN_OUTCOME', cause: error },
      );
    }
    if (error instanceof ParseError) {
      return new UpstreamError(`${label} sent a response to ${where} that is not valid JSON`, vendor, error.response.statusCode, {
        code: 'UPSTREAM_ERROR',
        cause: error,
      });
    }
    if (error instanceof TimeoutError) {
      return new UpstreamError(`${label} did not answer ${where} within ${this.options.timeoutMs} ms`, vendor, undefined, { cause: error });
    }
    if (error instanceof RequestError) {
      return new UpstreamError(`${label} could not be reached for ${where} (${error.code})`, vendor, undefined, { cause: error });
    }
    return new UpstreamError(`${label} call ${where} failed`, vendor, undefined, { cause: error });
  }

  /** Everything a vendor sends back passes here first: the credential, raw, URL-encoded or JSON-escaped, becomes [redacted]. */
  private redact(text: string): string {
    let safe = text;
    for (const form of this.credentialForms) safe = safe.split(form).join('[redacted]');
    return safe;
  }

  private mentionsCredential(raw: Buffer | undefined): boolean {
    return raw !== undefined && this.credentialForms.some((form) => raw.includes(form));
  }

  /** A vendor's JSON body with every string and key redacted. */
  private redactDeep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.redact(key), this.redactDeep(item)]));
    }
    return value;
  }
}

/** What one attempt came to: the vendor's status and headers, or why there was no answer. */
interface AttemptOutcome {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  /** A timeout, or a connection that failed. */
  failure?: 'timeout' | 'network';
  /** got's error code when there was no usable answer (`ETIMEDOUT`, `ECONNRESET`, `ERR_BODY_PARSE_FAILURE`). */
  code?: string;
}

function attemptOutcome(error: unknown): AttemptOutcome {
  if (error instanceof HTTPError) return { status: error.response.statusCode, headers: error.response.headers };
  // An answer that is not JSON: the status for metrics, got's code for the log line.
  if (error instanceof ParseError) return { status: error.response.statusCode, headers: error.response.headers, code: error.code };
  const code = (error as { code?: string }).code;
  return { failure: error instanceof TimeoutError ? 'timeout' : 'network', code };
}

/** The vendor's own error text from a JSON or text body, shortened. */
function vendorMessage(body: unknown): string {
  let text = '';
  if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const candidate = record.message ?? record.error ?? record.Error ?? record.errors;
    // A JSON:API error list ({errors: [{status, title, detail}]}) reads as its details.
    const details = Array.isArray(candidate)
      ? candidate.map((item) =>
          item && typeof item === 'object'
            ? ((item as Record<string, unknown>).detail ?? (item as Record<string, unknown>).title ?? (item as Record<string, unknown>).message)
            : item,
        )
      : [];
    if (details.length > 0 && details.every((detail) => typeof detail === 'string')) text = details.join('; ');
    else text = typeof candidate === 'string' ? candidate : candidate ? JSON.stringify(candidate) : '';
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** A Laravel-style `errors` object of field -> messages, if the body has one. */
function vendorFields(body: unknown): Record<string, string[]> | undefined {
  const errors = body && typeof body === 'object' ? (body as Record<string, unknown>).errors : undefined;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return undefined;
  const fields = Object.entries(errors as Record<string, unknown>).filter(([, messages]) => Array.isArray(messages));
  return fields.length ? Object.fromEntries(fields.map(([field, messages]) => [field, (messages as unknown[]).map(String)])) : undefined;
}

/**
 * One attempt through got's stream API, failing as its promise API with `responseType: 'json'`
 * does: a non-2xx answer is an HTTPError whose response carries the body (JSON, or the text when it
 * is not JSON), a 2xx body that is not JSON a ParseError, an empty body ''. The promise layer it
 * skips cost a quarter of a call's CPU and half its scavenges (bench section 11b).
 */
function jsonAttempt(http: Got, url: string, options: StreamOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    const stream = http.stream(url, options);
    // A timeout or a lost connection, before the answer or in the middle of its body. `on`, not
    // `once`: a stream error with no listener left would crash the process.
    stream.on('error', reject);
    stream.once('response', (response: Response) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () => {
        response.rawBody = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        const ok = isResponseOk(response);
        try {
          response.body = jsonBody(response.rawBody);
        } catch (error) {
          if (ok) return reject(new ParseError(error as Error, response));
          response.body = response.rawBody.toString();
        }
        if (ok) resolve(response);
        else reject(new HTTPError(response));
      });
    });
  });
}

/** An answer's bytes as JSON ('' when empty). Named: the bench's CPU breakdown counts it as the JSON floor. */
function jsonBody(raw: Buffer): unknown {
  return raw.length === 0 ? '' : JSON.parse(raw.toString());
}

function toSearchParams(params: SearchParams | undefined): URLSearchParams | undefined {
  if (!params) return undefined;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
  return search;
}
