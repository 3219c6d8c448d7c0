import type { NodeResolvers } from '../__generated__/resolvers.js';
import { toGlobalId } from '../ids.js';
import type { AnyNodeModel } from '../models/index.js';

/** The global ID of any node model. */
export const globalId = (model: AnyNodeModel): string => toGlobalId(model);

export const Node: NodeResolvers = {
  __resolveType: (model) => model.type,
};
