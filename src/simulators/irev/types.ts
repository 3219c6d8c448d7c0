/**
 * iRev's wire shapes as this simulator reads the vendor's document (vendor-docs/irev-clicks.txt),
 * written from the document alone: the simulator is an independent reading and imports nothing
 * from the gateway. Where the document says nothing (errors, the create call, which it cuts off),
 * the shape is the simulator's own design and is marked so.
 */

/**
 * One click, every field of the document's example response. Types are those the example
 * shows; a field the example shows as `null` is nullable. The document describes no field, so
 * nothing here says more than the example does.
 */
export interface IrevClick {
  /** "Integer" in the path-parameter table. */
  id: number;
  hash: string;
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
  device_model: string;
  device_brand: string;
  /** The example shows "New" only. */
  sale_status: string;
  advertiser_external_id: string | null;
  adv_sub: string | null;
  adv_sub2: string | null;
  adv_sub3: string | null;
  adv_sub4: string | null;
  adv_sub5: string | null;
  /** "UNK" in the example. */
  device_os: string;
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
  /** As recorded, unvalidated: the example's own is "111.222.333.444". */
  ip: string;
  device_os_version: string;
  /** "" in the example; the document does not say what it holds (this simulator: Mobile, Desktop, Tablet). */
  platform: string;
  mobile_carrier: string;
  country_code: string;
  region_code: string;
  external_id: string | null;
  has_conversions: boolean;
  /** The example wraps it in angle brackets: "<http://example.com/offer/3?affiliate_id=513>". */
  requested_link: string;
  /** The example holds unresolved placeholders: "https://second.example.net/{free_1}?aff_id={free_2}". */
  redirected_link: string;
  is_unique: boolean;
  /** "YYYY-MM-DD HH:MM:SS"; the document names no time zone (this simulator: UTC). */
  created_at: string;
}

/** The one response envelope the document shows: `{data, total, per_page, page, pages}`. */
export interface IrevPage<T> {
  data: T[];
  total: number;
  per_page: number;
  page: number;
  pages: number;
}

/** The by-id answer in the other reading (`IrevReadings.clickById = 'object'`): the click itself under `data`. */
export interface IrevOne<T> {
  data: T;
}

/**
 * One click of a create request (simulator design: the document ends at the "Create Clicks"
 * heading). Unknown fields are ignored.
 */
export interface IrevNewClickBody {
  offer_id: number | string;
  affiliate_id: number | string;
  ip?: string | null;
  user_agent?: string | null;
  country_code?: string | null;
  aff_sub?: string | null;
  aff_sub2?: string | null;
  aff_sub3?: string | null;
  aff_sub4?: string | null;
  aff_sub5?: string | null;
  created_at?: string | null;
}

/** A create request (simulator design): 1 to 100 clicks, all created or none. */
export interface IrevCreateBody {
  clicks: IrevNewClickBody[];
}

/** A 422 (simulator design, Laravel's): a summary and messages by field ("clicks.0.offer_id"). */
export interface IrevValidationError {
  message: string;
  errors: Record<string, string[]>;
}

/** Any other error body (simulator design): `{message}`. */
export interface IrevError {
  message: string;
}
