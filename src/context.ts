import type { GatewayCache } from './cache/index.js';
import type { Config } from './config.js';
import type { NodeRef } from './ids.js';
import type { AnyNodeModel, Ref } from './models/index.js';
import type { VendorClients } from './vendors/index.js';
import { perVendor, vendorKeyOf, VENDORS, type SourceOf, type VendorKey } from './vendors/registry.js';
import type { VendorSource } from './vendors/source.js';

/** One data source per vendor, by vendor key, with loaders that live for this request. */
export type VendorSources = { [K in VendorKey]: SourceOf<K> };

/** What every resolver gets: the vendors' data sources, and node loading across them. */
export type Context = VendorSources & {
  /** Loads any node by reference, through its vendor's loaders. */
  load(ref: NodeRef): Promise<AnyNodeModel>;
  /** A relation: the model when the vendor sent it inline, else loaded by reference. */
  resolve<M>(ref: Ref<M> | null): Promise<M | null>;
};

/** Creates the context of one GraphQL request. */
export function createContext(clients: VendorClients, cache: GatewayCache, config: Config): Context {
  const sources = perVendor((key) =>
    (VENDORS[key].createSource as (client: unknown, shared: { cache: GatewayCache; config: Config }) => VendorSource)(clients[key], { cache, config }),
  );
  const load = (ref: NodeRef) => sources[vendorKeyOf(ref.vendor)].node(ref.type, ref.key);
  return {
    ...(sources as unknown as VendorSources),
    load,
    async resolve<M>(ref: Ref<M> | null): Promise<M | null> {
      if (!ref) return null;
      return 'model' in ref ? ref.model : ((await load(ref.ref)) as M);
    },
  };
}
