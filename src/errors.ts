/**
 * The gateway's errors. Each has a stable `code` that becomes GraphQL `extensions.code`;
 * graphql-js copies an error's `extensions` onto the located GraphQL error, so resolvers
 * just throw these. Messages say what to change and never hold credentials.
 */
import type { VendorName } from './vendors/registry.js';

export type { VendorName };

/** Every `extensions.code` the gateway produces on purpose. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
  /** The vendor understood the request and refused to carry it out (a 402: valid parameters, but the request failed); not an outage. */
  | 'UPSTREAM_REFUSED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_UNKNOWN_OUTCOME'
  | 'VENDOR_NOT_CONFIGURED'
  /** A batched lookup by time (verdicts, tracked clicks) spent its call budget before reaching this key. */
  | 'LOOKUP_BUDGET_EXCEEDED'
  /** The partner link database could not be reached or failed (src/links/store.ts). */
  | 'LINK_STORE_UNAVAILABLE';

/** Base class: a message for the user, a stable code, and optional vendor facts. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly details: {
      vendor?: VendorName;
      status?: number;
      field?: string;
      /** A vendor's per-field validation messages (iRev's `errors`). */
      vendorFields?: Record<string, string[]>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'GatewayError';
  }

  /** What graphql-js copies into the response's `extensions`. */
  get extensions(): Record<string, unknown> {
    const { vendor, status, field } = this.details;
    return {
      code: this.code,
      ...(vendor && { vendor }),
      ...(status !== undefined && { upstreamStatus: status }),
      ...(field && { field }),
    };
  }
}

/**
 * Input the gateway rejects before calling a vendor. `field` is the path of the value from its
 * argument, as written in a query (`filter.id.in[1]`); formatError sends it as `argument`
 * (`filter`) and `field` (`["filter", "id", "in", "1"]`).
 */
export class BadUserInputError extends GatewayError {
  constructor(message: string, field?: string) {
    super(message, 'BAD_USER_INPUT', { field });
    this.name = 'BadUserInputError';
  }
}

/** An entity that does not exist (or that the vendor cannot fetch by id). */
export class NotFoundError extends GatewayError {
  constructor(message: string, vendor?: VendorName) {
    super(message, 'NOT_FOUND', { vendor });
    this.name = 'NotFoundError';
  }
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  402: 'UPSTREAM_REFUSED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'BAD_USER_INPUT',
  422: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
};

/** A vendor answered with an error status, a body the gateway cannot read, or not at all. */
export class UpstreamError extends GatewayError {
  constructor(
    message: string,
    vendor: VendorName,
    status?: number,
    options: { code?: ErrorCode; cause?: unknown; vendorFields?: Record<string, string[]> } = {},
  ) {
    super(message, options.code ?? (status === undefined ? 'UPSTREAM_ERROR' : (STATUS_CODES[status] ?? 'UPSTREAM_ERROR')), {
      vendor,
      status,
      vendorFields: options.vendorFields,
      cause: options.cause,
    });
    this.name = 'UpstreamError';
  }
}
