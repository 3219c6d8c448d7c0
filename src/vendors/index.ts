import type { GatewayCache } from '../cache/index.js';
import type { Config, VendorEndpoint } from '../config.js';
import type { VendorName } from '../errors.js';
import { EverflowClient } from './everflow/client.js';
import { RestClient } from './http.js';
import { Integr8Client } from './integr8/client.js';
import { IrevClient } from './irev/client.js';
import { createChannel, type VendorChannel } from './resilience.js';

/** Each vendor's auth header for a credential, and the path its API lives under. */
export const VENDOR_HTTP: Record<VendorName, { authHeaders: (credential: string) => Record<string, string>; pathPrefix: string }> = {
  EVERFLOW: { authHeaders: (key) => ({ 'X-Eflow-API-Key': key }), pathPrefix: '' },
  IREV: { authHeaders: (token) => ({ Authorization: `Bearer ${token}` }), pathPrefix: '' },
  INTEGR8: { authHeaders: (key) => ({ 'API-KEY': key }), pathPrefix: '/api/v2' },
};

/** One client per vendor, for one set of credentials. */
export interface VendorClients {
  everflow: EverflowClient;
  irev: IrevClient;
  integr8: Integr8Client;
}

/**
 * Vendor clients per set of credentials: the configured ones by default, a tenant's own when a
 * request brings them. Clients are kept (most recently used, bounded) so a tenant's requests
 * reuse their connections; nothing is shared between credentials but the cache store.
 */
export class VendorClientPool {
  private readonly pool = new Map<string, VendorClients>();
  private readonly shared: SharedResources;

  constructor(
    private readonly endpoints: { everflow: VendorEndpoint; irev: VendorEndpoint; integr8: VendorEndpoint },
    cache: GatewayCache,
    resilience: Config['resilience'],
    private readonly size = 256,
  ) {
    // One bulkhead and circuit per vendor, whoever the tenant: a vendor outage is everyone's.
    const channel = () =>
      createChannel({ concurrency: resilience.vendorConcurrency, failures: resilience.circuitFailures, cooldownMs: resilience.circuitCooldownMs });
    this.shared = { cache, resilience, channels: { EVERFLOW: channel(), IREV: channel(), INTEGR8: channel() } };
  }


  /** The clients for these credentials (configured ones fill the gaps). */
  get(credentials: Partial<Record<'everflow' | 'irev' | 'integr8', string>> = {}): VendorClients {
    const chosen = {
      everflow: { ...this.endpoints.everflow, credential: credentials.everflow ?? this.endpoints.everflow.credential },
      irev: { ...this.endpoints.irev, credential: credentials.irev ?? this.endpoints.irev.credential },
      integr8: { ...this.endpoints.integr8, credential: credentials.integr8 ?? this.endpoints.integr8.credential },
    };
    const key = [chosen.everflow.credential, chosen.irev.credential, chosen.integr8.credential].join('\0');
    let clients = this.pool.get(key);
    if (clients) {
      this.pool.delete(key);
    } else {
      clients = createVendorClients(chosen, this.shared);
      if (this.pool.size >= this.size) this.pool.delete(this.pool.keys().next().value as string);
    }
    this.pool.set(key, clients);
    return clients;
  }
}

/** What every client of the gateway shares: the cache, the resilience settings, one channel per vendor. */
interface SharedResources {
  cache: GatewayCache;
  resilience: Config['resilience'];
  channels: Record<VendorName, VendorChannel>;
}

const TIMEOUT_KEYS = { EVERFLOW: 'everflow', IREV: 'irev', INTEGR8: 'integr8' } as const;

/** Creates the vendor clients for the given endpoints (base URL and credential each). */
function createVendorClients(
  endpoints: { everflow: VendorEndpoint; irev: VendorEndpoint; integr8: VendorEndpoint },
  shared: SharedResources,
): VendorClients {
  const { resilience } = shared;
  const rest = (vendor: VendorName, endpoint: VendorEndpoint) =>
    new RestClient({
      vendor,
      ...endpoint,
      ...VENDOR_HTTP[vendor],
      timeoutMs: resilience.timeoutMs[TIMEOUT_KEYS[vendor]],
      cache: shared.cache,
      channel: shared.channels[vendor],
      retry: { retries: resilience.retries, baseDelayMs: resilience.retryBaseDelayMs, budgetMs: resilience.requestBudgetMs },
    });
  return {
    everflow: new EverflowClient(rest('EVERFLOW', endpoints.everflow)),
    irev: new IrevClient(rest('IREV', endpoints.irev)),
    integr8: new Integr8Client(rest('INTEGR8', endpoints.integr8)),
  };
}
