import { BadUserInputError } from '../errors.js';
import type { NodeType } from '../ids.js';
import type { AnyNodeModel } from '../models/index.js';
import { vendorLabel, type VendorName } from './registry.js';

/** What every vendor's data source offers the resolvers beyond its own list methods. */
export interface VendorSource {
  /** Loads a node by its native key through the request's loaders; NOT_FOUND when it does not exist. */
  node(type: NodeType, key: string[]): Promise<AnyNodeModel>;
}

/** The error for a node type a vendor cannot fetch by id (it only describes it inline). */
export function notFetchable(vendor: VendorName, type: NodeType, where: string): BadUserInputError {
  return new BadUserInputError(`${vendorLabel(vendor)} cannot fetch ${type} records by id: its API only shows them ${where}.`, 'id');
}

/** Seconds since the epoch. */
export function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Checks that `from` is not after `to`. */
export function checkOrder(from: Date, to: Date, field: string): void {
  if (from.getTime() > to.getTime()) {
    throw new BadUserInputError(`${field}.from (${from.toISOString()}) must not be after ${field}.to (${to.toISOString()}).`, `${field}.from`);
  }
}
