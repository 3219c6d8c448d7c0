/**
 * Raw Integr8 (24metrics) API shapes, exactly as the vendor documents them
 * (/work/shared/vendor-docs/integr8-api.txt). Field names stay snake_case: these are
 * wire types, turned into models by the vendor mapper and never seen above it.
 *
 * Each enum is a const list (for validation) and the union derived from it.
 */

// Enums

/** Organization user roles. */
export const INTEGR8_USER_ROLES = ['admin', 'accountManager'] as const;
/** An organization user's role. */
export type Integr8UserRole = (typeof INTEGR8_USER_ROLES)[number];

/** Organization user statuses. */
export const INTEGR8_USER_STATUSES = ['Active', 'Deactivated'] as const;
/** An organization user's status. */
export type Integr8UserStatus = (typeof INTEGR8_USER_STATUSES)[number];

/** Publisher manager access levels. */
export const INTEGR8_PUBLISHER_MANAGER_ACCESS = ['Global', 'Limited'] as const;
/** Which publishers a publisher manager sees. */
export type Integr8PublisherManagerAccess = (typeof INTEGR8_PUBLISHER_MANAGER_ACCESS)[number];

/** Offer currencies. */
export const INTEGR8_CURRENCIES = ['USD', 'EUR'] as const;
/** An offer's currency. */
export type Integr8Currency = (typeof INTEGR8_CURRENCIES)[number];

/** Offer visibilities. */
export const INTEGR8_VISIBILITIES = ['Public', 'Private', 'Requires_Approval'] as const;
/** Who can see and run an offer. */
export type Integr8Visibility = (typeof INTEGR8_VISIBILITIES)[number];

/** Payout (publisher side) types. */
export const INTEGR8_PAYOUT_TYPES = ['CPA', 'CPS', 'CPAxCPS', 'CPC', 'CPM', 'PRV'] as const;
/** How a publisher is paid. */
export type Integr8PayoutType = (typeof INTEGR8_PAYOUT_TYPES)[number];

/** Revenue (advertiser side) types. */
export const INTEGR8_REVENUE_TYPES = ['RPA', 'RPS', 'RPAxRPS', 'RPC', 'RPM'] as const;
/** How the network is paid. */
export type Integr8RevenueType = (typeof INTEGR8_REVENUE_TYPES)[number];

/** Publisher promotional methods. */
export const INTEGR8_PROMOTIONAL_METHODS = ['Content', 'Email', 'Search', 'Social', 'Display', 'Native', 'Push', 'SMS', 'Other'] as const;
/** A way a publisher promotes offers. */
export type Integr8PromotionalMethod = (typeof INTEGR8_PROMOTIONAL_METHODS)[number];

/** Report row statuses (also the values of `filter[status]` on the report tables). */
export const INTEGR8_REPORT_STATUSES = ['Approved', 'Rejected'] as const;
/** A click, conversion or impression verdict. */
export type Integr8ReportStatus = (typeof INTEGR8_REPORT_STATUSES)[number];

/**
 * Download-center export statuses, in the upper case of the document's `filter[status]` enum
 * (UNKNOWN PENDING IN_PROGRESS ERROR CANCELED), plus the finished state DONE that the enum
 * omits. Exports are read in any case (`DONE`, `done`, `Done`); filters are sent in this case.
 */
export const INTEGR8_EXPORT_STATUSES = ['UNKNOWN', 'PENDING', 'IN_PROGRESS', 'DONE', 'ERROR', 'CANCELED'] as const;
/** Where an export is in its life, as Integr8 may spell it (upper case, or lower case as some answers have it). */
export type Integr8ExportStatus = (typeof INTEGR8_EXPORT_STATUSES)[number] | Lowercase<(typeof INTEGR8_EXPORT_STATUSES)[number]>;

/** Download-center export types, one per create endpoint (clicks, conversions, impressions, postback-logs). */
export const INTEGR8_EXPORT_TYPES = ['click_logs', 'conversion_logs', 'impression_logs', 'postback_logs'] as const;
/** What an export contains. */
export type Integr8ExportType = (typeof INTEGR8_EXPORT_TYPES)[number];

// Envelopes

/** One pagination link of a list response (`meta.links.next` / `prev`); null when there is no such page. */
export interface Integr8PageLink {
  'page[after]': string;
  'page[before]': string;
  'page[number]': number;
  'page[size]': number;
}

/** `meta` of a list response. */
export interface Integr8ListMeta {
  links: { next: Integr8PageLink | null; prev: Integr8PageLink | null };
  total_count: number;
  total_page: number;
}

/** A page of a list endpoint: `{data, meta}`. */
export interface Integr8ListResponse<T> {
  data: T[];
  meta: Integr8ListMeta;
}

/** A get-by-id answer: `{data}`. */
export interface Integr8GetResponse<T> {
  data: T;
}

/** A create answer: the new object's id. */
export interface Integr8CreateResponse {
  created_item_id: string;
}

/** An update or bulk answer: `{}`. */
export type Integr8EmptyResponse = Record<string, never>;

/** An error answer. */
export interface Integr8ErrorResponse {
  error: string;
}

// Organization users

/** An organization user (admin or account manager). `last_login_at` is null for a user who never logged in. */
export interface Integr8User {
  api_access_enabled: boolean;
  city: string;
  country: string;
  created_at: string;
  email: string;
  first_name: string;
  id: string;
  is_advertiser_manager: boolean;
  is_publisher_manager: boolean;
  last_login_at: string | null;
  last_name: string;
  phone: string;
  publisher_manager_access: Integr8PublisherManagerAccess;
  role: Integr8UserRole;
  status: Integr8UserStatus;
  timezone: string;
  updated_at: string;
}

/** Body of `POST /organization/users`. */
export interface Integr8UserCreateRequest {
  city?: string;
  country?: string;
  email: string;
  first_name?: string;
  last_name?: string;
  password: string;
  phone?: string;
  role: Integr8UserRole;
  timezone?: string;
}

/** Body of `PATCH /organization/users/:userID` (every field optional). */
export interface Integr8UserUpdateRequest {
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
  publisher_manager_access?: Integr8PublisherManagerAccess;
  role?: Integr8UserRole;
  status?: Integr8UserStatus;
  timezone?: string;
}

// Offers

/** An offer's default payout and revenue (`integr8docs.OfferPayoutConfig`). */
export interface Integr8OfferPayoutConfig {
  payout: number;
  payout_percent: number;
  payout_type: Integr8PayoutType;
  revenue: number;
  revenue_percent: number;
  revenue_type: Integr8RevenueType;
}

/** An offer of one integration. `advertiser_id` is the advertiser's `incremental_id`. */
export interface Integr8Offer {
  active: boolean;
  advertiser_id: number;
  allow_duplicate_conversions: boolean;
  archived: boolean;
  block_on_reject: boolean;
  conversion_name: string;
  created_at: string;
  currency: Integr8Currency;
  deep_link_enabled: boolean;
  default_payout: Integr8OfferPayoutConfig;
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
  visibility: Integr8Visibility;
}

/** Body of `POST /integrations/:integrationID/offers`. */
export interface Integr8OfferCreateRequest {
  active?: boolean;
  advertiser_id: number;
  allow_duplicate_conversions?: boolean;
  block_on_reject?: boolean;
  conversion_name?: string;
  currency?: Integr8Currency;
  deep_link_enabled?: boolean;
  default_payout?: Partial<Integr8OfferPayoutConfig>;
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
  visibility?: Integr8Visibility;
}

/** Body of `PATCH /integrations/:integrationID/offers/:offerID`: the create body; `name` and `advertiser_id` stay required. */
export type Integr8OfferUpdateRequest = Integr8OfferCreateRequest;

/** An offer event (a post-conversion goal with its own payout). */
export interface Integr8OfferEvent {
  active: boolean;
  allow_multiple_events: boolean;
  archived: boolean;
  currency: Integr8Currency;
  description: string;
  id: string;
  manually_approve_events: boolean;
  name: string;
  payout: number;
  payout_percent: number;
  payout_type: Integr8PayoutType;
  revenue: number;
  revenue_percent: number;
  revenue_type: Integr8RevenueType;
}

/** Body of `POST .../offers/:offerID/events`. */
export interface Integr8OfferEventCreateRequest {
  active?: boolean;
  allow_multiple_events?: boolean;
  description?: string;
  manually_approve_events?: boolean;
  name: string;
  payout?: number;
  payout_percent?: number;
  payout_type?: Integr8PayoutType;
  revenue?: number;
  revenue_percent?: number;
  revenue_type?: Integr8RevenueType;
}

/** Body of `PATCH .../events/:offerEventID`: the create body; `name` stays required. */
export type Integr8OfferEventUpdateRequest = Integr8OfferEventCreateRequest;

/** An offer landing page. */
export interface Integr8OfferLandingPage {
  active: boolean;
  archived: boolean;
  hide_from_publishers: boolean;
  id: string;
  name: string;
  preview_url: string;
  redirect_url: string;
}

/** Body of `POST .../offers/:offerID/landing-pages`. */
export interface Integr8OfferLandingPageCreateRequest {
  active?: boolean;
  hide_from_publishers?: boolean;
  name: string;
  preview_url?: string;
  redirect_url: string;
}

/** Body of `PATCH .../landing-pages/:offerLandingPageID`: the create body; `name` and `redirect_url` stay required. */
export type Integr8OfferLandingPageUpdateRequest = Integr8OfferLandingPageCreateRequest;

// Publishers and advertisers

/** A publisher (affiliate). `manager_*` describe an organization user, or are '' when unmanaged. */
export interface Integr8Publisher {
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
  promotional_method: Integr8PromotionalMethod[];
  timezone: string;
  tracking_domain_ids: string[];
  updated_at: string;
  website: string;
}

/** Body of `POST /publishers` and `PATCH /publishers/:publisherID` (`name` required in both). */
export interface Integr8PublisherCreateRequest {
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
  promotional_method?: Integr8PromotionalMethod[];
  timezone?: string;
  tracking_domain_ids?: string[];
  website?: string;
}

/** Body of `PATCH /publishers/:publisherID`. */
export type Integr8PublisherUpdateRequest = Integr8PublisherCreateRequest;

/** An advertiser. `manager_*` describe an organization user, or are '' when unmanaged. */
export interface Integr8Advertiser {
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

/** Body of `POST /advertisers` and `PATCH /advertisers/:advertiserID` (`name` required in both). */
export interface Integr8AdvertiserCreateRequest {
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

/** Body of `PATCH /advertisers/:advertiserID`. */
export type Integr8AdvertiserUpdateRequest = Integr8AdvertiserCreateRequest;

/** Body of the bulk status calls (`PATCH .../offers/status`, `/publishers/status`, `/advertisers/status`). */
export interface Integr8BulkStatusRequest {
  active: boolean;
  data: string[];
}

/** Body of the bulk delete calls (`DELETE .../offers`, `/publishers`, `/advertisers`). */
export interface Integr8BulkDeleteRequest {
  data: string[];
}

// Reports

/** Query of the report tables (`GET /reports/v2/click-table` and friends); times are `YYYY-MM-DD HH:MM:SS` in `timezone`. */
export interface Integr8ReportQuery {
  integration_id: string;
  start_time: string;
  end_time: string;
  /** IANA name. @default 'UTC' */
  timezone?: string;
  'page[size]': number;
  'page[before]'?: string;
  'page[after]'?: string;
  'filter[status]'?: Integr8ReportStatus;
  'filter[offer_id]'?: string;
  'filter[publisher]'?: string;
  'filter[advertiser]'?: string;
}

/** Cursor pagination of a report page; the cursors are `real_tx_id`s ('' when the page is empty). */
export interface Integr8PageInfo {
  endCursor: string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string;
}

/** A report page: `count` is the number of rows matching the query, all pages together (absent when not sent). */
export interface Integr8ReportResponse<Row> {
  data: {
    count?: number;
    data: Row[];
    pageInfo: Integr8PageInfo;
  };
}

/** The fields every report table's rows have (click, conversion and impression tables). Flags such as `is_bot` are 0 or 1. */
export interface Integr8ReportRowBase {
  advertiser: string;
  advertiser_db_id: string;
  asn: number;
  browser_language: string[];
  browser_name: string;
  browser_timezone: string;
  browser_version: string;
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
  rejected_simple_reason: string;
  rejection_type: string;
  rejections: string[];
  request_time: string;
  revenue: number;
  risk: string;
  rtt: number;
  score: number;
  server_region: string;
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

/** A click-table row: the shared fields plus the click table's own (the fields the document lists). */
export interface Integr8ClickRow extends Integr8ReportRowBase {
  advertiser_id: string;
  blocked: number;
  bundle_id: string;
  coupon_code: string;
  external_transaction_id: string;
  final_offer: string;
  final_offer_id: string;
  monitoring_mode: number;
  offer: string;
  offer_group_id: string;
  preview_url_enabled: number;
  rejected_primary_reason: string;
  request_date: string;
  rtb_url_used: number;
  smart_link_id: string;
  smartlink_db_id: string;
  status: Integr8ReportStatus;
}

/**
 * A conversion-table row; `click_tx_id` / `click_time` point at the click it converts.
 * `click_tx_id` names the click's `tx_id`, which need not be its `real_tx_id` (the click's cursor).
 */
export interface Integr8ConversionRow extends Integr8ReportRowBase {
  advertiser_name: string;
  app_id: string;
  app_version: string;
  begin_install_time: string;
  click_time: string;
  click_tx_id: string;
  conversion_ip: string;
  conversion_time: string;
  coupon_code: string;
  event_24metrics: string;
  event_db_id: string;
  event_id: number;
  event_name: string;
  event_status: number;
  external_transaction_id: string;
  finish_install_time: string;
  hash: string;
  is_click_spam: number;
  is_low_session_time: number;
  network: string;
  offer: string;
  offer_group_id: string;
  offer_id_name: string;
  publisher_name: string;
  purchase_value: number;
  real_rejected_advanced_reason: string;
  real_rejected_simple_reason: string;
  rejected: number;
  server_ip: string;
  session_time: number;
  smart_link_id: string;
  smartlink_db_id: string;
  status: Integr8ReportStatus;
  third_party_rejection_reason: string;
  third_party_status: string;
}

/** An impression-table row. `status` is typed string by the document; the values are those of the other tables. */
export interface Integr8ImpressionRow extends Integr8ReportRowBase {
  advertiser_id: string;
  blocked: number;
  bundle_id: string;
  monitoring_mode: number;
  rejected_primary_reason: string;
  request_date: string;
  site_url: string;
  site_url_categories: string[];
  status: string;
}

// Download center

/** The file an export produced; `name` is '' and `size` 0 until the export is DONE. */
export interface Integr8ExportArtifact {
  download_link: string;
  meta: { id: string; organization: string; type: string };
  name: string;
  size: number;
}

/** The listing-style filters an export was made with (`export_list_options.filters`). */
export interface Integr8ExportListFilters {
  booleans: Record<string, boolean>;
  /** Dates (`YYYY-MM-DD`, UTC) the export covers. */
  date_range: { end: string; start: string };
  /** Instants (ISO UTC) the export covers, both inclusive. */
  date_time_range: { end: string; start: string };
  field_exists: Record<string, boolean>;
  /** Three levels of keys to values, as the document shows them (`numbers.property1.property1.property1: [0]`); not read by the gateway. */
  numbers: Record<string, Record<string, Record<string, number[]>>>;
  regex_query: { field_value: string; searchable_fields: string[] };
  /** Three levels of keys to values, as the document shows them; not read by the gateway. */
  strings: Record<string, Record<string, Record<string, string[]>>>;
  text_search: string;
}

/** `export_list_options`: columns and filters of an export. */
export interface Integr8ExportListOptions {
  extra_parameters: string[];
  fields: string[];
  filters: Integr8ExportListFilters;
}

/** One field's filter in `reports_query_option.filters`. */
export interface Integr8ReportsQueryFilter {
  equal_values: string[];
  greater_than_values: number[];
  less_than_values: number[];
  like_values: string[];
  not_equal_values: string[];
}

/** `reports_query_option`: the report query an export ran. */
export interface Integr8ReportsQueryOption {
  /** The request's `end_time`, as sent. */
  end_date: string;
  extra_parameters_as_new_fields: string[];
  /** Keyed by report field: integration_id, offer_id, publisher, advertiser, status. */
  filters: Record<string, Integr8ReportsQueryFilter>;
  include_fields: string[];
  relative_date: string;
  sort_by: { is_descending: boolean; name: string }[];
  /** The request's `start_time`, as sent. */
  start_date: string;
}

/** What an export produced; filled when it is DONE. */
export interface Integr8ExportResultsMeta {
  duration_seconds: number;
  range_truncated: boolean;
  total: number;
}

/** A download-center export. */
export interface Integr8Export {
  artifact: Integr8ExportArtifact;
  created_at: string;
  email_config: { recipient: string; referer: string };
  error: string;
  export_list_options: Integr8ExportListOptions;
  format: { delimiter: string };
  guest_token: string;
  id: string;
  /** The integration id. */
  integration: string;
  last_updated_by: string;
  notify_by_email: boolean;
  organization: string;
  platform: '24metrics';
  reports_query_option: Integr8ReportsQueryOption;
  requested_by: string;
  results_meta: Integr8ExportResultsMeta;
  status: Integr8ExportStatus;
  type: Integr8ExportType;
  updated_at: string;
}

/**
 * Parameters of `POST /integrations/:integrationID/download-center/{clicks,conversions,impressions,postback-logs}`,
 * sent as the query string and, the same, as a JSON body. `extra_parameters` is required except for postback logs.
 */
export interface Integr8ExportCreateRequest {
  /** @default ',' */
  delimiter?: string;
  start_time: string;
  end_time: string;
  /** IANA name. @default 'UTC' */
  timezone?: string;
  /** Columns, comma-separated or a list. */
  fields: string | string[];
  /** Keys of `extra_params` to turn into columns, comma-separated or a list. */
  extra_parameters?: string | string[];
  'filter[status]'?: Integr8ReportStatus;
  'filter[offer_id]'?: string;
  'filter[publisher]'?: string;
  'filter[advertiser]'?: string;
}

/** Answer of `GET /download-center/signed-url`. */
export interface Integr8SignedUrlResponse {
  url: string;
}
