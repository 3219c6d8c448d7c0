import type { GatewayCache } from '../cache/index.js';
import type { Config, VendorEndpoint } from '../config.js';
import type { UpstreamTelemetry } from '../observability/upstream.js';
import { RestClient } from './restClient.js';
import { perVendor, VENDORS, vendorKeys, type ClientOf, type VendorKey } from './registry.js';
import { createChannel, type VendorChannel } from './resilience.js';

/** One client per vendor, for one set of credentials; none for a vendor that is not configured. */
export type VendorClients = { [K in VendorKey]: ClientOf<K> | undefined };

/** Each vendor's endpoint (base URL and credential); a vendor without one is disabled. */
export type Endpoints = Partial<Record<VendorKey, VendorEndpoint>>;

/**
 * Vendor clients per set of credentials: the configured ones by default, a tenant's own when a
 * request brings them. Clients are kept (most recently used, bounded) so a tenant's requests
 * reuse their connections; nothing is shared between credentials but the cache store.
 */
export class VendorClientPool {
  /** One bulkhead and circuit per vendor, whoever the tenant: a vendor outage is everyone's. */
  readonly channels: Record<VendorKey, VendorChannel>;
  private readonly pool = new Map<string, VendorClients>();
  private readonly shared: SharedResources;
  private readonly size: number;

  constructor(
    private readonly endpoints: Endpoints,
    cache: GatewayCache,
    resilience: Config['resilience'],
    /** `size`: credential sets whose clients are kept (@default 256); `telemetry`: metrics and traces of every call. */
    options: { size?: number; telemetry?: UpstreamTelemetry } = {},
  ) {
    this.size = options.size ?? 256;
    this.channels = perVendor(() =>
      createChannel({ concurrency: resilience.vendorConcurrency, failures: resilience.circuitFailures, cooldownMs: resilience.circuitCooldownMs }),
    );
    this.shared = { cache, resilience, channels: this.channels, telemetry: options.telemetry };
  }

  /** The clients for these credentials (configured ones fill the gaps). */
  get(credentials: Partial<Record<VendorKey, string>> = {}): VendorClients {
    const poolKey = vendorKeys()
      .map((key) => (this.endpoints[key] ? (credentials[key] ?? this.endpoints[key].credential) : ''))
      .join('\0');
    let clients = this.pool.get(poolKey);
    if (clients) {
      this.pool.delete(poolKey);
    } else {
      const chosen: Endpoints = perVendor((key) => {
        const endpoint = this.endpoints[key];
        return endpoint && { ...endpoint, credential: credentials[key] ?? endpoint.credential };
      });
      clients = createVendorClients(chosen, this.shared);
      if (this.pool.size >= this.size) this.pool.delete(this.pool.keys().next().value as string);
    }
    this.pool.set(poolKey, clients);
    return clients;
  }
}

/** What every client of the gateway shares: the cache, the resilience settings, one channel per vendor. */
interface SharedResources {
  cache: GatewayCache;
  resilience: Config['resilience'];
  channels: Record<VendorKey, VendorChannel>;
  telemetry?: UpstreamTelemetry;
}

/** Creates the vendor clients for the given endpoints (base URL and credential each). */
function createVendorClients(endpoints: Endpoints, shared: SharedResources): VendorClients {
  return perVendor((key) => {
    const endpoint = endpoints[key];
    return endpoint && createClient(key, endpoint, { ...shared, channel: shared.channels[key] });
  }) as VendorClients;
}

/**
 * One vendor's client for an endpoint: the shared HTTP core with the vendor's path prefix, auth
 * headers and timeout, under the given cache and channel (bulkhead and circuit).
 */
export function createClient<K extends VendorKey>(
  key: K,
  endpoint: VendorEndpoint,
  shared: { cache: GatewayCache; resilience: Config['resilience']; channel: VendorChannel; telemetry?: UpstreamTelemetry },
): ClientOf<K> {
  const entry = VENDORS[key];
  const { resilience } = shared;
  const rest = new RestClient({
    vendor: entry.name,
    ...endpoint,
    pathPrefix: entry.pathPrefix,
    authHeaders: entry.authHeaders,
    timeoutMs: resilience.timeoutMs[key],
    cache: shared.cache,
    channel: shared.channel,
    retry: { retries: resilience.retries, baseDelayMs: resilience.retryBaseDelayMs, budgetMs: resilience.requestBudgetMs },
    telemetry: shared.telemetry,
  });
  return (entry.createClient as (rest: RestClient) => ClientOf<K>)(rest);
}
