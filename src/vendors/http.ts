import got, { HTTPError, ParseError, RequestError, TimeoutError, type Got } from 'got';
import { credentialHash, type CacheScope, type GatewayCache } from '../cache/index.js';
import type { CacheKind } from '../config.js';
import { UpstreamError, VENDOR_LABELS, type VendorName } from '../errors.js';

/** Query parameters: arrays become repeated keys, undefined values are left out. */
export type SearchParams = Record<string, string | number | boolean | undefined | readonly (string | number)[]>;

/** One upstream call. `path` is relative to the vendor's base URL and path prefix. */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  searchParams?: SearchParams;
  json?: unknown;
}

export interface RestClientOptions {
  vendor: VendorName;
  baseUrl: string;
  /** Prepended to every path (Integr8's `/api/v2`). */
  pathPrefix?: string;
  credential: string;
  /** The vendor's auth headers for the credential. */
  authHeaders: (credential: string) => Record<string, string>;
  timeoutMs: number;
  cache: GatewayCache;
}

/**
 * The HTTP core every vendor client shares: a got instance with the vendor's base URL, auth
 * header and timeout; cached reads; and every upstream failure turned into an UpstreamError
 * with the vendor, the status and a credential-free message.
 */
export class RestClient {
  /** Cache scope: vendor plus a hash of the credential, never the credential itself. */
  readonly scope: CacheScope;
  private readonly http: Got;

  constructor(private readonly options: RestClientOptions) {
    this.scope = { vendor: options.vendor, credentialHash: credentialHash(options.vendor, options.credential) };
    this.http = got.extend({
      prefixUrl: options.baseUrl + (options.pathPrefix ?? ''),
      headers: { ...options.authHeaders(options.credential), 'user-agent': 'affiliate-gateway/0.1' },
      timeout: { request: options.timeoutMs },
      // Retries are a policy of their own (reads only); never got's default for every GET.
      retry: { limit: 0 },
      responseType: 'json',
    });
  }

  /** A read through the cache: `resource` groups entries for invalidation, `operation` names the endpoint. */
  read<T>(kind: CacheKind, resource: string, operation: string, request: RestRequest): Promise<T> {
    return this.options.cache.wrap(kind, { scope: this.scope, resource, operation, params: request }, () => this.send<T>(request));
  }

  /** A call that bypasses the cache (writes, and reads whose result the caller caches). */
  async send<T>(request: RestRequest): Promise<T> {
    try {
      const response = await this.http<T>(request.path.replace(/^\//, ''), {
        method: request.method,
        searchParams: toSearchParams(request.searchParams),
        ...(request.json !== undefined && { json: request.json }),
      });
      return response.body;
    } catch (error) {
      throw this.upstreamError(request, error);
    }
  }

  // Private:

  private upstreamError(request: RestRequest, error: unknown): UpstreamError {
    const { vendor } = this.options;
    const where = `${request.method} ${(this.options.pathPrefix ?? '') + request.path}`;
    const label = VENDOR_LABELS[vendor];
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      const detail = this.redact(vendorMessage(error.response.body));
      return new UpstreamError(`${label} answered ${status} to ${where}${detail ? `: ${detail}` : ''}`, vendor, status, { cause: error });
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

  private redact(text: string): string {
    return text.split(this.options.credential).join('[redacted]');
  }
}

/** The vendor's own error text from a JSON or text body, shortened. */
function vendorMessage(body: unknown): string {
  let text = '';
  if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const candidate = record.message ?? record.error ?? record.Error ?? record.errors;
    text = typeof candidate === 'string' ? candidate : candidate ? JSON.stringify(candidate) : '';
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
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
