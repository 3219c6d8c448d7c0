import type { GatewayCache } from './cache/index.js';
import type { Config } from './config.js';
import type { NodeRef } from './ids.js';
import type { AnyNodeModel, Ref } from './models/index.js';
import { EverflowSource } from './vendors/everflow/source.js';
import type { VendorClients } from './vendors/index.js';
import { Integr8Source } from './vendors/integr8/source.js';
import { IrevSource } from './vendors/irev/source.js';
import type { VendorSource } from './vendors/source.js';

/** What every resolver gets: one data source per vendor, with loaders that live for this request. */
export interface Context {
  everflow: EverflowSource;
  irev: IrevSource;
  integr8: Integr8Source;
  /** Loads any node by reference, through its vendor's loaders. */
  load(ref: NodeRef): Promise<AnyNodeModel>;
  /** A relation: the model when the vendor sent it inline, else loaded by reference. */
  resolve<M>(ref: Ref<M> | null): Promise<M | null>;
}

/** Creates the context of one GraphQL request. */
export function createContext(clients: VendorClients, cache: GatewayCache, config: Config): Context {
  const everflow = new EverflowSource(clients.everflow, cache, config.everflowClicks);
  const irev = new IrevSource(clients.irev, config.irevTimezone);
  const integr8 = new Integr8Source(clients.integr8, cache, { reportWalkBudget: config.reportWalkBudget });
  const sources: Record<NodeRef['vendor'], VendorSource> = { EVERFLOW: everflow, IREV: irev, INTEGR8: integr8 };
  const load = (ref: NodeRef) => sources[ref.vendor].node(ref.type, ref.key);
  return {
    everflow,
    irev,
    integr8,
    load,
    async resolve<M>(ref: Ref<M> | null): Promise<M | null> {
      if (!ref) return null;
      return 'model' in ref ? ref.model : ((await load(ref.ref)) as M);
    },
  };
}
