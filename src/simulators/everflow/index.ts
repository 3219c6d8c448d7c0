import { hashString, Random } from '../random.js';
import { queryValue, queryValues, SimError, SimServer, type HandlerRequest, type Route, type SimResponse } from '../server.js';
import type {
  EverflowAccountStatus,
  EverflowAffiliateRelationshipName,
  EverflowAffiliateUser,
  EverflowAffiliatesTableRelationship,
  EverflowBillingDetails,
  EverflowBillingFrequency,
  EverflowClickResourceType,
  EverflowContactAddress,
  EverflowOnHoldResourceType,
  EverflowOnHoldStatusFilter,
  EverflowPatchChange,
  EverflowPatchFieldType,
  EverflowPatchOperator,
  EverflowPatchResourceError,
  EverflowPaymentDetails,
  EverflowPaymentType,
  EverflowWeekday,
} from './types.js';
import {
  affiliateTableRow,
  affiliateView,
  clickRetentionStart,
  employeeName,
  encodedValue,
  generateEverflowDataset,
  lowerBound,
  type EverflowAffiliateRecord,
  type EverflowClickRecord,
  type EverflowDataset,
  type EverflowOnHoldRecord,
} from './data.js';

export {
  affiliateTableRow,
  affiliateView,
  clickRetentionStart,
  EVERFLOW_SIZES,
  generateEverflowDataset,
  type EverflowAffiliateRecord,
  type EverflowClickRecord,
  type EverflowDataset,
  type EverflowEmployee,
  type EverflowOfferRecord,
  type EverflowOnHoldRecord,
  type EverflowTrackingDomain,
} from './data.js';

/**
 * Where the Everflow documents can be read two ways, the reading this simulator serves (see
 * src/simulators/README.md). Tests switch them per simulator; the gateway must work with each.
 */
export interface EverflowReadings {
  /**
   * Where a find-by-id answer (and the create and update answers, which are find-by-id views)
   * carries `network_affiliate_tier_id`. The find-by-id example shows no tier at all, while
   * create and update take it at the top level of their bodies:
   * - 'relationship': under `relationship`, next to `labels` and `encoded_value`.
   * - 'top-level': at the top level, as the write bodies have it.
   * @default 'relationship'
   */
  affiliateTier: 'relationship' | 'top-level';
  /**
   * How the click stream combines `query.exclusions`. The document names exclusions ("The
   * resource-type used in the filters and exclusions") but says only how filters combine
   * (OR within a resource type, AND across types):
   * - 'any': a click that matches any exclusion is left out.
   * - 'grouped': exclusions combine as filters do (OR within a type, AND across types) and the
   *   clicks that match the combination are left out.
   * The two agree when every exclusion has the same resource type.
   * @default 'any'
   */
  clickExclusions: 'any' | 'grouped';
}

/** Every value each reading can take. */
export const EVERFLOW_READING_VALUES: { [K in keyof EverflowReadings]: readonly EverflowReadings[K][] } = {
  affiliateTier: ['relationship', 'top-level'],
  clickExclusions: ['any', 'grouped'],
};

/** Options of the Everflow simulator. */
export interface EverflowSimulatorOptions {
  /** The readings to serve (changeable later through `readings`). */
  readings?: Partial<EverflowReadings>;
  /** The accepted `X-Eflow-API-Key` values; each key is one tenant with its own dataset. */
  keys: string[];
  /** The simulator's clock (ms): datasets are generated relative to it and limits measured from it. @default Date.now() at creation */
  now?: number;
}

/** The documented limits, in one place. */
export const EVERFLOW_LIMITS = {
  maxPageSize: 2000,
  defaultPageSize: 50,
  maxClickWindowSeconds: 14 * 86_400,
  maxClickRows: 5000,
  maxOnHoldIntervalSeconds: 365 * 86_400,
  onHoldLookbackSeconds: 365 * 86_400,
} as const;

/** Everflow timezone ids the simulator understands, and their IANA names. */
export const EVERFLOW_TIMEZONES: Readonly<Record<number, string>> = {
  67: 'UTC',
  80: 'America/New_York',
  85: 'America/Chicago',
  87: 'America/Denver',
  90: 'America/Los_Angeles',
};

/**
 * The Everflow simulator: the Network API affiliates endpoints and the Affiliate API raw clicks
 * and on-hold conversions, one generated dataset per API key.
 */
export class EverflowSimulator extends SimServer<EverflowDataset> {
  /** The simulator's clock (ms). */
  readonly now: number;
  /** The readings served now; tests may change them between requests. */
  readonly readings: EverflowReadings;
  private readonly load: (key: string) => EverflowDataset;
  private readonly keys: ReadonlySet<string>;

  constructor(options: EverflowSimulatorOptions) {
    const keys = new Set(getValidKeys(options.keys));
    const now = options.now ?? Date.now();
    const cache = new Map<string, EverflowDataset>();
    const load = (key: string): EverflowDataset => {
      let dataset = cache.get(key);
      if (!dataset) {
        dataset = generateEverflowDataset(hashString(key), now);
        cache.set(key, dataset);
      }
      return dataset;
    };
    // One object, shared with the handlers: a test that changes a reading changes what they serve.
    const readings = getValidReadings(options.readings);
    super({
      vendor: 'everflow',
      authenticate: (headers) => {
        const key = headers['x-eflow-api-key'];
        return key !== undefined && keys.has(key) ? load(key) : null;
      },
      routes: routes(readings),
    });
    this.now = now;
    this.readings = readings;
    this.load = load;
    this.keys = keys;
  }

  /** The dataset of a key (generated on first use, then the same object); throws for a key the simulator does not accept. */
  dataset(key: string): EverflowDataset {
    if (!this.keys.has(key)) {
      throw new Error(`Everflow simulator: unknown key ${JSON.stringify(key)}; expected one of the keys given at construction`);
    }
    return this.load(key);
  }
}

/** Creates an Everflow simulator (not started: call `start()`). */
export function createEverflowSimulator(options: EverflowSimulatorOptions): EverflowSimulator {
  return new EverflowSimulator(options);
}

/**
 * Why an affiliate is invalid as stored (incomplete billing details or payment details); the
 * patch endpoints refuse to touch such an affiliate. Empty when the affiliate is valid.
 */
export function affiliateStateErrors(record: EverflowAffiliateRecord): string[] {
  const errors: string[] = [];
  const details = billingDetailsError(record.billing.billing_frequency, record.billing.details, 'billing.details');
  if (details) errors.push(details);
  const payment = paymentDetailsError(record.billing.payment_type, record.billing.billing, 'billing.billing');
  if (payment) errors.push(payment);
  return errors;
}

/** Unix seconds of a wall-clock time in an IANA zone (DST-aware, via Intl). */
export function wallTimeToUnix(zone: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = asUtc - zoneOffsetMs(zone, asUtc);
  return (asUtc - zoneOffsetMs(zone, first)) / 1000;
}

// Private: validation

function getValidKeys(keys: unknown): string[] {
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string' && k.length > 0)) {
    throw new TypeError(`Everflow simulator: keys must be a non-empty array of non-empty strings, but got: ${JSON.stringify(keys)}`);
  }
  return keys;
}

function getValidReadings(readings: Partial<EverflowReadings> | undefined): EverflowReadings {
  const chosen: EverflowReadings = { affiliateTier: 'relationship', clickExclusions: 'any', ...readings };
  for (const [name, values] of Object.entries(EVERFLOW_READING_VALUES) as [keyof EverflowReadings, readonly string[]][]) {
    if (!values.includes(chosen[name])) {
      throw new TypeError(`Everflow simulator: readings.${name} must be one of ${values.join(', ')}, but got: ${JSON.stringify(chosen[name])}`);
    }
  }
  return chosen;
}

function bad(message: string): never {
  throw new SimError(400, message);
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, path: string): Json {
  if (!isObject(value)) bad(`${path} must be an object (got ${show(value)})`);
  return value;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string') bad(`${path} must be a string (got ${show(value)})`);
  return value;
}

function requiredString(obj: Json, key: string, path: string, why = 'is required'): string {
  const value = obj[key];
  if (absent(value) || (typeof value === 'string' && value.trim() === '')) bad(`${path}${key} ${why}`);
  return stringAt(value, `${path}${key}`);
}

function optString(obj: Json, key: string, path: string, fallback = ''): string {
  return absent(obj[key]) ? fallback : stringAt(obj[key], `${path}${key}`);
}

function boolAt(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') bad(`${path} must be a boolean (got ${show(value)})`);
  return value;
}

function optBool(obj: Json, key: string, path: string, fallback = false): boolean {
  return absent(obj[key]) ? fallback : boolAt(obj[key], `${path}${key}`);
}

function intAt(value: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    bad(`${path} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`} (got ${show(value)})`);
  }
  return value;
}

function optInt(obj: Json, key: string, path: string, fallback = 0): number {
  return absent(obj[key]) ? fallback : intAt(obj[key], `${path}${key}`);
}

function numberAt(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) bad(`${path} must be a number of at least ${min} (got ${show(value)})`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) bad(`${path} must be one of: ${allowed.join(', ')} (got ${show(value)})`);
  return value as T;
}

function intArrayAt(value: unknown, path: string): number[] {
  if (!Array.isArray(value)) bad(`${path} must be an array of integers (got ${show(value)})`);
  return value.map((v, i) => intAt(v, `${path}[${i}]`));
}

function stringArrayAt(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) bad(`${path} must be an array of strings (got ${show(value)})`);
  return value.map((v, i) => stringAt(v, `${path}[${i}]`));
}

function dateAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || parseDate(value) === null) bad(`${path} must be a date formatted YYYY-mm-dd (got ${show(value)})`);
  return value;
}

/** Paging query parameters, validated: page from 1, page_size from 1 to 2000. */
function pagingOf(query: HandlerRequest<EverflowDataset>['query']): { page: number; pageSize: number } {
  const read = (name: string, fallback: number, max: number): number => {
    const raw = queryValue(query, name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= max)) bad(`${name} must be an integer from 1 to ${max} (got ${JSON.stringify(raw)})`);
    return n;
  };
  return {
    page: read('page', 1, Number.MAX_SAFE_INTEGER),
    pageSize: read('page_size', EVERFLOW_LIMITS.defaultPageSize, EVERFLOW_LIMITS.maxPageSize),
  };
}

function pageOf<T>(rows: T[], page: number, pageSize: number): T[] {
  return rows.slice((page - 1) * pageSize, page * pageSize);
}

function relationshipsOf<T extends string>(req: HandlerRequest<EverflowDataset>, allowed: readonly T[]): T[] {
  return queryValues(req.query, 'relationship').map((r) => oneOf(r, allowed, 'relationship'));
}

const ACCOUNT_STATUSES: readonly EverflowAccountStatus[] = ['active', 'inactive', 'pending', 'suspended'];
const WRITABLE_STATUSES = ['active', 'inactive'] as const;
const PATCH_STATUSES = ['active', 'inactive', 'suspended'] as const;
const BILLING_FREQUENCIES: readonly EverflowBillingFrequency[] = ['weekly', 'bimonthly', 'monthly', 'two_months', 'quarterly', 'manual', 'other'];
const PAYMENT_TYPES: readonly EverflowPaymentType[] = [
  'none',
  'pay',
  'paypal',
  'check',
  'wire',
  'direct_deposit',
  'tipalti',
  'paxum',
  'veem',
  'payoneer',
  'bitcoin',
  'webmoney',
  'capitalist',
  'transferwise',
  'gift_card',
  'masspay',
  'skrill',
];
const TABLE_RELATIONSHIPS: readonly EverflowAffiliatesTableRelationship[] = ['signup', 'users'];
const AFFILIATE_RELATIONSHIPS: readonly EverflowAffiliateRelationshipName[] = [
  'reporting',
  'billing',
  'coupon_codes',
  'users',
  'audits',
  'visibility',
  'signup',
  'api',
  'traffic_source',
  'referral_link',
  'referrer',
  'referral',
  'supply_partner',
];
const WEEKDAYS: readonly EverflowWeekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// Private: billing rules shared by writes and the resource check

/** The first missing or invalid frequency detail, or null. */
function billingDetailsError(frequency: EverflowBillingFrequency, details: EverflowBillingDetails | undefined, path: string): string | null {
  const required = DETAIL_KEYS[frequency];
  if (required.length === 0) return null;
  if (!isObject(details)) return `${path} is required when billing_frequency is ${frequency}`;
  for (const key of required) {
    const value = (details as Json)[key];
    const [min, max] = key === 'day_of_week' ? [0, 6] : key === 'starting_month' ? [1, 12] : [1, 31];
    if (absent(value)) return `${path}.${key} is required when billing_frequency is ${frequency}`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return `${path}.${key} must be an integer from ${min} to ${max} (got ${show(value)})`;
    }
  }
  return null;
}

const DETAIL_KEYS: Record<EverflowBillingFrequency, readonly (keyof EverflowBillingDetails)[]> = {
  weekly: ['day_of_week'],
  bimonthly: ['day_of_month_one', 'day_of_month_two'],
  monthly: ['day_of_month'],
  two_months: ['starting_month', 'day_of_month'],
  quarterly: ['starting_month', 'day_of_month'],
  manual: [],
  other: [],
};

const PAYMENT_KEYS: Partial<Record<EverflowPaymentType, readonly (keyof EverflowPaymentDetails)[]>> = {
  paxum: ['paxum_id'],
  paypal: ['paypal_reception_method', 'reception_identifier'],
  payoneer: ['email'],
  veem: ['email', 'first_name', 'last_name', 'phone', 'country_iso'],
  tipalti: ['is_existing_payee'],
  wire: ['bank_name', 'bank_address', 'account_name', 'account_number', 'routing_number', 'swift_code'],
  direct_deposit: ['bank_name', 'bank_address', 'account_name', 'account_number', 'routing_number', 'swift_code'],
};

/** The first missing or invalid payment detail, or null. */
function paymentDetailsError(type: EverflowPaymentType, payment: EverflowPaymentDetails | undefined, path: string): string | null {
  if (type === 'none') return null;
  if (!isObject(payment)) return `${path} is required when payment_type is ${type}`;
  const p = payment as Json;
  for (const key of PAYMENT_KEYS[type] ?? []) {
    const value = p[key];
    if (key === 'is_existing_payee') {
      if (typeof value !== 'boolean') return `${path}.is_existing_payee is required (a boolean) when payment_type is tipalti`;
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') return `${path}.${key} is required when payment_type is ${type}`;
  }
  if (type === 'tipalti' && p.is_existing_payee === true && (typeof p.idap !== 'string' || p.idap.trim() === '')) {
    return `${path}.idap is required when payment_type is tipalti and is_existing_payee is true`;
  }
  if (type === 'paypal' && !['email', 'phone', 'paypal_account'].includes(p.paypal_reception_method as string)) {
    return `${path}.paypal_reception_method must be one of: email, phone, paypal_account (got ${show(p.paypal_reception_method)})`;
  }
  if (type === 'veem' && !/^\+[1-9]\d{6,14}$/.test(p.phone as string))
    return `${path}.phone must be in international format such as +15551234567 (got ${show(p.phone)})`;
  if (type === 'veem' && !/^[A-Z]{2}$/.test(p.country_iso as string))
    return `${path}.country_iso must be a 2-letter ISO country code (got ${show(p.country_iso)})`;
  return null;
}

// Private: affiliates table

type AffiliatePredicate = (a: EverflowAffiliateRecord) => boolean;

const TABLE_FILTERS: Record<string, (value: unknown, path: string, nowSec: number) => AffiliatePredicate> = {
  account_status: (v, path) => {
    const status = oneOf(v, ACCOUNT_STATUSES, path);
    return (a) => a.account_status === status;
  },
  account_manager_ids: (v, path) => anyOf(intArrayAt(v, path), (a) => [a.network_employee_id]),
  network_account_executives_ids: (v, path) => anyOf(intArrayAt(v, path), (a) => [a.account_executive_id]),
  billing_frequency: (v, path) => {
    const frequency = oneOf(v, BILLING_FREQUENCIES, path);
    return (a) => a.billing.billing_frequency === frequency;
  },
  payment_type: (v, path) => {
    const type = oneOf(v, PAYMENT_TYPES, path);
    return (a) => a.billing.payment_type === type;
  },
  labels: (v, path) => anyOf(lower(stringArrayAt(v, path)), (a) => lower(a.labels)),
  ran_traffic_in_last_hours: (v, path, nowSec) => {
    const since = nowSec - intAt(v, path, 1) * 3600;
    return (a) => a.last_traffic_time > 0 && a.last_traffic_time >= since;
  },
  network_tracking_domain_ids: (v, path) => anyOf(intArrayAt(v, path), (a) => a.network_tracking_domain_ids),
  country_codes: (v, path) => anyOf(lower(stringArrayAt(v, path)), (a) => (a.contact_address ? [a.contact_address.country_code.toLowerCase()] : [])),
  region_codes: (v, path) =>
    anyOf(lower(stringArrayAt(v, path)), (a) => (a.contact_address?.region_code ? [a.contact_address.region_code.toLowerCase()] : [])),
};

function lower(values: string[]): string[] {
  return values.map((v) => v.toLowerCase());
}

/** Matches when the affiliate has any of the wanted values; an empty list constrains nothing. */
function anyOf<T>(wanted: T[], valuesOf: (a: EverflowAffiliateRecord) => T[]): AffiliatePredicate {
  if (wanted.length === 0) return () => true;
  const set = new Set(wanted);
  return (a) => valuesOf(a).some((v) => set.has(v));
}

function tablePredicates(body: Json, nowSec: number): AffiliatePredicate[] {
  const predicates: AffiliatePredicate[] = [];
  if (!absent(body.filters)) {
    const filters = objectAt(body.filters, 'filters');
    for (const [key, value] of Object.entries(filters)) {
      const make = TABLE_FILTERS[key];
      if (!make) bad(`filters.${key} is not a supported filter; supported: ${Object.keys(TABLE_FILTERS).join(', ')}`);
      if (!absent(value)) predicates.push(make(value, `filters.${key}`, nowSec));
    }
  }
  if (!absent(body.search_terms)) {
    if (!Array.isArray(body.search_terms)) bad(`search_terms must be an array (got ${show(body.search_terms)})`);
    body.search_terms.forEach((term, i) => {
      const t = objectAt(term, `search_terms[${i}]`);
      oneOf(t.search_type, ['name'], `search_terms[${i}].search_type`);
      const value = stringAt(t.value, `search_terms[${i}].value`).toLowerCase();
      predicates.push((a) => a.name.toLowerCase().includes(value));
    });
  }
  return predicates;
}

function affiliatesTable(req: HandlerRequest<EverflowDataset>): SimResponse {
  const ds = req.tenant;
  const relationships = relationshipsOf(req, TABLE_RELATIONSHIPS);
  const { page, pageSize } = pagingOf(req.query);
  const body = absent(req.body) ? {} : objectAt(req.body, 'body');
  const predicates = tablePredicates(body, Math.floor(ds.now / 1000));
  const matched = ds.affiliates.filter((a) => predicates.every((p) => p(a)));
  return {
    body: {
      affiliates: pageOf(matched, page, pageSize).map((a) => affiliateTableRow(ds, a, relationships)),
      paging: { page, page_size: pageSize, total_count: matched.length },
    },
  };
}

// Private: affiliate by id, create, update

function affiliateOf(ds: EverflowDataset, rawId: string): EverflowAffiliateRecord {
  if (!/^\d+$/.test(rawId)) bad(`affiliateId must be a positive integer (got ${JSON.stringify(rawId)})`);
  const record = ds.affiliates.find((a) => a.network_affiliate_id === Number(rawId));
  if (!record) throw new SimError(404, `Affiliate ${rawId} not found`);
  return record;
}

function affiliateById(req: HandlerRequest<EverflowDataset>, readings: EverflowReadings): SimResponse {
  const relationships = relationshipsOf(req, AFFILIATE_RELATIONSHIPS);
  return { body: affiliateView(req.tenant, affiliateOf(req.tenant, req.params.affiliateId), relationships, readings.affiliateTier) };
}

/** A validated create or update body, defaults applied. */
interface AffiliateInput {
  name: string;
  account_status: EverflowAccountStatus;
  network_employee_id: number;
  internal_notes: string;
  default_currency_id: string;
  enable_media_cost_tracking_links: boolean;
  referrer_id: number;
  is_contact_address_enabled: boolean;
  network_affiliate_tier_id: number;
  contact_address: EverflowContactAddress | null;
  billing: Omit<EverflowAffiliateRecord['billing'], 'network_id' | 'network_affiliate_id' | 'time_created' | 'time_saved'>;
}

function parseAffiliateInput(ds: EverflowDataset, raw: unknown, selfId: number | null): AffiliateInput {
  const body = objectAt(raw, 'body');
  const name = requiredString(body, 'name', '');
  if (absent(body.account_status)) bad('account_status is required');
  const employeeId = optInt(body, 'network_employee_id', '');
  if (employeeId !== 0 && !ds.employees.some((e) => e.network_employee_id === employeeId)) {
    bad(`network_employee_id ${employeeId} is not an employee of the network`);
  }
  const referrerId = optInt(body, 'referrer_id', '');
  checkReferrer(ds, referrerId, selfId, 'referrer_id');
  const currency = optString(body, 'default_currency_id', '', 'USD');
  if (!/^[A-Z]{3}$/.test(currency)) bad(`default_currency_id must be a 3-letter currency id such as USD (got ${show(currency)})`);
  const addressEnabled = optBool(body, 'is_contact_address_enabled', '');
  return {
    name: name.trim(),
    account_status: oneOf(body.account_status, WRITABLE_STATUSES, 'account_status'),
    network_employee_id: employeeId,
    internal_notes: optString(body, 'internal_notes', ''),
    default_currency_id: currency,
    enable_media_cost_tracking_links: optBool(body, 'enable_media_cost_tracking_links', ''),
    referrer_id: referrerId,
    is_contact_address_enabled: addressEnabled,
    network_affiliate_tier_id: optInt(body, 'network_affiliate_tier_id', ''),
    // The address only counts when enabled; otherwise it is dropped, as the vendor does.
    contact_address: addressEnabled ? parseAddress(body.contact_address) : null,
    billing: parseBilling(body.billing),
  };
}

function checkReferrer(ds: EverflowDataset, referrerId: number, selfId: number | null, path: string): void {
  if (referrerId === 0) return;
  if (referrerId === selfId) bad(`${path} cannot be the affiliate itself`);
  if (!ds.affiliates.some((a) => a.network_affiliate_id === referrerId)) bad(`${path} ${referrerId} is not an affiliate of the network`);
}

function parseAddress(raw: unknown): EverflowContactAddress {
  if (absent(raw)) bad('contact_address is required when is_contact_address_enabled is true');
  const a = objectAt(raw, 'contact_address');
  const p = 'contact_address.';
  const address: EverflowContactAddress = {
    address_1: requiredString(a, 'address_1', p),
    address_2: optString(a, 'address_2', p),
    city: requiredString(a, 'city', p),
    region_code: optString(a, 'region_code', p),
    country_code: requiredString(a, 'country_code', p),
    zip_postal_code: requiredString(a, 'zip_postal_code', p),
  };
  if (!/^[A-Z]{2}$/.test(address.country_code))
    bad(`contact_address.country_code must be a 2-letter country code such as US (got ${show(address.country_code)})`);
  return address;
}

function parseBilling(raw: unknown): AffiliateInput['billing'] {
  if (absent(raw)) {
    // No billing object: the account gets no invoicing schedule and no payment method.
    return {
      billing_frequency: 'manual',
      payment_type: 'none',
      tax_id: '',
      is_invoice_creation_auto: false,
      auto_invoice_start_date: '',
      default_invoice_is_hidden: false,
      invoice_generation_days_delay: 0,
      invoice_amount_threshold: 0,
      default_payment_terms: 0,
      details: {},
      billing: {},
    };
  }
  const b = objectAt(raw, 'billing');
  const p = 'billing.';
  if (absent(b.billing_frequency)) bad('billing.billing_frequency is required');
  if (absent(b.payment_type)) bad('billing.payment_type is required');
  const frequency = oneOf(b.billing_frequency, BILLING_FREQUENCIES, 'billing.billing_frequency');
  const paymentType = oneOf(b.payment_type, PAYMENT_TYPES, 'billing.payment_type');
  const auto = optBool(b, 'is_invoice_creation_auto', p);
  if (auto && absent(b.auto_invoice_start_date)) bad('billing.auto_invoice_start_date is required when is_invoice_creation_auto is true');
  const startDate = absent(b.auto_invoice_start_date) ? '' : dateAt(b.auto_invoice_start_date, 'billing.auto_invoice_start_date');
  const detailsError = billingDetailsError(frequency, b.details as EverflowBillingDetails, 'billing.details');
  if (detailsError) bad(detailsError);
  const paymentError = paymentDetailsError(paymentType, b.billing as EverflowPaymentDetails, 'billing.billing');
  if (paymentError) bad(paymentError);
  return {
    billing_frequency: frequency,
    payment_type: paymentType,
    tax_id: optString(b, 'tax_id', p),
    is_invoice_creation_auto: auto,
    auto_invoice_start_date: auto ? startDate : '',
    default_invoice_is_hidden: optBool(b, 'default_invoice_is_hidden', p),
    invoice_generation_days_delay: optInt(b, 'invoice_generation_days_delay', p),
    invoice_amount_threshold: absent(b.invoice_amount_threshold) ? 0 : numberAt(b.invoice_amount_threshold, 'billing.invoice_amount_threshold'),
    default_payment_terms: optInt(b, 'default_payment_terms', p),
    details: pickKeys<EverflowBillingDetails>(b.details, DETAIL_KEYS[frequency]),
    billing: paymentType === 'none' ? {} : pickKeys<EverflowPaymentDetails>(b.billing, PAYMENT_FIELDS),
  };
}

const PAYMENT_FIELDS: readonly (keyof EverflowPaymentDetails)[] = [
  'paxum_id',
  'paypal_reception_method',
  'reception_identifier',
  'email',
  'is_existing_payee',
  'idap',
  'first_name',
  'last_name',
  'phone',
  'country_iso',
  'bank_name',
  'bank_address',
  'account_name',
  'account_number',
  'routing_number',
  'swift_code',
];

/** The listed keys of an object, the ones present only (the rest of the input is not stored). */
function pickKeys<T extends object>(raw: unknown, keys: readonly (keyof T & string)[]): T {
  const out: Json = {};
  if (isObject(raw)) for (const key of keys) if (!absent(raw[key])) out[key] = raw[key];
  return out as T;
}

/** A user as the create body gives it (ids and times are assigned on creation). */
type UserInput = Omit<EverflowAffiliateUser, 'network_affiliate_user_id' | 'network_affiliate_id' | 'network_id' | 'time_created' | 'time_saved'>;

function parseUsers(ds: EverflowDataset, raw: unknown, currency: string): UserInput[] {
  if (absent(raw)) return [];
  if (!Array.isArray(raw)) bad(`users must be an array (got ${show(raw)})`);
  const taken = new Set(ds.affiliates.flatMap((a) => a.users.map((u) => u.email.toLowerCase())));
  return raw.map((item, i) => {
    const p = `users[${i}].`;
    const u = objectAt(item, `users[${i}]`);
    const email = requiredString(u, 'email', p).trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) bad(`${p}email is not a valid email address (got ${show(email)})`);
    if (taken.has(email.toLowerCase())) bad(`${p}email ${email} is already used by another affiliate user; emails must be unique`);
    taken.add(email.toLowerCase());
    const password = optString(u, 'initial_password', p);
    if (password !== '') {
      const problem = passwordProblem(password);
      if (problem) bad(`${p}initial_password ${problem}`);
    }
    const languageId = optInt(u, 'language_id', p, 1);
    if (languageId !== 1) bad(`${p}language_id must be 1 (English) (got ${languageId})`);
    const timezoneId = optInt(u, 'timezone_id', p, 67);
    const imId = optInt(u, 'instant_messaging_id', p);
    return {
      first_name: requiredString(u, 'first_name', p),
      last_name: requiredString(u, 'last_name', p),
      email,
      account_status: absent(u.account_status) ? 'active' : oneOf(u.account_status, WRITABLE_STATUSES, `${p}account_status`),
      title: optString(u, 'title', p),
      work_phone: optString(u, 'work_phone', p),
      cell_phone: optString(u, 'cell_phone', p),
      instant_messaging_id: imId,
      instant_messaging_identifier: imId === 0 ? '' : optString(u, 'instant_messaging_identifier', p),
      language_id: languageId,
      timezone_id: timezoneId,
      currency_id: optString(u, 'currency_id', p, currency),
    };
  });
}

/** Why a password breaks the vendor's rules, or null. */
function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'must be at least 8 characters long';
  if (!/[^A-Za-z0-9]/.test(password)) return 'must contain at least one non-alphanumeric character';
  if (!/[A-Z]/.test(password)) return 'must contain at least one uppercase letter';
  if (!/[a-z]/.test(password)) return 'must contain at least one lowercase letter';
  return null;
}

function createAffiliate(req: HandlerRequest<EverflowDataset>, readings: EverflowReadings): SimResponse {
  const ds = req.tenant;
  const input = parseAffiliateInput(ds, req.body, null);
  const users = parseUsers(ds, (req.body as Json).users, input.default_currency_id);
  const nowSec = Math.floor(ds.now / 1000);
  const id = ds.nextIds.affiliate++;
  // Values no request sets come from a generator seeded by the id, so re-runs create the same record.
  const rng = new Random(ds.seed ^ (id * 2654435761));
  const record: EverflowAffiliateRecord = {
    network_affiliate_id: id,
    name: input.name,
    account_status: input.account_status,
    network_employee_id: input.network_employee_id,
    account_executive_id: 0,
    internal_notes: input.internal_notes,
    has_notifications: true,
    network_traffic_source_id: 0,
    adress_id: input.contact_address ? ds.nextIds.address++ : 0,
    default_currency_id: input.default_currency_id,
    is_contact_address_enabled: input.is_contact_address_enabled,
    enable_media_cost_tracking_links: input.enable_media_cost_tracking_links,
    time_created: nowSec,
    time_saved: nowSec,
    referrer_id: input.referrer_id,
    network_affiliate_tier_id: input.network_affiliate_tier_id,
    encoded_value: encodedValue(rng),
    labels: [],
    today_revenue: '$0.00',
    balance: 0,
    last_login: 0,
    global_tracking_domain_url: '',
    network_country_code: input.contact_address?.country_code ?? '',
    contact_address: input.contact_address,
    billing: { ...input.billing, network_id: ds.network_id, network_affiliate_id: id, time_created: nowSec, time_saved: nowSec },
    users: users.map((u) => ({
      network_affiliate_user_id: ds.nextIds.user++,
      network_id: ds.network_id,
      network_affiliate_id: id,
      ...u,
      time_created: nowSec,
      time_saved: nowSec,
    })),
    coupon_codes: [],
    audits: [],
    visibility: { visible: [], hidden: [], rejected: [] },
    signup: { signup_ip: '', signup_url: '', website_url: '', how_did_you_hear: '', promotion_methods: [], custom_fields: [], time_created: nowSec },
    api: { api_keys: [], whitelist_ips: [] },
    referral: { is_enabled: false, method: 'percentage', value: 0, commission_basis: 'payout', minimum_threshold: 0, duration: 0 },
    supply_partner: { is_enabled: false, network_supply_partner_id: 0, bid_floor: 0, max_qps: 0, allowed_formats: [] },
    reporting: {
      imp: 0,
      total_click: 0,
      unique_click: 0,
      invalid_click: 0,
      duplicate_click: 0,
      cv: 0,
      invalid_cv_scrub: 0,
      view_through_cv: 0,
      event: 0,
      cvr: 0,
      evr: 0,
      epc: 0,
      payout: 0,
      revenue: 0,
      profit: 0,
      margin: 0,
    },
    network_tracking_domain_ids: [],
    last_traffic_time: 0,
  };
  addAudit(ds, record, 'create', [{ field: 'name', old_value: '', new_value: JSON.stringify(record.name) }]);
  ds.affiliates.push(record);
  return { body: affiliateView(ds, record, ['users'], readings.affiliateTier) };
}

function updateAffiliate(req: HandlerRequest<EverflowDataset>, readings: EverflowReadings): SimResponse {
  const ds = req.tenant;
  const record = affiliateOf(ds, req.params.affiliateId);
  const input = parseAffiliateInput(ds, req.body, record.network_affiliate_id);
  const before = structuredClone(record);
  const nowSec = Math.floor(ds.now / 1000);
  // A full replace: every field of the body is set, omitted optional ones take their defaults.
  Object.assign(record, {
    name: input.name,
    account_status: input.account_status,
    network_employee_id: input.network_employee_id,
    internal_notes: input.internal_notes,
    default_currency_id: input.default_currency_id,
    enable_media_cost_tracking_links: input.enable_media_cost_tracking_links,
    referrer_id: input.referrer_id,
    is_contact_address_enabled: input.is_contact_address_enabled,
    network_affiliate_tier_id: input.network_affiliate_tier_id,
    contact_address: input.contact_address,
    adress_id: input.contact_address ? record.adress_id || ds.nextIds.address++ : 0,
    network_country_code: input.contact_address?.country_code ?? '',
    billing: {
      ...input.billing,
      network_id: ds.network_id,
      network_affiliate_id: record.network_affiliate_id,
      time_created: record.billing.time_created,
      time_saved: nowSec,
    },
    time_saved: nowSec,
  } satisfies Partial<EverflowAffiliateRecord>);
  addAudit(ds, record, 'update', diff(before, record));
  return { body: affiliateView(ds, record, [], readings.affiliateTier) };
}

type AuditChanges = EverflowAffiliateRecord['audits'][number]['changes'];

function addAudit(ds: EverflowDataset, record: EverflowAffiliateRecord, action: 'create' | 'update', changes: AuditChanges): void {
  if (changes.length === 0) return;
  record.audits.push({
    network_affiliate_audit_id: ds.nextIds.audit++,
    action,
    changes,
    // Writes through the API are attributed to no employee.
    network_employee_id: 0,
    employee_name: 'API',
    time_created: Math.floor(ds.now / 1000),
  });
}

const AUDITED: readonly (keyof EverflowAffiliateRecord)[] = [
  'name',
  'account_status',
  'network_employee_id',
  'account_executive_id',
  'internal_notes',
  'has_notifications',
  'network_traffic_source_id',
  'default_currency_id',
  'is_contact_address_enabled',
  'enable_media_cost_tracking_links',
  'referrer_id',
  'network_affiliate_tier_id',
  'labels',
  'contact_address',
  'billing',
  'referral',
];

function diff(before: EverflowAffiliateRecord, after: EverflowAffiliateRecord): AuditChanges {
  return AUDITED.flatMap((field) => {
    const strip = (v: unknown) => (field === 'billing' ? { ...(v as Json), time_saved: 0 } : v);
    const [o, n] = [JSON.stringify(strip(before[field])), JSON.stringify(strip(after[field]))];
    return o === n ? [] : [{ field, old_value: o, new_value: n }];
  });
}

// Private: bulk edit and preview

/** A patchable field: how to read it, and how to validate and apply a value. */
interface PatchSpec {
  multi?: boolean;
  get(a: EverflowAffiliateRecord): unknown;
  /** Validates and applies; throws a PatchValueError for a bad value. */
  apply(a: EverflowAffiliateRecord, value: unknown, op: EverflowPatchOperator, ds: EverflowDataset): void;
  related?(before: EverflowAffiliateRecord, after: EverflowAffiliateRecord, ds: EverflowDataset): string;
}

class PatchValueError extends Error {}

function valueError(message: string): never {
  throw new PatchValueError(message);
}

/** Runs a validator written for 400s and turns its failure into a per-change error. */
function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SimError) valueError(error.message);
    throw error;
  }
}

type Parser = (value: unknown, ds: EverflowDataset, a: EverflowAffiliateRecord) => unknown;

// Where a plain field lives in the stored affiliate.
const onAffiliate = (a: EverflowAffiliateRecord) => a as unknown as Json;
const onBilling = (a: EverflowAffiliateRecord) => a.billing as unknown as Json;
const onReferral = (a: EverflowAffiliateRecord) => a.referral as unknown as Json;

/** A single-value field stored at `place(affiliate)[key]`. */
function stored(place: (a: EverflowAffiliateRecord) => Json, key: string, parse: Parser, related?: PatchSpec['related']): PatchSpec {
  return {
    get: (a) => place(a)[key],
    apply: (a, v, _op, ds) => {
      place(a)[key] = checked(() => parse(v, ds, a));
    },
    related,
  };
}

const asBool: Parser = (v) => boolAt(v, 'field_value');
const asNumber: Parser = (v) => numberAt(v, 'field_value');
const asCount: Parser = (v) => intAt(v, 'field_value');
const asString: Parser = (v) => stringAt(v, 'field_value');
const asDate: Parser = (v) => dateAt(v, 'field_value');
const asEnum =
  (values: readonly string[]): Parser =>
  (v) =>
    oneOf(v, values, 'field_value');
const asCurrency: Parser = (v) => {
  const s = stringAt(v, 'field_value');
  if (!/^[A-Z]{3}$/.test(s)) bad(`field_value must be a 3-letter currency id such as USD (got ${show(s)})`);
  return s;
};
const asEmployee: Parser = (v, ds) => {
  const id = intAt(v, 'field_value');
  if (id !== 0 && !ds.employees.some((e) => e.network_employee_id === id)) bad(`${id} is not an employee of the network`);
  return id;
};
const asReferrer: Parser = (v, ds, a) => {
  const id = intAt(v, 'field_value');
  checkReferrer(ds, id, a.network_affiliate_id, 'field_value');
  return id;
};
const asTrafficSource: Parser = (v, ds) => {
  const id = intAt(v, 'field_value');
  if (id !== 0 && !ds.trafficSources.some((s) => s.network_traffic_source_id === id)) bad(`${id} is not a traffic source of the network`);
  return id;
};

/** The details field of one billing frequency (billing_bimonthly, billing_monthly, ...): null unless that frequency is set. */
function detailsSpec(frequency: EverflowBillingFrequency): PatchSpec {
  const keys = DETAIL_KEYS[frequency];
  return {
    get: (a) => (a.billing.billing_frequency === frequency ? pickKeys<EverflowBillingDetails>(a.billing.details, keys) : null),
    apply: (a, v) => {
      const details = pickKeys<EverflowBillingDetails>(
        checked(() => objectAt(v, 'field_value')),
        keys,
      );
      const problem = billingDetailsError(frequency, details, 'field_value');
      if (problem) valueError(problem.replace(/ when billing_frequency is \w+/, ''));
      a.billing.details = details;
    },
  };
}

const PATCH_SPECS: Record<EverflowPatchFieldType, PatchSpec> = {
  network_employee_id: stored(
    onAffiliate,
    'network_employee_id',
    asEmployee,
    (_b, after, ds) => `The account manager becomes ${employeeName(ds, after.network_employee_id) || 'nobody'}`,
  ),
  account_executive_id: stored(onAffiliate, 'account_executive_id', asEmployee),
  referrer_id: stored(onAffiliate, 'referrer_id', asReferrer),
  labels: {
    multi: true,
    get: (a) => [...a.labels],
    apply: (a, v, op) => {
      if (op === 'clear') return void (a.labels = []);
      const values = checked(() => stringArrayAt(v, 'field_value')).map((s) => s.trim());
      if (values.some((s) => s === '')) valueError('labels cannot be empty strings');
      if (op === 'overwrite') a.labels = [...new Set(values)];
      else if (op === 'append') a.labels = [...new Set([...a.labels, ...values])];
      else a.labels = a.labels.filter((l) => !values.includes(l));
    },
  },
  account_status: stored(onAffiliate, 'account_status', asEnum(PATCH_STATUSES), (b, after) =>
    after.account_status !== b.account_status && after.account_status !== 'active' ? "The affiliate's users can no longer log in" : '',
  ),
  default_currency_id: stored(onAffiliate, 'default_currency_id', asCurrency),
  has_notifications: stored(onAffiliate, 'has_notifications', asBool),
  enable_media_cost_tracking_links: stored(onAffiliate, 'enable_media_cost_tracking_links', asBool),
  network_traffic_source_id: stored(onAffiliate, 'network_traffic_source_id', asTrafficSource),
  internal_notes: stored(onAffiliate, 'internal_notes', asString),
  billing_payment_method: {
    get: (a) => (a.billing.payment_type === 'pay' ? 'pay' : null),
    apply: (a, v) => {
      checked(() => oneOf(v, ['pay'], 'field_value'));
      a.billing.payment_type = 'pay';
      a.billing.billing = {};
    },
    related: (b) => (b.billing.payment_type === 'pay' ? '' : `The payment type changes from ${b.billing.payment_type} to pay (Everflow Pay)`),
  },
  billing_billing_frequency: {
    get: (a) => a.billing.billing_frequency,
    apply: (a, v) => {
      // The document lists "quaterly" among the values; it means quarterly.
      const frequency = checked(() => oneOf(v === 'quaterly' ? 'quarterly' : v, BILLING_FREQUENCIES, 'field_value'));
      if (a.billing.billing_frequency !== frequency) a.billing.details = {};
      a.billing.billing_frequency = frequency;
    },
    related: (b, after) =>
      b.billing.billing_frequency === after.billing.billing_frequency ? '' : `The ${b.billing.billing_frequency} billing details are replaced`,
  },
  billing_weekly: {
    get: (a) => (a.billing.billing_frequency === 'weekly' ? WEEKDAYS[a.billing.details.day_of_week ?? 0] : null),
    apply: (a, v) => {
      a.billing.details = { day_of_week: WEEKDAYS.indexOf(checked(() => oneOf(v, WEEKDAYS, 'field_value'))) };
    },
  },
  billing_bimonthly: detailsSpec('bimonthly'),
  billing_monthly: detailsSpec('monthly'),
  billing_two_months: detailsSpec('two_months'),
  billing_quarterly: detailsSpec('quarterly'),
  billing_is_invoice_creation_auto: {
    get: (a) => a.billing.is_invoice_creation_auto,
    apply: (a, v) => {
      a.billing.is_invoice_creation_auto = checked(() => boolAt(v, 'field_value'));
      if (!a.billing.is_invoice_creation_auto) a.billing.auto_invoice_start_date = '';
    },
  },
  billing_invoice_amount_threshold: stored(onBilling, 'invoice_amount_threshold', asNumber),
  billing_auto_invoice_start_date: stored(onBilling, 'auto_invoice_start_date', asDate),
  billing_invoice_generation_days_delay: stored(onBilling, 'invoice_generation_days_delay', asCount),
  billing_default_payment_terms: stored(onBilling, 'default_payment_terms', asCount),
  billing_default_invoice_is_hidden: stored(onBilling, 'default_invoice_is_hidden', asBool),
  referral_is_enabled: stored(onReferral, 'is_enabled', asBool),
  referral_method: stored(onReferral, 'method', asEnum(['flat_fee', 'percentage'])),
  referral_value: stored(onReferral, 'value', asNumber),
  referral_commission_basis: stored(onReferral, 'commission_basis', asEnum(['payout', 'revenue', 'profit'])),
  referral_minimum_threshold: stored(onReferral, 'minimum_threshold', asNumber),
  referral_duration: stored(onReferral, 'duration', asNumber),
};

/** The bulk-edit field that carries the details of each frequency. */
const DETAIL_FIELD: Partial<Record<EverflowBillingFrequency, EverflowPatchFieldType>> = {
  weekly: 'billing_weekly',
  bimonthly: 'billing_bimonthly',
  monthly: 'billing_monthly',
  two_months: 'billing_two_months',
  quarterly: 'billing_quarterly',
};

interface PatchField {
  field_type: EverflowPatchFieldType;
  field_value: unknown;
  operator: EverflowPatchOperator;
}

function parsePatch(raw: unknown): { ids: number[]; fields: PatchField[] } {
  const body = objectAt(raw, 'body');
  if (!Array.isArray(body.network_affiliate_ids) || body.network_affiliate_ids.length === 0) {
    bad(`network_affiliate_ids must be a non-empty array of affiliate ids (got ${show(body.network_affiliate_ids)})`);
  }
  const ids = [...new Set(body.network_affiliate_ids.map((v, i) => intAt(v, `network_affiliate_ids[${i}]`, 1)))];
  if (!Array.isArray(body.fields) || body.fields.length === 0) bad(`fields must be a non-empty array (got ${show(body.fields)})`);
  const fields = body.fields.map((item, i): PatchField => {
    const f = objectAt(item, `fields[${i}]`);
    const type = oneOf(f.field_type, Object.keys(PATCH_SPECS) as EverflowPatchFieldType[], `fields[${i}].field_type`);
    const operator = oneOf(f.operator, ['overwrite', 'append', 'delete', 'clear'] as const, `fields[${i}].operator`);
    if (operator !== 'overwrite' && !PATCH_SPECS[type].multi) {
      bad(`fields[${i}].operator ${operator} applies only to multi-value fields (labels); ${type} takes overwrite`);
    }
    if (operator !== 'clear' && f.field_value === undefined) bad(`fields[${i}].field_value is required for ${type} with operator ${operator}`);
    return { field_type: type, field_value: f.field_value, operator };
  });
  return { ids, fields };
}

/** The outcome of a patch run against copies of the affiliates. */
interface PatchPlan {
  changes: EverflowPatchChange[];
  resourceErrors: EverflowPatchResourceError[];
  /** Patched copies of the affiliates, to store when the plan has no error. */
  patched: EverflowAffiliateRecord[];
}

/** Runs a patch against copies of the affiliates: the preview's answer, and the copies apply stores. */
function planPatch(ds: EverflowDataset, ids: number[], fields: PatchField[]): PatchPlan {
  const resourceErrors: EverflowPatchResourceError[] = [];
  const targets: EverflowAffiliateRecord[] = [];
  for (const id of ids) {
    const record = ds.affiliates.find((a) => a.network_affiliate_id === id);
    if (!record) resourceErrors.push({ id, label: '', message: `Affiliate ${id} does not exist` });
    else {
      const problems = affiliateStateErrors(record);
      if (problems.length > 0) resourceErrors.push({ id, label: record.name, message: problems.join('; ') });
      targets.push(record);
    }
  }
  if (resourceErrors.length > 0) return { changes: [], resourceErrors, patched: [] };

  // Frequencies first, so that their details fields (in any order) land on the new frequency.
  const order = fields.map((_, i) => i).sort((i, j) => rank(fields[i]) - rank(fields[j]));
  const changes: EverflowPatchChange[] = [];
  const patched = targets.map((record) => {
    const copy = structuredClone(record);
    const errors = new Map<number, string>();
    for (const i of order) {
      try {
        PATCH_SPECS[fields[i].field_type].apply(copy, fields[i].field_value, fields[i].operator, ds);
      } catch (error) {
        if (!(error instanceof PatchValueError)) throw error;
        errors.set(i, `${fields[i].field_type}: ${error.message}`);
      }
    }
    crossFieldErrors(copy, fields).forEach((message, i) => errors.has(i) || errors.set(i, message));
    fields.forEach((field, i) => {
      const spec = PATCH_SPECS[field.field_type];
      const error = errors.get(i);
      const current = spec.get(record);
      const next = error ? (field.field_value ?? null) : spec.get(copy);
      changes.push({
        network_affiliate: { network_affiliate_id: record.network_affiliate_id, name: record.name },
        change_status: error ? 'error' : JSON.stringify(current) === JSON.stringify(next) ? 'no_change' : 'ok',
        current_field: { field_type: field.field_type, field_value: current },
        changed_field: { field_type: field.field_type, field_value: next },
        error_message: error ?? '',
        related_changes: error ? '' : (spec.related?.(record, copy, ds) ?? ''),
      });
    });
    return copy;
  });
  return { changes, resourceErrors, patched };
}

function rank(field: PatchField): number {
  return field.field_type === 'billing_billing_frequency' || field.field_type === 'billing_payment_method' ? 0 : 1;
}

/** Rules between fields: a frequency needs its details field, details need their frequency, automatic invoicing needs a start date. */
function crossFieldErrors(after: EverflowAffiliateRecord, fields: PatchField[]): Map<number, string> {
  const errors = new Map<number, string>();
  const types = fields.map((f) => f.field_type);
  fields.forEach((field, i) => {
    if (field.field_type === 'billing_billing_frequency') {
      const detailsField = DETAIL_FIELD[after.billing.billing_frequency];
      if (detailsField && !types.includes(detailsField) && billingDetailsError(after.billing.billing_frequency, after.billing.details, 'details')) {
        errors.set(i, `${detailsField} is required when billing_billing_frequency is ${after.billing.billing_frequency}`);
      }
    }
    const frequency = (Object.keys(DETAIL_FIELD) as EverflowBillingFrequency[]).find((f) => DETAIL_FIELD[f] === field.field_type);
    if (frequency && after.billing.billing_frequency !== frequency) {
      errors.set(i, `${field.field_type} only applies when the billing frequency is ${frequency} (it is ${after.billing.billing_frequency})`);
    }
    if (
      field.field_type === 'billing_is_invoice_creation_auto' &&
      after.billing.is_invoice_creation_auto &&
      after.billing.auto_invoice_start_date === ''
    ) {
      errors.set(i, 'billing_auto_invoice_start_date is required when billing_is_invoice_creation_auto is true');
    }
  });
  return errors;
}

function patchSubmit(req: HandlerRequest<EverflowDataset>): SimResponse {
  const { ids, fields } = parsePatch(req.body);
  const { changes, resourceErrors } = planPatch(req.tenant, ids, fields);
  return { body: { changes, resource_errors: resourceErrors } };
}

function patchApply(req: HandlerRequest<EverflowDataset>): SimResponse {
  const ds = req.tenant;
  const { ids, fields } = parsePatch(req.body);
  const { changes, resourceErrors, patched } = planPatch(ds, ids, fields);
  if (resourceErrors.length > 0) bad(resourceErrors.map((e) => `Affiliate ${e.id}${e.label ? ` (${e.label})` : ''}: ${e.message}`).join('; '));
  const failed = changes.find((c) => c.change_status === 'error');
  if (failed) bad(`Affiliate ${failed.network_affiliate.network_affiliate_id}: ${failed.error_message}`);
  // All or nothing: nothing is written unless every affiliate and field passed.
  const nowSec = Math.floor(ds.now / 1000);
  for (const copy of patched) {
    const record = ds.affiliates.find((a) => a.network_affiliate_id === copy.network_affiliate_id)!;
    const changed = diff(record, copy);
    if (changed.length === 0) continue;
    Object.assign(record, copy, { time_saved: nowSec });
    addAudit(ds, record, 'update', changed);
  }
  return { body: { result: true } };
}

// Private: time

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(zone: string, utcMs: number): number[] {
  let f = formatters.get(zone);
  if (!f) {
    const two = '2-digit' as const;
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: two,
      day: two,
      hour: two,
      minute: two,
      second: two,
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second];
}

function zoneOffsetMs(zone: string, utcMs: number): number {
  const [y, mo, d, h, mi, s] = wallParts(zone, utcMs);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(utcMs / 1000) * 1000;
}

/** "YYYY-mm-dd" of a unix time in a zone. */
function localDate(zone: string, seconds: number): string {
  const [y, m, d] = wallParts(zone, seconds * 1000);
  return `${y}-${pad(m)}-${pad(d)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** [y, m, d] of a valid "YYYY-mm-dd", else null. */
function parseDate(value: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? [y, mo, d] : null;
}

function timezoneOf(body: Json): string {
  if (absent(body.timezone_id)) bad('timezone_id is required');
  const zone = typeof body.timezone_id === 'number' ? EVERFLOW_TIMEZONES[body.timezone_id] : undefined;
  if (!zone) {
    const supported = Object.entries(EVERFLOW_TIMEZONES).map(([id, z]) => `${id} (${z})`);
    bad(`timezone_id ${show(body.timezone_id)} is not supported; supported: ${supported.join(', ')}`);
  }
  return zone;
}

/**
 * Unix seconds of a request's from/to in its timezone. A date without a time is the start of the
 * day for `from` and its last second for `to` (so "to": "2022-02-10" includes that whole day).
 */
function requestTime(body: Json, key: 'from' | 'to', zone: string, allowDateOnly: boolean): number {
  const value = body[key];
  const format = allowDateOnly ? 'YYYY-mm-DD or YYYY-mm-DD hh:mm:ss' : 'YYYY-mm-DD HH:MM:SS';
  if (absent(value)) bad(`${key} is required (format ${format})`);
  const m = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(value) : null;
  const date = m ? parseDate(m[1]) : null;
  const time = m?.[2] === undefined ? null : [Number(m[2]), Number(m[3]), Number(m[4])];
  if (!m || !date || (!time && !allowDateOnly) || (time && (time[0] > 23 || time[1] > 59 || time[2] > 59))) {
    bad(`${key} must be formatted ${format} (got ${show(value)})`);
  }
  if (time) return wallTimeToUnix(zone, ...date, time[0], time[1], time[2]);
  return key === 'from' ? wallTimeToUnix(zone, ...date) : wallTimeToUnix(zone, date[0], date[1], date[2] + 1) - 1;
}

// Private: query filters

type Matcher<R> = (record: R, zone: string) => string[];

/**
 * Parses `query.filters` (or `query.exclusions`, the same shape): values grouped by resource type.
 * Filters match OR within a type and AND across types.
 */
function queryFilters<T extends string>(body: Json, allowed: readonly T[], key: 'filters' | 'exclusions' = 'filters'): Map<T, Set<string>> {
  const groups = new Map<T, Set<string>>();
  if (absent(body.query)) return groups;
  const query = objectAt(body.query, 'query');
  const list = query[key];
  if (absent(list)) return groups;
  if (!Array.isArray(list)) bad(`query.${key} must be an array (got ${show(list)})`);
  list.forEach((item, i) => {
    const f = objectAt(item, `query.${key}[${i}]`);
    const type = oneOf(f.resource_type, allowed, `query.${key}[${i}].resource_type`);
    const value = f.filter_id_value;
    if (typeof value !== 'string' && typeof value !== 'number') bad(`query.${key}[${i}].filter_id_value must be a string (got ${show(value)})`);
    const set = groups.get(type) ?? new Set<string>();
    set.add(String(value).toLowerCase());
    groups.set(type, set);
  });
  return groups;
}

function matchesAll<R, T extends string>(record: R, groups: Map<T, Set<string>>, matchers: Record<T, Matcher<R>>, zone: string): boolean {
  for (const [type, wanted] of groups) {
    if (!matchesGroup(record, type, wanted, matchers, zone)) return false;
  }
  return true;
}

function matchesGroup<R, T extends string>(record: R, type: T, wanted: Set<string>, matchers: Record<T, Matcher<R>>, zone: string): boolean {
  return matchers[type](record, zone).some((v) => wanted.has(v.toLowerCase()));
}

/** Whether exclusions leave a record out, in the reading served (see EverflowReadings.clickExclusions). */
function excludedBy<R, T extends string>(
  record: R,
  groups: Map<T, Set<string>>,
  matchers: Record<T, Matcher<R>>,
  zone: string,
  reading: EverflowReadings['clickExclusions'],
): boolean {
  if (groups.size === 0) return false;
  if (reading === 'grouped') return matchesAll(record, groups, matchers, zone);
  for (const [type, wanted] of groups) if (matchesGroup(record, type, wanted, matchers, zone)) return true;
  return false;
}

const CLICK_MATCHERS: Record<EverflowClickResourceType, Matcher<EverflowClickRecord>> = {
  offer: (c) => [String(c.raw.relationship.offer.network_offer_id)],
  creative: (c) => [String(c.creative_id)],
  country: (c) => [c.raw.relationship.geolocation.country_name, c.raw.relationship.geolocation.country_code],
  carrier: (c) => [c.raw.relationship.geolocation.carrier_name],
  device_platform: (c) => [c.raw.relationship.device_information.platform_name],
  device_type: (c) => [c.raw.relationship.device_information.device_type],
  device_make: (c) => [c.raw.relationship.device_information.brand],
  device_model: (c) => [c.raw.relationship.device_information.model],
  browser: (c) => [c.raw.relationship.device_information.browser_name],
  language: (c) => [c.raw.relationship.device_information.language],
  connection_type: (c) => [c.connection_type],
  campaign: (c) => [String(c.campaign_id)],
  source_id: (c) => [c.raw.source_id],
  offer_url: (c) => [String(c.offer_url_id)],
  s1: (c) => [c.raw.sub1],
  s2: (c) => [c.raw.sub2],
  s3: (c) => [c.raw.sub3],
  s4: (c) => [c.raw.sub4],
  s5: (c) => [c.raw.sub5],
  coupon_code: (c) => [c.raw.coupon_code],
};

const CLICK_RESOURCE_TYPES = Object.keys(CLICK_MATCHERS) as EverflowClickResourceType[];

function clickStream(req: HandlerRequest<EverflowDataset>, readings: EverflowReadings): SimResponse {
  const ds = req.tenant;
  const body = objectAt(req.body, 'body');
  const zone = timezoneOf(body);
  const from = requestTime(body, 'from', zone, false);
  const to = requestTime(body, 'to', zone, false);
  if (to < from) bad('to must not be before from');
  if (to - from > EVERFLOW_LIMITS.maxClickWindowSeconds) bad('The requested period is longer than 14 days; request 14 days or less');
  const filters = queryFilters(body, CLICK_RESOURCE_TYPES);
  const exclusions = queryFilters(body, CLICK_RESOURCE_TYPES, 'exclusions');
  const retained = clickRetentionStart(ds.now);
  const clicks = [];
  for (let i = lowerBound(ds.clicks, from); i < ds.clicks.length && clicks.length < EVERFLOW_LIMITS.maxClickRows; i++) {
    const click = ds.clicks[i];
    if (click.unix_timestamp > to) break;
    // Raw data older than the retention is gone, but "Raw data for clicks that lead to conversions, however, is kept forever".
    if (click.unix_timestamp < retained && !click.converted) continue;
    if (matchesAll(click, filters, CLICK_MATCHERS, zone) && !excludedBy(click, exclusions, CLICK_MATCHERS, zone, readings.clickExclusions)) {
      clicks.push(click.raw);
    }
  }
  return { body: { clicks } };
}

function clickById(req: HandlerRequest<EverflowDataset>): SimResponse {
  const id = req.params.transactionId;
  if (!/^[0-9a-fA-F]{32}$/.test(id)) bad(`transactionId must be 32 hexadecimal characters (got ${JSON.stringify(id)})`);
  const click = req.tenant.clicksById.get(id.toLowerCase());
  if (!click) throw new SimError(404, `Click ${id} not found`);
  return { body: click.raw };
}

// Private: on-hold conversions

const conv = (r: EverflowOnHoldRecord) => r.raw.conversion;

const ONHOLD_MATCHERS: Record<EverflowOnHoldResourceType, Matcher<EverflowOnHoldRecord>> = {
  offer: (r) => [String(conv(r).relationship.offer.network_offer_id)],
  transaction_id: (r) => [conv(r).transaction_id],
  campaign: (r) => [String(r.campaign_id)],
  adv1: (r) => [conv(r).adv1],
  adv2: (r) => [conv(r).adv2],
  adv3: (r) => [conv(r).adv3],
  adv4: (r) => [conv(r).adv4],
  adv5: (r) => [conv(r).adv5],
  offer_creative: (r) => [String(r.creative_id)],
  coupon_code: (r) => [r.coupon_code],
  dma: (r) => [String(conv(r).dma)],
  date: (r, zone) => [localDate(zone, conv(r).conversion_unix_timestamp)],
  week: (r, zone) => [weekStart(localDate(zone, conv(r).conversion_unix_timestamp))],
  month: (r, zone) => [localDate(zone, conv(r).conversion_unix_timestamp).slice(0, 7)],
  isp: (r) => [conv(r).isp],
  carrier: (r) => [conv(r).carrier],
  sub1: (r) => [conv(r).sub1],
  sub2: (r) => [conv(r).sub2],
  sub3: (r) => [conv(r).sub3],
  sub4: (r) => [conv(r).sub4],
  sub5: (r) => [conv(r).sub5],
  source_id: (r) => [conv(r).source_id],
  language: (r) => [conv(r).language],
  device_brand: (r) => [conv(r).brand],
  browser: (r) => [conv(r).browser],
  country: (r) => [conv(r).country, r.country_code],
  country_code: (r) => [r.country_code],
  platform: (r) => [conv(r).platform],
  region: (r) => [conv(r).region, r.region_code],
  city: (r) => [conv(r).city],
  device_type: (r) => [conv(r).device_type],
  offer_url: (r) => [String(r.offer_url_id)],
  os_version: (r) => [conv(r).os_version],
};

const ONHOLD_RESOURCE_TYPES = Object.keys(ONHOLD_MATCHERS) as EverflowOnHoldResourceType[];

/** The Monday ("YYYY-mm-dd") of the week holding a date; the `week` filter takes that date. */
function weekStart(date: string): string {
  const [y, m, d] = parseDate(date)!;
  const t = new Date(Date.UTC(y, m - 1, d));
  t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
  return t.toISOString().slice(0, 10);
}

function onHoldReport(req: HandlerRequest<EverflowDataset>): SimResponse {
  const ds = req.tenant;
  const { page, pageSize } = pagingOf(req.query);
  const body = objectAt(req.body, 'body');
  const zone = timezoneOf(body);
  const from = requestTime(body, 'from', zone, true);
  const to = requestTime(body, 'to', zone, true);
  if (to < from) bad('to must not be before from');
  if (to - from > EVERFLOW_LIMITS.maxOnHoldIntervalSeconds) bad('The requested interval is longer than one year (365 days)');
  if (from < Math.floor(ds.now / 1000) - EVERFLOW_LIMITS.onHoldLookbackSeconds) {
    bad('from is outside the prior 365 days; on hold conversions are only available for the prior 365 days');
  }
  if (absent(body.show_conversions)) bad('show_conversions is required (true or false)');
  if (absent(body.show_events)) bad('show_events is required (true or false)');
  const showConversions = boolAt(body.show_conversions, 'show_conversions');
  const showEvents = boolAt(body.show_events, 'show_events');
  if (body.on_hold_status_filter === undefined) bad('on_hold_status_filter is required ("" for every status)');
  const status = oneOf<EverflowOnHoldStatusFilter>(body.on_hold_status_filter, ['', 'on_hold', 'approved', 'rejected'], 'on_hold_status_filter');
  const groups = queryFilters(body, ONHOLD_RESOURCE_TYPES);
  const rows = ds.onHold.filter((r) => {
    const t = r.raw.conversion.conversion_unix_timestamp;
    return (
      t >= from &&
      t <= to &&
      (r.raw.conversion.is_event ? showEvents : showConversions) &&
      (status === '' || r.raw.status === status) &&
      matchesAll(r, groups, ONHOLD_MATCHERS, zone)
    );
  });
  return { body: { conversions: pageOf(rows, page, pageSize).map((r) => r.raw), paging: { page, page_size: pageSize, total_count: rows.length } } };
}

function onHoldById(req: HandlerRequest<EverflowDataset>): SimResponse {
  const record = req.tenant.onHoldById.get(req.params.onHoldId.toLowerCase());
  if (!record) throw new SimError(404, `On hold conversion ${req.params.onHoldId} not found`);
  return { body: record.raw };
}

/** The route table; handlers that depend on a reading read it from `readings` at each request. */
function routes(readings: EverflowReadings): Route<EverflowDataset>[] {
  return [
    { method: 'POST', path: '/v1/networks/affiliatestable', handler: affiliatesTable },
    { method: 'GET', path: '/v1/networks/affiliates/:affiliateId', handler: (req) => affiliateById(req, readings) },
    { method: 'PUT', path: '/v1/networks/affiliates/:affiliateId', handler: (req) => updateAffiliate(req, readings) },
    { method: 'POST', path: '/v1/networks/affiliates', handler: (req) => createAffiliate(req, readings) },
    { method: 'PATCH', path: '/v1/networks/patch/affiliates/apply', handler: patchApply },
    { method: 'POST', path: '/v1/networks/patch/affiliates/submit', handler: patchSubmit },
    { method: 'POST', path: '/v1/affiliates/reporting/clicks/stream', handler: (req) => clickStream(req, readings) },
    { method: 'GET', path: '/v1/affiliates/reporting/clicks/:transactionId', handler: clickById },
    { method: 'POST', path: '/v1/affiliates/reporting/onhold', handler: onHoldReport },
    { method: 'GET', path: '/v1/affiliates/reporting/onhold/:onHoldId', handler: onHoldById },
  ];
}
