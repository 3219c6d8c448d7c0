/**
 * Whose links a request sees. A tenant is the set of vendor credentials a request works with:
 * the ones it brought in the tenant headers, the configured ones for the other vendors. Its id
 * is a hash of each vendor's credential hash, so the store holds no credential, and two
 * requests that differ in any vendor's credential are two tenants that never see each other's
 * links.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { credentialHash } from '../cache/index.js';
import { perVendor, vendorKeys, VENDORS, type VendorKey, type VendorName } from '../vendors/registry.js';

/** One vendor's credential as a request uses it: its hash, and whether the request brought it. */
export interface VendorCredential {
  hash: string;
  /** `request`: from a tenant header; `configured`: the gateway's own. */
  source: 'request' | 'configured';
}

/** The tenant of one request. */
export interface Tenant {
  /** The store's key of the tenant's links. */
  id: string;
  /** Each configured vendor's credential; absent for a vendor that is disabled. */
  credentials: Partial<Record<VendorKey, VendorCredential>>;
}

/** The tenant of a request that uses `requested` credentials over the `configured` ones. */
export function tenantOf(configured: Partial<Record<VendorKey, { credential: string }>>, requested: Partial<Record<VendorKey, string>>): Tenant {
  const credentials = perVendor((key): VendorCredential | undefined => {
    const endpoint = configured[key];
    if (!endpoint) return undefined;
    const own = requested[key];
    return { hash: credentialHash(VENDORS[key].name as VendorName, own ?? endpoint.credential), source: own ? 'request' : 'configured' };
  });
  const id = createHash('sha256')
    .update(
      vendorKeys()
        .map((key) => `${key}:${credentials[key]?.hash ?? ''}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 32);
  return { id, credentials };
}

/**
 * `tenantOf` for one gateway's configured credentials, remembered per set of requested ones
 * (the `size` most recently used): its four hashes were a twentieth of a one-entity request.
 */
export function tenantsOf(
  configured: Partial<Record<VendorKey, { credential: string }>>,
  size = 256,
): (requested: Partial<Record<VendorKey, string>>) => Tenant {
  const known = new LRUCache<string, Tenant>({ max: size });
  return (requested) => {
    const key = vendorKeys()
      .map((vendor) => requested[vendor] ?? '')
      .join('\0');
    let tenant = known.get(key);
    if (!tenant) {
      tenant = tenantOf(configured, requested);
      known.set(key, tenant);
    }
    return tenant;
  };
}
