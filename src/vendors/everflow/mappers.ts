/** Everflow records to gateway models: pure functions, the only place that reads Everflow field names. */
import type {
  AffiliateRelationship,
  AffiliateStatus,
  BillingFrequency,
  ConversionState,
  ConversionStatus,
  PaymentType,
} from '../../__generated__/resolvers.js';
import type { AffiliateModel, AffiliateUserModel, ClickModel, ConversionModel, EmployeeModel, OfferModel } from '../../models/index.js';
import { partialOffer } from '../../models/partial.js';
import { amount, countryCode, currency, email, enumMap, enumValue, flag, integer, ip, subIds, text, unixTime, url } from '../normalize.js';
import type {
  EverflowAccountStatus,
  EverflowAffiliate,
  EverflowAffiliateRelationship,
  EverflowAffiliateRelationshipName,
  EverflowAffiliateTableRow,
  EverflowAffiliateUser,
  EverflowBillingFrequency,
  EverflowOnHoldConversion,
  EverflowOnHoldStatus,
  EverflowPaymentType,
  EverflowRawClick,
  EverflowRelationshipOffer,
} from './types.js';

/** Affiliate account statuses in the schema and at Everflow, both ways (the mappers read them, the table filter sends them). */
export const AFFILIATE_STATUSES = enumMap<AffiliateStatus, EverflowAccountStatus>({
  ACTIVE: 'active',
  INACTIVE: 'inactive',
  PENDING: 'pending',
  SUSPENDED: 'suspended',
});
const OFFER_STATUS = { active: 'ACTIVE', paused: 'PAUSED', pending: 'PENDING', deleted: 'DELETED' } as const;
/** On-hold statuses in the schema and at Everflow, both ways (the mapper reads them, the report filter sends them). */
export const ON_HOLD_STATUSES = enumMap<ConversionStatus, EverflowOnHoldStatus>({ ON_HOLD: 'on_hold', APPROVED: 'approved', REJECTED: 'rejected' });

/** Payment types in the schema and at Everflow, both ways; the create document also spells paxum "payum". */
export const PAYMENT_TYPES = enumMap<PaymentType, EverflowPaymentType>(
  {
    NONE: 'none',
    PAY: 'pay',
    PAYPAL: 'paypal',
    CHECK: 'check',
    WIRE: 'wire',
    DIRECT_DEPOSIT: 'direct_deposit',
    TIPALTI: 'tipalti',
    PAXUM: 'paxum',
    VEEM: 'veem',
    PAYONEER: 'payoneer',
    BITCOIN: 'bitcoin',
    WEBMONEY: 'webmoney',
    CAPITALIST: 'capitalist',
    TRANSFERWISE: 'transferwise',
    GIFT_CARD: 'gift_card',
    MASSPAY: 'masspay',
    SKRILL: 'skrill',
  },
  { payum: 'PAXUM' },
);

/** Billing frequencies in the schema and at Everflow, both ways. */
export const BILLING_FREQUENCIES = enumMap<BillingFrequency, EverflowBillingFrequency>({
  WEEKLY: 'weekly',
  BIMONTHLY: 'bimonthly',
  MONTHLY: 'monthly',
  TWO_MONTHS: 'two_months',
  QUARTERLY: 'quarterly',
  MANUAL: 'manual',
  OTHER: 'other',
});

/** Everflow's relationship names by schema name. */
export const RELATIONSHIP_NAMES: Record<AffiliateRelationship, EverflowAffiliateRelationshipName> = {
  REPORTING: 'reporting',
  BILLING: 'billing',
  COUPON_CODES: 'coupon_codes',
  USERS: 'users',
  AUDITS: 'audits',
  VISIBILITY: 'visibility',
  SIGNUP: 'signup',
  API: 'api',
  TRAFFIC_SOURCE: 'traffic_source',
  REFERRAL_LINK: 'referral_link',
  REFERRER: 'referrer',
  REFERRAL: 'referral',
  SUPPLY_PARTNER: 'supply_partner',
};

/** An affiliates-table row. */
export function mapAffiliateRow(row: EverflowAffiliateTableRow): AffiliateModel {
  const nativeId = String(row.network_affiliate_id);
  return {
    type: 'Affiliate',
    vendor: 'EVERFLOW',
    key: [nativeId],
    nativeId,
    fetchable: true,
    name: text(row.name),
    status: AFFILIATE_STATUSES.fromVendor(row.account_status),
    accountManager: employee(row.account_manager_id, row.account_manager_name),
    accountExecutive: employee(row.account_executive_id, row.account_executive_name),
    labels: Array.isArray(row.labels) ? row.labels.filter((l) => typeof l === 'string') : [],
    balance: amount(row.balance),
    todayRevenue: amount(row.today_revenue),
    defaultCurrency: null,
    paymentType: PAYMENT_TYPES.fromVendor(row.payment_type),
    isPayable: flag(row.is_payable),
    country: countryCode(row.network_country_code),
    trackingDomainUrl: url(row.global_tracking_domain_url),
    internalNotes: null,
    hasNotifications: null,
    contactAddressEnabled: null,
    mediaCostTrackingLinks: null,
    encodedValue: null,
    referrerRef: null,
    createdAt: unixTime(row.time_created),
    updatedAt: unixTime(row.time_saved),
    lastLoginAt: unixTime(row.last_login),
    relationships: {
      ...(row.relationship?.users !== undefined && { USERS: row.relationship.users }),
      ...(row.relationship?.signup !== undefined && { SIGNUP: row.relationship.signup }),
    },
    raw: row,
  };
}

/** An affiliate from find-by-id (with whatever relationships it carries). */
export function mapAffiliate(affiliate: EverflowAffiliate): AffiliateModel {
  const nativeId = String(affiliate.network_affiliate_id);
  const rel: Partial<EverflowAffiliateRelationship> = affiliate.relationship ?? {};
  const manager = rel.account_manager;
  const relationships: AffiliateModel['relationships'] = {};
  for (const [name, vendorName] of Object.entries(RELATIONSHIP_NAMES) as [AffiliateRelationship, EverflowAffiliateRelationshipName][]) {
    if (rel[vendorName] !== undefined) relationships[name] = rel[vendorName];
  }
  const referrerId = integer(affiliate.referrer_id);
  return {
    type: 'Affiliate',
    vendor: 'EVERFLOW',
    key: [nativeId],
    nativeId,
    fetchable: true,
    name: text(affiliate.name),
    status: AFFILIATE_STATUSES.fromVendor(affiliate.account_status),
    accountManager: manager
      ? {
          id: integer(affiliate.network_employee_id) || null,
          name: [text(manager.first_name), text(manager.last_name)].filter(Boolean).join(' ') || null,
          firstName: text(manager.first_name),
          lastName: text(manager.last_name),
          email: email(manager.email),
          workPhone: text(manager.work_phone),
          cellPhone: text(manager.cell_phone),
        }
      : employee(affiliate.network_employee_id, ''),
    accountExecutive: employee(affiliate.account_executive_id, ''),
    labels: Array.isArray(rel.labels?.entries) ? rel.labels.entries.filter((l) => typeof l === 'string') : [],
    balance: null,
    todayRevenue: null,
    defaultCurrency: currency(affiliate.default_currency_id),
    paymentType: null,
    isPayable: null,
    country: null,
    trackingDomainUrl: null,
    internalNotes: text(affiliate.internal_notes),
    hasNotifications: flag(affiliate.has_notifications),
    contactAddressEnabled: flag(affiliate.is_contact_address_enabled),
    mediaCostTrackingLinks: flag(affiliate.enable_media_cost_tracking_links),
    encodedValue: text(rel.encoded_value),
    referrerRef: referrerId ? { ref: { vendor: 'EVERFLOW', type: 'Affiliate', key: [String(referrerId)] } } : null,
    createdAt: unixTime(affiliate.time_created),
    updatedAt: unixTime(affiliate.time_saved),
    lastLoginAt: null,
    relationships,
    raw: affiliate,
  };
}

/** An affiliate user from the `users` relationship. */
export function mapAffiliateUser(user: EverflowAffiliateUser): AffiliateUserModel {
  return {
    nativeId: user.network_affiliate_user_id === undefined ? null : String(user.network_affiliate_user_id),
    firstName: text(user.first_name),
    lastName: text(user.last_name),
    email: email(user.email),
    status: text(user.account_status),
    title: text(user.title),
    workPhone: text(user.work_phone),
    cellPhone: text(user.cell_phone),
    timezoneId: integer(user.timezone_id),
    currency: currency(user.currency_id),
    raw: user,
  };
}

/** An offer as clicks and conversions describe it (Everflow's affiliate API has no offer endpoint here). */
export function mapOffer(offer: EverflowRelationshipOffer): OfferModel {
  return partialOffer('EVERFLOW', String(offer.network_offer_id), {
    name: text(offer.name),
    status: enumValue(OFFER_STATUS, offer.offer_status),
    active: offer.offer_status === undefined ? null : offer.offer_status === 'active',
    trackingDomainId: integer(offer.network_tracking_domain_id),
    raw: offer,
  });
}

/** A raw click (stream row or click by id). */
export function mapClick(click: EverflowRawClick): ClickModel {
  const geo: Partial<EverflowRawClick['relationship']['geolocation']> = click.relationship?.geolocation ?? {};
  const device: Partial<EverflowRawClick['relationship']['device_information']> = click.relationship?.device_information ?? {};
  const offer = click.relationship?.offer;
  return {
    type: 'Click',
    vendor: 'EVERFLOW',
    key: [click.transaction_id],
    nativeId: click.transaction_id,
    time: unixTime(click.unix_timestamp),
    ip: ip(click.user_ip),
    country: countryCode(geo.country_code),
    countryName: text(geo.country_name),
    regionName: text(geo.region_name),
    regionCode: text(geo.region_code),
    city: text(geo.city_name),
    postalCode: text(geo.postal_code),
    userAgent: null,
    browser: text(device.browser_name),
    browserVersion: text(device.browser_version),
    os: text(device.platform_name),
    osVersion: text(device.os_version),
    deviceType: text(device.device_type),
    deviceBrand: text(device.brand),
    deviceModel: text(device.model),
    isMobile: flag(device.is_mobile),
    carrier: text(geo.carrier_name),
    isp: text(geo.isp_name),
    language: text(device.language),
    isUnique: flag(click.is_unique),
    subIds: subIds([click.sub1, click.sub2, click.sub3, click.sub4, click.sub5]),
    revenue: amount(click.revenue),
    payout: null,
    currency: currency(click.currency_id),
    status: null,
    referer: text(click.referer),
    offerRef: offer ? { model: mapOffer(offer) } : null,
    affiliateRef: null,
    publisherRef: null,
    advertiserRef: null,
    everflow: {
      transactionId: click.transaction_id,
      trackingUrl: text(click.tracking_url),
      sourceId: text(click.source_id),
      revenueType: text(click.revenue_type),
      errorCode: integer(click.error_code),
      errorMessage: text(click.error_message),
      couponCode: text(click.coupon_code),
      isProxy: flag(geo.is_proxy),
      isRobot: flag(device.is_robot),
      dma: integer(geo.dma) || null,
      dmaName: text(geo.dma_name),
      queryParameters: click.relationship?.query_parameters ?? null,
    },
    irev: null,
    integr8: null,
    raw: click,
  };
}

/** An on-hold conversion or post-conversion event. */
export function mapOnHoldConversion(record: EverflowOnHoldConversion): ConversionModel {
  const c: Partial<EverflowOnHoldConversion['conversion']> = record.conversion ?? {};
  const offer = c.relationship?.offer;
  const transactionId = text(c.transaction_id);
  return {
    type: 'Conversion',
    vendor: 'EVERFLOW',
    key: [record.on_hold_conversion_id],
    nativeId: record.on_hold_conversion_id,
    time: unixTime(c.conversion_unix_timestamp),
    status: ON_HOLD_STATUSES.fromVendor(record.status),
    state: conversionState(ON_HOLD_STATUSES.fromVendor(record.status)),
    vendorStatus: text(record.status),
    isEvent: flag(c.is_event) ?? false,
    eventName: text(c.event),
    revenue: amount(c.revenue),
    payout: null,
    currency: currency(c.currency_id),
    clickTime: unixTime(c.click_unix_timestamp),
    ip: ip(c.conversion_user_ip) ?? ip(c.session_user_ip),
    country: null,
    countryName: text(c.country),
    regionName: text(c.region),
    city: text(c.city),
    os: text(c.platform),
    osVersion: text(c.os_version),
    deviceType: text(c.device_type),
    browser: text(c.browser),
    language: text(c.language),
    isp: text(c.isp),
    carrier: text(c.carrier),
    userAgent: text(c.http_user_agent),
    subIds: subIds([c.sub1, c.sub2, c.sub3, c.sub4, c.sub5]),
    advertiserSubIds: subIds([c.adv1, c.adv2, c.adv3, c.adv4, c.adv5]),
    orderId: text(c.order_id),
    couponCode: text((c as { coupon_code?: string }).coupon_code),
    holdingPeriodEndsAt: unixTime(record.holding_period_end),
    clickRef: transactionId ? { ref: { vendor: 'EVERFLOW', type: 'Click', key: [transactionId] } } : null,
    offerRef: offer ? { model: mapOffer(offer) } : null,
    publisherRef: null,
    advertiserRef: null,
    integr8: null,
    raw: record,
  };
}

function employee(id: unknown, name: unknown): EmployeeModel | null {
  const number = integer(id);
  if (!number) return null;
  return { id: number, name: text(name), firstName: null, lastName: null, email: null, workPhone: null, cellPhone: null };
}

/** The state every vendor shares for an on-hold status: `on_hold` is PENDING. */
function conversionState(status: ConversionStatus | null): ConversionState | null {
  return status === 'ON_HOLD' ? 'PENDING' : status;
}
