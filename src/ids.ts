import { BadUserInputError } from './errors.js';
import { isVendorName, type VendorName } from './vendors/registry.js';

/** GraphQL types that implement Node. */
export const NODE_TYPES = [
  'Affiliate',
  'Publisher',
  'Advertiser',
  'User',
  'Offer',
  'OfferEvent',
  'LandingPage',
  'Click',
  'Conversion',
  'Impression',
  'Export',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/**
 * What a global ID stands for. `key` is the vendor's native key: one part for most records,
 * more where the vendor nests them (an Integr8 offer is `[integrationId, offerId]`).
 */
export interface NodeRef {
  vendor: VendorName;
  type: NodeType;
  key: string[];
}

/**
 * Encodes a reference as an opaque, URL-safe global ID: the JSON array `[vendor, type, ...key]`,
 * base64url. Keys of printable ASCII without `"` or `\` (nearly all) are written straight into
 * the JSON text and encoded as Latin-1, the same bytes as JSON.stringify and UTF-8 in 60% of the
 * time (every row of a list has an id).
 */
export function toGlobalId(ref: NodeRef): string {
  let json = `["${ref.vendor}","${ref.type}"`;
  for (const part of ref.key) {
    if (!PLAIN_JSON_TEXT.test(part)) return Buffer.from(JSON.stringify([ref.vendor, ref.type, ...ref.key])).toString('base64url');
    json += `,"${part}"`;
  }
  return Buffer.from(`${json}]`, 'latin1').toString('base64url');
}

/** Text that JSON writes as itself between quotes, in one byte per character. */
const PLAIN_JSON_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Decodes a global ID; throws BAD_USER_INPUT for anything the gateway did not issue, or for a
 * node of another type than `expected` when given.
 */
export function fromGlobalId(id: string, expected?: NodeType, field = 'id'): NodeRef {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (
    !Array.isArray(parts) ||
    parts.length < 3 ||
    !parts.every((part) => typeof part === 'string' && part.length > 0) ||
    !isVendorName(parts[0]) ||
    !(NODE_TYPES as readonly string[]).includes(parts[1])
  ) {
    throw new BadUserInputError(`"${truncate(id)}" is not an ID issued by this gateway; use the \`id\` of a node.`, field);
  }
  const [vendor, type, ...key] = parts as [VendorName, NodeType, ...string[]];
  if (expected && type !== expected) {
    throw new BadUserInputError(`ID "${truncate(id)}" belongs to a ${type}, not a ${expected}.`, field);
  }
  return { vendor, type, key };
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
