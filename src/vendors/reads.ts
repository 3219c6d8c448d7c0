import { BadUserInputError, GatewayError } from '../errors.js';
import type { NodeType } from '../ids.js';
import type { AnyNodeModel } from '../models/index.js';
import { VENDORS, vendorLabel, type VendorKey, type VendorName } from './registry.js';

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

/**
 * The reads of a vendor that is not configured (in production the gateway never simulates one):
 * every method answers VENDOR_NOT_CONFIGURED naming the variables to set, so the other vendors'
 * fields of a response still resolve.
 */
export function disabledReads<R>(key: VendorKey): R {
  const { label, env } = VENDORS[key];
  const refuse = () => {
    throw new GatewayError(
      `${label} is not configured on this gateway; set ${env.credential} (and ${env.baseUrl}) to enable it.`,
      'VENDOR_NOT_CONFIGURED',
      {
        vendor: VENDORS[key].name,
      },
    );
  };
  // Any method, including ones added later; `then` stays undefined so the object is not a thenable.
  return new Proxy({}, { get: (_, property) => (property === 'then' ? undefined : property === DISABLED ? true : refuse) }) as R;
}

/** Whether a vendor's reads are real ones, not disabledReads' (a merged list reads the configured vendors by default). */
export function isConfigured(reads: unknown): boolean {
  return (reads as Record<symbol, unknown>)[DISABLED] !== true;
}

/** Marks disabledReads' object. */
const DISABLED = Symbol('vendor not configured');
