/**
 * Raw iRev shapes, exactly as the vendor sends and expects them (snake_case, nullable where the
 * vendor's example shows null). Source: vendor-docs/irev-clicks.txt.
 */

/** One click as iRev returns it; every field of the vendor's example. */
export interface IrevClick {
  id: number;
  /** 32 lowercase hex characters. */
  hash: string;
  /** The visitor's first click hash; equal to `hash` for a unique click. */
  group_hash: string;
  offer_id: number;
  offer_name: string;
  offer_url_id: number;
  advertiser_id: number;
  advertiser_name: string;
  aff_group_id: number | null;
  brand_id: number;
  affiliate_id: number;
  affiliate_name: string;
  /** "" when not detected. */
  device_model: string;
  /** "" when not detected. */
  device_brand: string;
  /** Seen: New, Approved, Rejected, Pending, Hold; treat others as unknown, not as an error. */
  sale_status: string;
  advertiser_external_id: string | null;
  adv_sub: string | null;
  adv_sub2: string | null;
  adv_sub3: string | null;
  adv_sub4: string | null;
  adv_sub5: string | null;
  /** "UNK" when not detected. */
  device_os: string;
  /** The aff_sub fields are "" (not null) when empty. */
  aff_sub: string;
  aff_sub2: string;
  aff_sub3: string;
  aff_sub4: string;
  aff_sub5: string;
  aff_sub6: string;
  aff_sub7: string;
  aff_sub8: string;
  aff_sub9: string;
  aff_sub10: string;
  aff_sub11: string;
  aff_sub12: string;
  aff_sub13: string;
  aff_sub14: string;
  aff_sub15: string;
  aff_sub16: string;
  aff_sub17: string;
  aff_sub18: string;
  aff_sub19: string;
  aff_sub20: string;
  affiliate_source: string;
  user_agent: string;
  browser: string;
  /** Not validated by the vendor: may be IPv6, "" or an impossible address such as "111.222.333.444". */
  ip: string;
  device_os_version: string;
  platform: string;
  mobile_carrier: string;
  /** ISO 3166-1 alpha-2, but "" or "UNK" when the vendor could not locate the click. */
  country_code: string;
  region_code: string;
  external_id: string | null;
  has_conversions: boolean;
  /** May be wrapped in angle brackets, e.g. "<http://example.com/offer/3?affiliate_id=513>". */
  requested_link: string;
  /** May hold unresolved placeholders such as "{free_1}". */
  redirected_link: string;
  is_unique: boolean;
  /** "YYYY-MM-DD HH:MM:SS" on the network's wall clock: the document names no zone (IREV_TIMEZONE, default UTC). */
  created_at: string;
}

/** iRev's page envelope: `pages` is ceil(total / per_page) and at least 1. */
export interface IrevListResponse<T> {
  data: T[];
  total: number;
  per_page: number;
  page: number;
  pages: number;
}

/** Answer of `GET /backend/open-api/v1/users/clicks`. */
export type IrevClickListResponse = IrevListResponse<IrevClick>;

/**
 * Answer of `GET /backend/open-api/v1/users/clicks/:id`. The document shows the id as a filter
 * of the list and only the list envelope, so `data` is a list of one click (none when the id is
 * unknown); a server may instead answer the click itself. The client reads both.
 */
export interface IrevClickResponse {
  data: IrevClick | IrevClick[];
}

/**
 * Query of `GET /backend/open-api/v1/users/clicks`. Dates are "YYYY-MM-DD HH:MM:SS" in the
 * zone `created_at` is written in (the document names none), both bounds taken as inclusive
 * (the document does not say). The document's table says `created_from`/`created_to` and its
 * prose says `created_at_from`/`created_at_to`; send one spelling, or both with equal values.
 */
export interface IrevClickListQuery {
  affiliate_id?: number;
  offer_id?: number;
  created_from?: string;
  created_to?: string;
  created_at_from?: string;
  created_at_to?: string;
  /** @default 1 */
  page?: number;
  /** At most 500. @default 200 */
  per_page?: number;
}

/** One click to create; fields left out get the vendor's "unknown" values ("" or "UNK"). */
export interface IrevCreateClickInput {
  offer_id: number;
  affiliate_id: number;
  /** A valid IPv4 or IPv6 address. */
  ip?: string;
  user_agent?: string;
  /** Two letters. */
  country_code?: string;
  aff_sub?: string | null;
  aff_sub2?: string | null;
  aff_sub3?: string | null;
  aff_sub4?: string | null;
  aff_sub5?: string | null;
  /** "YYYY-MM-DD HH:MM:SS" in the network's zone. @default the time of the request */
  created_at?: string;
}

/** Body of `POST /backend/open-api/v1/users/clicks`: 1 to 100 clicks, all created or none. */
export interface IrevCreateClicksRequest {
  clicks: IrevCreateClickInput[];
}

/** Answer (201) of `POST /backend/open-api/v1/users/clicks`: the created clicks in request order. */
export interface IrevCreateClicksResponse {
  data: IrevClick[];
}

/** A 422 body, Laravel style: `errors` maps a field path such as "clicks.0.offer_id" to messages. */
export interface IrevValidationErrorResponse {
  message: string;
  errors: Record<string, string[]>;
}

/** Any other error body (401, 404, ...). */
export interface IrevErrorResponse {
  message: string;
}
