import { OVERLAPPING_PARTNER } from '../overlap.js';
import { Buffer } from 'node:buffer';
import { DEVICES, GEOS, Random, unixSeconds, type Device, type Geo } from '../random.js';
import type {
  EverflowAccountManager,
  EverflowAccountStatus,
  EverflowAffiliate,
  EverflowAffiliateApi,
  EverflowAffiliateAudit,
  EverflowAffiliateBilling,
  EverflowAffiliateRelationship,
  EverflowAffiliateRelationshipName,
  EverflowAffiliateReporting,
  EverflowAffiliateSignup,
  EverflowAffiliateTableRow,
  EverflowAffiliateUser,
  EverflowAffiliateVisibility,
  EverflowBillingDetails,
  EverflowBillingFrequency,
  EverflowClickDeviceInformation,
  EverflowClickGeolocation,
  EverflowContactAddress,
  EverflowCouponCode,
  EverflowList,
  EverflowOfferUrl,
  EverflowOnHoldConversion,
  EverflowOnHoldStatus,
  EverflowPaymentDetails,
  EverflowPaymentType,
  EverflowRawClick,
  EverflowReferral,
  EverflowRelationshipOffer,
  EverflowRevenueType,
  EverflowSupplyPartner,
  EverflowTrafficSource,
} from './types.js';

/** A network employee: account managers and account executives come from this list. */
export interface EverflowEmployee extends EverflowAccountManager {
  network_employee_id: number;
  role: 'account_manager' | 'account_executive';
}

/** A tracking domain of the network. */
export interface EverflowTrackingDomain {
  network_tracking_domain_id: number;
  url: string;
}

/** An offer: the relationship block clicks show, plus what clicks and conversions draw from it. */
export interface EverflowOfferRecord {
  offer: EverflowRelationshipOffer;
  revenue_type: EverflowRevenueType;
  /** Revenue per conversion (per click for CPC offers). */
  payout: number;
  currency_id: string;
  creative_ids: number[];
  urls: EverflowOfferUrl[];
}

/**
 * One network affiliate as the simulator stores it. Find-by-id and table rows are views of it
 * (`affiliateView`, `affiliateTableRow`); the fields that no view shows are the hidden attributes
 * the table filters need.
 */
export interface EverflowAffiliateRecord {
  network_affiliate_id: number;
  name: string;
  account_status: EverflowAccountStatus;
  /** The account manager (0: none). */
  network_employee_id: number;
  account_executive_id: number;
  internal_notes: string;
  has_notifications: boolean;
  network_traffic_source_id: number;
  adress_id: number;
  default_currency_id: string;
  is_contact_address_enabled: boolean;
  enable_media_cost_tracking_links: boolean;
  time_created: number;
  time_saved: number;
  referrer_id: number;
  network_affiliate_tier_id: number;
  encoded_value: string;
  labels: string[];
  today_revenue: string;
  balance: number;
  last_login: number;
  global_tracking_domain_url: string;
  network_country_code: string;
  /**
   * The address the country and region filters read, even when `is_contact_address_enabled` is
   * false; null only after a create or update without one (then those filters never match).
   */
  contact_address: EverflowContactAddress | null;
  billing: EverflowAffiliateBilling;
  users: EverflowAffiliateUser[];
  coupon_codes: EverflowCouponCode[];
  audits: EverflowAffiliateAudit[];
  visibility: EverflowAffiliateVisibility;
  signup: EverflowAffiliateSignup;
  api: EverflowAffiliateApi;
  /** The referral settings; `referred_affiliates` is computed from the other affiliates. */
  referral: Omit<EverflowReferral, 'referred_affiliates'>;
  supply_partner: EverflowSupplyPartner;
  reporting: EverflowAffiliateReporting;
  /** Hidden: the tracking domains the affiliate ran traffic on. */
  network_tracking_domain_ids: number[];
  /** Hidden: unix seconds of the affiliate's last click, 0 when it never ran traffic. */
  last_traffic_time: number;
}

/**
 * A raw click and the hidden attributes the click-stream filters match. Time and id are stored;
 * the rest is drawn from the click's own seed on first access (then kept), so a tenant's 40,000
 * clicks cost little until a request or a test reads them.
 */
export interface EverflowClickRecord {
  readonly unix_timestamp: number;
  readonly transaction_id: string;
  readonly raw: EverflowRawClick;
  readonly creative_id: number;
  readonly campaign_id: number;
  readonly connection_type: string;
  /** 0 when the click used the offer's default URL. */
  readonly offer_url_id: number;
  /** The browser's user agent (on-hold conversions show it). */
  readonly user_agent: string;
  /** True when a conversion points at the click (its raw data is kept forever). */
  readonly converted: boolean;
}

/** An on-hold conversion and the hidden attributes the on-hold filters match. */
export interface EverflowOnHoldRecord {
  raw: EverflowOnHoldConversion;
  country_code: string;
  region_code: string;
  creative_id: number;
  campaign_id: number;
  coupon_code: string;
  offer_url_id: number;
}

/**
 * One tenant's data, generated from a seed relative to `now`. Tests of the gateway compute
 * expected answers from it; the simulator's writes change `affiliates` in place.
 */
export interface EverflowDataset {
  seed: number;
  /**
   * The reference time (ms). Unconverted clicks fall within the 3 calendar months before it
   * (see clickRetentionStart), converted ones and conversions within the 365 days before it.
   */
  now: number;
  network_id: number;
  employees: EverflowEmployee[];
  trackingDomains: EverflowTrackingDomain[];
  trafficSources: EverflowTrafficSource[];
  offers: EverflowOfferRecord[];
  /** Ordered by network_affiliate_id. */
  affiliates: EverflowAffiliateRecord[];
  /** Every stored click, oldest first: the recent ones and the older converted ones. */
  clicks: EverflowClickRecord[];
  clicksById: Map<string, EverflowClickRecord>;
  /** On-hold conversions and events, newest first. */
  onHold: EverflowOnHoldRecord[];
  onHoldById: Map<string, EverflowOnHoldRecord>;
  /** Next ids for created records. */
  nextIds: { affiliate: number; user: number; audit: number; address: number };
  /** How long generation took (ms). */
  generationMs: number;
}

/** Sizes of a generated dataset. */
export const EVERFLOW_SIZES = {
  affiliates: 300,
  offers: 150,
  recentClicks: 40_000,
  baseConversions: 1_750,
  /** Raw click data is kept this many calendar months (except for converted clicks, kept forever). */
  clickRetentionMonths: 3,
  conversionDays: 365,
} as const;

const DAY = 86_400;

/** Generates one tenant's dataset; the same seed and `now` always yield the same data. */
export function generateEverflowDataset(seed: number, now: number): EverflowDataset {
  const started = performance.now();
  const rng = new Random(seed);
  const nowSec = unixSeconds(now);
  const networkId = rng.int(100, 999);
  const networkSlug = rng.pick(NETWORK_SLUGS);
  const employees = makeEmployees(rng);
  const trackingDomains = [1, 2, 3, 4].map((id) => ({
    network_tracking_domain_id: id,
    url: `https://${TRACKING_HOSTS[id - 1]}.${networkSlug}.example`,
  }));
  const trafficSources = TRAFFIC_SOURCES.map((name, i) => ({
    network_traffic_source_id: i + 1,
    name,
    status: (i === TRAFFIC_SOURCES.length - 1 ? 'inactive' : 'active') as EverflowTrafficSource['status'],
  }));
  const offers = makeOffers(rng, networkId);
  const ids = { user: 1, audit: 1, address: 1, coupon: 1, apiKey: 1 };
  const ctx: AffiliateContext = { rng, nowSec, networkId, networkSlug, employees, trackingDomains, offers, emails: new Set(), ids };
  const affiliates: EverflowAffiliateRecord[] = [];
  for (let id = 1; id <= EVERFLOW_SIZES.affiliates; id++) affiliates.push(makeAffiliate(ctx, id));
  overlapPartner(affiliates[OVERLAPPING_PARTNER.everflowAffiliateId - 1], ctx.emails);

  const affiliateCode = encodedValue(rng);
  const clickCtx: ClickContext = {
    rng,
    offers,
    trackingUrls: offers.flatMap((o) => SUB1.map((sub1) => `${trackingDomains[0].url}/${affiliateCode}/${o.offer.network_offer_id}/?sub1=${sub1}`)),
    coupons: ['SUMMER', 'WELCOME10', 'SAVE20', 'VIP', 'FALL15'],
    geolocations: new Map(),
    devices: new Map(),
  };
  const cutoff = clickRetentionStart(now);
  const recent = makeClicks(clickCtx, EVERFLOW_SIZES.recentClicks, cutoff, nowSec);
  const { onHold, oldClicks } = makeOnHold(clickCtx, recent, nowSec, cutoff, networkId);
  const clicks = [...oldClicks, ...recent];
  const dataset: EverflowDataset = {
    seed,
    now,
    network_id: networkId,
    employees,
    trackingDomains,
    trafficSources,
    offers,
    affiliates,
    clicks,
    clicksById: indexBy(clicks, (c) => c.transaction_id),
    onHold,
    onHoldById: indexBy(onHold, (c) => c.raw.on_hold_conversion_id),
    nextIds: { affiliate: EVERFLOW_SIZES.affiliates + 1, user: ctx.ids.user, audit: ctx.ids.audit, address: ctx.ids.address },
    generationMs: 0,
  };
  dataset.generationMs = performance.now() - started;
  return dataset;
}

/**
 * The start (unix seconds) of the raw click data Everflow still holds at `nowMs`: 3 calendar
 * months back ("kept for a period of 3 months"), on the UTC calendar, at the same time of day. A
 * day the earlier month lacks becomes its last day (May 31 -> Feb 28 or 29).
 */
export function clickRetentionStart(nowMs: number): number {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - EVERFLOW_SIZES.clickRetentionMonths;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const start = Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds());
  return Math.floor(start / 1000);
}

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return map;
}

// Views

/** The account manager block of an affiliate (empty strings when the employee is unknown). */
export function accountManagerBlock(dataset: EverflowDataset, employeeId: number): EverflowAccountManager {
  const e = dataset.employees.find((x) => x.network_employee_id === employeeId);
  return {
    first_name: e?.first_name ?? '',
    last_name: e?.last_name ?? '',
    email: e?.email ?? '',
    work_phone: e?.work_phone ?? '',
    cell_phone: e?.cell_phone ?? '',
    instant_messaging_id: e?.instant_messaging_id ?? 0,
    instant_messaging_identifier: e?.instant_messaging_identifier ?? '',
  };
}

/** An employee's "First Last", or "" for 0 or an unknown id. */
export function employeeName(dataset: EverflowDataset, employeeId: number): string {
  const e = dataset.employees.find((x) => x.network_employee_id === employeeId);
  return e ? `${e.first_name} ${e.last_name}` : '';
}

/** An affiliate as an affiliates-table row, with the requested relationships (users, signup). */
export function affiliateTableRow(
  dataset: EverflowDataset,
  record: EverflowAffiliateRecord,
  relationships: readonly string[] = [],
): EverflowAffiliateTableRow {
  const row: EverflowAffiliateTableRow = {
    network_affiliate_id: record.network_affiliate_id,
    network_id: dataset.network_id,
    name: record.name,
    account_status: record.account_status,
    account_manager_id: record.network_employee_id,
    account_manager_name: employeeName(dataset, record.network_employee_id),
    account_executive_id: record.account_executive_id,
    account_executive_name: employeeName(dataset, record.account_executive_id),
    today_revenue: record.today_revenue,
    time_created: record.time_created,
    time_saved: record.time_saved,
    labels: [...record.labels],
    balance: record.balance,
    last_login: record.last_login,
    global_tracking_domain_url: record.global_tracking_domain_url,
    network_country_code: record.network_country_code,
    is_payable: isPayable(record),
    payment_type: record.billing.payment_type,
  };
  if (relationships.length > 0) {
    const rel: NonNullable<EverflowAffiliateTableRow['relationship']> = {};
    if (relationships.includes('users')) rel.users = usersList(record);
    if (relationships.includes('signup')) rel.signup = structuredClone(record.signup);
    row.relationship = rel;
  }
  return row;
}

/**
 * An affiliate as find-by-id answers it: labels, account_manager and encoded_value always, plus
 * the requested relationships; `network_affiliate_tier_id` where the `affiliateTier` reading puts it.
 */
export function affiliateView(
  dataset: EverflowDataset,
  record: EverflowAffiliateRecord,
  relationships: readonly (EverflowAffiliateRelationshipName | string)[] = [],
  tier: 'relationship' | 'top-level' = 'relationship',
): EverflowAffiliate {
  const rel: EverflowAffiliateRelationship = {
    labels: { total: record.labels.length, entries: [...record.labels] },
    account_manager: accountManagerBlock(dataset, record.network_employee_id),
    encoded_value: record.encoded_value,
    ...(tier === 'relationship' && { network_affiliate_tier_id: record.network_affiliate_tier_id }),
  };
  const want = new Set(relationships);
  if (want.has('reporting')) rel.reporting = { ...record.reporting };
  if (want.has('billing')) rel.billing = structuredClone(record.billing);
  if (want.has('coupon_codes')) rel.coupon_codes = listOf(record.coupon_codes.map((c) => ({ ...c })));
  if (want.has('users')) rel.users = usersList(record);
  if (want.has('audits')) rel.audits = listOf(structuredClone(record.audits));
  if (want.has('visibility')) rel.visibility = structuredClone(record.visibility);
  if (want.has('signup')) rel.signup = structuredClone(record.signup);
  if (want.has('api')) rel.api = structuredClone(record.api);
  if (want.has('traffic_source')) {
    const source = dataset.trafficSources.find((s) => s.network_traffic_source_id === record.network_traffic_source_id);
    rel.traffic_source = listOf(source ? [{ ...source }] : []);
  }
  if (want.has('referral_link')) rel.referral_link = { url: referralLink(dataset, record) };
  if (want.has('referrer')) {
    const referrer = dataset.affiliates.find((a) => a.network_affiliate_id === record.referrer_id);
    rel.referrer = referrer ? { network_affiliate_id: referrer.network_affiliate_id, name: referrer.name } : null;
  }
  if (want.has('referral')) {
    const referred = dataset.affiliates
      .filter((a) => a.referrer_id === record.network_affiliate_id)
      .map((a) => ({ network_affiliate_id: a.network_affiliate_id, name: a.name }));
    rel.referral = { ...record.referral, referred_affiliates: listOf(referred) };
  }
  if (want.has('supply_partner')) rel.supply_partner = structuredClone(record.supply_partner);
  return {
    network_affiliate_id: record.network_affiliate_id,
    network_id: dataset.network_id,
    name: record.name,
    account_status: record.account_status,
    network_employee_id: record.network_employee_id,
    internal_notes: record.internal_notes,
    has_notifications: record.has_notifications,
    network_traffic_source_id: record.network_traffic_source_id,
    account_executive_id: record.account_executive_id,
    adress_id: record.adress_id,
    default_currency_id: record.default_currency_id,
    is_contact_address_enabled: record.is_contact_address_enabled,
    enable_media_cost_tracking_links: record.enable_media_cost_tracking_links,
    time_created: record.time_created,
    time_saved: record.time_saved,
    ...(tier === 'top-level' && { network_affiliate_tier_id: record.network_affiliate_tier_id }),
    relationship: rel,
    referrer_id: record.referrer_id,
  };
}

/** Whether the affiliate can be paid: it has a payment type. */
export function isPayable(record: EverflowAffiliateRecord): boolean {
  return record.billing.payment_type !== 'none';
}

/** The affiliate's referral (signup) link. */
export function referralLink(dataset: EverflowDataset, record: EverflowAffiliateRecord): string {
  return `${dataset.trackingDomains[0].url}/signup/?ref=${record.encoded_value}`;
}

/** A 5 or 6 character uppercase base-36 code, like the vendor's `encoded_value`. */
export function encodedValue(rng: Random): string {
  return rng
    .int(36 ** 4, 36 ** 6 - 1)
    .toString(36)
    .toUpperCase();
}

/** "YYYY-mm-dd" of a unix time, in UTC. */
export function utcDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** A money string as the vendor's table shows it: "$1,234.56". */
export function moneyString(amount: number): string {
  const [whole, cents] = amount.toFixed(2).split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

// Private: randomness

// Module-scope copies of the Math functions used per click: under jest every global lookup goes
// through the test sandbox's global object, which is ~30 times slower than a local binding.
const { floor, min, round } = Math;

// Private: affiliates

interface AffiliateContext {
  rng: Random;
  nowSec: number;
  networkId: number;
  networkSlug: string;
  employees: EverflowEmployee[];
  trackingDomains: EverflowTrackingDomain[];
  offers: EverflowOfferRecord[];
  emails: Set<string>;
  ids: { user: number; audit: number; address: number; coupon: number; apiKey: number };
}

function listOf<T>(entries: T[]): EverflowList<T> {
  return { total: entries.length, entries };
}

function usersList(record: EverflowAffiliateRecord): EverflowList<EverflowAffiliateUser> {
  return listOf(record.users.map((u) => ({ ...u })));
}

function makeEmployees(rng: Random): EverflowEmployee[] {
  return [1, 2, 3, 4, 5, 6, 7, 8].map((id) => {
    const p = rng.person('network.example');
    const im = rng.pick([0, 0, 1, 2, 3]);
    return {
      network_employee_id: id,
      role: id <= 5 ? 'account_manager' : 'account_executive',
      first_name: p.firstName,
      last_name: p.lastName,
      email: p.email,
      work_phone: phone(rng),
      cell_phone: rng.chance(0.5) ? phone(rng) : '',
      instant_messaging_id: im,
      instant_messaging_identifier: im === 0 ? '' : `${p.firstName}_${p.lastName}`.toLowerCase(),
    };
  });
}

function makeOffers(rng: Random, networkId: number): EverflowOfferRecord[] {
  const offers: EverflowOfferRecord[] = [];
  let creativeId = 1;
  let urlId = 100;
  for (let id = 1; id <= EVERFLOW_SIZES.offers; id++) {
    const name = rng.offerName();
    const revenueType = rng.weighted<EverflowRevenueType>([
      ['CPA', 70],
      ['CPS', 15],
      ['CPC', 10],
      ['CPM', 5],
    ]);
    const creatives = Array.from({ length: rng.int(1, 3) }, () => creativeId++);
    const urls = Array.from({ length: rng.int(0, 2) }, (_, i) => ({
      network_offer_url_id: urlId++,
      network_id: networkId,
      network_offer_id: id,
      name: i === 0 ? 'Alternate Offer URL' : `Landing Page ${String.fromCharCode(66 + i)}`,
      preview_url: `https://${rng.pick(SHOP_HOSTS)}.example/lp${i + 2}`,
    }));
    offers.push({
      offer: {
        network_offer_id: id,
        network_id: networkId,
        name,
        offer_status: rng.weighted<EverflowRelationshipOffer['offer_status']>([
          ['active', 80],
          ['paused', 14],
          ['pending', 6],
        ]),
        network_tracking_domain_id: rng.int(1, 4),
      },
      revenue_type: revenueType,
      payout: revenueType === 'CPC' ? rng.money(0.02, 0.6) : revenueType === 'CPM' ? rng.money(1, 8) : rng.money(0.8, 60),
      currency_id: rng.weighted([
        ['USD', 85],
        ['EUR', 10],
        ['GBP', 5],
      ]),
      creative_ids: creatives,
      urls,
    });
  }
  return offers;
}

function makeAffiliate(ctx: AffiliateContext, id: number): EverflowAffiliateRecord {
  const { rng, nowSec } = ctx;
  const name = rng.company();
  const timeCreated = rng.time(nowSec - 3 * 365 * DAY, nowSec - 2 * DAY);
  const timeSaved = rng.time(timeCreated, nowSec);
  const status = rng.weighted<EverflowAccountStatus>([
    ['active', 80],
    ['inactive', 10],
    ['pending', 6],
    ['suspended', 4],
  ]);
  const managers = ctx.employees.filter((e) => e.role === 'account_manager');
  const executives = ctx.employees.filter((e) => e.role === 'account_executive');
  const geo = rng.geo();
  // Most affiliates have an address, some switched off for display (which does not stop the
  // country and region filters from using it); every sixth has none, like the document's own
  // find-by-id example (adress_id 0). Chosen by id so the random sequence stays as it was.
  const hasAddress = id % 6 !== 0;
  const addressEnabled = rng.chance(0.85) && hasAddress;
  const contact: EverflowContactAddress = {
    address_1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
    address_2: rng.chance(0.3) ? `Suite ${rng.int(100, 900)}` : '',
    city: geo.city,
    region_code: geo.regionCode,
    country_code: geo.code,
    zip_postal_code: String(rng.int(10000, 99999)),
  };
  const domainSlug = name.toLowerCase().replace(/[^a-z]+/g, '');
  const ranTraffic = status === 'active' ? rng.chance(0.85) : rng.chance(0.2);
  const revenueRoll = rng.next();
  const referrerId = id > 10 && rng.chance(0.1) ? rng.int(1, id - 1) : 0;
  const currency = rng.weighted([
    ['USD', 85],
    ['EUR', 8],
    ['GBP', 4],
    ['CAD', 3],
  ]);
  const userCount = rng.int(1, 3);
  const users: EverflowAffiliateUser[] = [];
  for (let i = 0; i < userCount; i++) users.push(makeUser(ctx, id, `${domainSlug}.example`, timeCreated, currency));
  const billing = makeBilling(ctx, id, users[0], geo, timeCreated, timeSaved);
  const labels = rng.some(LABELS, 3);
  return {
    network_affiliate_id: id,
    name,
    account_status: status,
    network_employee_id: rng.chance(0.95) ? rng.pick(managers).network_employee_id : 0,
    account_executive_id: rng.chance(0.7) ? rng.pick(executives).network_employee_id : 0,
    internal_notes: rng.chance(0.3) ? rng.pick(NOTES) : '',
    has_notifications: rng.chance(0.85),
    network_traffic_source_id: rng.chance(0.4) ? rng.int(1, TRAFFIC_SOURCES.length) : 0,
    adress_id: hasAddress ? ctx.ids.address++ : 0,
    default_currency_id: currency,
    is_contact_address_enabled: addressEnabled,
    enable_media_cost_tracking_links: rng.chance(0.3),
    time_created: timeCreated,
    time_saved: timeSaved,
    referrer_id: referrerId,
    network_affiliate_tier_id: rng.chance(0.3) ? rng.int(1, 3) : 0,
    encoded_value: encodedValue(rng),
    labels,
    // Dirty data on purpose: the vendor's money strings are sometimes "N/A" or empty.
    today_revenue: revenueRoll < 0.04 ? 'N/A' : revenueRoll < 0.07 ? '' : moneyString(ranTraffic ? rng.money(0, rng.chance(0.1) ? 5000 : 400) : 0),
    balance: rng.chance(0.3) ? 0 : rng.money(0, 8000),
    last_login: status === 'pending' || rng.chance(0.05) ? 0 : rng.time(timeCreated, nowSec),
    global_tracking_domain_url: rng.chance(0.4) ? '' : rng.pick(ctx.trackingDomains).url,
    network_country_code: rng.chance(0.9) && hasAddress ? contact.country_code : '',
    contact_address: hasAddress ? contact : null,
    billing,
    users,
    coupon_codes: makeCoupons(ctx, id, timeCreated),
    audits: makeAudits(ctx, name, labels, status, timeCreated),
    visibility: makeVisibility(ctx),
    signup: {
      signup_ip: rng.ipv4(),
      signup_url: `${ctx.trackingDomains[0].url}/signup`,
      website_url: `https://www.${domainSlug}.example`,
      how_did_you_hear: rng.pick(HEARD_FROM),
      promotion_methods: rng.some(PROMOTION_METHODS, 3),
      custom_fields: [
        { name: 'Monthly traffic volume', value: rng.pick(['< 10k clicks', '10k - 100k clicks', '100k - 1M clicks', '> 1M clicks']) },
        { name: 'Main verticals', value: rng.some(VERTICALS, 2).join(', ') },
      ],
      time_created: timeCreated,
    },
    api: makeApi(ctx, timeCreated),
    referral: {
      is_enabled: rng.chance(0.2),
      method: rng.pick(['flat_fee', 'percentage'] as const),
      value: rng.money(1, 15),
      commission_basis: rng.pick(['payout', 'revenue', 'profit'] as const),
      minimum_threshold: rng.pick([0, 50, 100]),
      duration: rng.pick([30, 90, 180, 365]),
    },
    supply_partner: makeSupplyPartner(rng),
    reporting: makeReporting(rng, ranTraffic),
    network_tracking_domain_ids: ranTraffic ? trafficDomains(rng) : [],
    last_traffic_time: ranTraffic ? rng.time(nowSec - 60 * DAY, nowSec) : 0,
  };
}

/** Writes the business that is a partner on every network over a drawn affiliate: name, users' email domain, website. */
function overlapPartner(record: EverflowAffiliateRecord, emails: Set<string>): void {
  record.name = OVERLAPPING_PARTNER.companyName;
  for (const user of record.users) {
    emails.delete(user.email);
    user.email = `${user.email.split('@')[0]}@${OVERLAPPING_PARTNER.emailDomain}`;
    emails.add(user.email);
  }
  record.signup.website_url = OVERLAPPING_PARTNER.website;
}

function makeUser(ctx: AffiliateContext, affiliateId: number, domain: string, timeCreated: number, currency: string): EverflowAffiliateUser {
  const { rng } = ctx;
  const p = rng.person(domain);
  let email = p.email;
  // The vendor requires unique user emails; a collision gets a numeric suffix.
  for (let n = 2; ctx.emails.has(email); n++) email = p.email.replace('@', `.${n}@`);
  ctx.emails.add(email);
  const im = rng.pick([0, 0, 0, 1, 2, 3]);
  const created = rng.time(timeCreated, ctx.nowSec);
  return {
    network_affiliate_user_id: ctx.ids.user++,
    network_id: ctx.networkId,
    network_affiliate_id: affiliateId,
    first_name: p.firstName,
    last_name: p.lastName,
    email,
    account_status: rng.chance(0.9) ? 'active' : 'inactive',
    title: rng.pick(TITLES),
    work_phone: rng.chance(0.7) ? phone(rng) : '',
    cell_phone: rng.chance(0.5) ? phone(rng) : '',
    instant_messaging_id: im,
    instant_messaging_identifier: im === 0 ? '' : `${p.firstName}${rng.int(1, 99)}`.toLowerCase(),
    language_id: 1,
    timezone_id: rng.pick([67, 80, 85, 87, 90]),
    currency_id: currency,
    time_created: created,
    time_saved: rng.time(created, ctx.nowSec),
  };
}

function makeBilling(
  ctx: AffiliateContext,
  affiliateId: number,
  user: EverflowAffiliateUser,
  geo: Geo,
  timeCreated: number,
  timeSaved: number,
): EverflowAffiliateBilling {
  const { rng } = ctx;
  const frequency = rng.weighted<EverflowBillingFrequency>([
    ['monthly', 45],
    ['weekly', 12],
    ['bimonthly', 12],
    ['two_months', 5],
    ['quarterly', 6],
    ['manual', 15],
    ['other', 5],
  ]);
  const paymentType = rng.weighted<EverflowPaymentType>([
    ['none', 22],
    ['paypal', 15],
    ['wire', 14],
    ['direct_deposit', 8],
    ['tipalti', 8],
    ['check', 5],
    ['payoneer', 5],
    ['paxum', 4],
    ['pay', 4],
    ['transferwise', 4],
    ['veem', 3],
    ['bitcoin', 2],
    ['skrill', 2],
    ['webmoney', 1],
    ['capitalist', 1],
    ['gift_card', 1],
    ['masspay', 1],
  ]);
  const auto = rng.chance(0.3);
  const billing: EverflowAffiliateBilling = {
    network_id: ctx.networkId,
    network_affiliate_id: affiliateId,
    billing_frequency: frequency,
    payment_type: paymentType,
    tax_id: rng.chance(0.6) ? `${rng.int(10, 99)}-${rng.int(1000000, 9999999)}` : '',
    is_invoice_creation_auto: auto,
    auto_invoice_start_date: auto ? utcDate(rng.time(timeCreated, ctx.nowSec)) : '',
    default_invoice_is_hidden: rng.chance(0.1),
    invoice_generation_days_delay: rng.pick([0, 0, 1, 3, 5]),
    invoice_amount_threshold: rng.pick([0, 0, 50, 100, 250]),
    default_payment_terms: rng.pick([0, 15, 30, 45]),
    details: billingDetails(rng, frequency),
    billing: paymentDetails(rng, paymentType, user, geo),
    time_created: timeCreated,
    time_saved: timeSaved,
  };
  // A few affiliates are left in an invalid state (incomplete bank details), as accounts imported
  // from other platforms are; the patch preview reports them as resource errors.
  if (affiliateId % 101 === 50) {
    billing.payment_type = 'wire';
    billing.billing = {
      bank_name: '',
      bank_address: '',
      account_name: `${user.first_name} ${user.last_name}`,
      account_number: '',
      routing_number: '',
      swift_code: '',
    };
  }
  return billing;
}

function billingDetails(rng: Random, frequency: EverflowBillingFrequency): EverflowBillingDetails {
  switch (frequency) {
    case 'weekly':
      return { day_of_week: rng.int(0, 6) };
    case 'bimonthly':
      return { day_of_month_one: rng.int(1, 14), day_of_month_two: rng.int(15, 28) };
    case 'monthly':
      return { day_of_month: rng.int(1, 28) };
    case 'two_months':
    case 'quarterly':
      return { day_of_month: rng.int(1, 28), starting_month: rng.int(1, 12) };
    default:
      return {};
  }
}

function paymentDetails(rng: Random, type: EverflowPaymentType, user: EverflowAffiliateUser, geo: Geo): EverflowPaymentDetails {
  switch (type) {
    case 'paxum':
      return { paxum_id: String(rng.int(100000, 999999)) };
    case 'paypal': {
      const method = rng.pick(['email', 'phone', 'paypal_account'] as const);
      return { paypal_reception_method: method, reception_identifier: method === 'phone' ? phone(rng) : user.email };
    }
    case 'payoneer':
      return { email: user.email };
    case 'veem':
      return { email: user.email, first_name: user.first_name, last_name: user.last_name, phone: phone(rng), country_iso: geo.code };
    case 'tipalti':
      return rng.chance(0.5) ? { is_existing_payee: true, idap: `P${rng.int(100000, 999999)}` } : { is_existing_payee: false };
    case 'wire':
    case 'direct_deposit':
      return {
        bank_name: rng.pick(BANKS),
        bank_address: `${rng.int(1, 999)} ${rng.pick(STREETS)}, ${geo.city}`,
        account_name: `${user.first_name} ${user.last_name}`,
        account_number: String(rng.int(10000000, 99999999)) + String(rng.int(10, 99)),
        routing_number: String(rng.int(100000000, 999999999)),
        swift_code: `${rng.pick(['CHAS', 'BOFA', 'DEUT', 'BNPA', 'HSBC'])}${geo.code}${rng.pick(['33', '2L', 'FF', '3N'])}`,
      };
    default:
      return {};
  }
}

function makeCoupons(ctx: AffiliateContext, affiliateId: number, timeCreated: number): EverflowCouponCode[] {
  const { rng } = ctx;
  return Array.from({ length: rng.int(1, 3) }, () => {
    const created = rng.time(timeCreated, ctx.nowSec);
    const open = rng.chance(0.6);
    return {
      network_coupon_code_id: ctx.ids.coupon++,
      network_id: ctx.networkId,
      network_affiliate_id: affiliateId,
      network_offer_id: rng.pick(ctx.offers).offer.network_offer_id,
      coupon_code: `${rng.pick(['SUMMER', 'WELCOME', 'SAVE', 'VIP', 'FALL', 'PROMO'])}${rng.int(5, 50)}`,
      coupon_status: rng.chance(0.85) ? 'active' : 'inactive',
      description: rng.pick(['', 'Podcast listeners', 'Newsletter subscribers', 'Influencer campaign']),
      start_date: utcDate(created),
      end_date: open ? '' : utcDate(created + rng.int(30, 365) * DAY),
      time_created: created,
      time_saved: created,
    } satisfies EverflowCouponCode;
  });
}

function makeAudits(
  ctx: AffiliateContext,
  name: string,
  labels: string[],
  status: EverflowAccountStatus,
  timeCreated: number,
): EverflowAffiliateAudit[] {
  const { rng } = ctx;
  const by = () => rng.pick(ctx.employees);
  const first = by();
  const audits: EverflowAffiliateAudit[] = [
    {
      network_affiliate_audit_id: ctx.ids.audit++,
      action: 'create',
      changes: [{ field: 'name', old_value: '', new_value: JSON.stringify(name) }],
      network_employee_id: first.network_employee_id,
      employee_name: `${first.first_name} ${first.last_name}`,
      time_created: timeCreated,
    },
  ];
  let t = timeCreated;
  for (let i = rng.int(0, 3); i > 0; i--) {
    t = rng.time(t, ctx.nowSec);
    const e = by();
    const change = rng.chance(0.5)
      ? { field: 'labels', old_value: '[]', new_value: JSON.stringify(labels) }
      : { field: 'account_status', old_value: JSON.stringify('pending'), new_value: JSON.stringify(status) };
    audits.push({
      network_affiliate_audit_id: ctx.ids.audit++,
      action: 'update',
      changes: [change],
      network_employee_id: e.network_employee_id,
      employee_name: `${e.first_name} ${e.last_name}`,
      time_created: t,
    });
  }
  return audits;
}

function makeVisibility(ctx: AffiliateContext): EverflowAffiliateVisibility {
  const chosen = ctx.rng
    .some(ctx.offers, 10)
    .map((o) => ({ network_offer_id: o.offer.network_offer_id, name: o.offer.name, offer_status: o.offer.offer_status }));
  return { visible: chosen.slice(0, 6), hidden: chosen.slice(6, 8), rejected: chosen.slice(8) };
}

function makeApi(ctx: AffiliateContext, timeCreated: number): EverflowAffiliateApi {
  const { rng } = ctx;
  return {
    api_keys: Array.from({ length: rng.int(0, 2) }, (_, i) => {
      const created = rng.time(timeCreated, ctx.nowSec);
      return {
        network_affiliate_api_key_id: ctx.ids.apiKey++,
        name: i === 0 ? 'Default' : 'Reporting',
        masked_api_key: `${fastHex(rng, 8).slice(0, 4)}${'*'.repeat(24)}${fastHex(rng, 8).slice(0, 4)}`,
        status: rng.chance(0.9) ? 'active' : 'inactive',
        time_created: created,
        time_last_used: rng.chance(0.7) ? rng.time(created, ctx.nowSec) : 0,
      };
    }),
    whitelist_ips: rng.chance(0.3) ? [rng.ipv4(), rng.ipv4()] : [],
  };
}

function makeSupplyPartner(rng: Random): EverflowSupplyPartner {
  const enabled = rng.chance(0.1);
  return {
    is_enabled: enabled,
    network_supply_partner_id: enabled ? rng.int(1, 50) : 0,
    bid_floor: enabled ? rng.money(0.1, 3) : 0,
    max_qps: enabled ? rng.pick([50, 100, 500]) : 0,
    allowed_formats: enabled ? rng.some(['banner', 'native', 'video', 'push'], 3) : [],
  };
}

function makeReporting(rng: Random, ranTraffic: boolean): EverflowAffiliateReporting {
  const total = ranTraffic ? rng.int(500, 400_000) : 0;
  const unique = round(total * (0.7 + rng.next() * 0.25));
  const invalid = round(total * rng.next() * 0.03);
  const cv = round(unique * rng.next() * 0.04);
  const event = round(cv * rng.next() * 0.5);
  const revenue = round2(cv * rng.money(2, 40));
  const payout = round2(revenue * (0.55 + rng.next() * 0.3));
  const pct = (a: number, b: number) => (b === 0 ? 0 : round2((a / b) * 100));
  return {
    imp: round(total * rng.int(0, 20)),
    total_click: total,
    unique_click: unique,
    invalid_click: invalid,
    duplicate_click: total - unique,
    cv,
    invalid_cv_scrub: round(cv * rng.next() * 0.05),
    view_through_cv: round(cv * rng.next() * 0.02),
    event,
    cvr: pct(cv, unique),
    evr: pct(event, unique),
    epc: unique === 0 ? 0 : round2(payout / unique),
    payout,
    revenue,
    profit: round2(revenue - payout),
    margin: pct(revenue - payout, revenue),
  };
}

function trafficDomains(rng: Random): number[] {
  const ids = rng.some([1, 2, 3, 4], 2);
  if (ids.length === 0) ids.push(rng.int(1, 4));
  return ids.sort((a, b) => a - b);
}

function round2(n: number): number {
  return round(n * 100) / 100;
}

function phone(rng: Random): string {
  return `+1${rng.int(200, 989)}${rng.int(200, 999)}${rng.int(1000, 9999)}`;
}

// Private: clicks and conversions

interface ClickContext {
  rng: Random;
  offers: EverflowOfferRecord[];
  coupons: string[];
  /** Tracking links by offer and sub1 (strings are shared, not rebuilt per click). */
  trackingUrls: string[];
  geolocations: Map<number, EverflowClickGeolocation>;
  devices: Map<string, EverflowClickDeviceInformation>;
}

function makeClicks(ctx: ClickContext, count: number, fromSec: number, toSec: number): SeededClick[] {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = ctx.rng.time(fromSec, toSec);
  times.sort();
  const clicks = new Array<SeededClick>(count);
  for (let i = 0; i < count; i++) clicks[i] = seededClick(ctx, times[i]);
  return clicks;
}

function seededClick(ctx: ClickContext, time: number): SeededClick {
  const seed = floor(ctx.rng.next() * 0x100000000);
  return new SeededClick(ctx, seed, time, fastHex(ctx.rng, 32));
}

type ClickDetails = Omit<EverflowClickRecord, 'unix_timestamp' | 'transaction_id' | 'converted'>;

/** A click whose details are drawn from its own seed on first access (see EverflowClickRecord). */
class SeededClick implements EverflowClickRecord {
  /** Set before the details are built for clicks generated as converted: they never errored. */
  converted = false;
  readonly #ctx: ClickContext;
  readonly #seed: number;
  #details: ClickDetails | undefined;

  constructor(
    ctx: ClickContext,
    seed: number,
    readonly unix_timestamp: number,
    readonly transaction_id: string,
  ) {
    this.#ctx = ctx;
    this.#seed = seed;
  }

  get raw(): EverflowRawClick {
    return this.#build().raw;
  }
  get creative_id(): number {
    return this.#build().creative_id;
  }
  get campaign_id(): number {
    return this.#build().campaign_id;
  }
  get connection_type(): string {
    return this.#build().connection_type;
  }
  get offer_url_id(): number {
    return this.#build().offer_url_id;
  }
  get user_agent(): string {
    return this.#build().user_agent;
  }

  #build(): ClickDetails {
    return (this.#details ??= clickDetails(this.#ctx, new Random(this.#seed), this.unix_timestamp, this.transaction_id, this.converted));
  }
}

function clickDetails(ctx: ClickContext, rng: Random, time: number, transactionId: string, converted: boolean): ClickDetails {
  // Squaring favours the first offers: traffic concentrates on a few offers, as in real networks.
  const offer = ctx.offers[floor(rng.next() ** 2 * ctx.offers.length)];
  const geoIndex = floor(rng.next() * GEOS.length);
  const deviceIndex = floor(rng.next() * DEVICES.length);
  const geo = GEOS[geoIndex];
  const device = DEVICES[deviceIndex];
  const language = languageFor(rng, geo);
  const url = offer.urls.length > 0 && rng.chance(0.3) ? rng.pick(offer.urls) : null;
  const coupon = rng.chance(0.08) ? rng.pick(ctx.coupons) : '';
  const sub1Index = floor(rng.next() * SUB1.length);
  const sub1 = SUB1[sub1Index];
  const sub2 = rng.chance(0.4) ? ADSETS[rng.int(1, 40)] : '';
  const sub3 = rng.pick(SUB3);
  const error = rng.chance(0.02) && !converted ? rng.pick(CLICK_ERRORS) : null;
  const ids = deviceIds(rng, device);
  const query: Record<string, string> | null = coupon
    ? { __cc: coupon }
    : rng.chance(0.25)
      ? { utm_source: sub1 || 'direct', utm_medium: 'cpc' }
      : null;
  const raw: EverflowRawClick = {
    transaction_id: transactionId,
    is_unique: rng.chance(0.85) ? 1 : 0,
    unix_timestamp: time,
    tracking_url: ctx.trackingUrls[(offer.offer.network_offer_id - 1) * SUB1.length + sub1Index],
    source_id: rng.chance(0.3) ? SOURCE_IDS[rng.int(0, 40)] : '',
    sub1,
    sub2,
    sub3,
    sub4: rng.chance(0.1) ? fastHex(rng, 8) : '',
    sub5: rng.chance(0.05) ? 'test' : '',
    revenue_type: offer.revenue_type,
    revenue: offer.revenue_type === 'CPC' ? offer.payout : 0,
    referer: rng.pick(REFERERS),
    error_code: error?.[0] ?? 0,
    user_ip: rng.ipv4(),
    error_message: error?.[1] ?? 'N/A',
    ...ids,
    relationship: {
      offer: offer.offer,
      geolocation: geolocation(ctx, rng, geoIndex, deviceIndex),
      device_information: deviceInformation(ctx, rng, deviceIndex, language),
      query_parameters: query,
    },
    currency_id: offer.currency_id,
    coupon_code: coupon,
  };
  return {
    raw,
    creative_id: rng.chance(0.8) ? rng.pick(offer.creative_ids) : 0,
    campaign_id: rng.chance(0.6) ? rng.int(1, 25) : 0,
    connection_type: rng.weighted(device.isMobile ? MOBILE_CONNECTIONS : FIXED_CONNECTIONS),
    offer_url_id: url?.network_offer_url_id ?? 0,
    user_agent: device.userAgent,
  };
}

/**
 * The geolocation block of a click. Blocks with equal contents are one shared object (there are a
 * few hundred distinct ones), which keeps 40,000 clicks small in memory; nothing mutates them.
 */
function geolocation(ctx: ClickContext, rng: Random, geoIndex: number, deviceIndex: number): EverflowClickGeolocation {
  const geo = GEOS[geoIndex];
  const device = DEVICES[deviceIndex];
  const proxy = rng.chance(0.02);
  const organization = !device.isMobile && rng.chance(0.2);
  const postal = geo.code === 'US' ? rng.int(0, 3) : -1;
  const key = (((geoIndex * 2 + Number(device.isMobile)) * 2 + Number(proxy)) * 2 + Number(organization)) * 8 + postal + 1;
  let block = ctx.geolocations.get(key);
  if (!block) {
    block = geolocationBlock(geo, device, proxy, organization, postal);
    ctx.geolocations.set(key, block);
  }
  return block;
}

function geolocationBlock(geo: Geo, device: Device, proxy: boolean, organization: boolean, postal: number): EverflowClickGeolocation {
  const dma = DMAS[geo.city];
  return {
    country_code: geo.code,
    country_name: geo.country,
    region_code: geo.regionCode,
    region_name: geo.region,
    city_name: geo.city,
    dma: dma?.[0] ?? 0,
    dma_name: dma?.[1] ?? '',
    timezone: geo.timezone,
    carrier_name: device.isMobile ? geo.carrier : '',
    carrier_code: 0,
    organization: organization ? geo.isp : '',
    isp_name: geo.isp,
    is_mobile: device.isMobile,
    is_proxy: proxy,
    postal_code: postal < 0 ? '' : ((POSTAL_CODES[geo.city] ?? ['10001'])[postal] ?? ''),
  };
}

/** The device block of a click, shared like the geolocation blocks. */
function deviceInformation(ctx: ClickContext, rng: Random, deviceIndex: number, language: string): EverflowClickDeviceInformation {
  const filtered = rng.chance(0.01);
  const key = `${deviceIndex}${language}${filtered ? 1 : 0}`;
  let block = ctx.devices.get(key);
  if (!block) {
    block = deviceBlock(DEVICES[deviceIndex], language, filtered);
    ctx.devices.set(key, block);
  }
  return block;
}

function deviceBlock(device: Device, language: string, filtered: boolean): EverflowClickDeviceInformation {
  return {
    is_mobile: device.isMobile,
    platform_name: device.platform,
    os_version: device.osVersion,
    brand: device.brand,
    model: device.model,
    is_tablet: device.deviceType === 'Tablet',
    browser_name: device.browser,
    browser_version: device.browserVersion,
    device_type: device.deviceType,
    language,
    http_accept_language: `${language}-${language === 'en' ? 'US' : language.toUpperCase()},${language};q=0.9`,
    is_robot: false,
    is_filter: filtered,
  };
}

type DeviceIds = Pick<
  EverflowRawClick,
  'idfa' | 'idfa_md5' | 'idfa_sha1' | 'google_ad_id' | 'google_ad_id_md5' | 'google_ad_id_sha1' | 'android_id' | 'android_id_md5' | 'android_id_sha1'
>;

const NO_DEVICE_IDS: DeviceIds = {
  idfa: '',
  idfa_md5: '',
  idfa_sha1: '',
  google_ad_id: '',
  google_ad_id_md5: '',
  google_ad_id_sha1: '',
  android_id: '',
  android_id_md5: '',
  android_id_sha1: '',
};

function deviceIds(rng: Random, device: Device): DeviceIds {
  if ((device.platform === 'iOS' || device.platform === 'iPadOS') && rng.chance(0.4)) {
    return { ...NO_DEVICE_IDS, idfa: uuid(rng).toUpperCase(), idfa_md5: fastHex(rng, 32), idfa_sha1: fastHex(rng, 40) };
  }
  if (device.platform === 'Android' && rng.chance(0.5)) {
    return {
      ...NO_DEVICE_IDS,
      google_ad_id: uuid(rng),
      google_ad_id_md5: fastHex(rng, 32),
      google_ad_id_sha1: fastHex(rng, 40),
      android_id: fastHex(rng, 16),
      android_id_md5: fastHex(rng, 32),
      android_id_sha1: fastHex(rng, 40),
    };
  }
  return NO_DEVICE_IDS;
}

// Random.hex formats numbers with toString(16) and concatenates, which dominated generation time
// (and garbage collection); hex-encoding a buffer yields one flat string per id instead.
const HEX_BUFFER = Buffer.alloc(32);

/** Lowercase hex of a length that is a multiple of 8 (at most 64), drawn from the generator. */
function fastHex(rng: Random, length: number): string {
  const words = length / 8;
  for (let i = 0; i < words; i++) HEX_BUFFER.writeUInt32BE(floor(rng.next() * 0x100000000), i * 4);
  return HEX_BUFFER.toString('hex', 0, words * 4);
}

function uuid(rng: Random): string {
  const h = fastHex(rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

function languageFor(rng: Random, geo: Geo): string {
  const main = LANGUAGES[geo.code] ?? 'en';
  return rng.chance(0.9) ? main : rng.pick(['en', 'es', 'fr', 'de']);
}

function makeOnHold(
  ctx: ClickContext,
  recent: SeededClick[],
  nowSec: number,
  cutoff: number,
  networkId: number,
): { onHold: EverflowOnHoldRecord[]; oldClicks: SeededClick[] } {
  const { rng } = ctx;
  const oldClicks: SeededClick[] = [];
  const rows: EverflowOnHoldRecord[] = [];
  for (let i = 0; i < EVERFLOW_SIZES.baseConversions; i++) {
    const clickTime = rng.time(nowSec - (EVERFLOW_SIZES.conversionDays - 5) * DAY, nowSec - 3600);
    let click: SeededClick;
    if (clickTime >= cutoff) {
      // Reuse the first not-yet-converted recent click at or after the drawn time.
      let k = lowerBound(recent, clickTime);
      while (k < recent.length - 1 && (recent[k].converted || recent[k].raw.error_code !== 0)) k++;
      click = recent[min(k, recent.length - 1)];
    } else {
      click = seededClick(ctx, clickTime);
      // Marked before its details are drawn: a converted click never errored.
      click.converted = true;
      oldClicks.push(click);
    }
    click.converted = true;
    const convTime = min(click.unix_timestamp + rng.int(60, 3 * DAY), nowSec - 60);
    const base = onHoldRow(ctx, click, convTime, nowSec, networkId, '');
    rows.push(base);
    if (rng.chance(0.15)) {
      const events = rng.int(1, 2);
      base.raw.conversion.relationship.events_count = events;
      for (let e = 0; e < events; e++) {
        const eventTime = min(convTime + rng.int(600, 10 * DAY), nowSec - 30);
        rows.push(onHoldRow(ctx, click, eventTime, nowSec, networkId, rng.pick(EVENTS)));
      }
    }
  }
  oldClicks.sort((a, b) => a.unix_timestamp - b.unix_timestamp);
  rows.sort(
    (a, b) =>
      b.raw.conversion.conversion_unix_timestamp - a.raw.conversion.conversion_unix_timestamp ||
      (a.raw.on_hold_conversion_id < b.raw.on_hold_conversion_id ? -1 : 1),
  );
  return { onHold: rows, oldClicks };
}

function onHoldRow(
  ctx: ClickContext,
  click: EverflowClickRecord,
  convTime: number,
  nowSec: number,
  networkId: number,
  event: string,
): EverflowOnHoldRecord {
  const { rng } = ctx;
  const c = click.raw;
  const offer = ctx.offers[c.relationship.offer.network_offer_id - 1];
  const holdEnd = convTime + rng.int(7, 30) * DAY;
  const status: EverflowOnHoldStatus =
    holdEnd > nowSec
      ? rng.chance(0.9)
        ? 'on_hold'
        : 'rejected'
      : rng.weighted<EverflowOnHoldStatus>([
          ['approved', 80],
          ['rejected', 15],
          ['on_hold', 5],
        ]);
  const geo = c.relationship.geolocation;
  const dev = c.relationship.device_information;
  const isSale = offer.revenue_type === 'CPS';
  const url = offer.urls.find((u) => u.network_offer_url_id === click.offer_url_id) ?? null;
  return {
    raw: {
      on_hold_conversion_id: fastHex(rng, 32),
      network_id: networkId,
      holding_period_end: holdEnd,
      status,
      conversion: {
        conversion_id: status === 'approved' ? fastHex(rng, 32) : '',
        conversion_unix_timestamp: convTime,
        sub1: c.sub1,
        sub2: c.sub2,
        sub3: c.sub3,
        sub4: c.sub4,
        sub5: c.sub5,
        source_id: c.source_id,
        revenue_type: offer.revenue_type === 'CPC' || offer.revenue_type === 'CPM' ? 'CPA' : offer.revenue_type,
        revenue: isSale ? rng.money(5, 250) : event ? rng.money(1, 30) : offer.payout,
        session_user_ip: c.user_ip,
        conversion_user_ip: rng.chance(0.4) ? c.user_ip : '',
        country: geo.country_name,
        region: geo.region_name,
        city: geo.city_name,
        dma: geo.dma,
        carrier: geo.carrier_name,
        platform: dev.platform_name,
        os_version: dev.os_version,
        device_type: dev.device_type,
        brand: dev.brand,
        browser: dev.browser_name,
        language: dev.language,
        http_user_agent: click.user_agent,
        is_event: event !== '',
        event,
        transaction_id: c.transaction_id,
        click_unix_timestamp: c.unix_timestamp,
        isp: geo.isp_name.toLowerCase(),
        referer: c.referer,
        app_id: '',
        idfa: c.idfa,
        idfa_md5: c.idfa_md5,
        idfa_sha1: c.idfa_sha1,
        google_ad_id: c.google_ad_id,
        google_ad_id_md5: c.google_ad_id_md5,
        google_ad_id_sha1: c.google_ad_id_sha1,
        android_id: c.android_id,
        android_id_md5: c.android_id_md5,
        android_id_sha1: c.android_id_sha1,
        currency_id: offer.currency_id,
        is_view_through: rng.chance(0.03),
        order_id: isSale ? `ORD-${rng.int(100000, 999999)}` : '',
        adv1: rng.pick(['', '', 'facebook', 'google', 'organic']),
        adv2: rng.chance(0.2) ? `lead_${rng.int(1000, 9999)}` : '',
        adv3: rng.chance(0.1) ? rng.pick(['premium', 'basic']) : '',
        adv4: rng.chance(0.05) ? 'retargeted' : '',
        adv5: rng.chance(0.05) ? rng.hex(6) : '',
        relationship: { offer: offer.offer, events_count: 0, offer_url: url },
      },
    },
    country_code: geo.country_code,
    region_code: geo.region_code,
    creative_id: click.creative_id,
    campaign_id: click.campaign_id,
    coupon_code: c.coupon_code,
    offer_url_id: click.offer_url_id,
  };
}

/** Index of the first click at or after `time` in a list sorted by time. */
export function lowerBound(clicks: readonly EverflowClickRecord[], time: number): number {
  let lo = 0;
  let hi = clicks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (clicks[mid].unix_timestamp < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Private: vocabularies

const NETWORK_SLUGS = ['bluepeak', 'adverto', 'clickharbor', 'novaperform', 'summitleads'];
const TRACKING_HOSTS = ['trk', 'go', 'click', 't'];
const TRAFFIC_SOURCES = ['Facebook Ads', 'Google Ads', 'Native Network', 'Push Notifications', 'Email List', 'Legacy Pop Traffic'];
const SHOP_HOSTS = ['example-shop', 'best-deals', 'promo-landing', 'offer-page'];
const LABELS = ['media_buyer', 'Direct', 'email', 'push', 'native', 'social', 'incent', 'top_partner', 'new', 'under_review', 'VIP', 'content'];
const NOTES = ['Prefers weekly calls', 'Pays on time', 'Watch for incent traffic', 'Referred by a partner', 'Moved from old platform'];
const STREETS = ['Ocean Avenue', 'Main Street', 'Market Street', 'King Street', 'Elm Road', 'Harbour Lane', 'Park Avenue'];
const TITLES = ['Owner', 'Media Buyer', 'Affiliate Manager', 'CEO', 'Marketing Director', ''];
const HEARD_FROM = ['Google search', 'A friend', 'Affiliate conference', 'Forum', 'Account manager', 'LinkedIn'];
const PROMOTION_METHODS = ['Search', 'Social', 'Email', 'Native', 'Push', 'Content / SEO', 'Display', 'Influencers'];
const VERTICALS = ['Insurance', 'Finance', 'Dating', 'Gaming', 'Health', 'Ecommerce', 'Sweepstakes'];
const BANKS = ['Chase', 'Bank of America', 'Deutsche Bank', 'BNP Paribas', 'HSBC', 'ING'];
const SUB1 = ['facebook', 'google', 'tiktok', 'native', 'internal', 'email', ''];
const ADSETS = Array.from({ length: 41 }, (_, i) => `adset_${i}`);
const SOURCE_IDS = Array.from({ length: 41 }, (_, i) => `src_${100 + i}`);
const MOBILE_CONNECTIONS: readonly (readonly [string, number])[] = [
  ['Cellular', 65],
  ['Cable/DSL', 35],
];
const FIXED_CONNECTIONS: readonly (readonly [string, number])[] = [
  ['Cable/DSL', 80],
  ['Corporate', 15],
  ['Dialup', 5],
];
const SUB3 = ['', '', '', 'facebook', 'test', 'retargeting'];
const REFERERS = ['', '', '', 'https://www.facebook.com/', 'https://www.google.com/', 'https://news.example.com/article'];
const EVENTS = ['purchase', 'deposit', 'subscription', 'upsell', 'registration_complete'];
const CLICK_ERRORS: readonly (readonly [number, string])[] = [
  [3, 'Offer is paused'],
  [7, 'Affiliate is not approved for the offer'],
  [14, 'Geo targeting mismatch'],
];
const LANGUAGES: Record<string, string> = { US: 'en', CA: 'en', GB: 'en', AU: 'en', IN: 'en', DE: 'de', FR: 'fr', NL: 'nl', BR: 'pt', ES: 'es' };
const POSTAL_CODES: Record<string, readonly string[]> = {
  Burbank: ['91501', '91502', '91505', '91506'],
  Brooklyn: ['11201', '11211', '11215', '11238'],
  Austin: ['73301', '78701', '78704', '78745'],
};
const DMAS: Record<string, readonly [number, string]> = {
  Burbank: [803, 'Los Angeles, CA'],
  Brooklyn: [501, 'New York, NY'],
  Austin: [635, 'Austin, TX'],
};
