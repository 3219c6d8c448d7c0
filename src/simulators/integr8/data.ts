import { OVERLAPPING_PARTNER } from '../overlap.js';
import { GEOS, Random, type Device, type Geo } from '../random.js';
import {
  EXPORT_TYPES,
  PROMOTIONAL_METHODS,
  type Advertiser,
  type ClickRow,
  type ConversionRow,
  type Currency,
  type DownloadExport,
  type ExportStatus,
  type ExportType,
  type ImpressionRow,
  type LandingPage,
  type Offer,
  type OfferEvent,
  type PayoutConfig,
  type Publisher,
  type QueryFilter,
  type ReportStatus,
  type User,
  type Visibility,
} from './types.js';

/** The three integrations every tenant has; fixed so that docs and examples can name them. */
export const INTEGR8_INTEGRATION_IDS = ['64b7f0c2a1e4d3b2c1a00001', '64b7f0c2a1e4d3b2c1a00002', '64b7f0c2a1e4d3b2c1a00003'] as const;

/** An integration (a connected tracking platform); the API has no endpoint for them, rows name them. */
export interface Integr8Integration {
  id: string;
  name: string;
  type: string;
}

/** The report tables. */
export type Integr8Table = 'clicks' | 'conversions' | 'impressions';

/** A report row of any table. */
export type Integr8Row = ClickRow | ConversionRow | ImpressionRow;

/** An offer as report rows recorded it: later writes to the offer do not rewrite history. */
export interface Integr8OfferSnapshot {
  offer: Offer;
  advertiser: Advertiser;
  events: OfferEvent[];
  integration: Integr8Integration;
}

/**
 * A report row in compact form: what queries filter and order on, plus the seed its other
 * fields are built from. Building the same entry twice gives equal rows.
 */
export interface Integr8RowEntry {
  /** Unix seconds of the row's time field (request_time, or conversion_time for conversions). */
  time: number;
  /** The row's real_tx_id (its cursor). The row's tx_id is another value, drawn from `seed`. */
  txId: string;
  integrationId: string;
  /** The row's offer_id: String(offer.incremental_id). */
  offerId: string;
  /** The row's publisher: String(publisher.incremental_id). */
  publisher: string;
  /** The row's advertiser: String(advertiser.incremental_id). */
  advertiser: string;
  status: ReportStatus;
  seed: number;
  offer: Integr8OfferSnapshot;
  publisherSnapshot: Publisher;
  /** The click a conversion converts. */
  click?: Integr8RowEntry;
  /** A click row that scored a tracking platform's click: that click's id (`external_transaction_id`). */
  externalTxId?: string;
}

/** One report table: entries newest first (time desc, then real_tx_id desc), full rows built on demand. */
export class Integr8ReportTable<Row extends Integr8Row> {
  constructor(
    readonly entries: Integr8RowEntry[],
    private readonly build: (entry: Integr8RowEntry) => Row,
  ) {}

  /** Number of rows. */
  get length(): number {
    return this.entries.length;
  }

  /** The full row of an entry. */
  row(entry: Integr8RowEntry): Row {
    return this.build(entry);
  }

  /** Every full row, newest first (builds them all: for tests and small tables). */
  all(): Row[] {
    return this.entries.map(this.build);
  }
}

/**
 * One tenant's data. Collections are in default order (incremental_id, or creation order for
 * users, events and landing pages); exports newest first. The simulator mutates it on writes.
 */
export interface Integr8Dataset {
  /** The instant the data was generated relative to (ms). */
  now: number;
  organizationId: string;
  integrations: Integr8Integration[];
  users: User[];
  offers: Offer[];
  /** offer id -> integration id. */
  offerIntegration: Map<string, string>;
  /** offer id -> its events, in creation order. */
  events: Map<string, OfferEvent[]>;
  /** offer id -> its landing pages, in creation order. */
  landingPages: Map<string, LandingPage[]>;
  publishers: Publisher[];
  advertisers: Advertiser[];
  clicks: Integr8ReportTable<ClickRow>;
  conversions: Integr8ReportTable<ConversionRow>;
  impressions: Integr8ReportTable<ImpressionRow>;
  exports: DownloadExport[];
  /** Exports created through the API and not yet `DONE`: id -> creation time (ms) and whether the range was cut. */
  running: Map<string, { createdAt: number; rangeTruncated: boolean }>;
  /** Last incremental_id handed out per collection (ids are never reused after a delete). */
  counters: { offers: number; publishers: number; advertisers: number };
  /** Continues the seed, for the ids of objects created through the API. */
  random: Random;
}

/** The time field the report tables and exports filter and order on. */
export const TIME_FIELD: Record<Integr8Table, 'request_time' | 'conversion_time'> = {
  clicks: 'request_time',
  conversions: 'conversion_time',
  impressions: 'request_time',
};

/** The table an export type reads; postback logs are the conversions' postbacks. */
export const EXPORT_TABLE: Record<ExportType, Integr8Table> = {
  click_logs: 'clicks',
  conversion_logs: 'conversions',
  impression_logs: 'impressions',
  postback_logs: 'conversions',
};

/** How far back report data goes (days). */
export const RETENTION_DAYS = 90;

const DAY = 86_400_000;
const SIZES = { users: 25, offers: 200, publishers: 300, advertisers: 60, clicks: 30_000, conversions: 3_000, impressions: 20_000, exports: 15 };

/**
 * A click of a tracking platform Integr8 integrates (Everflow, iRev): what Integr8 is sent when
 * it scores that click. The simulator's own notion; src/vendors/simulators.ts feeds it the
 * Everflow and iRev simulators' clicks of the same tenant.
 */
export interface TrackedClick {
  /** The integration's type: `everflow` or `irev`. */
  integrationType: string;
  /** The tracker's click id (Everflow `transaction_id`, iRev click `id`). */
  transactionId: string;
  /** Unix seconds of the click on the tracker. */
  time: number;
}

/** Days back from `now` that Integr8 scored the trackers' clicks (older clicks have no row). */
export const TRACKED_DAYS = 30;
/** The share of the trackers' clicks Integr8 scored (the others were never sent to it). */
export const TRACKED_SHARE = 0.7;

/**
 * Builds the dataset of one tenant: the same seed, `now` and tracked clicks always give the same
 * data. Each tracked click of the last TRACKED_DAYS is scored with probability TRACKED_SHARE: a
 * click row of the integration of its type, 0 to 2 seconds after it, carrying its id as
 * `external_transaction_id`. These rows are added to the others (whose stream stays unchanged).
 */
export function generateIntegr8Dataset(seed: number, now: number, tracked: readonly TrackedClick[] = []): Integr8Dataset {
  const rng = new Random(seed);
  const g = new Generator(rng, now);
  const organizationId = rng.hex(24);
  const integrations = INTEGR8_INTEGRATION_IDS.map((id, i) => ({ id, name: INTEGRATION_NAMES[i], type: INTEGRATION_TYPES[i] }));
  const users = g.users(SIZES.users);
  const trackingDomains = [rng.hex(24), rng.hex(24), rng.hex(24)];
  const advertisers = g.advertisers(SIZES.advertisers, users);
  const publishers = g.publishers(SIZES.publishers, users, trackingDomains);
  const offers = g.offers(SIZES.offers, advertisers, integrations);
  const entries = g.reportEntries(offers, publishers);
  if (tracked.length > 0)
    entries.clicks = sortEntries([...entries.clicks, ...g.trackedEntries(new Random(`${seed}:tracked`), tracked, offers, publishers)]);
  const buildClick = (e: Integr8RowEntry) => clickRow(e, organizationId);
  const dataset: Integr8Dataset = {
    now,
    organizationId,
    integrations,
    users,
    offers: offers.map((s) => s.offer),
    offerIntegration: new Map(offers.map((s) => [s.offer.id, s.integration.id])),
    events: new Map(offers.map((s) => [s.offer.id, s.events])),
    landingPages: new Map(offers.map((s) => [s.offer.id, s.landingPages])),
    publishers,
    advertisers,
    clicks: new Integr8ReportTable(entries.clicks, buildClick),
    conversions: new Integr8ReportTable(entries.conversions, (e) => conversionRow(e, buildClick(e.click as Integr8RowEntry))),
    impressions: new Integr8ReportTable(entries.impressions, (e) => impressionRow(e, organizationId)),
    exports: [],
    running: new Map(),
    counters: { offers: SIZES.offers, publishers: SIZES.publishers, advertisers: SIZES.advertisers },
    random: rng,
  };
  dataset.exports = g.exports(SIZES.exports, dataset);
  return dataset;
}

/** A report query: the rows of one integration in a time window, optionally filtered by field values. */
export interface RowSelection {
  integrationId: string;
  /** Unix seconds, inclusive. */
  start: number;
  /** Unix seconds, inclusive. */
  end: number;
  status?: string[];
  offer_id?: string[];
  publisher?: string[];
  advertiser?: string[];
}

/** The entries of a table matching a selection, newest first. */
export function selectEntries(table: Integr8ReportTable<Integr8Row>, selection: RowSelection): Integr8RowEntry[] {
  const entries = table.entries;
  // Entries are newest first: two binary searches bound the time window.
  const from = firstIndex(entries.length, (i) => entries[i].time <= selection.end);
  const to = firstIndex(entries.length, (i) => entries[i].time < selection.start);
  const out: Integr8RowEntry[] = [];
  for (let i = from; i < to; i++) {
    const e = entries[i];
    if (e.integrationId !== selection.integrationId) continue;
    if (selection.status && !selection.status.includes(e.status)) continue;
    if (selection.offer_id && !selection.offer_id.includes(e.offerId)) continue;
    if (selection.publisher && !selection.publisher.includes(e.publisher)) continue;
    if (selection.advertiser && !selection.advertiser.includes(e.advertiser)) continue;
    out.push(e);
  }
  return out;
}

/** The selection an export ran: its integration, `date_time_range` and `reports_query_option.filters`. */
export function exportSelection(exp: DownloadExport): RowSelection {
  const filters = exp.reports_query_option.filters;
  const values = (name: string) => (filters[name]?.equal_values.length ? filters[name].equal_values : undefined);
  const range = exp.export_list_options.filters.date_time_range;
  return {
    integrationId: exp.integration,
    start: Date.parse(range.start) / 1000,
    end: Date.parse(range.end) / 1000,
    status: values('status'),
    offer_id: values('offer_id'),
    publisher: values('publisher'),
    advertiser: values('advertiser'),
  };
}

/** The table an export reads. */
export function exportTable(dataset: Integr8Dataset, exp: DownloadExport): Integr8ReportTable<Integr8Row> {
  return dataset[EXPORT_TABLE[exp.type]];
}

/**
 * The CSV file of an export (RFC 4180: CRLF line ends, a field quoted when it holds the
 * delimiter, a quote or a line break). Header: the fields, then the extra parameters. List
 * values are written as JSON; an extra parameter column holds the row's `extra_params` value or ''.
 */
export function exportCsv(dataset: Integr8Dataset, exp: DownloadExport): string {
  const table = exportTable(dataset, exp);
  const { fields, extra_parameters: extras } = exp.export_list_options;
  const delimiter = exp.format.delimiter;
  const lines = [[...fields, ...extras].map((v) => csvField(v, delimiter)).join(delimiter)];
  for (const entry of selectEntries(table, exportSelection(exp))) {
    const row = table.row(entry);
    const record = row as unknown as Record<string, unknown>;
    const keys = row['extra_params.keys'];
    const cells = fields.map((f) => csvValue(record[f]));
    for (const extra of extras) {
      const at = keys.indexOf(extra);
      cells.push(at < 0 ? '' : row['extra_params.values'][at]);
    }
    lines.push(cells.map((v) => csvField(v, delimiter)).join(delimiter));
  }
  return lines.join('\r\n') + '\r\n';
}

/** ISO UTC without milliseconds, as the API writes instants. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** A new export object with every field present, as the API answers a create (status PENDING). */
export function newExport(input: {
  id: string;
  organization: string;
  integration: string;
  type: ExportType;
  createdAt: number;
  requestedBy: string;
  delimiter: string;
  /** As requested (`YYYY-MM-DD HH:MM:SS`, in the request's timezone). */
  startTime: string;
  endTime: string;
  /** ISO UTC bounds, inclusive. */
  start: string;
  end: string;
  fields: string[];
  extras: string[];
  filters: Record<string, QueryFilter>;
}): DownloadExport {
  const created = isoSeconds(input.createdAt);
  return {
    artifact: { download_link: '', meta: { id: input.id, organization: input.organization, type: 'text/csv' }, name: '', size: 0 },
    created_at: created,
    email_config: { recipient: '', referer: '' },
    error: '',
    export_list_options: {
      extra_parameters: input.extras,
      fields: input.fields,
      filters: {
        booleans: {},
        date_range: { end: input.end.slice(0, 10), start: input.start.slice(0, 10) },
        date_time_range: { end: input.end, start: input.start },
        field_exists: {},
        numbers: {},
        regex_query: { field_value: '', searchable_fields: [] },
        // The document shows three nested maps here and never says what their keys are: left empty.
        strings: {},
        text_search: '',
      },
    },
    format: { delimiter: input.delimiter },
    guest_token: '',
    id: input.id,
    integration: input.integration,
    last_updated_by: input.requestedBy,
    notify_by_email: false,
    organization: input.organization,
    platform: '24metrics',
    reports_query_option: {
      end_date: input.endTime,
      extra_parameters_as_new_fields: input.extras,
      filters: input.filters,
      include_fields: input.fields,
      relative_date: '',
      sort_by: [{ is_descending: true, name: TIME_FIELD[EXPORT_TABLE[input.type]] }],
      start_date: input.startTime,
    },
    requested_by: input.requestedBy,
    results_meta: { duration_seconds: 0, range_truncated: false, total: 0 },
    status: 'PENDING',
    type: input.type,
    updated_at: created,
  };
}

/** Marks an export `DONE`: counts its rows, sizes its CSV and names its artifact. */
export function finishExport(dataset: Integr8Dataset, exp: DownloadExport, durationSeconds: number, rangeTruncated: boolean): void {
  const csv = exportCsv(dataset, exp);
  exp.status = 'DONE';
  exp.results_meta = {
    duration_seconds: durationSeconds,
    range_truncated: rangeTruncated,
    total: selectEntries(exportTable(dataset, exp), exportSelection(exp)).length,
  };
  exp.artifact = { ...exp.artifact, name: `exports/${exp.id}.csv`, size: Buffer.byteLength(csv, 'utf8') };
}

/** A `reports_query_option.filters` entry holding equal values only. */
export function queryFilter(values: string[]): QueryFilter {
  return { equal_values: values, greater_than_values: [], less_than_values: [], like_values: [], not_equal_values: [] };
}

// Private:

const INTEGRATION_NAMES = ['Everflow Main', 'TUNE Legacy', 'iRev Network'];
/** `everflow` and `irev` integrations score the Everflow and iRev simulators' clicks (TrackedClick). */
const INTEGRATION_TYPES = ['everflow', 'tune', 'irev'];
const CITY_POINTS: Record<string, [number, number, string]> = {
  Burbank: [34.1808, -118.309, '91502'],
  Brooklyn: [40.6782, -73.9442, '11201'],
  Austin: [30.2672, -97.7431, '78701'],
  Toronto: [43.6532, -79.3832, 'M5H 2N2'],
  London: [51.5072, -0.1276, 'EC1A 1BB'],
  Berlin: [52.52, 13.405, '10115'],
  Paris: [48.8566, 2.3522, '75001'],
  Amsterdam: [52.3676, 4.9041, '1012 JS'],
  'Sao Paulo': [-23.5505, -46.6333, '01000-000'],
  Sydney: [-33.8688, 151.2093, '2000'],
  Mumbai: [19.076, 72.8777, '400001'],
  Madrid: [40.4168, -3.7038, '28001'],
};
const LANGUAGES: Record<string, string[]> = {
  US: ['en-US', 'en'],
  CA: ['en-CA', 'fr-CA'],
  GB: ['en-GB', 'en'],
  DE: ['de-DE', 'de', 'en'],
  FR: ['fr-FR', 'fr'],
  NL: ['nl-NL', 'nl', 'en'],
  BR: ['pt-BR', 'pt'],
  AU: ['en-AU', 'en'],
  IN: ['en-IN', 'hi-IN'],
  ES: ['es-ES', 'es'],
};
const REJECTIONS = [
  { code: 'bot', simple: 'Bot Traffic', advanced: 'Known bot user agent', internal: 'ua_blacklist', type: 'Fraud' },
  { code: 'proxy', simple: 'Proxy', advanced: 'Data center IP address', internal: 'dch_ip', type: 'Fraud' },
  { code: 'geo_mismatch', simple: 'Geo Mismatch', advanced: 'Country not targeted by the offer', internal: 'geo_targeting', type: 'Targeting' },
  { code: 'duplicate', simple: 'Duplicate', advanced: 'Duplicate click within 24 hours', internal: 'dup_click', type: 'Quality' },
  { code: 'click_spam', simple: 'Click Spam', advanced: 'Click spamming pattern from the same fingerprint', internal: 'click_spam', type: 'Fraud' },
  { code: 'old_browser', simple: 'Outdated Browser', advanced: 'Browser version older than 3 years', internal: 'old_browser', type: 'Quality' },
];
const EXTRA_KEYS = ['aff_click_id', 'source', 'campaign', 'creative', 'keyword', 'placement', 'gclid'];
const SUB_IDS = ['fb', 'google', 'tiktok', 'native', 'email', 'push', 'banner-300x250', 'video', 'search', 'ig-story'];
const TAGS = ['vip', 'test', 'mobile-only', 'high-risk', 'new', 'seasonal', 'retarget'];
const REFERERS = [
  ['https://news.example.com/article/best-deals', ['news']],
  ['https://blog.example.org/reviews', ['blogs', 'shopping']],
  ['https://www.example.net/search?q=deals', ['search_engines']],
  ['https://social.example.com/feed', ['social_networks']],
  ['', []],
] as const;
const SERVER_REGIONS = ['eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const PROXY_TYPES = ['VPN', 'TOR', 'DCH', 'PUB'];
const CONVERSION_NAMES = ['Sale', 'Lead', 'Install', 'Registration', 'Deposit'];
const EVENT_NAMES = ['Lead Signup', 'Registration', 'First Deposit', 'Purchase', 'Install', 'Trial Start', 'Subscription'];
const LANDING_NAMES = ['Homepage', 'Pre-lander', 'Quiz Funnel', 'Video Page', 'Comparison Page'];
const PAYOUT_PAIRS = [
  ['CPA', 'RPA'],
  ['CPA', 'RPA'],
  ['CPA', 'RPA'],
  ['CPS', 'RPS'],
  ['CPAxCPS', 'RPAxRPS'],
  ['CPC', 'RPC'],
  ['CPM', 'RPM'],
  ['PRV', 'RPS'],
] as const;
const EXPORT_COLUMNS: Record<ExportType, string[]> = {
  click_logs: ['request_time', 'real_tx_id', 'offer_id', 'publisher', 'status', 'country', 'click_ip'],
  conversion_logs: ['conversion_time', 'real_tx_id', 'click_tx_id', 'offer_id', 'publisher', 'payout', 'revenue', 'status'],
  impression_logs: ['request_time', 'real_tx_id', 'offer_id', 'publisher', 'site_url', 'status'],
  postback_logs: ['conversion_time', 'real_tx_id', 'offer_id', 'publisher', 'payout', 'status'],
};

const INTEGRATION_WEIGHTS = [
  [0, 5],
  [1, 3],
  [2, 2],
] as const;
const STREETS = ['Main St', 'Market St', 'Harbor Rd', 'King St', 'Elm Ave', 'Station Rd', 'Park Lane'];
const VERTICALS = ['E-commerce', 'Finance', 'Gaming', 'Dating', 'Insurance', 'Travel', 'Health', 'Utilities'];
const COUNTRY_CODES = [...new Set(GEOS.map((g: Geo) => g.code))];
const FILTER_GROUPS = ['64b7f0c2a1e4d3b2c1f00001', '64b7f0c2a1e4d3b2c1f00002', '64b7f0c2a1e4d3b2c1f00003'];
const OFFER_GROUP = '64b7f0c2a1e4d3b2c1e00001';
const SITES = [
  ['https://news.example.com/', ['news']],
  ['https://weather.example.org/today', ['weather']],
  ['https://games.example.net/play', ['games']],
  ['https://recipes.example.com/dinner', ['food', 'lifestyle']],
  ['https://sports.example.com/live', ['sports']],
] as const;

/** An offer as generated, before the dataset splits it into its collections. */
interface OfferDraft {
  offer: Offer;
  advertiser: Advertiser;
  events: OfferEvent[];
  landingPages: LandingPage[];
  integration: Integr8Integration;
}

/** Holds the seeded stream and `now` while one dataset is built. */
class Generator {
  constructor(
    private readonly rng: Random,
    private readonly now: number,
  ) {}

  users(count: number): User[] {
    const rng = this.rng;
    const created = this.sortedTimes(count, this.now - 4 * 365 * DAY, this.now - 30 * DAY);
    return created.map((createdAt, i) => {
      const person = rng.person('integr8-demo.example.com');
      const geo = rng.geo();
      const role = i < 3 ? 'admin' : 'accountManager';
      const status = i > 3 && rng.chance(0.15) ? 'Deactivated' : 'Active';
      // Account managers are what publishers and advertisers point at, so most manage something.
      const publisherManager = role === 'accountManager' && (i % 3 !== 0 || rng.chance(0.5));
      const advertiserManager = role === 'accountManager' && (i % 2 === 0 || rng.chance(0.3));
      const lastLogin = status === 'Active' ? this.now - rng.int(1, 20 * DAY) : rng.chance(0.3) ? null : createdAt + rng.int(DAY, 90 * DAY);
      return {
        api_access_enabled: role === 'admin' || rng.chance(0.3),
        city: geo.city,
        country: geo.code,
        created_at: isoSeconds(createdAt),
        email: person.email,
        first_name: person.firstName,
        id: rng.hex(24),
        is_advertiser_manager: advertiserManager,
        is_publisher_manager: publisherManager,
        last_login_at: lastLogin === null ? null : isoSeconds(lastLogin),
        last_name: person.lastName,
        phone: this.phone(),
        publisher_manager_access: role === 'admin' || rng.chance(0.6) ? 'Global' : 'Limited',
        role,
        status,
        timezone: geo.timezone,
        updated_at: isoSeconds(createdAt + rng.int(0, 25 * DAY)),
      };
    });
  }

  advertisers(count: number, users: User[]): Advertiser[] {
    const rng = this.rng;
    const managers = users.filter((u) => u.is_advertiser_manager);
    const created = this.sortedTimes(count, this.now - 3 * 365 * DAY, this.now - 100 * DAY);
    return created.map((createdAt, i) => {
      const company = rng.company();
      const domain = `${slug(company)}.example.com`;
      const person = rng.person(domain);
      const geo = rng.geo();
      const manager = rng.chance(0.85) ? rng.pick(managers) : undefined;
      const archived = rng.chance(0.05);
      const name = company.replace(/ (Inc\.|Group)$/, '');
      return {
        active: !archived && rng.chance(0.9),
        address: `${rng.int(1, 999)} ${rng.pick(STREETS)}, ${geo.city}`,
        archived,
        company_name: company,
        country: geo.code,
        created_at: isoSeconds(createdAt),
        description: `${rng.pick(VERTICALS)} advertiser`,
        email: person.email,
        first_name: person.firstName,
        id: rng.hex(24),
        incremental_id: i + 1,
        last_name: person.lastName,
        ...managerFields(manager),
        messenger: `skype:${person.firstName.toLowerCase()}.${person.lastName.toLowerCase()}`,
        name,
        name_with_id: `${name} [${i + 1}]`,
        phone: this.phone(),
        updated_at: isoSeconds(createdAt + rng.int(0, 90 * DAY)),
        website: `https://www.${domain}`,
      };
    });
  }

  publishers(count: number, users: User[], trackingDomains: string[]): Publisher[] {
    const rng = this.rng;
    const managers = users.filter((u) => u.is_publisher_manager);
    const created = this.sortedTimes(count, this.now - 3 * 365 * DAY, this.now - DAY);
    return created.map((createdAt, i) => {
      const company = rng.company();
      const domain = `${slug(company)}.example.net`;
      const person = rng.person(domain);
      const geo = rng.geo();
      const manager = rng.chance(0.8) ? rng.pick(managers) : undefined;
      const archived = rng.chance(0.05);
      const pending = !archived && createdAt > this.now - 20 * DAY && rng.chance(0.5);
      const name = company.replace(/ (Inc\.|Group)$/, '');
      const countries = rng.some(COUNTRY_CODES, 4);
      return {
        active: !archived && !pending && rng.chance(0.9),
        address: `${rng.int(1, 999)} ${rng.pick(STREETS)}`,
        archived,
        city: geo.city,
        company_name: company,
        countries: countries.length ? countries : [geo.code],
        country: geo.code,
        created_at: isoSeconds(createdAt),
        description: `${rng.pick(['Top-tier', 'Mid-size', 'Niche', 'Fast-growing'])} ${rng.pick(VERTICALS).toLowerCase()} publisher`,
        email: person.email,
        first_name: person.firstName,
        id: rng.hex(24),
        incremental_id: i + 1,
        last_name: person.lastName,
        ...managerFields(manager),
        messenger: `telegram:@${person.firstName.toLowerCase()}${rng.int(1, 99)}`,
        name,
        name_with_id: `${name} [${i + 1}]`,
        pending,
        phone: this.phone(),
        promotional_method: [...rng.some(PROMOTIONAL_METHODS, 3)].sort(),
        timezone: geo.timezone,
        tracking_domain_ids: rng.some(trackingDomains, 2),
        updated_at: isoSeconds(createdAt + rng.int(0, Math.max(1, Math.min(200 * DAY, this.now - createdAt)))),
        website: `https://${domain}`,
        // The business that is a partner on every network.
        ...(i + 1 === OVERLAPPING_PARTNER.integr8IncrementalId && {
          name: OVERLAPPING_PARTNER.name,
          name_with_id: `${OVERLAPPING_PARTNER.name} [${i + 1}]`,
          company_name: OVERLAPPING_PARTNER.companyName,
          email: `${person.email.split('@')[0]}@${OVERLAPPING_PARTNER.emailDomain}`,
          website: OVERLAPPING_PARTNER.website,
        }),
      };
    });
  }

  /** Offers with their events and landing pages, each bound to an integration. */
  offers(count: number, advertisers: Advertiser[], integrations: Integr8Integration[]): OfferDraft[] {
    const rng = this.rng;
    const created = this.sortedTimes(count, this.now - 2 * 365 * DAY, this.now - 2 * DAY);
    return created.map((createdAt, i) => {
      const integration = integrations[rng.weighted(INTEGRATION_WEIGHTS)];
      const advertiser = rng.pick(advertisers);
      const name = rng.offerName();
      const domain = `${slug(name.split(' - ')[0])}.example.com`;
      const archived = rng.chance(0.05);
      const currency: Currency = rng.chance(0.8) ? 'USD' : 'EUR';
      const payout = this.payout();
      const forwarding = rng.chance(0.2);
      const parallel = rng.chance(0.15);
      const terms = rng.chance(0.3);
      const offer: Offer = {
        active: !archived && rng.chance(0.85),
        advertiser_id: advertiser.incremental_id,
        allow_duplicate_conversions: rng.chance(0.2),
        archived,
        block_on_reject: rng.chance(0.5),
        conversion_name: rng.pick(CONVERSION_NAMES),
        created_at: isoSeconds(createdAt),
        currency,
        deep_link_enabled: rng.chance(0.3),
        default_payout: payout,
        description: `${name} for ${rng.pick(VERTICALS).toLowerCase()} traffic`,
        fallback_url: rng.chance(0.6) ? `https://${domain}/fallback` : '',
        hide_js_tracking: rng.chance(0.1),
        id: rng.hex(24),
        impression_forwarding_enabled: forwarding,
        impression_forwarding_url: forwarding ? `https://${domain}/imp?tx={transaction_id}` : '',
        incremental_id: i + 1,
        manually_approve_conversions: rng.chance(0.15),
        name,
        name_with_id: `${name} [${i + 1}]`,
        offer_preview_enabled: rng.chance(0.4),
        parallel_tracking_enabled: parallel,
        parallel_tracking_url: parallel ? `https://track.${domain}/pt?tx={transaction_id}` : '',
        primary_domain: domain,
        restriction_note: rng.chance(0.3) ? rng.pick(['No incentivized traffic', 'No brand bidding', 'Email needs approval']) : '',
        targeting_group_id: rng.chance(0.4) ? rng.hex(24) : '',
        targeting_simple_enabled: rng.chance(0.5),
        terms_and_conditions: terms ? 'Traffic must comply with the advertiser guidelines.' : '',
        terms_and_conditions_enabled: terms,
        updated_at: isoSeconds(createdAt + rng.int(0, Math.min(120 * DAY, this.now - createdAt))),
        view_through_attribution_enabled: rng.chance(0.2),
        visibility: rng.weighted<Visibility>([
          ['Public', 6],
          ['Private', 2],
          ['Requires_Approval', 2],
        ]),
      };
      const events = this.events(rng.int(0, 4), currency);
      return { offer, advertiser, events, landingPages: this.landingPages(rng.int(1, 3), domain), integration };
    });
  }

  private events(count: number, currency: Currency): OfferEvent[] {
    const rng = this.rng;
    return pickDistinct(rng, EVENT_NAMES, count).map((name) => {
      const [payoutType, revenueType] = rng.pick(PAYOUT_PAIRS.slice(0, 5));
      const percent = payoutType !== 'CPA';
      const payout = percent ? 0 : rng.money(1, 40);
      const archived = rng.chance(0.05);
      return {
        active: !archived && rng.chance(0.9),
        allow_multiple_events: rng.chance(0.3),
        archived,
        currency,
        description: `Fires when the user completes: ${name.toLowerCase()}`,
        id: rng.hex(24),
        manually_approve_events: rng.chance(0.1),
        name,
        payout,
        payout_percent: percent ? rng.int(5, 30) : 0,
        payout_type: payoutType,
        revenue: percent ? 0 : Math.round(payout * (1.2 + rng.next()) * 100) / 100,
        revenue_percent: percent ? rng.int(31, 50) : 0,
        revenue_type: revenueType,
      };
    });
  }

  private landingPages(count: number, domain: string): LandingPage[] {
    const rng = this.rng;
    return pickDistinct(rng, LANDING_NAMES, count).map((name) => {
      const path = slug(name);
      const archived = rng.chance(0.05);
      return {
        active: !archived && rng.chance(0.9),
        archived,
        hide_from_publishers: rng.chance(0.2),
        id: rng.hex(24),
        name,
        preview_url: `https://${domain}/${path}`,
        redirect_url: `https://${domain}/${path}?click_id={transaction_id}&pub={publisher_id}`,
      };
    });
  }

  /** Compact rows of the three tables, newest first; conversions point at approved clicks. */
  reportEntries(offers: OfferDraft[], publishers: Publisher[]) {
    const rng = this.rng;
    // Rows record offers and publishers as they were: snapshots, so later writes leave history alone.
    const snapshots = offers.map((d): Integr8OfferSnapshot => ({
      offer: { ...d.offer, default_payout: { ...d.offer.default_payout } },
      advertiser: { ...d.advertiser },
      events: d.events.map((e) => ({ ...e })),
      integration: d.integration,
    }));
    const byIntegration = INTEGR8_INTEGRATION_IDS.map((id) => snapshots.filter((s) => s.integration.id === id));
    const publisherSnapshots = publishers.map((p) => ({ ...p }));
    const from = Math.floor((this.now - RETENTION_DAYS * DAY) / 1000);
    const to = Math.floor(this.now / 1000);
    const offerIds = new Map(snapshots.map((s) => [s, String(s.offer.incremental_id)]));
    const advertiserIds = new Map(snapshots.map((s) => [s, String(s.advertiser.incremental_id)]));
    const publisherIds = publisherSnapshots.map((p) => String(p.incremental_id));
    const span = to - from;
    // The hottest loop of generation (50,000 rows): plain arithmetic, no helpers; 0.5 / 0.8 are INTEGRATION_WEIGHTS.
    const visit = (approvedShare: number): Integr8RowEntry => {
      const r = rng.next();
      const offers = byIntegration[r < 0.5 ? 0 : r < 0.8 ? 1 : 2];
      // Traffic is skewed: a few offers and publishers get most of it.
      const offer = offers[floor(offers.length * rng.next() ** 2)];
      const p = floor(publisherSnapshots.length * rng.next() ** 2);
      return {
        time: from + floor(span * rng.next()),
        txId: rng.hex(32),
        integrationId: offer.integration.id,
        offerId: offerIds.get(offer) as string,
        publisher: publisherIds[p],
        advertiser: advertiserIds.get(offer) as string,
        status: rng.next() < approvedShare ? 'Approved' : 'Rejected',
        seed: floor(rng.next() * 0x100000000),
        offer,
        publisherSnapshot: publisherSnapshots[p],
      };
    };
    const clicks: Integr8RowEntry[] = [];
    const impressions: Integr8RowEntry[] = [];
    for (let i = 0; i < SIZES.clicks; i++) clicks.push(visit(0.9));
    for (let i = 0; i < SIZES.impressions; i++) impressions.push(visit(0.93));

    // A conversion converts one approved click, at most once, some time after it.
    const approved = clicks.filter((c) => c.status === 'Approved');
    const used = new Set<number>();
    const conversions: Integr8RowEntry[] = [];
    while (conversions.length < SIZES.conversions && used.size < approved.length) {
      const at = rng.int(0, approved.length - 1);
      if (used.has(at)) continue;
      used.add(at);
      const click = approved[at];
      const delay = rng.chance(0.6) ? rng.int(30, 3600) : rng.int(3600, 3 * 86400);
      conversions.push({
        ...click,
        time: Math.min(click.time + delay, to),
        txId: rng.hex(32),
        status: rng.chance(0.92) ? 'Approved' : 'Rejected',
        seed: floor(rng.next() * 0x100000000),
        click,
      });
    }
    return { clicks: sortEntries(clicks), impressions: sortEntries(impressions), conversions: sortEntries(conversions) };
  }

  /** Click entries for the tracked clicks Integr8 scored (see generateIntegr8Dataset). */
  trackedEntries(rng: Random, tracked: readonly TrackedClick[], offers: OfferDraft[], publishers: Publisher[]): Integr8RowEntry[] {
    const from = Math.floor((this.now - TRACKED_DAYS * DAY) / 1000);
    const to = Math.floor(this.now / 1000);
    const byIntegration = new Map<string, OfferDraft[]>();
    for (const d of offers) byIntegration.set(d.integration.id, [...(byIntegration.get(d.integration.id) ?? []), d]);
    const out: Integr8RowEntry[] = [];
    for (const click of tracked) {
      if (!rng.chance(TRACKED_SHARE)) continue;
      const time = click.time + rng.int(0, 2);
      const integration = INTEGR8_INTEGRATION_IDS[INTEGRATION_TYPES.indexOf(click.integrationType)];
      const candidates = byIntegration.get(integration) ?? [];
      if (time < from || time > to || candidates.length === 0) continue;
      const d = rng.pick(candidates);
      const p = { ...rng.pick(publishers) };
      // Snapshots, as for the other rows: later writes to the offer leave history alone.
      const offer: Integr8OfferSnapshot = {
        offer: { ...d.offer, default_payout: { ...d.offer.default_payout } },
        advertiser: { ...d.advertiser },
        events: d.events.map((event) => ({ ...event })),
        integration: d.integration,
      };
      out.push({
        time,
        txId: rng.hex(32),
        integrationId: integration,
        offerId: String(d.offer.incremental_id),
        publisher: String(p.incremental_id),
        advertiser: String(d.advertiser.incremental_id),
        status: rng.chance(0.8) ? 'Approved' : 'Rejected',
        seed: floor(rng.next() * 0x100000000),
        offer,
        publisherSnapshot: p,
        externalTxId: click.transactionId,
      });
    }
    return out;
  }

  /** Past exports of every status; the `DONE` ones are counted and sized from the report rows. */
  exports(count: number, dataset: Integr8Dataset): DownloadExport[] {
    const rng = this.rng;
    // UNKNOWN is in the document's enum; the simulator has one such export for the gateway to map.
    const statuses: ExportStatus[] = [
      'DONE',
      'DONE',
      'ERROR',
      'DONE',
      'CANCELED',
      'DONE',
      'PENDING',
      'DONE',
      'IN_PROGRESS',
      'DONE',
      'ERROR',
      'DONE',
      'DONE',
      'UNKNOWN',
      'DONE',
    ];
    const admins = dataset.users.filter((u) => u.role === 'admin');
    const out: DownloadExport[] = [];
    for (let i = 0; i < count; i++) {
      const status = statuses[i % statuses.length];
      // Every type shows up at least once.
      const type =
        i < 4
          ? EXPORT_TYPES[i]
          : rng.weighted<ExportType>([
              ['click_logs', 4],
              ['conversion_logs', 4],
              ['impression_logs', 2],
              ['postback_logs', 1],
            ]);
      // Exports still running were asked for moments ago; the others over the past 60 days.
      const running = status === 'PENDING' || status === 'IN_PROGRESS';
      const createdMs = Math.floor((running ? this.now - rng.int(5, 120) * 1000 : this.now - rng.int(1, 60 * 24) * 3600_000) / 1000) * 1000;
      // The last done export asked for days before retention, so its range was truncated.
      const truncated = status === 'DONE' && i === count - 1;
      const oldest = Math.floor((this.now - (RETENTION_DAYS + 10) * DAY) / DAY) * DAY;
      const endDay = truncated ? oldest + 11 * DAY : Math.floor((createdMs - rng.int(0, 20) * DAY) / DAY) * DAY;
      const startDay = truncated ? oldest : endDay - rng.int(0, 2) * DAY;
      const startDate = isoSeconds(startDay).slice(0, 10);
      const endDate = isoSeconds(endDay).slice(0, 10);
      const integration = rng.pick(INTEGR8_INTEGRATION_IDS);
      const filters: Record<string, QueryFilter> = { integration_id: queryFilter([integration]) };
      const table = dataset[EXPORT_TABLE[type]];
      const sample = table.entries.find((e) => e.integrationId === integration && e.time * 1000 >= startDay && e.time * 1000 < endDay + DAY);
      if (sample && rng.chance(0.4)) filters.offer_id = queryFilter([sample.offerId]);
      if (sample && rng.chance(0.2)) filters.publisher = queryFilter([sample.publisher]);
      if (rng.chance(0.2)) filters.status = queryFilter(['Approved']);
      const requester = rng.pick(admins);
      const exp = newExport({
        id: rng.hex(24),
        organization: dataset.organizationId,
        integration,
        type,
        createdAt: createdMs,
        requestedBy: requester.email,
        delimiter: rng.chance(0.8) ? ',' : ';',
        startTime: `${startDate} 00:00:00`,
        endTime: `${endDate} 23:59:59`,
        // Data older than the retention window is gone: the range starts at its edge.
        start: truncated ? isoSeconds(Math.ceil((this.now - RETENTION_DAYS * DAY) / 1000) * 1000) : `${startDate}T00:00:00Z`,
        end: `${endDate}T23:59:59Z`,
        fields: EXPORT_COLUMNS[type],
        extras: type === 'postback_logs' ? [] : rng.some(EXTRA_KEYS, 2),
        filters,
      });
      exp.status = status;
      exp.guest_token = rng.chance(0.3) ? rng.hex(32) : '';
      if (status === 'ERROR') {
        exp.error = rng.pick(['query timeout: the export took longer than 600s', 'storage unavailable, please retry']);
        exp.results_meta.duration_seconds = rng.int(30, 600);
      }
      if (status === 'CANCELED') exp.error = 'canceled by user';
      if (status === 'DONE') finishExport(dataset, exp, rng.int(2, 180), truncated);
      if (status === 'IN_PROGRESS') exp.updated_at = isoSeconds(createdMs + 1000);
      else if (!running) exp.updated_at = isoSeconds(createdMs + Math.max(1, exp.results_meta.duration_seconds) * 1000);
      out.push(exp);
    }
    return out.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1));
  }

  private payout(): PayoutConfig {
    const rng = this.rng;
    const [payoutType, revenueType] = rng.pick(PAYOUT_PAIRS);
    const fixed = payoutType === 'CPA' || payoutType === 'CPC' || payoutType === 'CPM' || payoutType === 'CPAxCPS';
    const share = payoutType === 'CPS' || payoutType === 'PRV' || payoutType === 'CPAxCPS';
    const payout = fixed ? (payoutType === 'CPC' ? rng.money(0.05, 1.5) : rng.money(2, 80)) : 0;
    return {
      payout,
      payout_percent: share ? rng.int(5, 30) : 0,
      payout_type: payoutType,
      revenue: fixed ? Math.round(payout * (1.15 + rng.next() * 0.6) * 100) / 100 : 0,
      revenue_percent: share ? rng.int(31, 50) : 0,
      revenue_type: revenueType,
    };
  }

  private phone(): string {
    return `+1-555-${String(this.rng.int(100, 9999)).padStart(4, '0')}`;
  }

  /** `count` ms instants in [from, to), ascending, so incremental ids follow creation. */
  private sortedTimes(count: number, from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(Math.floor((from + this.rng.next() * (to - from)) / 1000) * 1000);
    return out.sort((a, b) => a - b);
  }
}

/** The fields clicks and impressions share, built from the entry's seed. */
function visitFields(e: Integr8RowEntry, rng: Random, organizationId: string) {
  const { offer, advertiser, integration } = e.offer;
  const publisher = e.publisherSnapshot;
  const geo = rng.geo();
  const device = rng.device();
  const ip = rng.ipv4();
  const iso = isoSeconds(e.time * 1000);
  const extraKeys = rng.some(EXTRA_KEYS, 3);
  const referer = rng.pick(REFERERS);
  const monitoring = rng.chance(0.3) ? 1 : 0;
  const v = verdict(e.status === 'Approved', rng);
  const point = CITY_POINTS[geo.city] ?? [0, 0, ''];
  const filterGroup = FILTER_GROUPS[INTEGR8_INTEGRATION_IDS.indexOf(integration.id as (typeof INTEGR8_INTEGRATION_IDS)[number])];
  return {
    advertiser: e.advertiser,
    advertiser_db_id: advertiser.id,
    advertiser_id: e.advertiser,
    asn: rng.int(1000, 65000),
    blocked: e.status === 'Approved' || monitoring ? 0 : 1,
    browser_language: LANGUAGES[geo.code] ?? ['en'],
    browser_name: device.browser,
    browser_timezone: geo.timezone,
    browser_version: device.browserVersion,
    bundle_id: device.isMobile && rng.chance(0.3) ? `com.${slug(offer.name.split(' ')[0])}.app` : '',
    city: geo.city,
    click_ip: ip,
    country: geo.code,
    device_id: rng.hex(16),
    device_type: device.deviceType,
    'extra_params.keys': extraKeys,
    'extra_params.values': extraKeys.map((k) => `${k === 'gclid' ? 'Cj0' : k.slice(0, 3)}-${rng.hex(6)}`),
    filter_group_id: filterGroup,
    fingerprint: rng.hex(32),
    integration_id: integration.id,
    integration_type: integration.type,
    invalid_sub_id: rng.chance(0.03) ? 'undefined' : '',
    ip_network: ip.replace(/\.\d+$/, '.0/24'),
    is_bot: v.rejections.includes('bot') ? 1 : 0,
    is_old_browser: v.rejections.includes('old_browser') ? 1 : 0,
    is_old_os: v.rejections.includes('old_browser') && isOldOs(device) ? 1 : 0,
    isp: geo.isp,
    lat: point[0],
    long: point[1],
    manager_id: publisher.manager_id,
    manager_name: publisher.manager_name,
    monitoring_mode: monitoring,
    offer_db_id: offer.id,
    offer_id: e.offerId,
    organization_id: organizationId,
    os_name: device.platform,
    os_version: device.osVersion,
    postal_code: point[2],
    proxy_type: v.rejections.includes('proxy') ? rng.pick(PROXY_TYPES) : '',
    publisher: e.publisher,
    publisher_db_id: publisher.id,
    real_advertiser: e.advertiser,
    real_filter_group_id: filterGroup,
    real_offer_id: e.offerId,
    real_publisher: e.publisher,
    real_tx_id: e.txId,
    referer: referer[0],
    referer_categories: [...referer[1]],
    rejected_advanced_reason: v.advanced,
    rejected_internal_reason: v.internal,
    rejected_language: v.language,
    rejected_primary_reason: v.primary,
    rejected_simple_reason: v.simple,
    rejection_type: v.type,
    rejections: v.rejections,
    request_date: iso.slice(0, 10),
    request_time: iso,
    risk: v.risk,
    rtt: rng.int(8, 400),
    score: v.score,
    server_region: rng.pick(SERVER_REGIONS),
    status: e.status,
    sub_id: rng.pick(SUB_IDS),
    sub_id_2: rng.chance(0.7) ? rng.hex(8) : '',
    sub_id_3: rng.chance(0.4) ? rng.pick(SUB_IDS) : '',
    sub_id_4: rng.chance(0.2) ? `cr${rng.int(1, 40)}` : '',
    sub_id_5: '',
    sub_id_6: '',
    tags: rng.chance(0.2) ? rng.some(TAGS, 2) : [],
    targeting_group_id: offer.targeting_group_id,
    // The tracking platform's transaction id: its own value, not 24metrics' real_tx_id.
    tx_id: rng.hex(32),
    user_agent: device.userAgent,
    user_email: rng.chance(0.1) ? rng.person().email : '',
    uuid: uuid(rng.hex(32)),
  };
}

/** A tracked row's click id; the others keep their own value (an id of the tracker that Integr8 never saw elsewhere). */
function pickExternal(e: Integr8RowEntry, drawn: string): string {
  return e.externalTxId ?? drawn;
}

function clickRow(e: Integr8RowEntry, organizationId: string): ClickRow {
  const rng = new Random(e.seed);
  const c = visitFields(e, rng, organizationId);
  const offer = e.offer.offer;
  const cpc = offer.default_payout.payout_type === 'CPC' && e.status === 'Approved';
  const smartLink = offer.incremental_id % 5 === 0;
  // One literal in the documented field order: spreading a wide object is ~300 times slower in V8.
  return {
    advertiser: c.advertiser,
    advertiser_db_id: c.advertiser_db_id,
    advertiser_id: c.advertiser_id,
    asn: c.asn,
    blocked: c.blocked,
    browser_language: c.browser_language,
    browser_name: c.browser_name,
    browser_timezone: c.browser_timezone,
    browser_version: c.browser_version,
    bundle_id: c.bundle_id,
    city: c.city,
    click_ip: c.click_ip,
    country: c.country,
    coupon_code: rng.chance(0.05) ? `SAVE${rng.int(5, 30)}` : '',
    device_id: c.device_id,
    device_type: c.device_type,
    // Drawn either way, so that the other fields of a row do not depend on whether it is tracked.
    external_transaction_id: pickExternal(e, rng.chance(0.5) ? rng.hex(20) : ''),
    'extra_params.keys': c['extra_params.keys'],
    'extra_params.values': c['extra_params.values'],
    filter_group_id: c.filter_group_id,
    final_offer: offer.name,
    final_offer_id: e.offerId,
    fingerprint: c.fingerprint,
    integration_id: c.integration_id,
    integration_type: c.integration_type,
    invalid_sub_id: c.invalid_sub_id,
    ip_network: c.ip_network,
    is_bot: c.is_bot,
    is_old_browser: c.is_old_browser,
    is_old_os: c.is_old_os,
    isp: c.isp,
    lat: c.lat,
    long: c.long,
    manager_id: c.manager_id,
    manager_name: c.manager_name,
    monitoring_mode: c.monitoring_mode,
    offer: offer.name,
    offer_db_id: c.offer_db_id,
    offer_group_id: offer.incremental_id % 7 === 0 ? OFFER_GROUP : '',
    offer_id: c.offer_id,
    organization_id: c.organization_id,
    os_name: c.os_name,
    os_version: c.os_version,
    payout: cpc ? offer.default_payout.payout : 0,
    postal_code: c.postal_code,
    preview_url_enabled: offer.offer_preview_enabled ? 1 : 0,
    proxy_type: c.proxy_type,
    publisher: c.publisher,
    publisher_db_id: c.publisher_db_id,
    real_advertiser: c.real_advertiser,
    real_filter_group_id: c.real_filter_group_id,
    real_offer_id: c.real_offer_id,
    real_publisher: c.real_publisher,
    real_tx_id: c.real_tx_id,
    referer: c.referer,
    referer_categories: c.referer_categories,
    rejected_advanced_reason: c.rejected_advanced_reason,
    rejected_internal_reason: c.rejected_internal_reason,
    rejected_language: c.rejected_language,
    rejected_primary_reason: c.rejected_primary_reason,
    rejected_simple_reason: c.rejected_simple_reason,
    rejection_type: c.rejection_type,
    rejections: c.rejections,
    request_date: c.request_date,
    request_time: c.request_time,
    revenue: cpc ? offer.default_payout.revenue : 0,
    risk: c.risk,
    rtb_url_used: rng.chance(0.05) ? 1 : 0,
    rtt: c.rtt,
    score: c.score,
    server_region: c.server_region,
    smart_link_id: smartLink ? String(offer.incremental_id * 10) : '',
    smartlink_db_id: smartLink ? `${offer.id.slice(0, 16)}5a5a5a5a` : '',
    status: c.status,
    sub_id: c.sub_id,
    sub_id_2: c.sub_id_2,
    sub_id_3: c.sub_id_3,
    sub_id_4: c.sub_id_4,
    sub_id_5: c.sub_id_5,
    sub_id_6: c.sub_id_6,
    tags: c.tags,
    targeting_group_id: c.targeting_group_id,
    tx_id: c.tx_id,
    user_agent: c.user_agent,
    user_email: c.user_email,
    uuid: c.uuid,
  };
}

function impressionRow(e: Integr8RowEntry, organizationId: string): ImpressionRow {
  const rng = new Random(e.seed);
  const c = visitFields(e, rng, organizationId);
  const payout = e.offer.offer.default_payout;
  // CPM offers pay per thousand impressions; the row holds one impression's share.
  const cpm = payout.payout_type === 'CPM' && e.status === 'Approved';
  const site = rng.pick(SITES);
  return {
    advertiser: c.advertiser,
    advertiser_db_id: c.advertiser_db_id,
    advertiser_id: c.advertiser_id,
    asn: c.asn,
    blocked: c.blocked,
    browser_language: c.browser_language,
    browser_name: c.browser_name,
    browser_timezone: c.browser_timezone,
    browser_version: c.browser_version,
    bundle_id: c.bundle_id,
    city: c.city,
    click_ip: c.click_ip,
    country: c.country,
    device_id: c.device_id,
    device_type: c.device_type,
    'extra_params.keys': c['extra_params.keys'],
    'extra_params.values': c['extra_params.values'],
    filter_group_id: c.filter_group_id,
    fingerprint: c.fingerprint,
    integration_id: c.integration_id,
    integration_type: c.integration_type,
    invalid_sub_id: c.invalid_sub_id,
    ip_network: c.ip_network,
    is_bot: c.is_bot,
    is_old_browser: c.is_old_browser,
    is_old_os: c.is_old_os,
    isp: c.isp,
    lat: c.lat,
    long: c.long,
    manager_id: c.manager_id,
    manager_name: c.manager_name,
    monitoring_mode: c.monitoring_mode,
    offer_db_id: c.offer_db_id,
    offer_id: c.offer_id,
    organization_id: c.organization_id,
    os_name: c.os_name,
    os_version: c.os_version,
    payout: cpm ? Math.round(payout.payout * 10) / 10000 : 0,
    postal_code: c.postal_code,
    proxy_type: c.proxy_type,
    publisher: c.publisher,
    publisher_db_id: c.publisher_db_id,
    real_advertiser: c.real_advertiser,
    real_filter_group_id: c.real_filter_group_id,
    real_offer_id: c.real_offer_id,
    real_publisher: c.real_publisher,
    real_tx_id: c.real_tx_id,
    referer: c.referer,
    referer_categories: c.referer_categories,
    rejected_advanced_reason: c.rejected_advanced_reason,
    rejected_internal_reason: c.rejected_internal_reason,
    rejected_language: c.rejected_language,
    rejected_primary_reason: c.rejected_primary_reason,
    rejected_simple_reason: c.rejected_simple_reason,
    rejection_type: c.rejection_type,
    rejections: c.rejections,
    request_date: c.request_date,
    request_time: c.request_time,
    revenue: cpm ? Math.round(payout.revenue * 10) / 10000 : 0,
    risk: c.risk,
    rtt: c.rtt,
    score: c.score,
    server_region: c.server_region,
    site_url: site[0],
    site_url_categories: [...site[1]],
    status: c.status,
    sub_id: c.sub_id,
    sub_id_2: c.sub_id_2,
    sub_id_3: c.sub_id_3,
    sub_id_4: c.sub_id_4,
    sub_id_5: c.sub_id_5,
    sub_id_6: c.sub_id_6,
    tags: c.tags,
    targeting_group_id: c.targeting_group_id,
    tx_id: c.tx_id,
    user_agent: c.user_agent,
    user_email: c.user_email,
    uuid: c.uuid,
  };
}

function conversionRow(e: Integr8RowEntry, click: ClickRow): ConversionRow {
  const rng = new Random(e.seed);
  const { offer, advertiser, events, integration } = e.offer;
  const publisher = e.publisherSnapshot;
  const approved = e.status === 'Approved';
  const event = events.length > 0 && rng.chance(0.3) ? rng.pick(events) : undefined;
  const v = verdict(approved, rng);
  const iso = isoSeconds(e.time * 1000);
  const clickMs = Date.parse(click.request_time);
  const purchase = rng.money(10, 400);
  const config = event ?? offer.default_payout;
  const payout = config.payout + (purchase * config.payout_percent) / 100;
  const revenue = config.revenue + (purchase * config.revenue_percent) / 100;
  const sessionTime = rng.int(3, 1800);
  const installs = click.bundle_id !== '';
  const thirdParty = rng.chance(0.3);
  return {
    advertiser: e.advertiser,
    advertiser_db_id: advertiser.id,
    advertiser_name: advertiser.name,
    app_id: installs ? click.bundle_id : '',
    app_version: installs ? `${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}` : '',
    asn: click.asn,
    begin_install_time: installs ? isoSeconds(clickMs + Math.floor((e.time * 1000 - clickMs) / 3)) : null,
    browser_language: click.browser_language,
    browser_name: click.browser_name,
    browser_timezone: click.browser_timezone,
    browser_version: click.browser_version,
    city: click.city,
    click_ip: click.click_ip,
    click_time: click.request_time,
    // A conversion names its click by the click's tx_id, not by the click's real_tx_id.
    click_tx_id: click.tx_id,
    conversion_ip: rng.chance(0.8) ? click.click_ip : rng.ipv4(),
    conversion_time: iso,
    country: click.country,
    coupon_code: click.coupon_code,
    device_id: click.device_id,
    device_type: click.device_type,
    event_24metrics: event ? 'event' : 'conversion',
    event_db_id: event ? event.id : '',
    event_id: event ? events.indexOf(event) + 1 : 0,
    event_name: event ? event.name : offer.conversion_name,
    event_status: approved ? 1 : 0,
    external_transaction_id: rng.hex(20),
    'extra_params.keys': click['extra_params.keys'],
    'extra_params.values': click['extra_params.values'],
    filter_group_id: click.filter_group_id,
    fingerprint: click.fingerprint,
    finish_install_time: installs ? isoSeconds(clickMs + Math.floor((e.time * 1000 - clickMs) / 2)) : null,
    hash: rng.hex(40),
    integration_id: integration.id,
    integration_type: integration.type,
    invalid_sub_id: click.invalid_sub_id,
    ip_network: click.ip_network,
    is_bot: v.rejections.includes('bot') ? 1 : 0,
    is_click_spam: v.rejections.includes('click_spam') ? 1 : 0,
    is_low_session_time: sessionTime < 10 ? 1 : 0,
    is_old_browser: v.rejections.includes('old_browser') ? 1 : 0,
    is_old_os: click.is_old_os,
    isp: click.isp,
    lat: click.lat,
    long: click.long,
    manager_id: publisher.manager_id,
    manager_name: publisher.manager_name,
    network: integration.name,
    offer: offer.name,
    offer_db_id: offer.id,
    offer_group_id: click.offer_group_id,
    offer_id: e.offerId,
    offer_id_name: offer.name_with_id,
    organization_id: click.organization_id,
    os_name: click.os_name,
    os_version: click.os_version,
    payout: approved ? Math.round(payout * 100) / 100 : 0,
    postal_code: click.postal_code,
    proxy_type: v.rejections.includes('proxy') ? rng.pick(PROXY_TYPES) : '',
    publisher: e.publisher,
    publisher_db_id: publisher.id,
    publisher_name: publisher.name,
    purchase_value: purchase,
    real_advertiser: e.advertiser,
    real_filter_group_id: click.real_filter_group_id,
    real_offer_id: e.offerId,
    real_publisher: e.publisher,
    real_rejected_advanced_reason: v.advanced,
    real_rejected_simple_reason: v.simple,
    real_tx_id: e.txId,
    referer: click.referer,
    referer_categories: click.referer_categories,
    rejected: approved ? 0 : 1,
    rejected_advanced_reason: v.advanced,
    rejected_internal_reason: v.internal,
    rejected_language: v.language,
    rejected_simple_reason: v.simple,
    rejection_type: v.type,
    rejections: v.rejections,
    request_time: iso,
    revenue: approved ? Math.round(revenue * 100) / 100 : 0,
    risk: v.risk,
    rtt: rng.int(8, 400),
    score: v.score,
    server_ip: `10.${rng.int(0, 20)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    server_region: click.server_region,
    session_time: sessionTime,
    smart_link_id: click.smart_link_id,
    smartlink_db_id: click.smartlink_db_id,
    status: e.status,
    sub_id: click.sub_id,
    sub_id_2: click.sub_id_2,
    sub_id_3: click.sub_id_3,
    sub_id_4: click.sub_id_4,
    sub_id_5: click.sub_id_5,
    sub_id_6: click.sub_id_6,
    tags: click.tags,
    targeting_group_id: click.targeting_group_id,
    third_party_rejection_reason: thirdParty && !approved ? 'Advertiser rejected: invalid lead' : '',
    third_party_status: thirdParty ? (approved ? 'approved' : 'rejected') : '',
    tx_id: rng.hex(32),
    user_agent: click.user_agent,
    user_email: click.user_email || (rng.chance(0.4) ? rng.person().email : ''),
    uuid: click.uuid,
  };
}

/** Rejection reasons, risk and score for an approved or rejected row. */
function verdict(approved: boolean, rng: Random) {
  if (approved) {
    return {
      advanced: '',
      internal: '',
      language: '',
      primary: '',
      simple: '',
      type: '',
      rejections: [] as string[],
      risk: 'low',
      score: rng.int(0, 30),
    };
  }
  const reasons = rng.some(REJECTIONS, 2);
  if (reasons.length === 0) reasons.push(rng.pick(REJECTIONS));
  const main = reasons[0];
  return {
    advanced: main.advanced,
    internal: main.internal,
    language: 'en',
    primary: main.code,
    simple: main.simple,
    type: main.type,
    rejections: reasons.map((r) => r.code),
    risk: rng.chance(0.6) ? 'high' : 'medium',
    score: rng.int(60, 100),
  };
}

function isOldOs(device: Device): boolean {
  return device.platform === 'Windows' || device.platform === 'Android';
}

/** Newest first: time desc, then real_tx_id desc. */
function sortEntries(entries: Integr8RowEntry[]): Integr8RowEntry[] {
  return entries.sort((a, b) => b.time - a.time || (a.txId < b.txId ? 1 : a.txId > b.txId ? -1 : 0));
}

function managerFields(manager: User | undefined) {
  return {
    manager_email: manager?.email ?? '',
    manager_id: manager?.id ?? '',
    manager_name: manager ? `${manager.first_name} ${manager.last_name}` : '',
  };
}

/** The first index in [0, length) where `test` holds, for a test that is false then true. */
function firstIndex(length: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

function csvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Exactly `count` distinct elements (or all of them), in random order. */
function pickDistinct<T>(rng: Random, list: readonly T[], count: number): T[] {
  const copy = [...list];
  const out: T[] = [];
  while (out.length < count && copy.length > 0) out.push(copy.splice(rng.int(0, copy.length - 1), 1)[0]);
  return out;
}

// Bound once: under jest every global lookup is slow (see random.ts).
const floor = Math.floor;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
