import { BadUserInputError } from '../errors.js';
import type { NodeType } from '../ids.js';
import type { AnyNodeModel } from '../models/index.js';
import { vendorLabel, type VendorName } from './registry.js';

/**
 * What every vendor's reads (the class resolvers call for one GraphQL request: paging, loaders,
 * nodes) offer beyond their own list methods.
 */
export interface VendorReads {
  /** Loads a node by its native key through the request's loaders; NOT_FOUND when it does not exist. */
  node(type: NodeType, key: string[]): Promise<AnyNodeModel>;
}

/** The error for a node type a vendor cannot fetch by id (it only describes it inline). */
export function notFetchable(vendor: VendorName, type: NodeType, where: string): BadUserInputError {
  return new BadUserInputError(`${vendorLabel(vendor)} cannot fetch ${type} records by id: its API only shows them ${where}.`, 'id');
}
