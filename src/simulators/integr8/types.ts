/**
 * Integr8 (24metrics) API v2 wire shapes as the simulator reads them from the vendor's document
 * (/work/shared/vendor-docs/integr8-api.txt) — written from the document, independently of the
 * gateway's own types, so that the simulator checks the gateway's reading instead of sharing it.
 *
 * Conventions of this file:
 * - Field lists and their JSON types follow the document's example objects and parameter tables,
 *   in the document's (alphabetical) order.
 * - Where the document leaves a value open, the type says what the simulator stores, and a
 *   comment names the `Integr8Readings` field that decides how it is written on the wire.
 * - Enums are const lists (the simulator validates with them) and the unions derived from them.
 */

// Enums: the document's "Enum:" lines.

/** `role` of an organization user (create and update tables). */
export const USER_ROLES = ['admin', 'accountManager'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** `status` of an organization user (update table). */
export const USER_STATUSES = ['Active', 'Deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** `publisher_manager_access` of an organization user (update table). */
export const PUBLISHER_MANAGER_ACCESS = ['Global', 'Limited'] as const;
export type PublisherManagerAccess = (typeof PUBLISHER_MANAGER_ACCESS)[number];

/** `currency` of an offer (create / update tables). */
export const CURRENCIES = ['USD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** `visibility` of an offer (create / update tables). */
export const VISIBILITIES = ['Public', 'Private', 'Requires_Approval'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** `payout_type` of an offer event (and of `integr8docs.OfferPayoutConfig`). */
export const PAYOUT_TYPES = ['CPA', 'CPS', 'CPAxCPS', 'CPC', 'CPM', 'PRV'] as const;
export type PayoutType = (typeof PAYOUT_TYPES)[number];

/** `revenue_type` of an offer event (and of `integr8docs.OfferPayoutConfig`). */
export const REVENUE_TYPES = ['RPA', 'RPS', 'RPAxRPS', 'RPC', 'RPM'] as const;
export type RevenueType = (typeof REVENUE_TYPES)[number];

/** Items of a publisher's `promotional_method` (create / update tables). */
export const PROMOTIONAL_METHODS = ['Content', 'Email', 'Search', 'Social', 'Display', 'Native', 'Push', 'SMS', 'Other'] as const;
export type PromotionalMethod = (typeof PROMOTIONAL_METHODS)[number];

/** `filter[status]` of the report tables, and the `status` of click and conversion rows. */
export const REPORT_STATUSES = ['Approved', 'Rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The export statuses the document lists (`filter[status]` of `GET /download-center/exports`): no finished state. */
export const DOCUMENTED_EXPORT_STATUSES = ['UNKNOWN', 'PENDING', 'IN_PROGRESS', 'ERROR', 'CANCELED'] as const;

/**
 * Export statuses as the simulator stores them: the documented ones plus `DONE`, the finished
 * state the document never names. Written on the wire in the case `readings.exportStatusCase` picks.
 */
export const EXPORT_STATUSES = ['UNKNOWN', 'PENDING', 'IN_PROGRESS', 'DONE', 'ERROR', 'CANCELED'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** The export types the document lists (`filter[type]` of `GET /download-center/exports`). */
export const DOCUMENTED_EXPORT_TYPES = ['conversion_logs', 'click_logs'] as const;

/**
 * Export types, one per create endpoint. The document's object says only `"type": "string"` and
 * its filter enum names two; `impression_logs` and `postback_logs` follow the same pattern.
 */
export const EXPORT_TYPES = ['click_logs', 'conversion_logs', 'impression_logs', 'postback_logs'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

/**
 * A date-time the document types as a string (`"2019-08-24T14:15:22Z"`) that may have no value
 * (a user who never logged in, a conversion without an install). Stored as null; written as
 * `readings.unsetTime` says (null, '' or Go's zero time).
 */
export type OptionalTime = string | null;

// Envelopes

/** `meta.links.next` / `meta.links.prev` of a list answer, as the document shows them. */
export interface PageLink {
  'page[after]': string;
  'page[before]': string;
  'page[number]': number;
  'page[size]': number;
}

/**
 * `meta` of a list answer. The document always shows both links as objects; what stands for a
 * missing page (no next page on the last one) is `readings.missingPageLink`'s choice.
 */
export interface ListMeta {
  links: { next: PageLink | null; prev: PageLink | null };
  total_count: number;
  total_page: number;
}

/** A list answer: `{data: [...], meta}`. */
export interface ListEnvelope<T> {
  data: T[];
  meta: ListMeta;
}

/** A get-by-id answer: `{data: {...}}`. */
export interface ItemEnvelope<T> {
  data: T;
}

/** A create answer (users, offers, events, landing pages, publishers, advertisers): `{"created_item_id": "string"}`. */
export interface CreatedEnvelope {
  created_item_id: string;
}

/** `data.pageInfo` of a report answer (the cursors are `real_tx_id`s). */
export interface PageInfo {
  endCursor: string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string;
}

/**
 * A report answer: `{data: {count, data: [...], pageInfo}}`. The document types `count` as a
 * number and never says what it counts; the pagination prose leaves it out (`readings.reportCount`).
 */
export interface ReportEnvelope<Row> {
  data: { count?: number; data: Row[]; pageInfo: PageInfo };
}

// Organization users

/** An organization user (`GET /organization/users`, `GET /organization/users/:userID`). */
export interface User {
  api_access_enabled: boolean;
  city: string;
  country: string;
  created_at: string;
  email: string;
  first_name: string;
  id: string;
  is_advertiser_manager: boolean;
  is_publisher_manager: boolean;
  last_login_at: OptionalTime;
  last_name: string;
  phone: string;
  publisher_manager_access: PublisherManagerAccess;
  role: UserRole;
  status: UserStatus;
  timezone: string;
  updated_at: string;
}

/** Body of `POST /organization/users`: `email`, `password` and `role` required. */
export interface UserCreateBody {
  city?: string;
  country?: string;
  email: string;
  first_name?: string;
  last_name?: string;
  password: string;
  phone?: string;
  role: UserRole;
  timezone?: string;
}

/**
 * Body of `PATCH /organization/users/:userID`, "the fields to update": nothing required. (The
 * rendered table lost the name of one string row; the example shows it is `email`.)
 */
export interface UserUpdateBody {
  api_access_enabled?: boolean;
  city?: string;
  country?: string;
  email?: string;
  first_name?: string;
  is_advertiser_manager?: boolean;
  is_publisher_manager?: boolean;
  last_name?: string;
  password?: string;
  phone?: string;
  publisher_manager_access?: PublisherManagerAccess;
  role?: UserRole;
  status?: UserStatus;
  timezone?: string;
}

// Offers, events, landing pages

/** `integr8docs.OfferPayoutConfig`: an offer's `default_payout`. */
export interface PayoutConfig {
  payout: number;
  payout_percent: number;
  payout_type: PayoutType;
  revenue: number;
  revenue_percent: number;
  revenue_type: RevenueType;
}

/**
 * An offer of an integration. `advertiser_id` is an integer while advertiser ids are strings
 * ("abc123"): the simulator reads it as the advertiser's `incremental_id`, the only integer an
 * advertiser has.
 */
export interface Offer {
  active: boolean;
  advertiser_id: number;
  allow_duplicate_conversions: boolean;
  archived: boolean;
  block_on_reject: boolean;
  conversion_name: string;
  created_at: string;
  currency: Currency;
  deep_link_enabled: boolean;
  default_payout: PayoutConfig;
  description: string;
  fallback_url: string;
  hide_js_tracking: boolean;
  id: string;
  impression_forwarding_enabled: boolean;
  impression_forwarding_url: string;
  incremental_id: number;
  manually_approve_conversions: boolean;
  name: string;
  name_with_id: string;
  offer_preview_enabled: boolean;
  parallel_tracking_enabled: boolean;
  parallel_tracking_url: string;
  primary_domain: string;
  restriction_note: string;
  targeting_group_id: string;
  targeting_simple_enabled: boolean;
  terms_and_conditions: string;
  terms_and_conditions_enabled: boolean;
  updated_at: string;
  view_through_attribution_enabled: boolean;
  visibility: Visibility;
}

/**
 * Body of `POST` and of `PATCH .../offers/:offerID` (the document gives both the same table):
 * `advertiser_id` and `name` required in both. The lost row name is `default_payout`.
 */
export interface OfferBody {
  active?: boolean;
  advertiser_id: number;
  allow_duplicate_conversions?: boolean;
  block_on_reject?: boolean;
  conversion_name?: string;
  currency?: Currency;
  deep_link_enabled?: boolean;
  default_payout?: Partial<PayoutConfig>;
  description?: string;
  fallback_url?: string;
  hide_js_tracking?: boolean;
  impression_forwarding_enabled?: boolean;
  impression_forwarding_url?: string;
  manually_approve_conversions?: boolean;
  name: string;
  offer_preview_enabled?: boolean;
  parallel_tracking_enabled?: boolean;
  parallel_tracking_url?: string;
  primary_domain?: string;
  restriction_note?: string;
  targeting_group_id?: string;
  targeting_simple_enabled?: boolean;
  terms_and_conditions?: string;
  terms_and_conditions_enabled?: boolean;
  view_through_attribution_enabled?: boolean;
  visibility?: Visibility;
}

/** An offer event. */
export interface OfferEvent {
  active: boolean;
  allow_multiple_events: boolean;
  archived: boolean;
  currency: Currency;
  description: string;
  id: string;
  manually_approve_events: boolean;
  name: string;
  payout: number;
  payout_percent: number;
  payout_type: PayoutType;
  revenue: number;
  revenue_percent: number;
  revenue_type: RevenueType;
}

/** Body of `POST` and `PATCH` of offer events: `name` required in both. */
export interface OfferEventBody {
  active?: boolean;
  allow_multiple_events?: boolean;
  description?: string;
  manually_approve_events?: boolean;
  name: string;
  payout?: number;
  payout_percent?: number;
  payout_type?: PayoutType;
  revenue?: number;
  revenue_percent?: number;
  revenue_type?: RevenueType;
}

/** An offer landing page. */
export interface LandingPage {
  active: boolean;
  archived: boolean;
  hide_from_publishers: boolean;
  id: string;
  name: string;
  preview_url: string;
  redirect_url: string;
}

/** Body of `POST` and `PATCH` of landing pages: `name` and `redirect_url` required in both. */
export interface LandingPageBody {
  active?: boolean;
  hide_from_publishers?: boolean;
  name: string;
  preview_url?: string;
  redirect_url: string;
}

// Publishers and advertisers

/** A publisher. `manager_*` name an organization user ('' when there is none). */
export interface Publisher {
  active: boolean;
  address: string;
  archived: boolean;
  city: string;
  company_name: string;
  countries: string[];
  country: string;
  created_at: string;
  description: string;
  email: string;
  first_name: string;
  id: string;
  incremental_id: number;
  last_name: string;
  manager_email: string;
  manager_id: string;
  manager_name: string;
  messenger: string;
  name: string;
  name_with_id: string;
  pending: boolean;
  phone: string;
  promotional_method: PromotionalMethod[];
  timezone: string;
  tracking_domain_ids: string[];
  updated_at: string;
  website: string;
}

/** Body of `POST /publishers` and `PATCH /publishers/:publisherID`: `name` required in both; the lost row name is `email`. */
export interface PublisherBody {
  active?: boolean;
  address?: string;
  city?: string;
  company_name?: string;
  countries?: string[];
  country?: string;
  description?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  manager_id?: string;
  messenger?: string;
  name: string;
  phone?: string;
  promotional_method?: PromotionalMethod[];
  timezone?: string;
  tracking_domain_ids?: string[];
  website?: string;
}

/** An advertiser. */
export interface Advertiser {
  active: boolean;
  address: string;
  archived: boolean;
  company_name: string;
  country: string;
  created_at: string;
  description: string;
  email: string;
  first_name: string;
  id: string;
  incremental_id: number;
  last_name: string;
  manager_email: string;
  manager_id: string;
  manager_name: string;
  messenger: string;
  name: string;
  name_with_id: string;
  phone: string;
  updated_at: string;
  website: string;
}

/** Body of `POST /advertisers` and `PATCH /advertisers/:advertiserID`: `name` required in both; the lost row name is `email`. */
export interface AdvertiserBody {
  active?: boolean;
  address?: string;
  company_name?: string;
  country?: string;
  description?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  manager_id?: string;
  messenger?: string;
  name: string;
  phone?: string;
  website?: string;
}

/**
 * Body of the bulk status calls: `active` (boolean) and `data` ("Array of strings"). The
 * document's example renders `data` as `["[\"id1\"", "\"id2\"]"]`, a broken rendering of a list
 * of ids; the simulator takes the table's word, an array of id strings.
 */
export interface BulkStatusBody {
  active: boolean;
  data: string[];
}

/** Body of the bulk delete calls: `data`, an array of ids. */
export interface BulkDeleteBody {
  data: string[];
}

// Reports

/** A click-table row: the 86 fields of the document's example, flags as 0 / 1 integers. */
export interface ClickRow {
  advertiser: string;
  advertiser_db_id: string;
  advertiser_id: string;
  asn: number;
  blocked: number;
  browser_language: string[];
  browser_name: string;
  browser_timezone: string;
  browser_version: string;
  bundle_id: string;
  city: string;
  click_ip: string;
  country: string;
  coupon_code: string;
  device_id: string;
  device_type: string;
  external_transaction_id: string;
  'extra_params.keys': string[];
  'extra_params.values': string[];
  filter_group_id: string;
  final_offer: string;
  final_offer_id: string;
  fingerprint: string;
  integration_id: string;
  integration_type: string;
  invalid_sub_id: string;
  ip_network: string;
  is_bot: number;
  is_old_browser: number;
  is_old_os: number;
  isp: string;
  lat: number;
  long: number;
  manager_id: string;
  manager_name: string;
  monitoring_mode: number;
  offer: string;
  offer_db_id: string;
  offer_group_id: string;
  offer_id: string;
  organization_id: string;
  os_name: string;
  os_version: string;
  payout: number;
  postal_code: string;
  preview_url_enabled: number;
  proxy_type: string;
  publisher: string;
  publisher_db_id: string;
  real_advertiser: string;
  real_filter_group_id: string;
  real_offer_id: string;
  real_publisher: string;
  /** 24metrics' own id of the row: the cursor of `page[after]` / `page[before]`. */
  real_tx_id: string;
  referer: string;
  referer_categories: string[];
  rejected_advanced_reason: string;
  rejected_internal_reason: string;
  rejected_language: string;
  rejected_primary_reason: string;
  rejected_simple_reason: string;
  rejection_type: string;
  rejections: string[];
  request_date: string;
  request_time: string;
  revenue: number;
  risk: string;
  rtb_url_used: number;
  rtt: number;
  score: number;
  server_region: string;
  smart_link_id: string;
  smartlink_db_id: string;
  status: ReportStatus;
  sub_id: string;
  sub_id_2: string;
  sub_id_3: string;
  sub_id_4: string;
  sub_id_5: string;
  sub_id_6: string;
  tags: string[];
  targeting_group_id: string;
  /** The tracking platform's transaction id, a value apart from `real_tx_id`; conversions name it as `click_tx_id`. */
  tx_id: string;
  user_agent: string;
  user_email: string;
  uuid: string;
}

/** A conversion-table row: the 104 fields of the document's example. */
export interface ConversionRow {
  advertiser: string;
  advertiser_db_id: string;
  advertiser_name: string;
  app_id: string;
  app_version: string;
  asn: number;
  begin_install_time: OptionalTime;
  browser_language: string[];
  browser_name: string;
  browser_timezone: string;
  browser_version: string;
  city: string;
  click_ip: string;
  click_time: string;
  /** The converted click's `tx_id` (not its `real_tx_id`). */
  click_tx_id: string;
  conversion_ip: string;
  conversion_time: string;
  country: string;
  coupon_code: string;
  device_id: string;
  device_type: string;
  event_24metrics: string;
  event_db_id: string;
  event_id: number;
  event_name: string;
  event_status: number;
  external_transaction_id: string;
  'extra_params.keys': string[];
  'extra_params.values': string[];
  filter_group_id: string;
  fingerprint: string;
  finish_install_time: OptionalTime;
  hash: string;
  integration_id: string;
  integration_type: string;
  invalid_sub_id: string;
  ip_network: string;
  is_bot: number;
  is_click_spam: number;
  is_low_session_time: number;
  is_old_browser: number;
  is_old_os: number;
  isp: string;
  lat: number;
  long: number;
  manager_id: string;
  manager_name: string;
  network: string;
  offer: string;
  offer_db_id: string;
  offer_group_id: string;
  offer_id: string;
  offer_id_name: string;
  organization_id: string;
  os_name: string;
  os_version: string;
  payout: number;
  postal_code: string;
  proxy_type: string;
  publisher: string;
  publisher_db_id: string;
  publisher_name: string;
  purchase_value: number;
  real_advertiser: string;
  real_filter_group_id: string;
  real_offer_id: string;
  real_publisher: string;
  real_rejected_advanced_reason: string;
  real_rejected_simple_reason: string;
  real_tx_id: string;
  referer: string;
  referer_categories: string[];
  rejected: number;
  rejected_advanced_reason: string;
  rejected_internal_reason: string;
  rejected_language: string;
  rejected_simple_reason: string;
  rejection_type: string;
  rejections: string[];
  request_time: string;
  revenue: number;
  risk: string;
  rtt: number;
  score: number;
  server_ip: string;
  server_region: string;
  session_time: number;
  smart_link_id: string;
  smartlink_db_id: string;
  status: ReportStatus;
  sub_id: string;
  sub_id_2: string;
  sub_id_3: string;
  sub_id_4: string;
  sub_id_5: string;
  sub_id_6: string;
  tags: string[];
  targeting_group_id: string;
  third_party_rejection_reason: string;
  third_party_status: string;
  tx_id: string;
  user_agent: string;
  user_email: string;
  uuid: string;
}

/** An impression-table row: the 78 fields of the document's example; `status` is typed a plain string there. */
export interface ImpressionRow {
  advertiser: string;
  advertiser_db_id: string;
  advertiser_id: string;
  asn: number;
  blocked: number;
  browser_language: string[];
  browser_name: string;
  browser_timezone: string;
  browser_version: string;
  bundle_id: string;
  city: string;
  click_ip: string;
  country: string;
  device_id: string;
  device_type: string;
  'extra_params.keys': string[];
  'extra_params.values': string[];
  filter_group_id: string;
  fingerprint: string;
  integration_id: string;
  integration_type: string;
  invalid_sub_id: string;
  ip_network: string;
  is_bot: number;
  is_old_browser: number;
  is_old_os: number;
  isp: string;
  lat: number;
  long: number;
  manager_id: string;
  manager_name: string;
  monitoring_mode: number;
  offer_db_id: string;
  offer_id: string;
  organization_id: string;
  os_name: string;
  os_version: string;
  payout: number;
  postal_code: string;
  proxy_type: string;
  publisher: string;
  publisher_db_id: string;
  real_advertiser: string;
  real_filter_group_id: string;
  real_offer_id: string;
  real_publisher: string;
  real_tx_id: string;
  referer: string;
  referer_categories: string[];
  rejected_advanced_reason: string;
  rejected_internal_reason: string;
  rejected_language: string;
  rejected_primary_reason: string;
  rejected_simple_reason: string;
  rejection_type: string;
  rejections: string[];
  request_date: string;
  request_time: string;
  revenue: number;
  risk: string;
  rtt: number;
  score: number;
  server_region: string;
  site_url: string;
  site_url_categories: string[];
  status: string;
  sub_id: string;
  sub_id_2: string;
  sub_id_3: string;
  sub_id_4: string;
  sub_id_5: string;
  sub_id_6: string;
  tags: string[];
  targeting_group_id: string;
  tx_id: string;
  user_agent: string;
  user_email: string;
  uuid: string;
}

/** A row of any report table. */
export type ReportRow = ClickRow | ConversionRow | ImpressionRow;

// Download center

/** `artifact` of an export: the file it produced (`name` is what `GET /download-center/signed-url` takes). */
export interface ExportArtifact {
  download_link: string;
  meta: { id: string; organization: string; type: string };
  name: string;
  size: number;
}

/**
 * `export_list_options.filters`. The document shows `numbers` and `strings` as three nested maps
 * (`{property1: {property1: {property1: [..]}}}`) without saying what the keys are; the
 * simulator leaves them (and the other maps) empty and records its filters in
 * `reports_query_option.filters`, whose shape the document spells out.
 */
export interface ExportListFilters {
  booleans: Record<string, boolean>;
  date_range: { end: string; start: string };
  date_time_range: { end: string; start: string };
  field_exists: Record<string, boolean>;
  numbers: Record<string, Record<string, Record<string, number[]>>>;
  regex_query: { field_value: string; searchable_fields: string[] };
  strings: Record<string, Record<string, Record<string, string[]>>>;
  text_search: string;
}

/** `export_list_options`. */
export interface ExportListOptions {
  extra_parameters: string[];
  fields: string[];
  filters: ExportListFilters;
}

/** One field of `reports_query_option.filters`. */
export interface QueryFilter {
  equal_values: string[];
  greater_than_values: number[];
  less_than_values: number[];
  like_values: string[];
  not_equal_values: string[];
}

/** `reports_query_option`. */
export interface ReportsQueryOption {
  end_date: string;
  extra_parameters_as_new_fields: string[];
  filters: Record<string, QueryFilter>;
  include_fields: string[];
  relative_date: string;
  sort_by: { is_descending: boolean; name: string }[];
  start_date: string;
}

/** `results_meta`. */
export interface ResultsMeta {
  duration_seconds: number;
  range_truncated: boolean;
  total: number;
}

/** A download-center export object (create answer, list item, `GET /download-center/exports/:exportID`). */
export interface DownloadExport {
  artifact: ExportArtifact;
  created_at: string;
  email_config: { recipient: string; referer: string };
  error: string;
  export_list_options: ExportListOptions;
  format: { delimiter: string };
  guest_token: string;
  id: string;
  integration: string;
  last_updated_by: string;
  notify_by_email: boolean;
  organization: string;
  platform: string;
  reports_query_option: ReportsQueryOption;
  requested_by: string;
  results_meta: ResultsMeta;
  /** Stored in upper case; written in the case `readings.exportStatusCase` picks. */
  status: ExportStatus;
  type: ExportType;
  updated_at: string;
}

/**
 * The parameters of `POST /integrations/:integrationID/download-center/{clicks,conversions,
 * impressions,postback-logs}`, as the document's table lists them (each typed "string"), plus
 * the "Reporting filters" the prose refers to. Where they travel is `readings.exportParams`.
 */
export interface ExportParams {
  delimiter?: string;
  start_time: string;
  end_time: string;
  timezone?: string;
  fields: string | string[];
  /** Required for clicks, conversions and impressions; postback logs have no such row. */
  extra_parameters?: string | string[];
  'filter[status]'?: ReportStatus;
  'filter[offer_id]'?: string;
  'filter[publisher]'?: string;
  'filter[advertiser]'?: string;
}

/** Answer of `GET /download-center/signed-url`: `{url}`, not wrapped in `data`. */
export interface SignedUrlAnswer {
  url: string;
}
