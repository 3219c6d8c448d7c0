/** Integr8 records to gateway models: pure functions, the only place that reads Integr8 field names. */
import type {
  ExportStatus,
  OfferVisibility,
  PayoutType,
  PromotionalMethod,
  PublisherManagerAccess,
  RevenueType,
  TrafficStatus,
  UserRole,
  UserStatus,
} from '../../__generated__/resolvers.js';
import type { NodeRef } from '../../ids.js';
import type {
  AdvertiserModel,
  ClickModel,
  ConversionModel,
  ExportModel,
  ImpressionModel,
  Integr8TrafficDetailsModel,
  LandingPageModel,
  OfferEventModel,
  OfferModel,
  PayoutModel,
  PublisherModel,
  TrafficRefs,
  UserModel,
} from '../../models/index.js';
import {
  amount,
  countryCode,
  currency,
  email,
  enumMap,
  flag,
  integer,
  ip,
  subIds,
  text,
  texts,
  time as isoTime,
  timeZone,
  url,
} from '../normalize.js';
import type {
  Integr8Advertiser,
  Integr8ClickRow,
  Integr8ConversionRow,
  Integr8Export,
  Integr8ImpressionRow,
  Integr8Offer,
  Integr8OfferEvent,
  Integr8OfferLandingPage,
  Integr8OfferPayoutConfig,
  Integr8PayoutType,
  Integr8PromotionalMethod,
  Integr8Publisher,
  Integr8PublisherManagerAccess,
  Integr8ReportRowBase,
  Integr8ReportStatus,
  Integr8RevenueType,
  Integr8User,
  Integr8UserRole,
  Integr8UserStatus,
  Integr8Visibility,
} from './types.js';
import { INTEGR8_EXPORT_STATUSES } from './types.js';

/** The schema's enums and Integr8's spellings, both ways (the writes send them, the mappers read them). */
export const ROLES = enumMap<UserRole, Integr8UserRole>({ ADMIN: 'admin', ACCOUNT_MANAGER: 'accountManager' });
export const USER_STATUSES = enumMap<UserStatus, Integr8UserStatus>({ ACTIVE: 'Active', DEACTIVATED: 'Deactivated' });
export const MANAGER_ACCESS = enumMap<PublisherManagerAccess, Integr8PublisherManagerAccess>({ GLOBAL: 'Global', LIMITED: 'Limited' });
export const VISIBILITIES = enumMap<OfferVisibility, Integr8Visibility>({
  PUBLIC: 'Public',
  PRIVATE: 'Private',
  REQUIRES_APPROVAL: 'Requires_Approval',
});
export const PAYOUT_TYPES = enumMap<PayoutType, Integr8PayoutType>({
  CPA: 'CPA',
  CPS: 'CPS',
  CPA_X_CPS: 'CPAxCPS',
  CPC: 'CPC',
  CPM: 'CPM',
  PRV: 'PRV',
});
export const REVENUE_TYPES = enumMap<RevenueType, Integr8RevenueType>({ RPA: 'RPA', RPS: 'RPS', RPA_X_RPS: 'RPAxRPS', RPC: 'RPC', RPM: 'RPM' });
/** Report row statuses, also the download center's `filter[status]`. */
export const TRAFFIC_STATUSES = enumMap<TrafficStatus, Integr8ReportStatus>({ APPROVED: 'Approved', REJECTED: 'Rejected' });
export const PROMOTIONAL_METHODS = enumMap<PromotionalMethod, Integr8PromotionalMethod>({
  CONTENT: 'Content',
  EMAIL: 'Email',
  SEARCH: 'Search',
  SOCIAL: 'Social',
  DISPLAY: 'Display',
  NATIVE: 'Native',
  PUSH: 'Push',
  SMS: 'SMS',
  OTHER: 'Other',
});

/** The prefix of an advertiser reference by incremental id (offers point at advertisers that way). */
export const BY_INCREMENTAL_ID = '#incremental';

const ref = (type: NodeRef['type'], ...key: string[]): { ref: NodeRef } => ({ ref: { vendor: 'INTEGR8', type, key } });

/**
 * A date-time field, or null when it has no value: null, '' or Go's zero time
 * `0001-01-01T00:00:00Z` (a user who never logged in, a conversion without an install).
 */
function time(value: unknown): Date | null {
  const at = isoTime(value);
  return at && at.getUTCFullYear() > 1 ? at : null;
}

export function mapUser(user: Integr8User): UserModel {
  return {
    type: 'User',
    vendor: 'INTEGR8',
    key: [user.id],
    nativeId: user.id,
    email: email(user.email),
    firstName: text(user.first_name),
    lastName: text(user.last_name),
    role: ROLES.fromVendor(user.role),
    status: USER_STATUSES.fromVendor(user.status),
    phone: text(user.phone),
    city: text(user.city),
    country: countryCode(user.country),
    timezone: timeZone(user.timezone),
    apiAccessEnabled: flag(user.api_access_enabled),
    isAdvertiserManager: flag(user.is_advertiser_manager),
    isPublisherManager: flag(user.is_publisher_manager),
    publisherManagerAccess: MANAGER_ACCESS.fromVendor(user.publisher_manager_access),
    lastLoginAt: time(user.last_login_at),
    createdAt: time(user.created_at),
    updatedAt: time(user.updated_at),
    raw: user,
  };
}

export function mapOffer(offer: Integr8Offer, integrationId: string): OfferModel {
  const advertiserId = integer(offer.advertiser_id);
  const archived = flag(offer.archived);
  const active = flag(offer.active);
  return {
    type: 'Offer',
    vendor: 'INTEGR8',
    key: [integrationId, offer.id],
    nativeId: offer.id,
    fetchable: true,
    integrationId,
    incrementalId: integer(offer.incremental_id),
    name: text(offer.name),
    nameWithId: text(offer.name_with_id),
    status: archived ? 'ARCHIVED' : active === null ? null : active ? 'ACTIVE' : 'INACTIVE',
    active,
    archived,
    advertiserRef: advertiserId ? ref('Advertiser', BY_INCREMENTAL_ID, String(advertiserId)) : null,
    currency: currency(offer.currency),
    description: text(offer.description),
    defaultPayout: offer.default_payout ? payout(offer.default_payout, currency(offer.currency)) : null,
    visibility: VISIBILITIES.fromVendor(offer.visibility),
    conversionName: text(offer.conversion_name),
    fallbackUrl: url(offer.fallback_url),
    primaryDomain: text(offer.primary_domain),
    previewEnabled: flag(offer.offer_preview_enabled),
    allowDuplicateConversions: flag(offer.allow_duplicate_conversions),
    blockOnReject: flag(offer.block_on_reject),
    deepLinkEnabled: flag(offer.deep_link_enabled),
    hideJsTracking: flag(offer.hide_js_tracking),
    impressionForwardingEnabled: flag(offer.impression_forwarding_enabled),
    impressionForwardingUrl: url(offer.impression_forwarding_url),
    manuallyApproveConversions: flag(offer.manually_approve_conversions),
    parallelTrackingEnabled: flag(offer.parallel_tracking_enabled),
    parallelTrackingUrl: url(offer.parallel_tracking_url),
    restrictionNote: text(offer.restriction_note),
    targetingGroupId: text(offer.targeting_group_id),
    targetingSimpleEnabled: flag(offer.targeting_simple_enabled),
    termsAndConditions: text(offer.terms_and_conditions),
    termsAndConditionsEnabled: flag(offer.terms_and_conditions_enabled),
    viewThroughAttributionEnabled: flag(offer.view_through_attribution_enabled),
    trackingDomainId: null,
    createdAt: time(offer.created_at),
    updatedAt: time(offer.updated_at),
    raw: offer,
  };
}

export function mapOfferEvent(event: Integr8OfferEvent, integrationId: string, offerId: string): OfferEventModel {
  return {
    type: 'OfferEvent',
    vendor: 'INTEGR8',
    key: [integrationId, offerId, event.id],
    nativeId: event.id,
    offerRef: ref('Offer', integrationId, offerId),
    name: text(event.name),
    description: text(event.description),
    active: flag(event.active),
    archived: flag(event.archived),
    allowMultipleEvents: flag(event.allow_multiple_events),
    manuallyApproveEvents: flag(event.manually_approve_events),
    currency: currency(event.currency),
    payout: payout(event, currency(event.currency)),
    raw: event,
  };
}

export function mapLandingPage(page: Integr8OfferLandingPage, integrationId: string, offerId: string): LandingPageModel {
  return {
    type: 'LandingPage',
    vendor: 'INTEGR8',
    key: [integrationId, offerId, page.id],
    nativeId: page.id,
    offerRef: ref('Offer', integrationId, offerId),
    name: text(page.name),
    active: flag(page.active),
    archived: flag(page.archived),
    hideFromPublishers: flag(page.hide_from_publishers),
    previewUrl: url(page.preview_url),
    redirectUrl: url(page.redirect_url),
    raw: page,
  };
}

export function mapPublisher(publisher: Integr8Publisher): PublisherModel {
  return {
    type: 'Publisher',
    vendor: 'INTEGR8',
    key: [publisher.id],
    nativeId: publisher.id,
    ...partyFields(publisher),
    city: text(publisher.city),
    countries: texts(publisher.countries)
      .map(countryCode)
      .filter((code): code is string => code !== null),
    timezone: timeZone(publisher.timezone),
    pending: flag(publisher.pending),
    promotionalMethods: texts(publisher.promotional_method)
      .map((method) => PROMOTIONAL_METHODS.fromVendor(method))
      .filter((method): method is NonNullable<typeof method> => method !== null),
    trackingDomainIds: texts(publisher.tracking_domain_ids),
    raw: publisher,
  };
}

export function mapAdvertiser(advertiser: Integr8Advertiser): AdvertiserModel {
  return {
    type: 'Advertiser',
    vendor: 'INTEGR8',
    key: [advertiser.id],
    nativeId: advertiser.id,
    fetchable: true,
    ...partyFields(advertiser),
    raw: advertiser,
  };
}

/** The last part of a click key that names the click by `tx_id` rather than `real_tx_id` (see mapConversionRow). */
export const BY_TX_ID = 'tx_id';

/**
 * The key a report row is fetched again by: integration, time and `real_tx_id` (reports have no
 * by-id endpoint, but a one-second window around the row's time finds it).
 */
export function reportRowKey(integrationId: string, rowTime: Date | null, realTxId: string): string[] {
  return [integrationId, rowTime ? rowTime.toISOString() : '', realTxId];
}

export function mapClickRow(row: Integr8ClickRow): ClickModel {
  const at = time(row.request_time);
  return {
    type: 'Click',
    vendor: 'INTEGR8',
    key: reportRowKey(row.integration_id, at, row.real_tx_id),
    nativeId: row.real_tx_id,
    time: at,
    ip: ip(row.click_ip),
    country: countryCode(row.country),
    countryName: null,
    regionName: null,
    regionCode: null,
    city: text(row.city),
    postalCode: text(row.postal_code),
    userAgent: text(row.user_agent),
    browser: text(row.browser_name),
    browserVersion: text(row.browser_version),
    os: text(row.os_name),
    osVersion: text(row.os_version),
    deviceType: text(row.device_type),
    deviceBrand: null,
    deviceModel: null,
    isMobile: null,
    carrier: null,
    isp: text(row.isp),
    language: texts(row.browser_language)[0] ?? null,
    isUnique: null,
    subIds: rowSubIds(row),
    revenue: amount(row.revenue),
    payout: amount(row.payout),
    currency: null,
    status: TRAFFIC_STATUSES.fromVendor(row.status),
    referer: text(row.referer),
    affiliateRef: null,
    ...rowRefs(row),
    everflow: null,
    irev: null,
    integr8: trafficDetails(row),
    raw: row,
  };
}

export function mapConversionRow(row: Integr8ConversionRow): ConversionModel {
  const at = time(row.conversion_time);
  const clickTime = time(row.click_time);
  const status = TRAFFIC_STATUSES.fromVendor(row.status);
  return {
    type: 'Conversion',
    vendor: 'INTEGR8',
    key: reportRowKey(row.integration_id, at, row.real_tx_id),
    nativeId: row.real_tx_id,
    time: at,
    status,
    state: status,
    vendorStatus: text(row.status),
    isEvent: Boolean(text(row.event_name) ?? text(row.event_db_id)),
    eventName: text(row.event_name),
    revenue: amount(row.revenue),
    payout: amount(row.payout),
    currency: null,
    clickTime,
    ip: ip(row.conversion_ip) ?? ip(row.click_ip),
    country: countryCode(row.country),
    countryName: null,
    regionName: null,
    city: text(row.city),
    os: text(row.os_name),
    osVersion: text(row.os_version),
    deviceType: text(row.device_type),
    browser: text(row.browser_name),
    language: texts(row.browser_language)[0] ?? null,
    isp: text(row.isp),
    carrier: null,
    userAgent: text(row.user_agent),
    subIds: rowSubIds(row),
    advertiserSubIds: [],
    orderId: text(row.external_transaction_id),
    couponCode: text(row.coupon_code),
    holdingPeriodEndsAt: null,
    // `click_tx_id` is the click's `tx_id` (not its `real_tx_id`, the click's own key): the click is looked up by it.
    clickRef: text(row.click_tx_id)
      ? { ref: { vendor: 'INTEGR8', type: 'Click', key: [...reportRowKey(row.integration_id, clickTime, row.click_tx_id), BY_TX_ID] } }
      : null,
    ...rowRefs(row),
    integr8: trafficDetails(row),
    raw: row,
  };
}

export function mapImpressionRow(row: Integr8ImpressionRow): ImpressionModel {
  const at = time(row.request_time);
  return {
    type: 'Impression',
    vendor: 'INTEGR8',
    key: reportRowKey(row.integration_id, at, row.real_tx_id),
    nativeId: row.real_tx_id,
    time: at,
    ip: ip(row.click_ip),
    country: countryCode(row.country),
    city: text(row.city),
    userAgent: text(row.user_agent),
    browser: text(row.browser_name),
    os: text(row.os_name),
    osVersion: text(row.os_version),
    deviceType: text(row.device_type),
    isp: text(row.isp),
    subIds: rowSubIds(row),
    revenue: amount(row.revenue),
    payout: amount(row.payout),
    status: text(row.status),
    siteUrl: text(row.site_url),
    ...rowRefs(row),
    integr8: trafficDetails(row),
    raw: row,
  };
}

/** Export states that no longer change. */
const FINISHED_EXPORT_STATUSES: ReadonlySet<ExportStatus> = new Set(['DONE', 'ERROR', 'CANCELED']);

/**
 * An export status in any case (`DONE`, `done`, `Done`; `IN_PROGRESS`, `in_progress`) as the
 * schema enum, or null for a value Integr8 does not document.
 */
export function exportStatus(status: unknown): ExportStatus | null {
  if (typeof status !== 'string') return null;
  const upper = status.trim().toUpperCase() as ExportStatus;
  return (INTEGR8_EXPORT_STATUSES as readonly string[]).includes(upper) ? upper : null;
}

/** Whether an export (a raw record) is finished (DONE, ERROR or CANCELED, in any case), so it no longer changes. */
export function isFinishedExport(record: Pick<Integr8Export, 'status'> | undefined): boolean {
  const status = exportStatus(record?.status);
  return status !== null && FINISHED_EXPORT_STATUSES.has(status);
}

export function mapExport(record: Integr8Export): ExportModel {
  const query = record.reports_query_option;
  const status = exportStatus(record.status);
  const done = status === 'DONE';
  return {
    type: 'Export',
    vendor: 'INTEGR8',
    key: [record.id],
    nativeId: record.id,
    exportType: text(record.type),
    status,
    query: query
      ? {
          startDate: text(query.start_date),
          endDate: text(query.end_date),
          relativeDate: text(query.relative_date),
          fields: texts(record.export_list_options?.fields).length ? texts(record.export_list_options?.fields) : texts(query.include_fields),
          extraParameters: texts(query.extra_parameters_as_new_fields),
          filters: query.filters ?? null,
          sortBy: query.sort_by ?? null,
        }
      : null,
    rowCount: done ? integer(record.results_meta?.total) : null,
    durationSeconds: done ? amount(record.results_meta?.duration_seconds) : null,
    rangeTruncated: done ? flag(record.results_meta?.range_truncated) : null,
    size: done ? integer(record.artifact?.size) : null,
    artifactName: text(record.artifact?.name),
    delimiter: typeof record.format?.delimiter === 'string' && record.format.delimiter !== '' ? record.format.delimiter : null,
    integrationId: text(record.integration),
    requestedBy: text(record.requested_by),
    lastUpdatedBy: text(record.last_updated_by),
    error: text(record.error),
    createdAt: time(record.created_at),
    updatedAt: time(record.updated_at),
    raw: record,
  };
}

// Private:

/** The fields publishers and advertisers share (Integr8 describes both parties alike). */
function partyFields(party: Integr8Publisher | Integr8Advertiser) {
  return {
    incrementalId: integer(party.incremental_id),
    name: text(party.name),
    nameWithId: text(party.name_with_id),
    companyName: text(party.company_name),
    firstName: text(party.first_name),
    lastName: text(party.last_name),
    email: email(party.email),
    phone: text(party.phone),
    messenger: text(party.messenger),
    website: url(party.website),
    address: text(party.address),
    country: countryCode(party.country),
    description: text(party.description),
    active: flag(party.active),
    archived: flag(party.archived),
    managerRef: text(party.manager_id) ? ref('User', party.manager_id) : null,
    createdAt: time(party.created_at),
    updatedAt: time(party.updated_at),
  };
}

function payout(config: Partial<Integr8OfferPayoutConfig>, inCurrency: string | null): PayoutModel {
  return {
    payout: amount(config.payout),
    payoutPercent: amount(config.payout_percent),
    payoutType: PAYOUT_TYPES.fromVendor(config.payout_type),
    revenue: amount(config.revenue),
    revenuePercent: amount(config.revenue_percent),
    revenueType: REVENUE_TYPES.fromVendor(config.revenue_type),
    currency: inCurrency,
  };
}

/** What the helpers below read: the fields every report row has. */
type AnyRow = Integr8ReportRowBase;

function rowRefs(row: AnyRow): TrafficRefs {
  const integrationId = text(row.integration_id);
  const offerId = text(row.offer_db_id);
  const publisherId = text(row.publisher_db_id);
  const advertiserId = text(row.advertiser_db_id);
  return {
    offerRef: integrationId && offerId ? ref('Offer', integrationId, offerId) : null,
    publisherRef: publisherId ? ref('Publisher', publisherId) : null,
    advertiserRef: advertiserId ? ref('Advertiser', advertiserId) : null,
  };
}

function rowSubIds(row: AnyRow) {
  return subIds([row.sub_id, row.sub_id_2, row.sub_id_3, row.sub_id_4, row.sub_id_5, row.sub_id_6]);
}

function trafficDetails(row: AnyRow): Integr8TrafficDetailsModel {
  const keys = texts(row['extra_params.keys']);
  const values = Array.isArray(row['extra_params.values']) ? row['extra_params.values'] : [];
  const extraParams = keys.length ? Object.fromEntries(keys.map((key, i) => [key, String(values[i] ?? '')])) : null;
  return {
    integrationId: text(row.integration_id),
    realTxId: text(row.real_tx_id),
    score: amount(row.score),
    risk: text(row.risk),
    rejections: texts(row.rejections),
    rejectionType: text(row.rejection_type),
    rejectedReason: text(row.rejected_simple_reason),
    isBot: flag(row.is_bot),
    fingerprint: text(row.fingerprint),
    tags: texts(row.tags),
    smartLinkId: text((row as Integr8ClickRow).smart_link_id),
    targetingGroupId: text(row.targeting_group_id),
    extraParams,
    integrationType: text(row.integration_type),
    externalTransactionId: text((row as Partial<Integr8ClickRow>).external_transaction_id),
  };
}
