/**
 * Checks of Integr8 mutation inputs before any vendor call, and the schema enums as Integr8
 * spells them. Every rule comes from the vendor's document (integr8-api.txt): required fields,
 * enums, email and URL formats. Country codes and time zones are checked by their scalars.
 */
import type {
  CreateAdvertiserInput,
  CreateLandingPageInput,
  CreateOfferEventInput,
  CreateOfferInput,
  CreatePublisherInput,
  CreateUserInput,
  OfferVisibility,
  PayoutInput,
  PayoutType,
  PromotionalMethod,
  PublisherManagerAccess,
  RevenueType,
  UpdateAdvertiserInput,
  UpdateLandingPageInput,
  UpdateOfferEventInput,
  UpdateOfferInput,
  UpdatePublisherInput,
  UpdateUserInput,
  UserRole,
  UserStatus,
} from '../../__generated__/resolvers.js';
import { GatewayError, VENDOR_LABELS } from '../../errors.js';
import { fromGlobalId, type NodeType } from '../../ids.js';
import type { InputCheck } from '../userErrors.js';
import { BY_INCREMENTAL_ID } from './mappers.js';
import {
  INTEGR8_CURRENCIES,
  type Integr8PayoutType,
  type Integr8PromotionalMethod,
  type Integr8PublisherManagerAccess,
  type Integr8RevenueType,
  type Integr8UserRole,
  type Integr8UserStatus,
  type Integr8Visibility,
} from './types.js';

/** A path under `input`, as InputCheck takes it. */
export type Path = (string | number)[];

/** Schema enum values to Integr8's spelling. */
export const ROLES: Record<UserRole, Integr8UserRole> = { ADMIN: 'admin', ACCOUNT_MANAGER: 'accountManager' };
export const USER_STATUSES: Record<UserStatus, Integr8UserStatus> = { ACTIVE: 'Active', DEACTIVATED: 'Deactivated' };
export const MANAGER_ACCESS: Record<PublisherManagerAccess, Integr8PublisherManagerAccess> = { GLOBAL: 'Global', LIMITED: 'Limited' };
export const VISIBILITIES: Record<OfferVisibility, Integr8Visibility> = { PUBLIC: 'Public', PRIVATE: 'Private', REQUIRES_APPROVAL: 'Requires_Approval' };
export const PAYOUT_TYPES: Record<PayoutType, Integr8PayoutType> = { CPA: 'CPA', CPS: 'CPS', CPA_X_CPS: 'CPAxCPS', CPC: 'CPC', CPM: 'CPM', PRV: 'PRV' };
export const REVENUE_TYPES: Record<RevenueType, Integr8RevenueType> = { RPA: 'RPA', RPS: 'RPS', RPA_X_RPS: 'RPAxRPS', RPC: 'RPC', RPM: 'RPM' };
export const PROMOTIONAL_METHODS: Record<PromotionalMethod, Integr8PromotionalMethod> = {
  CONTENT: 'Content', EMAIL: 'Email', SEARCH: 'Search', SOCIAL: 'Social', DISPLAY: 'Display', NATIVE: 'Native', PUSH: 'Push', SMS: 'SMS', OTHER: 'Other',
};

/** Key parts of each Integr8 record type's global ID (an offer lives in an integration, its events and landing pages in the offer). */
const KEY_PARTS: Partial<Record<NodeType, number>> = { User: 1, Publisher: 1, Advertiser: 1, Offer: 2, OfferEvent: 3, LandingPage: 3 };

/**
 * The native key of a global ID that must name an Integr8 record of `type`; records an
 * INVALID_VALUE at `path` and returns null for anything else (malformed, another type, another
 * vendor). Advertisers may also be named by incremental id, as offers reference them.
 */
export function decodeId(check: InputCheck, id: string, type: NodeType, path: Path): string[] | null {
  try {
    const { vendor, key } = fromGlobalId(id, type);
    if (vendor !== 'INTEGR8') {
      check.add(path, `ID "${id}" is a ${VENDOR_LABELS[vendor]} ${type}; give the ID of an Integr8 ${type}.`, 'INVALID_VALUE');
      return null;
    }
    const byIncrementalId = type === 'Advertiser' && key.length === 2 && key[0] === BY_INCREMENTAL_ID;
    if (key.length !== KEY_PARTS[type] && !byIncrementalId) {
      check.add(path, `ID "${id}" is not the ID of an Integr8 ${type}.`, 'INVALID_VALUE');
      return null;
    }
    return key;
  } catch (error) {
    if (!(error instanceof GatewayError) || error.code !== 'BAD_USER_INPUT') throw error;
    check.add(path, error.message, 'INVALID_VALUE');
    return null;
  }
}

/** `POST /organization/users`: email, password and role are required; the email must be valid. */
export function checkCreateUser(input: CreateUserInput, check: InputCheck): void {
  if (check.required(input.email, ['email'], 'email')) check.email(input.email, ['email']);
  check.required(input.password, ['password'], 'password');
  check.oneOf(input.role, keys(ROLES), ['role']);
}

/** `PATCH /organization/users/:userID`: every field optional; the given ones must be valid. */
export function checkUpdateUser(input: UpdateUserInput, check: InputCheck): void {
  check.email(input.email, ['email']);
  notBlank(check, input.password, ['password'], 'password');
  check.oneOf(input.role, keys(ROLES), ['role']);
  check.oneOf(input.status, keys(USER_STATUSES), ['status']);
  check.oneOf(input.publisherManagerAccess, keys(MANAGER_ACCESS), ['publisherManagerAccess']);
}

/** Publishers and advertisers: `name` is required on create (an update keeps the current one); email and website formats. */
export function checkParty(
  input: CreatePublisherInput | UpdatePublisherInput | CreateAdvertiserInput | UpdateAdvertiserInput,
  check: InputCheck,
  create: boolean,
): void {
  if (create) check.required(input.name, ['name'], 'name');
  else notBlank(check, input.name, ['name'], 'name');
  check.email(input.email, ['email']);
  check.url(input.website, ['website']);
  if ('promotionalMethods' in input) {
    input.promotionalMethods?.forEach((method, i) => check.oneOf(method, keys(PROMOTIONAL_METHODS), ['promotionalMethods', i]));
  }
}

/** Offers: name required on create, currency USD or EUR, visibility and payout enums, URL formats. */
export function checkOffer(input: CreateOfferInput | UpdateOfferInput, check: InputCheck, create: boolean): void {
  if (create) {
    check.required((input as CreateOfferInput).integrationId, ['integrationId'], 'integrationId');
    check.required(input.name, ['name'], 'name');
  } else {
    notBlank(check, input.name, ['name'], 'name');
  }
  check.oneOf(input.currency, INTEGR8_CURRENCIES as readonly string[], ['currency']);
  check.oneOf(input.visibility, keys(VISIBILITIES), ['visibility']);
  check.url(input.fallbackUrl, ['fallbackUrl']);
  check.url(input.impressionForwardingUrl, ['impressionForwardingUrl']);
  check.url(input.parallelTrackingUrl, ['parallelTrackingUrl']);
  checkPayout(input.defaultPayout, check, ['defaultPayout']);
}

/** Offer events: name required on create; payout and revenue type enums. */
export function checkOfferEvent(input: CreateOfferEventInput | UpdateOfferEventInput, check: InputCheck, create: boolean): void {
  if (create) check.required(input.name, ['name'], 'name');
  else notBlank(check, input.name, ['name'], 'name');
  checkPayout(input.payout, check, ['payout']);
}

/** Landing pages: name and redirect URL required on create (an update keeps the current ones); URL formats. */
export function checkLandingPage(input: CreateLandingPageInput | UpdateLandingPageInput, check: InputCheck, create: boolean): void {
  if (create) {
    check.required(input.name, ['name'], 'name');
    if (check.required(input.redirectUrl, ['redirectUrl'], 'redirectUrl')) check.url(input.redirectUrl, ['redirectUrl']);
  } else {
    notBlank(check, input.name, ['name'], 'name');
    if (notBlank(check, input.redirectUrl, ['redirectUrl'], 'redirectUrl')) check.url(input.redirectUrl, ['redirectUrl']);
  }
  check.url(input.previewUrl, ['previewUrl']);
}

// Private:

function checkPayout(payout: PayoutInput | null | undefined, check: InputCheck, path: Path): void {
  if (!payout) return;
  check.oneOf(payout.payoutType, keys(PAYOUT_TYPES), [...path, 'payoutType']);
  check.oneOf(payout.revenueType, keys(REVENUE_TYPES), [...path, 'revenueType']);
}

/** A field an update may leave out, but not blank: Integr8 requires it. */
function notBlank(check: InputCheck, value: string | null | undefined, path: Path, what: string): boolean {
  return value == null || check.required(value, path, what);
}

function keys<K extends string>(table: Record<K, unknown>): K[] {
  return Object.keys(table) as K[];
}
