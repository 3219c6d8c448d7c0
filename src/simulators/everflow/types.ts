/**
 * The Everflow simulator's own reading of the vendor's documents (vendor-docs/everflow-*.txt):
 * the JSON it accepts and answers, written from the documents' field lists and examples, not from
 * the gateway. Where a document names something without showing it (most affiliate
 * relationships, the create and update answers), the shape is the simulator's own choice and is
 * marked "Not shown in the document". Where a document can be read two ways, the simulator
 * serves either reading (see EverflowReadings in index.ts).
 */

// Vocabularies ("Supported values are: ...")

/** `account_status` of an affiliate; the table filter lists these four. */
export type EverflowAccountStatus = 'active' | 'inactive' | 'pending' | 'suspended';

/** "Can either be active or inactive": the statuses create and update take (affiliates and their users). */
export type EverflowWritableStatus = 'active' | 'inactive';

/** "weekly, bimonthly, monthly, two_months, quarterly, manual or other". */
export type EverflowBillingFrequency = 'weekly' | 'bimonthly' | 'monthly' | 'two_months' | 'quarterly' | 'manual' | 'other';

/**
 * The table filter's list of payment types. The create and update sections spell one of them
 * "payum"; the filter list and the `paxum_id` detail say "paxum", which the simulator takes.
 */
export type EverflowPaymentType =
  | 'none'
  | 'pay'
  | 'paypal'
  | 'check'
  | 'wire'
  | 'direct_deposit'
  | 'tipalti'
  | 'paxum'
  | 'veem'
  | 'payoneer'
  | 'bitcoin'
  | 'webmoney'
  | 'capitalist'
  | 'transferwise'
  | 'gift_card'
  | 'masspay'
  | 'skrill';

/** "Can be either email, phone or paypal_account". */
export type EverflowPaypalReceptionMethod = 'email' | 'phone' | 'paypal_account';

/** `billing_weekly` of the patchable fields: "monday, tuesday, ... sunday". */
export type EverflowWeekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Relationships of `POST /v1/networks/affiliatestable` ("signup", "users"). */
export type EverflowAffiliatesTableRelationship = 'signup' | 'users';

/** The 13 relationships of `GET /v1/networks/affiliates/:affiliateId`. */
export type EverflowAffiliateRelationshipName =
  | 'reporting'
  | 'billing'
  | 'coupon_codes'
  | 'users'
  | 'audits'
  | 'visibility'
  | 'signup'
  | 'api'
  | 'traffic_source'
  | 'referral_link'
  | 'referrer'
  | 'referral'
  | 'supply_partner';

/** "overwrite, append, delete, or clear"; the last three only for multi-value fields. */
export type EverflowPatchOperator = 'overwrite' | 'append' | 'delete' | 'clear';

/** `change_status` of a patch preview: "ok, no_change or error". */
export type EverflowPatchChangeStatus = 'ok' | 'no_change' | 'error';

/** The click stream's resource types, "used in the filters and exclusions". */
export type EverflowClickResourceType =
  | 'offer'
  | 'creative'
  | 'country'
  | 'carrier'
  | 'device_platform'
  | 'device_type'
  | 'device_make'
  | 'browser'
  | 'language'
  | 'connection_type'
  | 'campaign'
  | 'source_id'
  | 'offer_url'
  | 'device_model'
  | 's1'
  | 's2'
  | 's3'
  | 's4'
  | 's5'
  | 'coupon_code';

/** The on-hold report's filter resource types. */
export type EverflowOnHoldResourceType =
  | 'offer'
  | 'transaction_id'
  | 'campaign'
  | 'adv1'
  | 'adv2'
  | 'adv3'
  | 'adv4'
  | 'adv5'
  | 'offer_creative'
  | 'coupon_code'
  | 'dma'
  | 'date'
  | 'isp'
  | 'carrier'
  | 'sub1'
  | 'sub2'
  | 'sub3'
  | 'sub4'
  | 'sub5'
  | 'source_id'
  | 'language'
  | 'device_brand'
  | 'month'
  | 'browser'
  | 'country'
  | 'platform'
  | 'region'
  | 'device_type'
  | 'offer_url'
  | 'os_version'
  | 'city'
  | 'week'
  | 'country_code';

/** An on-hold conversion's status: "on_hold, approved, rejected". */
export type EverflowOnHoldStatus = 'on_hold' | 'approved' | 'rejected';

/** `on_hold_status_filter`: one status, or "" for all of them. */
export type EverflowOnHoldStatusFilter = EverflowOnHoldStatus | '';

/** `revenue_type`: the documents show "CPA"; the simulator's offers also use the other usual models. */
export type EverflowRevenueType = 'CPA' | 'CPC' | 'CPM' | 'CPS';

/** An offer's `offer_status`: the documents show "active"; the simulator also pauses and holds offers. */
export type EverflowOfferStatus = 'active' | 'paused' | 'pending';

// Shared blocks

/** `paging` of the paged answers (table, on-hold report). */
export interface EverflowPaging {
  page: number;
  page_size: number;
  total_count: number;
}

/** A counted list, as the find-by-id example shows `labels`: `{total, entries}`. */
export interface EverflowList<T> {
  total: number;
  entries: T[];
}

/** One `query.filters` (or `query.exclusions`) entry: the documents send the value as text, even ids. */
export interface EverflowQueryFilter<R extends string> {
  filter_id_value: string;
  resource_type: R;
}

/** `relationship.offer` of a click or an on-hold conversion. */
export interface EverflowRelationshipOffer {
  network_offer_id: number;
  network_id: number;
  name: string;
  offer_status: EverflowOfferStatus;
  network_tracking_domain_id: number;
}

/** `relationship.offer_url` of an on-hold conversion. */
export interface EverflowOfferUrl {
  network_offer_url_id: number;
  network_id: number;
  network_offer_id: number;
  name: string;
  preview_url: string;
}

// Affiliates table: POST /v1/networks/affiliatestable

/** One element of `affiliates` in the table's example answer. */
export interface EverflowAffiliateTableRow {
  network_affiliate_id: number;
  network_id: number;
  name: string;
  account_status: EverflowAccountStatus;
  account_manager_id: number;
  account_manager_name: string;
  account_executive_id: number;
  account_executive_name: string;
  /** A money text: "$7.32". */
  today_revenue: string;
  time_created: number;
  time_saved: number;
  labels: string[];
  balance: number;
  last_login: number;
  global_tracking_domain_url: string;
  network_country_code: string;
  is_payable: boolean;
  payment_type: EverflowPaymentType;
  /** Not shown in the document: the requested `signup` / `users` relationships, under `relationship`. */
  relationship?: { users?: EverflowList<EverflowAffiliateUser>; signup?: EverflowAffiliateSignup };
}

/** The table's answer. */
export interface EverflowAffiliatesTableResponse {
  affiliates: EverflowAffiliateTableRow[];
  paging: EverflowPaging;
}

// Find by id: GET /v1/networks/affiliates/:affiliateId

/** `relationship.account_manager` of the find-by-id example. */
export interface EverflowAccountManager {
  first_name: string;
  last_name: string;
  email: string;
  work_phone: string;
  cell_phone: string;
  instant_messaging_id: number;
  instant_messaging_identifier: string;
}

/**
 * The `relationship` object: the example shows `labels`, `account_manager` and `encoded_value`;
 * the 13 named relationships are added when asked for. `network_affiliate_tier_id` is here only
 * in the 'relationship' reading of `affiliateTier`.
 */
export interface EverflowAffiliateRelationship {
  labels: EverflowList<string>;
  account_manager: EverflowAccountManager;
  encoded_value: string;
  network_affiliate_tier_id?: number;
  reporting?: EverflowAffiliateReporting;
  billing?: EverflowAffiliateBilling;
  coupon_codes?: EverflowList<EverflowCouponCode>;
  users?: EverflowList<EverflowAffiliateUser>;
  audits?: EverflowList<EverflowAffiliateAudit>;
  visibility?: EverflowAffiliateVisibility;
  signup?: EverflowAffiliateSignup;
  api?: EverflowAffiliateApi;
  traffic_source?: EverflowList<EverflowTrafficSource>;
  referral_link?: { url: string };
  /** null when nobody referred the affiliate. */
  referrer?: { network_affiliate_id: number; name: string } | null;
  referral?: EverflowReferral;
  supply_partner?: EverflowSupplyPartner;
}

/**
 * The find-by-id example's fields (the document spells the address id `adress_id`). The example
 * has no `network_affiliate_tier_id`, which create and update take: the simulator puts it at the
 * top level in the 'top-level' reading of `affiliateTier`.
 */
export interface EverflowAffiliate {
  network_affiliate_id: number;
  network_id: number;
  name: string;
  account_status: EverflowAccountStatus;
  network_employee_id: number;
  internal_notes: string;
  has_notifications: boolean;
  network_traffic_source_id: number;
  account_executive_id: number;
  adress_id: number;
  default_currency_id: string;
  is_contact_address_enabled: boolean;
  enable_media_cost_tracking_links: boolean;
  time_created: number;
  time_saved: number;
  network_affiliate_tier_id?: number;
  relationship: EverflowAffiliateRelationship;
  referrer_id: number;
}

/** An affiliate user: the create body's user fields, plus ids and times (not shown in the document). */
export interface EverflowAffiliateUser {
  network_affiliate_user_id: number;
  network_id: number;
  network_affiliate_id: number;
  first_name: string;
  last_name: string;
  email: string;
  account_status: EverflowWritableStatus;
  title: string;
  work_phone: string;
  cell_phone: string;
  instant_messaging_id: number;
  instant_messaging_identifier: string;
  language_id: number;
  timezone_id: number;
  currency_id: string;
  time_created: number;
  time_saved: number;
}

/** `billing.details`: which keys apply depends on `billing_frequency`. */
export interface EverflowBillingDetails {
  /** weekly. "Specifies the day of the week, starting on." (the sentence is cut short): 0 is Sunday here. */
  day_of_week?: number;
  /** bimonthly. */
  day_of_month_one?: number;
  /** bimonthly. */
  day_of_month_two?: number;
  /** monthly, two_months, quarterly. */
  day_of_month?: number;
  /** two_months, quarterly. */
  starting_month?: number;
}

/** `billing.billing`, the payment method details: which keys apply depends on `payment_type`. */
export interface EverflowPaymentDetails {
  paxum_id?: string;
  paypal_reception_method?: EverflowPaypalReceptionMethod;
  reception_identifier?: string;
  email?: string;
  is_existing_payee?: boolean;
  idap?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  country_iso?: string;
  bank_name?: string;
  bank_address?: string;
  account_name?: string;
  account_number?: string;
  routing_number?: string;
  swift_code?: string;
}

/** The `billing` object of create and update, as stored (defaults applied). */
export interface EverflowBilling {
  billing_frequency: EverflowBillingFrequency;
  payment_type: EverflowPaymentType;
  tax_id: string;
  is_invoice_creation_auto: boolean;
  /** "YYYY-mm-dd"; "" while automatic invoicing is off. */
  auto_invoice_start_date: string;
  default_invoice_is_hidden: boolean;
  /** Typed "boolean" by the document, which then says "Defaults to 0": a number of days here. */
  invoice_generation_days_delay: number;
  invoice_amount_threshold: number;
  default_payment_terms: number;
  details: EverflowBillingDetails;
  billing: EverflowPaymentDetails;
}

/** Relationship `billing` (not shown in the document): the stored billing object with its ids and times. */
export interface EverflowAffiliateBilling extends EverflowBilling {
  network_id: number;
  network_affiliate_id: number;
  time_created: number;
  time_saved: number;
}

/** Relationship `reporting` (not shown in the document): lifetime totals. */
export interface EverflowAffiliateReporting {
  imp: number;
  total_click: number;
  unique_click: number;
  invalid_click: number;
  duplicate_click: number;
  cv: number;
  invalid_cv_scrub: number;
  view_through_cv: number;
  event: number;
  cvr: number;
  evr: number;
  epc: number;
  payout: number;
  revenue: number;
  profit: number;
  margin: number;
}

/** One entry of relationship `coupon_codes` (not shown in the document). */
export interface EverflowCouponCode {
  network_coupon_code_id: number;
  network_id: number;
  network_affiliate_id: number;
  network_offer_id: number;
  coupon_code: string;
  coupon_status: 'active' | 'inactive';
  description: string;
  start_date: string;
  end_date: string;
  time_created: number;
  time_saved: number;
}

/** One entry of relationship `audits` (not shown in the document): a revision and its field changes. */
export interface EverflowAffiliateAudit {
  network_affiliate_audit_id: number;
  action: 'create' | 'update';
  changes: { field: string; old_value: string; new_value: string }[];
  network_employee_id: number;
  employee_name: string;
  time_created: number;
}

/** An offer of relationship `visibility`. */
export interface EverflowVisibleOffer {
  network_offer_id: number;
  name: string;
  offer_status: EverflowOfferStatus;
}

/** Relationship `visibility`: "lists of visible, hidden and rejected offers". */
export interface EverflowAffiliateVisibility {
  visible: EverflowVisibleOffer[];
  hidden: EverflowVisibleOffer[];
  rejected: EverflowVisibleOffer[];
}

/** Relationship `signup` (not shown in the document). */
export interface EverflowAffiliateSignup {
  signup_ip: string;
  signup_url: string;
  website_url: string;
  how_did_you_hear: string;
  promotion_methods: string[];
  custom_fields: { name: string; value: string }[];
  time_created: number;
}

/** Relationship `api`: "the affiliate's API keys" (masked here), and an IP allow-list. */
export interface EverflowAffiliateApi {
  api_keys: {
    network_affiliate_api_key_id: number;
    name: string;
    masked_api_key: string;
    status: 'active' | 'inactive';
    time_created: number;
    time_last_used: number;
  }[];
  whitelist_ips: string[];
}

/** One entry of relationship `traffic_source` (not shown in the document). */
export interface EverflowTrafficSource {
  network_traffic_source_id: number;
  name: string;
  status: 'active' | 'inactive';
}

/** Relationship `referral`: the patchable `referral_*` settings without their prefix, and the referred affiliates. */
export interface EverflowReferral {
  is_enabled: boolean;
  method: 'flat_fee' | 'percentage';
  value: number;
  commission_basis: 'payout' | 'revenue' | 'profit';
  minimum_threshold: number;
  duration: number;
  referred_affiliates: EverflowList<{ network_affiliate_id: number; name: string }>;
}

/** Relationship `supply_partner`: "EverXchange settings" (not shown in the document). */
export interface EverflowSupplyPartner {
  is_enabled: boolean;
  network_supply_partner_id: number;
  bid_floor: number;
  max_qps: number;
  allowed_formats: string[];
}

// Create and update: POST /v1/networks/affiliates, PUT /v1/networks/affiliates/:affiliateId

/** `contact_address`: "Only required if is_contact_address_enabled is set to true". */
export interface EverflowContactAddress {
  address_1: string;
  address_2: string;
  city: string;
  region_code: string;
  country_code: string;
  zip_postal_code: string;
}

// Bulk edit and preview: PATCH /v1/networks/patch/affiliates/apply, POST .../submit

/** The "Patchable Fields" section, in its order. */
export type EverflowPatchFieldType =
  | 'network_employee_id'
  | 'account_executive_id'
  | 'referrer_id'
  | 'labels'
  | 'account_status'
  | 'default_currency_id'
  | 'has_notifications'
  | 'enable_media_cost_tracking_links'
  | 'network_traffic_source_id'
  | 'internal_notes'
  | 'billing_payment_method'
  | 'billing_billing_frequency'
  | 'billing_weekly'
  | 'billing_bimonthly'
  | 'billing_monthly'
  | 'billing_two_months'
  | 'billing_quarterly'
  | 'billing_is_invoice_creation_auto'
  | 'billing_invoice_amount_threshold'
  | 'billing_auto_invoice_start_date'
  | 'billing_invoice_generation_days_delay'
  | 'billing_default_payment_terms'
  | 'billing_default_invoice_is_hidden'
  | 'referral_is_enabled'
  | 'referral_method'
  | 'referral_value'
  | 'referral_commission_basis'
  | 'referral_minimum_threshold'
  | 'referral_duration';

/** `current_field` / `changed_field` of a preview change. */
export interface EverflowPatchFieldState {
  field_type: EverflowPatchFieldType;
  field_value: unknown;
}

/** One element of the preview's `changes`. */
export interface EverflowPatchChange {
  network_affiliate: { network_affiliate_id: number; name: string };
  change_status: EverflowPatchChangeStatus;
  current_field: EverflowPatchFieldState;
  changed_field: EverflowPatchFieldState;
  /** "Only filled when change_status is error". */
  error_message: string;
  related_changes: string;
}

/** One element of the preview's `resource_errors`. */
export interface EverflowPatchResourceError {
  id: number;
  label: string;
  message: string;
}

/** The preview's answer. */
export interface EverflowPatchSubmitResponse {
  changes: EverflowPatchChange[];
  resource_errors: EverflowPatchResourceError[];
}

// Raw clicks: POST /v1/affiliates/reporting/clicks/stream, GET /v1/affiliates/reporting/clicks/:transactionId

/** `relationship.geolocation` of a raw click. */
export interface EverflowClickGeolocation {
  country_code: string;
  country_name: string;
  region_code: string;
  region_name: string;
  city_name: string;
  dma: number;
  dma_name: string;
  timezone: string;
  carrier_name: string;
  carrier_code: number;
  organization: string;
  isp_name: string;
  is_mobile: boolean;
  is_proxy: boolean;
  postal_code: string;
}

/** `relationship.device_information` of a raw click. */
export interface EverflowClickDeviceInformation {
  is_mobile: boolean;
  platform_name: string;
  os_version: string;
  brand: string;
  model: string;
  is_tablet: boolean;
  browser_name: string;
  browser_version: string;
  device_type: string;
  language: string;
  http_accept_language: string;
  is_robot: boolean;
  is_filter: boolean;
}

/** A raw click: one element of the stream's `clicks`, and the by-id answer. */
export interface EverflowRawClick {
  /** "The Click ID (32 char)". */
  transaction_id: string;
  /** 1 or 0, a number in both examples. */
  is_unique: number;
  unix_timestamp: number;
  tracking_url: string;
  source_id: string;
  sub1: string;
  sub2: string;
  sub3: string;
  sub4: string;
  sub5: string;
  revenue_type: EverflowRevenueType;
  revenue: number;
  referer: string;
  error_code: number;
  user_ip: string;
  error_message: string;
  idfa: string;
  idfa_md5: string;
  idfa_sha1: string;
  google_ad_id: string;
  google_ad_id_md5: string;
  google_ad_id_sha1: string;
  android_id: string;
  android_id_md5: string;
  android_id_sha1: string;
  relationship: {
    offer: EverflowRelationshipOffer;
    geolocation: EverflowClickGeolocation;
    device_information: EverflowClickDeviceInformation;
    /** `{"__cc": "SUMMER"}` in the stream example, null in the by-id example. */
    query_parameters: Record<string, string> | null;
  };
  currency_id: string;
  coupon_code: string;
}

/** The stream's answer: "each click will be one element / row". */
export interface EverflowClickStreamResponse {
  clicks: EverflowRawClick[];
}

// On-hold conversions: POST /v1/affiliates/reporting/onhold, GET /v1/affiliates/reporting/onhold/:onHoldId

/** The `conversion` object of an on-hold conversion. */
export interface EverflowOnHoldConversionDetail {
  conversion_id: string;
  conversion_unix_timestamp: number;
  sub1: string;
  sub2: string;
  sub3: string;
  sub4: string;
  sub5: string;
  source_id: string;
  revenue_type: EverflowRevenueType;
  revenue: number;
  session_user_ip: string;
  conversion_user_ip: string;
  /** A country name in the example ("Russia"). */
  country: string;
  region: string;
  city: string;
  dma: number;
  carrier: string;
  platform: string;
  os_version: string;
  device_type: string;
  brand: string;
  browser: string;
  language: string;
  http_user_agent: string;
  is_event: boolean;
  event: string;
  /** The click's transaction id. */
  transaction_id: string;
  click_unix_timestamp: number;
  isp: string;
  referer: string;
  app_id: string;
  idfa: string;
  idfa_md5: string;
  idfa_sha1: string;
  google_ad_id: string;
  google_ad_id_md5: string;
  google_ad_id_sha1: string;
  android_id: string;
  android_id_md5: string;
  android_id_sha1: string;
  /** "always stored in the currency of the offer they belong to". */
  currency_id: string;
  is_view_through: boolean;
  order_id: string;
  adv1: string;
  adv2: string;
  adv3: string;
  adv4: string;
  adv5: string;
  relationship: {
    offer: EverflowRelationshipOffer;
    events_count: number;
    /** The example shows one; null here when the click used the offer's default URL. */
    offer_url: EverflowOfferUrl | null;
  };
}

/** An on-hold conversion or post-conversion event: one element of `conversions`, and the by-id answer. */
export interface EverflowOnHoldConversion {
  /** "The ID of the on hold conversion (32 char)". */
  on_hold_conversion_id: string;
  network_id: number;
  holding_period_end: number;
  status: EverflowOnHoldStatus;
  conversion: EverflowOnHoldConversionDetail;
}

/** The on-hold report's answer. */
export interface EverflowOnHoldResponse {
  conversions: EverflowOnHoldConversion[];
  paging: EverflowPaging;
}
