/**
 * Checks of Integr8 mutation inputs before any vendor call. Every rule comes from the vendor's document (integr8-api.txt): required fields,
 * enums, the currencies offers take, http(s) URLs. Emails, URLs, currencies, country codes and time zones are checked by their
 * scalars before any resolver runs (BAD_USER_INPUT errors, see README "Errors: which path"); the URL scalar takes any scheme,
 * so the http(s) rule is checked here.
 */
import type {
  CreateAdvertiserInput,
  CreateLandingPageInput,
  CreateOfferEventInput,
  CreateOfferInput,
  CreatePublisherInput,
  CreateUserInput,
  PayoutInput,
  UpdateAdvertiserInput,
  UpdateLandingPageInput,
  UpdateOfferEventInput,
  UpdateOfferInput,
  UpdatePublisherInput,
  UpdateUserInput,
} from '../../__generated__/resolvers.js';
import type { NodeType } from '../../ids.js';
import type { IdRule, InputCheck } from '../userErrors.js';
import {
  BY_INCREMENTAL_ID,
  MANAGER_ACCESS,
  PAYOUT_TYPES,
  PROMOTIONAL_METHODS,
  REVENUE_TYPES,
  ROLES,
  USER_STATUSES,
  VISIBILITIES,
} from './mappers.js';
import { INTEGR8_CURRENCIES } from './types.js';

/** A path under `input`, as InputCheck takes it. */
export type Path = (string | number)[];

/** Key parts of each Integr8 record type's global ID (an offer lives in an integration, its events and landing pages in the offer). */
const KEY_PARTS: Partial<Record<NodeType, number>> = { User: 1, Publisher: 1, Advertiser: 1, Offer: 2, OfferEvent: 3, LandingPage: 3 };

/**
 * What an input's ID of an Integr8 `type` must name: a record of that type with as many key
 * parts as its global ID has. Advertisers may also be named by incremental id, as offers
 * reference them.
 */
function integr8Id(type: NodeType): IdRule {
  return {
    vendor: 'INTEGR8',
    type,
    otherVendor: (id, label) => `ID "${id}" is a ${label} ${type}; give the ID of an Integr8 ${type}.`,
    key: {
      valid: (key) => key.length === KEY_PARTS[type] || (type === 'Advertiser' && key.length === 2 && key[0] === BY_INCREMENTAL_ID),
      message: (id) => `ID "${id}" is not the ID of an Integr8 ${type}.`,
    },
  };
}

/** The native key of an input's ID of an Integr8 `type`; null, with an INVALID_VALUE at `path`, for any other ID (see `InputCheck.nativeKey`). */
export function decodeId(check: InputCheck, id: string, type: NodeType, path: Path): string[] | null {
  return check.nativeKey(id, path, integr8Id(type));
}

/** `POST /organization/users`: password and role are required (the email is an EmailAddress!: the schema checks it). */
export function checkCreateUser(input: CreateUserInput, check: InputCheck): void {
  check.required(input.password, ['password'], 'password');
  check.oneOf(input.role, ROLES.values, ['role']);
}

/** `PATCH /organization/users/:userID`: every field optional; the given ones must be valid. */
export function checkUpdateUser(input: UpdateUserInput, check: InputCheck): void {
  notBlank(check, input.password, ['password'], 'password');
  check.oneOf(input.role, ROLES.values, ['role']);
  check.oneOf(input.status, USER_STATUSES.values, ['status']);
  check.oneOf(input.publisherManagerAccess, MANAGER_ACCESS.values, ['publisherManagerAccess']);
}

/** Publishers and advertisers: `name` is required on create (an update keeps the current one); an http(s) website. */
export function checkParty(
  input: CreatePublisherInput | UpdatePublisherInput | CreateAdvertiserInput | UpdateAdvertiserInput,
  check: InputCheck,
  create: boolean,
): void {
  if (create) check.required(input.name, ['name'], 'name');
  else notBlank(check, input.name, ['name'], 'name');
  check.url(input.website, ['website']);
  if ('promotionalMethods' in input) {
    input.promotionalMethods?.forEach((method, i) => check.oneOf(method, PROMOTIONAL_METHODS.values, ['promotionalMethods', i]));
  }
}

/** Offers: name required on create, currency USD or EUR (Integr8's rule; the Currency scalar takes any), visibility and payout enums, http(s) URLs. */
export function checkOffer(input: CreateOfferInput | UpdateOfferInput, check: InputCheck, create: boolean): void {
  if (create) {
    check.required((input as CreateOfferInput).integrationId, ['integrationId'], 'integrationId');
    check.required(input.name, ['name'], 'name');
  } else {
    notBlank(check, input.name, ['name'], 'name');
  }
  check.oneOf(input.currency, INTEGR8_CURRENCIES as readonly string[], ['currency']);
  check.oneOf(input.visibility, VISIBILITIES.values, ['visibility']);
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

/**
 * Landing pages: name required on create (an update keeps the current one); http(s) URLs. The
 * redirect URL is a URL! on create, and a URL on update is never blank: the schema checks both.
 */
export function checkLandingPage(input: CreateLandingPageInput | UpdateLandingPageInput, check: InputCheck, create: boolean): void {
  if (create) check.required(input.name, ['name'], 'name');
  else notBlank(check, input.name, ['name'], 'name');
  check.url(input.redirectUrl, ['redirectUrl']);
  check.url(input.previewUrl, ['previewUrl']);
}

// Private:

function checkPayout(payout: PayoutInput | null | undefined, check: InputCheck, path: Path): void {
  if (!payout) return;
  check.oneOf(payout.payoutType, PAYOUT_TYPES.values, [...path, 'payoutType']);
  check.oneOf(payout.revenueType, REVENUE_TYPES.values, [...path, 'revenueType']);
}

/** A field an update may leave out, but not blank: Integr8 requires it. */
function notBlank(check: InputCheck, value: string | null | undefined, path: Path, what: string): boolean {
  return value == null || check.required(value, path, what);
}
