import type { GatewayCache } from './cache/index.js';
import type { Config } from './config.js';
import type { NodeRef } from './ids.js';
import { PartnerDirectory, type PartnerVendorReads } from './links/partners.js';
import type { PartnerLinkStore } from './links/store.js';
import type { Tenant } from './links/tenant.js';
import type { AnyNodeModel, Ref } from './models/index.js';
import type { VendorClients } from './vendors/index.js';
import { disabledReads, type VendorReads } from './vendors/reads.js';
import { vendorKeyOf, vendorKeys, VENDORS, type ReadsOf, type VendorKey } from './vendors/registry.js';

/** Each vendor's reads, by vendor key, with loaders that live for this request. */
export type VendorReadsByKey = { [K in VendorKey]: ReadsOf<K> };

/** What every resolver gets: each vendor's reads (`ctx.everflow`, ...), and node loading across them. */
export type Context = VendorReadsByKey & {
  /** Loads any node by reference, through its vendor's loaders. */
  load(ref: NodeRef): Promise<AnyNodeModel>;
  /** A relation: the model when the vendor sent it inline, else loaded by reference. */
  resolve<M>(ref: Ref<M> | null): Promise<M | null>;
  /** Partners across vendors and their links, in the request's tenant. */
  partners: PartnerDirectory;
};

/** The request's tenant and the store of its links. */
export interface PartnerLinks {
  store: PartnerLinkStore;
  tenant: Tenant;
}

/**
 * Creates the context of one GraphQL request. A vendor's reads (and their loaders) are made on
 * first use: most requests touch one vendor, and making all three was a tenth of a one-entity
 * request's CPU.
 */
export function createContext(clients: VendorClients, cache: GatewayCache, config: Config, links: PartnerLinks): Context {
  const made: Partial<Record<VendorKey, VendorReads>> = {};
  const reads: VendorsOnFirstUse = {
    of: (key) =>
      (made[key] ??=
        clients[key] === undefined
          ? disabledReads<VendorReads>(key)
          : (VENDORS[key].createReads as (client: unknown, shared: { cache: GatewayCache; config: Config }) => VendorReads)(clients[key], {
              cache,
              config,
            })),
  };
  const load = (ref: NodeRef) => reads.of(vendorKeyOf(ref.vendor)).node(ref.type, ref.key);
  const context = Object.create(RequestContext) as Context & { [VENDORS_ON_FIRST_USE]: VendorsOnFirstUse };
  // Own properties: Apollo hands resolvers a copy (Object.assign onto the same prototype), which must share them.
  context[VENDORS_ON_FIRST_USE] = reads;
  context.load = load;
  context.partners = new PartnerDirectory(context as unknown as PartnerVendorReads, links.store, links.tenant);
  context.resolve = async <M>(ref: Ref<M> | null): Promise<M | null> => {
    if (!ref) return null;
    return 'model' in ref ? ref.model : ((await load(ref.ref)) as M);
  };
  return context;
}

// Private:

/** Where a context keeps the vendor reads made so far. */
const VENDORS_ON_FIRST_USE = Symbol('vendors on first use');

interface VendorsOnFirstUse {
  of(key: VendorKey): VendorReads;
}

/** Every context's prototype: `ctx.everflow` and the others make that vendor's reads on first use. */
const RequestContext: object = Object.defineProperties(
  {},
  Object.fromEntries(
    vendorKeys().map((key) => [
      key,
      {
        enumerable: false,
        get(this: { [VENDORS_ON_FIRST_USE]: VendorsOnFirstUse }) {
          return this[VENDORS_ON_FIRST_USE].of(key);
        },
      },
    ]),
  ),
);
