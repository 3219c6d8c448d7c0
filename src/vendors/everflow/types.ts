/**
 * Raw Everflow shapes, exactly as the vendor sends and expects them (snake_case, the vendor's own
 * spellings such as `adress_id`, money strings where the vendor sends strings). Sources:
 * vendor-docs/everflow-affiliates.txt, everflow-raw-clicks.txt, everflow-onhold-conversions.txt.
 * Blocks the documents name without showing (most affiliate relationships) follow the simulator's
 * shapes; they are marked "simulator shape".
 */

// Enums

/** An affiliate's account status (table filter and rows). */
export type EverflowAccountStatus = 'active' | 'inactive' | 'pending' | 'suspended';

/** The account statuses create and update accept ("Can either be active or inactive"). */
export type EverflowWritableAccountStatus = 'active' | 'inactive';

/** The account statuses the bulk edit accepts for `account_status`. */
export type EverflowPatchAccountStatus = 'active' | 'inactive' | 'suspended';

/** An affiliate user's account status. */
export type EverflowUserAccountStatus = 'active' | 'inactive';

/** Invoicing frequency. */
export type EverflowBillingFrequency = 'weekly' | 'bimonthly' | 'monthly' | 'two_months' | 'quarterly' | 'manual' | 'other';

/** Payment type. The create document spells paxum "payum"; the filter list and `paxum_id` say paxum. */
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

/** How a PayPal payment is received. */
export type EverflowPaypalReceptionMethod = 'email' | 'phone' | 'paypal_account';

/** A weekday name, as the bulk edit's `billing_weekly` takes it. */
export type EverflowWeekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Referral commission method. */
export type EverflowReferralMethod = 'flat_fee' | 'percentage';

/** What a referral commission is based on. */
export type EverflowReferralCommissionBasis = 'payout' | 'revenue' | 'profit';

/** The relationships the affiliates table accepts. */
export type EverflowAffiliatesTableRelationship = 'signup' | 'users';

/** The relationships find-by-id accepts (13 values). */
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

/** A bulk edit operator; append, delete and clear apply only to multi-value fields (labels). */
export type EverflowPatchOperator = 'overwrite' | 'append' | 'delete' | 'clear';

/** Status of one change in a patch preview. */
export type EverflowPatchChangeStatus = 'ok' | 'no_change' | 'error';

/** An offer's status as relationships show it. */
export type EverflowOfferStatus = 'active' | 'paused' | 'pending' | 'deleted';

/** Revenue type of a click or conversion (the documents show CPA). */
export type EverflowRevenueType = 'CPA' | 'CPC' | 'CPM' | 'CPS';

/** Status of an on-hold conversion. */
export type EverflowOnHoldStatus = 'on_hold' | 'approved' | 'rejected';

/** The on-hold report's status filter; "" means every status. */
export type EverflowOnHoldStatusFilter = '' | EverflowOnHoldStatus;

/** Click-stream query filter resource types (exact list from the document). */
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

/** On-hold report query filter resource types (exact list from the document). */
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

// Shared

/** Paging block of paged responses. */
export interface EverflowPaging {
  page: number;
  page_size: number;
  total_count: number;
}

/** A counted list, the vendor's usual relationship wrapper. */
export interface EverflowList<T> {
  total: number;
  entries: T[];
}

/** One query filter of the reporting endpoints. */
export interface EverflowQueryFilter<R extends string = string> {
  /** The value to match; the documents send strings, even for ids. */
  filter_id_value: string;
  resource_type: R;
}

/** An offer as click and conversion relationships show it. */
export interface EverflowRelationshipOffer {
  network_offer_id: number;
  network_id: number;
  name: string;
  offer_status: EverflowOfferStatus;
  network_tracking_domain_id: number;
}

/** An offer URL (alternate landing page) as on-hold relationships show it. */
export interface EverflowOfferUrl {
  network_offer_url_id: number;
  network_id: number;
  network_offer_id: number;
  name: string;
  preview_url: string;
}

// Affiliates: table

/** One row of the affiliates table. */
export interface EverflowAffiliateTableRow {
  network_affiliate_id: number;
  network_id: number;
  name: string;
  account_status: EverflowAccountStatus;
  account_manager_id: number;
  account_manager_name: string;
  /** 0 and "" when the affiliate has no account executive. */
  account_executive_id: number;
  account_executive_name: string;
  /** A money string such as "$7.32"; dirty data may hold "N/A" or "". */
  today_revenue: string;
  time_created: number;
  time_saved: number;
  labels: string[];
  balance: number;
  /** Unix seconds; 0 when the affiliate never logged in. */
  last_login: number;
  global_tracking_domain_url: string;
  /** "" when unknown. */
  network_country_code: string;
  is_payable: boolean;
  payment_type: EverflowPaymentType;
  /** Present only when relationships were requested. */
  relationship?: EverflowAffiliateTableRowRelationship;
}

/** The relationships a table row can carry. */
export interface EverflowAffiliateTableRowRelationship {
  users?: EverflowList<EverflowAffiliateUser>;
  signup?: EverflowAffiliateSignup;
}

/** Body of `POST /v1/networks/affiliatestable`. */
export interface EverflowAffiliatesTableRequest {
  filters?: EverflowAffiliatesTableFilters;
  search_terms?: EverflowSearchTerm[];
}

/** Structured filters of the affiliates table; an empty array constrains nothing. */
export interface EverflowAffiliatesTableFilters {
  account_status?: EverflowAccountStatus;
  account_manager_ids?: number[];
  network_account_executives_ids?: number[];
  billing_frequency?: EverflowBillingFrequency;
  payment_type?: EverflowPaymentType;
  labels?: string[];
  ran_traffic_in_last_hours?: number;
  network_tracking_domain_ids?: number[];
  country_codes?: string[];
  region_codes?: string[];
}

/** A text search of the affiliates table (case-insensitive "contains"). */
export interface EverflowSearchTerm {
  /** Only "name" is supported. */
  search_type: 'name';
  value: string;
}

/** Response of the affiliates table. */
export interface EverflowAffiliatesTableResponse {
  affiliates: EverflowAffiliateTableRow[];
  paging: EverflowPaging;
}

// Affiliates: find by id

/** An affiliate as find-by-id, create and update answer it. */
export interface EverflowAffiliate {
  network_affiliate_id: number;
  network_id: number;
  name: string;
  account_status: EverflowAccountStatus;
  /** The account manager's employee id (0: none). */
  network_employee_id: number;
  internal_notes: string;
  has_notifications: boolean;
  network_traffic_source_id: number;
  account_executive_id: number;
  /** The vendor's spelling; the contact address id, 0 when none. */
  adress_id: number;
  default_currency_id: string;
  is_contact_address_enabled: boolean;
  enable_media_cost_tracking_links: boolean;
  time_created: number;
  time_saved: number;
  /** Not in the find-by-id example; create and update take it here (it may come under `relationship` instead). */
  network_affiliate_tier_id?: number;
  relationship: EverflowAffiliateRelationship;
  referrer_id: number;
}

/** The `relationship` object of an affiliate: three blocks always, the rest when requested. */
export interface EverflowAffiliateRelationship {
  labels: EverflowList<string>;
  account_manager: EverflowAccountManager;
  encoded_value: string;
  /**
   * The tier may be here or at the top level of the affiliate: the find-by-id example shows
   * neither, create and update take it at the top level (see the update's tierOf). 0: no tier.
   */
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
  referral_link?: EverflowReferralLink;
  /** null when the affiliate was not referred. */
  referrer?: EverflowReferrer | null;
  referral?: EverflowReferral;
  supply_partner?: EverflowSupplyPartner;
}

/** The account manager block (fields "" when the affiliate has none). */
export interface EverflowAccountManager {
  first_name: string;
  last_name: string;
  email: string;
  work_phone: string;
  cell_phone: string;
  instant_messaging_id: number;
  instant_messaging_identifier: string;
}

/** An affiliate user (relationship `users`). */
export interface EverflowAffiliateUser {
  network_affiliate_user_id: number;
  network_id: number;
  network_affiliate_id: number;
  first_name: string;
  last_name: string;
  email: string;
  account_status: EverflowUserAccountStatus;
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

/** Relationship `reporting` (simulator shape): the affiliate's lifetime totals. */
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
  /** Percent. */
  cvr: number;
  /** Percent. */
  evr: number;
  epc: number;
  payout: number;
  revenue: number;
  profit: number;
  /** Percent. */
  margin: number;
}

/** Relationship `billing`: the create body's billing object plus ids and times. */
export interface EverflowAffiliateBilling {
  network_id: number;
  network_affiliate_id: number;
  billing_frequency: EverflowBillingFrequency;
  payment_type: EverflowPaymentType;
  tax_id: string;
  is_invoice_creation_auto: boolean;
  /** "YYYY-mm-dd", "" when automatic invoicing is off. */
  auto_invoice_start_date: string;
  default_invoice_is_hidden: boolean;
  invoice_generation_days_delay: number;
  invoice_amount_threshold: number;
  default_payment_terms: number;
  details: EverflowBillingDetails;
  billing: EverflowPaymentDetails;
  time_created: number;
  time_saved: number;
}

/** Billing frequency details; which keys are set depends on the frequency. */
export interface EverflowBillingDetails {
  /** 0 (Sunday) to 6 (Saturday); weekly. */
  day_of_week?: number;
  /** bimonthly. */
  day_of_month_one?: number;
  /** bimonthly. */
  day_of_month_two?: number;
  /** monthly, two_months, quarterly. */
  day_of_month?: number;
  /** 1-12; two_months, quarterly. */
  starting_month?: number;
}

/** Payment method details (the `billing` object nested in `billing`); keys depend on the payment type. */
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

/** A coupon code (relationship `coupon_codes`, simulator shape). */
export interface EverflowCouponCode {
  network_coupon_code_id: number;
  network_id: number;
  network_affiliate_id: number;
  network_offer_id: number;
  coupon_code: string;
  coupon_status: 'active' | 'inactive';
  description: string;
  /** "YYYY-mm-dd". */
  start_date: string;
  /** "YYYY-mm-dd", "" when open-ended. */
  end_date: string;
  time_created: number;
  time_saved: number;
}

/** One revision of the affiliate (relationship `audits`, simulator shape). */
export interface EverflowAffiliateAudit {
  network_affiliate_audit_id: number;
  action: 'create' | 'update';
  changes: EverflowAuditChange[];
  network_employee_id: number;
  employee_name: string;
  time_created: number;
}

/** One field change of an audit entry; values as JSON text. */
export interface EverflowAuditChange {
  field: string;
  old_value: string;
  new_value: string;
}

/** Relationship `visibility` (simulator shape): offers by visibility. */
export interface EverflowAffiliateVisibility {
  visible: EverflowVisibilityOffer[];
  hidden: EverflowVisibilityOffer[];
  rejected: EverflowVisibilityOffer[];
}

/** An offer in a visibility list. */
export interface EverflowVisibilityOffer {
  network_offer_id: number;
  name: string;
  offer_status: EverflowOfferStatus;
}

/** Relationship `signup` (simulator shape): what the affiliate entered when signing up. */
export interface EverflowAffiliateSignup {
  signup_ip: string;
  signup_url: string;
  website_url: string;
  how_did_you_hear: string;
  promotion_methods: string[];
  custom_fields: EverflowSignupCustomField[];
  time_created: number;
}

/** A custom signup question and its answer. */
export interface EverflowSignupCustomField {
  name: string;
  value: string;
}

/** Relationship `api` (simulator shape): the affiliate's API keys (masked) and IP allow-list. */
export interface EverflowAffiliateApi {
  api_keys: EverflowAffiliateApiKey[];
  whitelist_ips: string[];
}

/** One affiliate API key, masked as the UI shows it. */
export interface EverflowAffiliateApiKey {
  network_affiliate_api_key_id: number;
  name: string;
  masked_api_key: string;
  status: 'active' | 'inactive';
  time_created: number;
  /** 0 when never used. */
  time_last_used: number;
}

/** A traffic source (relationship `traffic_source`, simulator shape). */
export interface EverflowTrafficSource {
  network_traffic_source_id: number;
  name: string;
  status: 'active' | 'inactive';
}

/** Relationship `referral_link` (simulator shape). */
export interface EverflowReferralLink {
  url: string;
}

/** Relationship `referrer` (simulator shape): the affiliate that referred this one. */
export interface EverflowReferrer {
  network_affiliate_id: number;
  name: string;
}

/** Relationship `referral` (simulator shape): the referral commission (the patchable `referral_*` fields) and referred affiliates. */
export interface EverflowReferral {
  is_enabled: boolean;
  method: EverflowReferralMethod;
  value: number;
  commission_basis: EverflowReferralCommissionBasis;
  minimum_threshold: number;
  duration: number;
  referred_affiliates: EverflowList<EverflowReferrer>;
}

/** Relationship `supply_partner` (simulator shape): EverXchange settings. */
export interface EverflowSupplyPartner {
  is_enabled: boolean;
  network_supply_partner_id: number;
  bid_floor: number;
  max_qps: number;
  allowed_formats: string[];
}

// Affiliates: writes

/** Contact address of create and update. */
export interface EverflowContactAddress {
  address_1: string;
  address_2?: string;
  city: string;
  region_code?: string;
  country_code: string;
  zip_postal_code: string;
}

/** An affiliate user to create along with the affiliate. */
export interface EverflowAffiliateUserInput {
  first_name: string;
  last_name: string;
  /** Unique among all affiliate users; the login. */
  email: string;
  account_status?: EverflowUserAccountStatus;
  title?: string;
  work_phone?: string;
  cell_phone?: string;
  instant_messaging_id?: number;
  instant_messaging_identifier?: string;
  /** Only 1 (English). */
  language_id?: number;
  timezone_id?: number;
  currency_id?: string;
  /** At least 8 characters, one non-alphanumeric, one uppercase, one lowercase; empty: the user gets an email. */
  initial_password?: string;
}

/** Billing of create and update. */
export interface EverflowBillingInput {
  billing_frequency: EverflowBillingFrequency;
  payment_type: EverflowPaymentType;
  tax_id?: string;
  is_invoice_creation_auto?: boolean;
  /** "YYYY-mm-dd"; required when is_invoice_creation_auto is true. */
  auto_invoice_start_date?: string;
  default_invoice_is_hidden?: boolean;
  /** A number of days (the document says boolean, then "defaults to 0"). */
  invoice_generation_days_delay?: number;
  invoice_amount_threshold?: number;
  default_payment_terms?: number;
  /** Required unless billing_frequency is manual or other. */
  details?: EverflowBillingDetails;
  /** Required unless payment_type is none. */
  billing?: EverflowPaymentDetails;
}

/** Body of `POST /v1/networks/affiliates`. */
export interface EverflowCreateAffiliateRequest {
  name: string;
  account_status: EverflowWritableAccountStatus;
  network_employee_id?: number;
  internal_notes?: string;
  default_currency_id?: string;
  enable_media_cost_tracking_links?: boolean;
  referrer_id?: number;
  is_contact_address_enabled?: boolean;
  network_affiliate_tier_id?: number;
  /** Required when is_contact_address_enabled is true. */
  contact_address?: EverflowContactAddress;
  users?: EverflowAffiliateUserInput[];
  billing?: EverflowBillingInput;
}

/** Body of `PUT /v1/networks/affiliates/:id`: the full object; omitted optional fields reset. */
export type EverflowUpdateAffiliateRequest = Omit<EverflowCreateAffiliateRequest, 'users'>;

// Affiliates: bulk edit and preview

/** The value type of every patchable field. */
export interface EverflowPatchFieldValues {
  network_employee_id: number;
  account_executive_id: number;
  referrer_id: number;
  labels: string[];
  account_status: EverflowPatchAccountStatus;
  default_currency_id: string;
  has_notifications: boolean;
  enable_media_cost_tracking_links: boolean;
  network_traffic_source_id: number;
  internal_notes: string;
  /** Only "pay" (Everflow Pay). */
  billing_payment_method: 'pay';
  /** The document also spells quarterly "quaterly"; both are accepted. */
  billing_billing_frequency: EverflowBillingFrequency | 'quaterly';
  billing_weekly: EverflowWeekday;
  billing_bimonthly: { day_of_month_one: number; day_of_month_two: number };
  billing_monthly: { day_of_month: number };
  billing_two_months: { starting_month: number; day_of_month: number };
  billing_quarterly: { starting_month: number; day_of_month: number };
  billing_is_invoice_creation_auto: boolean;
  billing_invoice_amount_threshold: number;
  /** "YYYY-mm-dd". */
  billing_auto_invoice_start_date: string;
  billing_invoice_generation_days_delay: number;
  billing_default_payment_terms: number;
  billing_default_invoice_is_hidden: boolean;
  referral_is_enabled: boolean;
  referral_method: EverflowReferralMethod;
  referral_value: number;
  referral_commission_basis: EverflowReferralCommissionBasis;
  referral_minimum_threshold: number;
  referral_duration: number;
}

/** A patchable field name. */
export type EverflowPatchFieldType = keyof EverflowPatchFieldValues;

/** One field of a bulk edit; `field_value` may be omitted with the clear operator. */
export type EverflowPatchField = {
  [K in EverflowPatchFieldType]: { field_type: K; field_value?: EverflowPatchFieldValues[K]; operator: EverflowPatchOperator };
}[EverflowPatchFieldType];

/** Body of the bulk edit (`PATCH .../apply`) and the preview (`POST .../submit`). */
export interface EverflowPatchRequest {
  network_affiliate_ids: number[];
  fields: EverflowPatchField[];
}

/** Response of the bulk edit. */
export interface EverflowPatchApplyResponse {
  result: boolean;
}

/** A field and its value, before or after a patch (null: not set). */
export interface EverflowPatchFieldState {
  field_type: EverflowPatchFieldType;
  field_value: unknown;
}

/** One change of a patch preview: one affiliate and one field. */
export interface EverflowPatchChange {
  network_affiliate: { network_affiliate_id: number; name: string };
  change_status: EverflowPatchChangeStatus;
  current_field: EverflowPatchFieldState;
  changed_field: EverflowPatchFieldState;
  /** "" unless change_status is error. */
  error_message: string;
  /** "" when the change has no side effect. */
  related_changes: string;
}

/** An affiliate that is invalid before the patch; the patch is not attempted. */
export interface EverflowPatchResourceError {
  id: number;
  label: string;
  message: string;
}

/** Response of the patch preview. */
export interface EverflowPatchSubmitResponse {
  changes: EverflowPatchChange[];
  resource_errors: EverflowPatchResourceError[];
}

// Raw clicks

/** A raw click (click stream row and click by id). */
export interface EverflowRawClick {
  /** 32 lowercase hex characters. */
  transaction_id: string;
  /** 1 or 0. */
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
  /** 0 when the click was valid. */
  error_code: number;
  user_ip: string;
  /** "N/A" when error_code is 0. */
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
  relationship: EverflowRawClickRelationship;
  currency_id: string;
  coupon_code: string;
}

/** The `relationship` object of a raw click. */
export interface EverflowRawClickRelationship {
  offer: EverflowRelationshipOffer;
  geolocation: EverflowClickGeolocation;
  device_information: EverflowClickDeviceInformation;
  /** Extra query parameters of the tracking link; null when there were none. */
  query_parameters: Record<string, string> | null;
}

/** Where a click came from. */
export interface EverflowClickGeolocation {
  country_code: string;
  country_name: string;
  region_code: string;
  region_name: string;
  city_name: string;
  /** 0 outside the US. */
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

/** The device and browser of a click. */
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

/** Body of `POST /v1/affiliates/reporting/clicks/stream`. */
export interface EverflowClickStreamRequest {
  /** "YYYY-mm-DD HH:MM:SS" in the request's timezone; inclusive. */
  from: string;
  /** "YYYY-mm-DD HH:MM:SS" in the request's timezone; inclusive; at most 14 days after from. */
  to: string;
  timezone_id: number;
  /** `exclusions` have the shape of `filters` and leave out the clicks they match ("the filters and exclusions"). */
  query?: { filters?: EverflowQueryFilter<EverflowClickResourceType>[]; exclusions?: EverflowQueryFilter<EverflowClickResourceType>[] };
}

/** Response of the click stream: at most 5000 clicks, oldest first. */
export interface EverflowClickStreamResponse {
  clicks: EverflowRawClick[];
}

// On-hold conversions

/** An on-hold conversion or post-conversion event. */
export interface EverflowOnHoldConversion {
  /** 32 lowercase hex characters. */
  on_hold_conversion_id: string;
  network_id: number;
  holding_period_end: number;
  status: EverflowOnHoldStatus;
  conversion: EverflowOnHoldConversionDetail;
}

/** The conversion inside an on-hold conversion. */
export interface EverflowOnHoldConversionDetail {
  /** "" until the on-hold conversion is approved. */
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
  /** Country name. */
  country: string;
  /** Region name. */
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
  /** The post-conversion event's name; "" for a base conversion. */
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
  /** The offer's currency (no conversion on these endpoints). */
  currency_id: string;
  is_view_through: boolean;
  order_id: string;
  adv1: string;
  adv2: string;
  adv3: string;
  adv4: string;
  adv5: string;
  relationship: EverflowOnHoldConversionRelationship;
}

/** The `relationship` object of an on-hold conversion. */
export interface EverflowOnHoldConversionRelationship {
  offer: EverflowRelationshipOffer;
  /** Post-conversion events of the same click (0 on event rows). */
  events_count: number;
  /** null when the click used the offer's default URL. */
  offer_url: EverflowOfferUrl | null;
}

/** Body of `POST /v1/affiliates/reporting/onhold`. */
export interface EverflowOnHoldRequest {
  /** "YYYY-mm-DD" (start of day) or "YYYY-mm-DD hh:mm:ss". */
  from: string;
  /** "YYYY-mm-DD" (end of day) or "YYYY-mm-DD hh:mm:ss". */
  to: string;
  timezone_id: number;
  show_conversions: boolean;
  show_events: boolean;
  on_hold_status_filter: EverflowOnHoldStatusFilter;
  query?: { filters?: EverflowQueryFilter<EverflowOnHoldResourceType>[] };
}

/** Response of the on-hold report, newest first. */
export interface EverflowOnHoldResponse {
  conversions: EverflowOnHoldConversion[];
  paging: EverflowPaging;
}
