import type { UserErrorCode } from '../__generated__/resolvers.js';
import { GatewayError } from '../errors.js';
import { fromGlobalId, type NodeRef, type NodeType } from '../ids.js';
import type { UserErrorModel } from '../models/index.js';
import { email, url } from './normalize.js';
import { vendorLabel, type VendorName } from './registry.js';

/** A problem the user can fix, as mutation payloads return it (the UserError model). */
export type { UserErrorModel };

/** What a mutation input's global ID must name (see `InputCheck.nativeKey`), and how a wrong one is told. */
export interface IdRule {
  vendor: VendorName;
  type: NodeType;
  /** The message for the ID of another vendor's record; `label` names that vendor. */
  otherVendor: (id: string, label: string) => string;
  /** What the native key must be beyond its vendor and type (its parts, their format), and the message for one that is not. */
  key?: { valid: (key: readonly string[]) => boolean; message: (id: string) => string };
}

/**
 * Collects the problems of one mutation input before any vendor call. Paths are given
 * relative to `input`; each check records a UserError and returns whether the value passed,
 * so the caller can skip checks that depend on it.
 */
export class InputCheck {
  readonly errors: UserErrorModel[] = [];

  /** True when nothing was recorded. */
  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** Records a problem at `path` (relative to `input`). */
  add(path: (string | number)[], message: string, code: UserErrorCode): false {
    this.errors.push({ field: ['input', ...path.map(String)], message, code });
    return false;
  }

  /** Records problems found by another check (their fields already start at `input`). */
  addErrors(errors: readonly UserErrorModel[]): void {
    this.errors.push(...errors);
  }

  /**
   * The native key of `id`, a global ID that must name a record of `rule` (a mutation input's
   * reference); null, with an INVALID_VALUE problem at `path`, for an ID the gateway did not
   * issue, one of another type or another vendor, or one whose key the rule refuses.
   */
  nativeKey(id: string, path: (string | number)[], rule: IdRule): string[] | null {
    let ref: NodeRef;
    try {
      ref = fromGlobalId(id, rule.type);
    } catch (error) {
      if (!(error instanceof GatewayError) || error.code !== 'BAD_USER_INPUT') throw error;
      this.add(path, error.message, 'INVALID_VALUE');
      return null;
    }
    if (ref.vendor !== rule.vendor) {
      this.add(path, rule.otherVendor(id, vendorLabel(ref.vendor)), 'INVALID_VALUE');
      return null;
    }
    if (rule.key && !rule.key.valid(ref.key)) {
      this.add(path, rule.key.message(id), 'INVALID_VALUE');
      return null;
    }
    return ref.key;
  }

  /** The value must be present (not null, undefined or blank text). */
  required(value: unknown, path: (string | number)[], what = 'This field'): boolean {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      return this.add(path, `${what} is required.`, 'REQUIRED');
    }
    return true;
  }

  /** An optional email address must be valid when given. */
  email(value: string | null | undefined, path: (string | number)[]): boolean {
    if (value == null) return true;
    return email(value) !== null || this.add(path, `"${value}" is not a valid email address.`, 'INVALID_FORMAT');
  }

  /** An optional URL must be absolute http(s) when given. */
  url(value: string | null | undefined, path: (string | number)[]): boolean {
    if (value == null || value === '') return true;
    const valid = url(value);
    return (valid !== null && /^https?:/i.test(valid)) || this.add(path, `"${value}" is not an absolute http(s) URL.`, 'INVALID_FORMAT');
  }

  /** An optional calendar date must be YYYY-MM-DD and exist. */
  date(value: string | null | undefined, path: (string | number)[]): boolean {
    if (value == null) return true;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
    // 2024-02-30 parses as March 1st: the date must come back unchanged.
    const valid = date !== null && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    return Boolean(valid) || this.add(path, `"${value}" is not a date in YYYY-MM-DD format.`, 'INVALID_FORMAT');
  }

  /** An optional value must be one of `allowed`. */
  oneOf<T>(value: T | null | undefined, allowed: readonly T[], path: (string | number)[]): boolean {
    if (value == null || allowed.includes(value)) return true;
    return this.add(path, `${String(value)} is not allowed here; use one of ${allowed.join(', ')}.`, 'INVALID_VALUE');
  }

  /** An optional whole number must lie within [min, max]. */
  range(value: number | null | undefined, min: number, max: number, path: (string | number)[]): boolean {
    if (value == null || (Number.isInteger(value) && value >= min && value <= max)) return true;
    return this.add(path, `${value} is out of range; use a whole number from ${min} to ${max}.`, 'INVALID_VALUE');
  }
}

/**
 * Turns a vendor's rejection of a write (400/422) into a user error, and its refusal of a valid
 * request (402) into a VENDOR_REFUSED one; anything else (auth, outages) stays a GraphQL error.
 * iRev's Laravel-style bodies name fields such as `clicks.2.offer_id`, which become paths under
 * `input`.
 */
export function rejectionAsUserErrors(error: unknown, vendor: VendorName): UserErrorModel[] {
  if (error instanceof GatewayError && error.code === 'UPSTREAM_REFUSED' && error.details.vendor === vendor) {
    return [{ field: null, message: error.message, code: 'VENDOR_REFUSED' }];
  }
  if (!(error instanceof GatewayError) || error.code !== 'BAD_USER_INPUT' || error.details.vendor !== vendor) throw error;
  const fields = error.details.vendorFields;
  if (fields && Object.keys(fields).length > 0) {
    return Object.entries(fields).map(([field, messages]) => ({
      field: ['input', ...field.split('.')],
      message: `${vendorLabel(vendor)} rejected ${field}: ${messages.join(' ')}`,
      code: 'VENDOR_REJECTED',
    }));
  }
  return [{ field: null, message: error.message, code: 'VENDOR_REJECTED' }];
}
