import type { GatewayCache } from '../cache/index.js';
import type { VendorEndpoint } from '../config.js';
import type { VendorName } from '../errors.js';
import { EverflowClient } from './everflow/client.js';
import { RestClient } from './http.js';
import { Integr8Client } from './integr8/client.js';
import { IrevClient } from './irev/client.js';

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

/** Creates the vendor clients for the given endpoints (base URL and credential each). */
export function createVendorClients(
  endpoints: { everflow: VendorEndpoint; irev: VendorEndpoint; integr8: VendorEndpoint },
  shared: { cache: GatewayCache; timeoutMs: number },
): VendorClients {
  const rest = (vendor: VendorName, endpoint: VendorEndpoint) =>
    new RestClient({ vendor, ...endpoint, ...VENDOR_HTTP[vendor], timeoutMs: shared.timeoutMs, cache: shared.cache });
  return {
    everflow: new EverflowClient(rest('EVERFLOW', endpoints.everflow)),
    irev: new IrevClient(rest('IREV', endpoints.irev)),
    integr8: new Integr8Client(rest('INTEGR8', endpoints.integr8)),
  };
}
