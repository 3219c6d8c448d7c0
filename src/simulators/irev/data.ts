import { OVERLAPPING_PARTNER } from '../overlap.js';
import { GEOS, Random, type Device, type Geo } from '../random.js';
import type { IrevClick } from './types.js';

/** An affiliate as the clicks name it. */
export interface IrevAffiliate {
  id: number;
  name: string;
  aff_group_id: number | null;
}

/** An offer as the clicks name it; `advertiser_id` and `brand_id` point into the dataset's lists. */
export interface IrevOffer {
  id: number;
  name: string;
  offer_url_id: number;
  advertiser_id: number;
  brand_id: number;
}

/** An advertiser as the clicks name it. */
export interface IrevAdvertiser {
  id: number;
  name: string;
}

/** A brand (the network's own sub-brands); clicks carry only its id. */
export interface IrevBrand {
  id: number;
  name: string;
}

/**
 * One tenant's data. `clicks` are raw iRev clicks, oldest first, ordered by `created_at` then
 * `id`; the simulator keeps that order when clicks are created, so the newest-first list is
 * this array read backwards.
 */
export interface IrevDataset {
  seed: number;
  /** The reference time (ms): generated clicks fall in the 90 days before it. */
  now: number;
  /** Host of the network's tracking links (`requested_link`). */
  trackingHost: string;
  brands: IrevBrand[];
  advertisers: IrevAdvertiser[];
  offers: IrevOffer[];
  affiliates: IrevAffiliate[];
  clicks: IrevClick[];
}

/** How many days of clicks a generated dataset holds. */
export const IREV_DATASET_DAYS = 90;

/** The first generated click id; later ids ascend in time order. */
export const IREV_FIRST_CLICK_ID = 100000;

/**
 * Builds a tenant's dataset: 3 brands, 30 advertisers, 100 offers, 200 affiliates and 30,000
 * clicks in the 90 days before `now`. The same seed and `now` always give the same data. The
 * data is dirty on purpose, as the vendor's own example is: about 1% of IPs are impossible
 * ("111.222.333.444"), a few country codes are "" or "UNK", a few links are wrapped in `<...>`
 * or hold unresolved `{free_1}` placeholders.
 */
export function generateIrevDataset(seed: number, now: number): IrevDataset {
  const r = new Random(seed);
  const trackingHost = `trk.${slug(r.company())}.example.com`;

  const brands: IrevBrand[] = [1, 2, 3].map((id) => ({ id, name: r.company() }));

  const advertisers: IrevAdvertiser[] = [];
  for (let i = 0, id = 1; i < ADVERTISER_COUNT; i++, id += r.int(1, 2)) advertisers.push({ id, name: r.company() });

  const offers: OfferProfile[] = [];
  for (let i = 0, id = r.int(1, 5), urlId = 100; i < OFFER_COUNT; i++, id += r.int(1, 3), urlId += r.int(1, 4)) {
    const advertiser = advertisers[floor(advertisers.length * r.next() ** 1.5)];
    const name = r.offerName();
    const code = name.slice(name.lastIndexOf(' ') + 1);
    offers.push({
      offer: {
        id,
        name,
        offer_url_id: urlId,
        advertiser_id: advertiser.id,
        brand_id: r.weighted([
          [1, 70],
          [2, 20],
          [3, 10],
        ]),
      },
      advertiser,
      host: advertiserHost(advertiser),
      geos: GEOS.filter((geo) => geo.code === code),
    });
  }

  const affiliates: AffiliateProfile[] = [];
  for (let i = 0, id = 500; i < AFFILIATE_COUNT; i++, id += r.int(1, 4)) {
    const person = r.person();
    const name = r.chance(0.5) ? `${person.firstName} ${person.lastName}` : r.company();
    // Each affiliate promotes a handful of offers, so affiliate and offer filters combine usefully.
    const promoted = Array.from({ length: r.int(2, 10) }, () => offers[floor(offers.length * r.next() ** 1.7)]);
    affiliates.push({
      affiliate: { id, name, aff_group_id: r.chance(0.35) ? r.int(1, 8) : null },
      offers: promoted,
      subCount: r.weighted([
        [0, 30],
        [1, 30],
        [2, 20],
        [3, 12],
        [5, 8],
      ]),
      extraSub: r.chance(0.05),
      source: r.chance(0.6) ? '' : r.pick(SOURCES),
      campaigns: Array.from({ length: r.int(2, 8) }, () => `cmp_${r.int(1000, 9999)}`),
    });
  }
  // A few affiliates bring most of the traffic: rank them in a seeded order, then skew picks.
  const ranked = [...affiliates];
  for (let i = ranked.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [ranked[i], ranked[j]] = [ranked[j], ranked[i]];
  }
  // The business that is a partner on every network is this network's busiest affiliate.
  ranked[0].affiliate.name = OVERLAPPING_PARTNER.name;

  const endSeconds = floor(now / 1000);
  const startSeconds = endSeconds - IREV_DATASET_DAYS * 86400;
  const times = new Uint32Array(CLICK_COUNT);
  for (let i = 0; i < CLICK_COUNT; i++) times[i] = r.time(startSeconds, endSeconds);
  times.sort();

  const clicks: IrevClick[] = new Array(CLICK_COUNT);
  const recent: Visitor[] = [];
  const dates = new DateFormatter();
  for (let i = 0; i < CLICK_COUNT; i++) {
    const click = blankClick(IREV_FIRST_CLICK_ID + i, dates.format(times[i]));
    click.hash = r.hex(32);

    let visitor: Visitor;
    if (recent.length > 0 && r.chance(0.12)) {
      // A returning visitor: same link, same device, same group hash, not unique.
      visitor = r.pick(recent);
      click.is_unique = false;
    } else {
      const profile = ranked[floor(ranked.length * r.next() ** 2.2)];
      const offer = r.pick(profile.offers);
      const geo = offer.geos.length > 0 && r.chance(0.85) ? r.pick(offer.geos) : r.geo();
      visitor = { profile, offer, geo, device: r.device(), ip: randomIp(r), groupHash: click.hash, detected: r.chance(0.96) };
      if (recent.length < 64) recent.push(visitor);
      else recent[r.int(0, 63)] = visitor;
    }
    click.group_hash = visitor.groupHash;
    click.ip = visitor.ip;
    fillIdentity(click, visitor.offer, visitor.profile.affiliate);
    fillDevice(click, visitor.device, visitor.detected, visitor.geo);
    if (r.chance(0.005)) click.user_agent = click.browser; // as in the vendor's example
    if (r.chance(0.003)) click.country_code = '';
    // eslint-disable-next-line no-dupe-else-if -- a second, independent draw
    else if (r.chance(0.003)) click.country_code = 'UNK';
    else click.country_code = visitor.geo.code;
    click.region_code = click.country_code.length === 2 ? visitor.geo.regionCode : '';

    const profile = visitor.profile;
    for (let s = 0; s < profile.subCount; s++) click[AFF_SUB_KEYS[s]] = subValue(r, s, profile);
    if (profile.extraSub) click.aff_sub12 = flat('gclid_', r.hex(16));
    click.affiliate_source = profile.source;
    click.external_id = r.chance(0.08) ? flat('ext-', r.hex(10)) : null;

    click.has_conversions = r.chance(0.05);
    if (click.has_conversions) {
      click.sale_status = r.weighted(CONVERTED_STATUSES);
      click.advertiser_external_id = r.chance(0.6) ? r.hex(12) : null;
      click.adv_sub = r.chance(0.4) ? `lead_${r.int(10000, 99999)}` : null;
      click.adv_sub2 = r.chance(0.1) ? r.pick(['ftd', 'reg', 'qualified']) : null;
    } else {
      click.sale_status = r.chance(0.07) ? 'Rejected' : 'New';
    }

    click.requested_link = requestedLink(trackingHost, click);
    if (r.chance(0.02)) click.requested_link = flat('<', click.requested_link, '>');
    click.redirected_link = r.chance(0.01)
      ? flat('https://', visitor.offer.host, '/{free_1}?aff_id={free_2}')
      : redirectedLink(visitor.offer.host, click);
    clicks[i] = click;
  }

  return {
    seed,
    now,
    trackingHost,
    brands,
    advertisers,
    offers: offers.map((o) => o.offer),
    affiliates: affiliates.map((a) => a.affiliate),
    clicks,
  };
}

/** The fields a created click may set; everything else comes from its offer and affiliate. */
export interface IrevNewClick {
  offer_id: number;
  affiliate_id: number;
  ip: string;
  user_agent: string;
  country_code: string;
  aff_subs: string[];
  created_at: string;
}

/**
 * Builds a click created through the API: names and ids from the dataset's offer and
 * affiliate, device fields sniffed from the user agent, and the vendor's unknown values ("",
 * "UNK") where nothing was given. The offer and affiliate must exist.
 */
export function buildCreatedClick(dataset: IrevDataset, id: number, input: IrevNewClick): IrevClick {
  const r = new Random(`${dataset.seed}:${id}`);
  const offer = dataset.offers.find((o) => o.id === input.offer_id)!;
  const affiliate = dataset.affiliates.find((a) => a.id === input.affiliate_id)!;
  const advertiser = dataset.advertisers.find((a) => a.id === offer.advertiser_id)!;
  const click = blankClick(id, input.created_at);
  click.hash = r.hex(32);
  click.group_hash = click.hash;
  fillIdentity(click, { offer, advertiser }, affiliate);
  click.ip = input.ip;
  click.user_agent = input.user_agent;
  const sniffed = sniffUserAgent(input.user_agent);
  click.browser = sniffed.browser;
  click.device_os = sniffed.os;
  click.platform = sniffed.platform;
  click.country_code = input.country_code;
  input.aff_subs.forEach((value, s) => (click[AFF_SUB_KEYS[s]] = value));
  click.requested_link = requestedLink(dataset.trackingHost, click);
  click.redirected_link = redirectedLink(advertiserHost(advertiser), click);
  return click;
}

/**
 * Inserts a click into `dataset.clicks` at its place in the (created_at, id) order. Binary
 * search, because a created click may carry an old `created_at` and a new, higher id.
 */
export function insertClick(dataset: IrevDataset, click: IrevClick): void {
  const clicks = dataset.clicks;
  let lo = 0;
  let hi = clicks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = clicks[mid];
    if (other.created_at < click.created_at || (other.created_at === click.created_at && other.id < click.id)) lo = mid + 1;
    else hi = mid;
  }
  clicks.splice(lo, 0, click);
}

/** A ms timestamp as iRev writes dates: UTC "YYYY-MM-DD HH:MM:SS". */
export function formatIrevDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** An iRev date ("YYYY-MM-DD HH:MM:SS", UTC) as ms, or null when malformed or impossible (Feb 30). */
export function parseIrevDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  // Date.UTC rolls Feb 30 over to Mar 1; the round trip catches it, as PHP's date_format rule does.
  return formatIrevDate(ms) === text ? ms : null;
}

/** A ms timestamp on the wall clock of `timeZone` (an IANA zone), "YYYY-MM-DD HH:MM:SS". */
export function formatIrevDateIn(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return formatIrevDate(ms);
  const parts = Object.fromEntries(
    zoneFormatter(timeZone)
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * A wall-clock date of `timeZone` as ms, or null when malformed or impossible. A wall time the
 * zone skips or repeats (a DST change) reads as one of the instants next to it.
 */
export function parseIrevDateIn(text: string, timeZone: string): number | null {
  const wall = parseIrevDate(text);
  if (wall === null || timeZone === 'UTC') return wall;
  const offset = (ms: number) => parseIrevDate(formatIrevDateIn(ms, timeZone))! - floor(ms / 1000) * 1000;
  const guess = wall - offset(wall);
  return wall - offset(guess);
}

/** Whether Intl knows `timeZone`. */
export function isTimeZone(timeZone: string): boolean {
  try {
    zoneFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The aff_sub field names in order: aff_sub, aff_sub2 ... aff_sub20. */
export const AFF_SUB_KEYS = Array.from({ length: 20 }, (_, i) => (i === 0 ? 'aff_sub' : `aff_sub${i + 1}`)) as AffSubKey[];

/** One of aff_sub, aff_sub2 ... aff_sub20. */
export type AffSubKey = Extract<keyof IrevClick, `aff_sub${string}`>;

// Private:

const ADVERTISER_COUNT = 30;
const OFFER_COUNT = 100;
const AFFILIATE_COUNT = 200;
const CLICK_COUNT = 30_000;
const SOURCES = ['facebook', 'google', 'tiktok', 'native', 'email', 'push', 'seo'];
const PLACEMENTS = ['feed', 'story', 'banner', 'search', 'push', 'native', 'email'];
const KEYWORDS = ['cheap', 'best', 'review', 'bonus', 'free', 'compare', 'deal'];
const CONVERTED_STATUSES = [
  ['Approved', 55],
  ['Pending', 25],
  ['Hold', 10],
  ['Rejected', 10],
] as const;
const BROWSERS: Record<string, string> = { Chrome: 'Google Chrome', Firefox: 'Mozilla Firefox', Safari: 'Safari' };
const PLATFORMS: Record<string, string> = { Mobile: 'Mobile', PC: 'Desktop', Tablet: 'Tablet' };

interface OfferProfile {
  offer: IrevOffer;
  advertiser: IrevAdvertiser;
  host: string;
  /** The geos matching the offer's "- US" suffix: most of its traffic comes from there. */
  geos: Geo[];
}

interface AffiliateProfile {
  affiliate: IrevAffiliate;
  offers: OfferProfile[];
  /** How many of aff_sub..aff_sub5 this affiliate fills. */
  subCount: number;
  /** Whether it also passes a click id in aff_sub12. */
  extraSub: boolean;
  source: string;
  campaigns: string[];
}

interface Visitor {
  profile: AffiliateProfile;
  offer: OfferProfile;
  geo: Geo;
  device: Device;
  ip: string;
  groupHash: string;
  /** False for the few clicks whose device the vendor could not detect. */
  detected: boolean;
}

/** A click with the vendor's unknown values: "" for text, null where the vendor uses null. */
function blankClick(id: number, createdAt: string): IrevClick {
  return {
    id,
    hash: '',
    group_hash: '',
    offer_id: 0,
    offer_name: '',
    offer_url_id: 0,
    advertiser_id: 0,
    advertiser_name: '',
    aff_group_id: null,
    brand_id: 0,
    affiliate_id: 0,
    affiliate_name: '',
    device_model: '',
    device_brand: '',
    sale_status: 'New',
    advertiser_external_id: null,
    adv_sub: null,
    adv_sub2: null,
    adv_sub3: null,
    adv_sub4: null,
    adv_sub5: null,
    device_os: 'UNK',
    aff_sub: '',
    aff_sub2: '',
    aff_sub3: '',
    aff_sub4: '',
    aff_sub5: '',
    aff_sub6: '',
    aff_sub7: '',
    aff_sub8: '',
    aff_sub9: '',
    aff_sub10: '',
    aff_sub11: '',
    aff_sub12: '',
    aff_sub13: '',
    aff_sub14: '',
    aff_sub15: '',
    aff_sub16: '',
    aff_sub17: '',
    aff_sub18: '',
    aff_sub19: '',
    aff_sub20: '',
    affiliate_source: '',
    user_agent: '',
    browser: 'UNK',
    ip: '',
    device_os_version: 'UNK',
    platform: '',
    mobile_carrier: 'UNK',
    country_code: '',
    region_code: '',
    external_id: null,
    has_conversions: false,
    requested_link: '',
    redirected_link: '',
    is_unique: true,
    created_at: createdAt,
  };
}

function fillIdentity(click: IrevClick, offer: { offer: IrevOffer; advertiser: IrevAdvertiser }, affiliate: IrevAffiliate): void {
  click.offer_id = offer.offer.id;
  click.offer_name = offer.offer.name;
  click.offer_url_id = offer.offer.offer_url_id;
  click.advertiser_id = offer.advertiser.id;
  click.advertiser_name = offer.advertiser.name;
  click.brand_id = offer.offer.brand_id;
  click.affiliate_id = affiliate.id;
  click.affiliate_name = affiliate.name;
  click.aff_group_id = affiliate.aff_group_id;
}

function fillDevice(click: IrevClick, device: Device, detected: boolean, geo: Geo): void {
  click.user_agent = device.userAgent;
  click.browser = BROWSERS[device.browser] ?? device.browser;
  if (!detected) return; // the blank values are what the vendor shows for an undetected device
  click.device_model = device.model;
  click.device_brand = device.brand;
  click.device_os = device.platform;
  click.device_os_version = device.osVersion;
  click.platform = PLATFORMS[device.deviceType] ?? '';
  click.mobile_carrier = device.isMobile ? geo.carrier : 'UNK';
}

function subValue(r: Random, slot: number, profile: AffiliateProfile): string {
  switch (slot) {
    case 0:
      return r.pick(profile.campaigns);
    case 1:
      return `cr${r.int(1, 40)}`;
    case 2:
      return r.pick(PLACEMENTS);
    case 3:
      return r.hex(12);
    default:
      return `kw_${r.pick(KEYWORDS)}`;
  }
}

function randomIp(r: Random): string {
  const roll = r.next();
  if (roll < 0.002) return '111.222.333.444';
  // The vendor stores what the tracker saw, unvalidated: octets above 255 do occur.
  if (roll < 0.01) return `${r.int(256, 999)}.${r.int(0, 999)}.${r.int(0, 999)}.${r.int(0, 999)}`;
  if (roll < 0.07) {
    const groups = Array.from({ length: 6 }, () => r.hex(4).replace(/^0+(?=.)/, ''));
    return `${r.pick(['2a01', '2a02', '2600', '2607', '2804'])}:${groups.join(':')}:${r.int(1, 0xffff).toString(16)}`;
  }
  return r.ipv4();
}

function requestedLink(host: string, click: IrevClick): string {
  const parts: (string | number)[] = ['http://', host, '/offer/', click.offer_id, '?affiliate_id=', click.affiliate_id];
  for (let s = 0; s < 5; s++) {
    const value = click[AFF_SUB_KEYS[s]];
    if (value !== '') parts.push('&', AFF_SUB_KEYS[s], '=', encode(value));
  }
  return parts.join('');
}

function redirectedLink(host: string, click: IrevClick): string {
  return flat('https://', host, '/lp/', click.offer_url_id, '?click_id=', click.hash, '&aff_id=', click.affiliate_id);
}

/*
 * Speed, two causes measured with a CPU profile:
 * - Jest runs test files in a vm context where every lookup of a global (Math, String,
 *   encodeURIComponent) goes through an interceptor, ~0.3 µs each; Random's methods use Math,
 *   which made generation 660 ms under jest against 130 ms under node. Hot code here (and
 *   random.ts) binds the globals once.
 * - Garbage collection is most of the rest and grows with the memory the clicks hold. V8 keeps
 *   `a + b` (and template literals) as a tree of string pieces, about three times the memory of
 *   the text, so the per-click strings are built flat: joined, or from character codes.
 */
const { floor } = Math;
const encode = encodeURIComponent;

/** The parts as one flat string. */
function flat(...parts: (string | number)[]): string {
  return parts.join('');
}

/** `formatIrevDate` for unix seconds in ascending order, reusing each day's "YYYY-MM-DD ". */
class DateFormatter {
  private day = -1;
  private prefix = '';

  format(seconds: number): string {
    const day = floor(seconds / 86400);
    if (day !== this.day) {
      this.day = day;
      this.prefix = formatIrevDate(day * 86400000).slice(0, 11);
    }
    const s = seconds - day * 86400;
    return flat(this.prefix, TWO_DIGITS[floor(s / 3600)], ':', TWO_DIGITS[floor(s / 60) % 60], ':', TWO_DIGITS[s % 60]);
  }
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormatters.get(timeZone);
  if (!format) {
    const digits = '2-digit' as const;
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: digits,
      day: digits,
      hour: digits,
      minute: digits,
      second: digits,
    });
    zoneFormatters.set(timeZone, format);
  }
  return format;
}

function sniffUserAgent(ua: string): { browser: string; os: string; platform: string } {
  const browser = /Firefox\//.test(ua)
    ? 'Mozilla Firefox'
    : /Edg\//.test(ua)
      ? 'Microsoft Edge'
      : /Chrome\//.test(ua)
        ? 'Google Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'UNK';
  const os = /iPhone/.test(ua)
    ? 'iOS'
    : /iPad/.test(ua)
      ? 'iPadOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Mac OS X/.test(ua)
            ? 'macOS'
            : 'UNK';
  const platform = os === 'iPadOS' ? 'Tablet' : os === 'iOS' || os === 'Android' ? 'Mobile' : os === 'UNK' ? '' : 'Desktop';
  return { browser, os, platform };
}

function advertiserHost(advertiser: IrevAdvertiser): string {
  return `www.${slug(advertiser.name)}.example`;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
