import type { NodeResolvers } from '../__generated__/resolvers.js';
import { toGlobalId } from '../ids.js';
import type { AnyNodeModel } from '../models/index.js';

/** The `id` of every type that implements Node: the model's opaque global ID. */
export const globalId = (model: AnyNodeModel): string => toGlobalId(model);

export const Node = {
  __resolveType: (model) => model.type,
} satisfies NodeResolvers;
