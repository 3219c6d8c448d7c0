import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashString, unixSeconds } from '../random.js';
import { SimError, SimServer, queryValue, queryValues, type HandlerRequest, type Route, type SimRequest, type SimResponse } from '../server.js';
import {
  CURRENCIES,
  DOCUMENTED_EXPORT_TYPES,
  EXPORT_STATUSES,
  EXPORT_TYPES,
  PAYOUT_TYPES,
  PROMOTIONAL_METHODS,
  PUBLISHER_MANAGER_ACCESS,
  REPORT_STATUSES,
  REVENUE_TYPES,
  USER_ROLES,
  USER_STATUSES,
  VISIBILITIES,
  type Advertiser,
  type AdvertiserBody,
  type BulkDeleteBody,
  type BulkStatusBody,
  type ConversionRow,
  type DownloadExport,
  type ExportStatus,
  type ExportType,
  type LandingPage,
  type LandingPageBody,
  type ListEnvelope,
  type ListMeta,
  type Offer,
  type OfferBody,
  type OfferEvent,
  type OfferEventBody,
  type OptionalTime,
  type PageInfo,
  type PageLink,
  type PayoutConfig,
  type Publisher,
  type PublisherBody,
  type QueryFilter,
  type ReportRow,
  type User,
  type UserCreateBody,
  type UserUpdateBody,
} from './types.js';
import {
  EXPORT_TABLE,
  RETENTION_DAYS,
  exportCsv,
  finishExport,
  generateIntegr8Dataset,
  isoSeconds,
  newExport,
  queryFilter,
  selectEntries,
  type Integr8Dataset,
  type Integr8Table,
  type TrackedClick,
} from './data.js';

export { INTEGR8_INTEGRATION_IDS } from './data.js';
export type { Integr8Dataset, TrackedClick } from './data.js';

/**
 * Where the Integr8 document can be read two ways, the reading this simulator serves (see
 * src/simulators/README.md). Tests switch them per simulator; the gateway must work with each.
 * Request-side readings are built so that one careful client satisfies both (send both forms);
 * answer-side readings are what the gateway must parse either way.
 */
export interface Integr8Readings {
  /**
   * Where download-center create (`POST /integrations/:integrationID/download-center/{clicks,
   * conversions,impressions,postback-logs}`) reads `start_time`, `end_time`, `timezone`,
   * `delimiter`, `fields`, `extra_parameters` and the reporting `filter[...]`s. The document lists
   * them in the same table as the path parameter, as the report endpoints list their query
   * parameters, and shows no request body (its introduction says the API "accepts form-encoded
   * request bodies"):
   * - 'query': only the query string; a body is ignored, so parameters sent only in a body are
   *   missing (400 naming the first one).
   * - 'body': only a JSON body (`"filter[status]"` keys or a nested `filter` object); the query
   *   string is ignored.
   * Lists (`fields`, `extra_parameters`, typed "string" in the table) may be comma-separated, or in
   * the query repeated as `fields=a&fields=b`, `fields[]=a` or `fields[0]=a`, or in a body a JSON
   * array of strings.
   * @default 'query'
   */
  exportParams: 'query' | 'body';
  /**
   * The case of export statuses. The documented enum (`filter[status]` of the export list) is
   * upper case, `UNKNOWN PENDING IN_PROGRESS ERROR CANCELED`, and names no finished state:
   * - 'upper': statuses are written `PENDING`, `IN_PROGRESS`, `DONE`, ...; `filter[status]` takes
   *   exactly those (a lower-case value is a 400, as a strict enum check answers).
   * - 'lower': statuses are written `pending`, `in_progress`, `done`, ...; `filter[status]` takes
   *   any case.
   * @default 'upper'
   */
  exportStatusCase: 'upper' | 'lower';
  /**
   * The answer of download-center create. integr8-api.txt shows the export object itself (not
   * wrapped in `data`, unlike get-by-id); vendor-docs/README.md says "a create `{created_item_id}`":
   * - 'object': the export object, bare.
   * - 'data': `{data: export}`, as `GET /download-center/exports/:exportID` answers.
   * - 'created_item_id': `{created_item_id: "<export id>"}`, as the other creates answer.
   * @default 'object'
   */
  exportCreateAnswer: 'object' | 'data' | 'created_item_id';
  /**
   * `filter[type]` of `GET /download-center/exports`. Its enum names `conversion_logs` and
   * `click_logs` only, though impressions and postback logs can be exported too:
   * - 'all': `click_logs`, `conversion_logs`, `impression_logs`, `postback_logs`.
   * - 'documented': only the two documented values; the others are a 400.
   * Any other value is a 400 in both.
   * @default 'all'
   */
  exportTypeFilter: 'all' | 'documented';
  /**
   * The time range of the report tables. Their parameter tables require `start_time` / `end_time`
   * ("format: 2006-01-02 15:04:05"); the pagination prose's example requests use
   * `start_date=2025-02-01&end_date=2025-02-27`:
   * - 'time': `start_time` / `end_time` as the tables say; `start_date` / `end_date` are ignored.
   * - 'date': `start_date` / `end_date` (`YYYY-MM-DD`, whole days, both inclusive, in `timezone`)
   *   as the example shows; `start_time` / `end_time` are ignored.
   * @default 'time'
   */
  reportRange: 'time' | 'date';
  /**
   * `data.count` of a report answer: typed a number in the tables' example, never explained,
   * and absent from the pagination prose's examples:
   * - 'total': the number of rows the query matches, all pages together.
   * - 'page': the number of rows in this page.
   * - 'absent': no `count` field.
   * @default 'total'
   */
  reportCount: 'total' | 'page' | 'absent';
  /**
   * `data.pageInfo.hasPreviousPage` / `hasNextPage` of a report answer ("shows you if there is a
   * previous / next page"); the prose's own first page says `hasPreviousPage: true`:
   * - 'exact': each flag says whether rows exist on that side of the page.
   * - 'relay': as Relay servers may answer: paging forward (no cursor or `page[after]`),
   *   `hasPreviousPage` is false; paging back (`page[before]`), `hasNextPage` is false.
   * @default 'exact'
   */
  reportPageInfo: 'exact' | 'relay';
  /**
   * A `page[size]` above 100 on lists and reports ("The API max limit is 100"):
   * - 'reject': a 400 naming `page[size]`.
   * - 'clamp': served as 100 (list `meta` and `meta.links` say 100).
   * @default 'reject'
   */
  pageSizeLimit: 'reject' | 'clamp';
  /**
   * `meta.links.next` on the last page and `meta.links.prev` on the first. The document only
   * shows both links as objects:
   * - 'null': null.
   * - 'zero': an object of zero values (`page[number]` 0, `page[size]` 0, cursors ''), as a Go
   *   server writes a link struct it never filled.
   * @default 'null'
   */
  missingPageLink: 'null' | 'zero';
  /**
   * A date-time field with no value (a user's `last_login_at` before the first login; a
   * conversion's `begin_install_time` / `finish_install_time` without an install). The document
   * types them `string` (`"2019-08-24T14:15:22Z"`) and shows no empty case:
   * - 'null': null.
   * - 'empty': ''.
   * - 'zero': `0001-01-01T00:00:00Z`, Go's zero time.
   * (The CSV of an export always writes an empty cell.)
   * @default 'null'
   */
  unsetTime: 'null' | 'empty' | 'zero';
  /**
   * What a PATCH of an offer, offer event, landing page, publisher or advertiser does with the
   * fields it leaves out. The document gives each PATCH the create table, required fields
   * included (`name`; `advertiser_id` for offers; `redirect_url` for landing pages), and those are
   * enforced (400) under both readings; the user PATCH takes "the fields to update" and always merges.
   * - 'merge': only the fields sent change (nested `default_payout` fields too).
   * - 'replace': the body replaces the writable fields; those left out return to what a create
   *   gives them (`default_payout` included, no manager for a publisher or advertiser).
   * @default 'merge'
   */
  patchSemantics: 'merge' | 'replace';
  /**
   * The status of a write naming an id in its body that does not exist: an id in `data` of a bulk
   * status or bulk delete call (offers count only within the path's integration), an offer's
   * `advertiser_id`, a publisher's or advertiser's `manager_id`. The document offers 404 "The
   * requested resource doesn't exist" and 402 "The parameters were valid but the request failed":
   * - 'not-found': 404.
   * - 'request-failed': 402.
   * Either way a bulk call with an unknown id changes nothing.
   * @default 'not-found'
   */
  unknownReference: 'not-found' | 'request-failed';
  /**
   * The body of an error answer (any 4xx and 5xx). The document lists the status codes with a
   * summary and a description, and shows no error body at all:
   * - 'error': `{"error": "<message>"}`.
   * - 'jsonapi': `{"errors": [{"status": "402", "title": "Request Failed", "detail": "<message>"}]}`,
   *   the JSON:API error object the `page[...]` / `filter[...]` / `meta` conventions suggest; the
   *   title is the document's summary for the code.
   * @default 'error'
   */
  errorBody: 'error' | 'jsonapi';
}

/** The readings served when a test names none. */
export const INTEGR8_DEFAULT_READINGS: Readonly<Integr8Readings> = Object.freeze({
  exportParams: 'query',
  exportStatusCase: 'upper',
  exportCreateAnswer: 'object',
  exportTypeFilter: 'all',
  reportRange: 'time',
  reportCount: 'total',
  reportPageInfo: 'exact',
  pageSizeLimit: 'reject',
  missingPageLink: 'null',
  unsetTime: 'null',
  patchSemantics: 'merge',
  unknownReference: 'not-found',
  errorBody: 'error',
});

/** Every value each reading can take. */
export const INTEGR8_READING_VALUES: { [K in keyof Integr8Readings]: readonly Integr8Readings[K][] } = {
  exportParams: ['query', 'body'],
  exportStatusCase: ['upper', 'lower'],
  exportCreateAnswer: ['object', 'data', 'created_item_id'],
  exportTypeFilter: ['all', 'documented'],
  reportRange: ['time', 'date'],
  reportCount: ['total', 'page', 'absent'],
  reportPageInfo: ['exact', 'relay'],
  pageSizeLimit: ['reject', 'clamp'],
  missingPageLink: ['null', 'zero'],
  unsetTime: ['null', 'empty', 'zero'],
  patchSemantics: ['merge', 'replace'],
  unknownReference: ['not-found', 'request-failed'],
  errorBody: ['error', 'jsonapi'],
};

/** Options of the Integr8 simulator, validated at construction. */
export interface Integr8SimulatorOptions {
  /** The readings to serve (changeable later through `readings`). @default INTEGR8_DEFAULT_READINGS */
  readings?: Partial<Integr8Readings>;
  /** Accepted `API-KEY` values; each key is a tenant with its own dataset (seed = hashString(key)). */
  keys: string[];
  /** The instant datasets are relative to (ms); the simulator clock starts there and runs in real time. @default Date.now() */
  now?: number;
  /** Lifetime of the URLs `GET /download-center/signed-url` hands out. @default 900 */
  signedUrlTtlSeconds?: number;
  /**
   * The clicks of the tracking platforms a tenant's integrations score (by key), read when the
   * tenant's dataset is generated; Integr8 scores a share of them (see generateIntegr8Dataset).
   * @default none: no tracked rows
   */
  trackedClicks?: (key: string) => readonly TrackedClick[];
}

/** The Integr8 (24metrics) API v2 simulator: one dataset per API key, paths under `/api/v2`. */
export class Integr8Simulator extends SimServer<Integr8Dataset> {
  /** The readings served now; tests may change them between requests. */
  readonly readings: Integr8Readings;
  private readonly state: State;

  constructor(options: Integr8SimulatorOptions) {
    // One object, shared with the handlers: a test that changes a reading changes what they serve.
    const readings = getValidReadings(options.readings);
    const state = new State(options, readings);
    super({
      vendor: 'integr8',
      authenticate: (headers) => state.authenticate(headers),
      routes: routes(state),
      errorBody: (status, message) => errorBody(readings, status, message),
    });
    this.state = state;
    this.readings = readings;
    state.baseUrl = () => this.url;
  }

  /** The dataset of a tenant, generated on first use; throws for a key the simulator does not accept. */
  dataset(key: string): Integr8Dataset {
    return this.state.dataset(key);
  }

  /** The simulator clock (ms): `now` plus the real time elapsed since construction. */
  clock(): number {
    return this.state.clock();
  }

  /** Sets where tenants' tracked clicks come from (as the `trackedClicks` option); only datasets generated later see them. */
  trackClicks(source: (key: string) => readonly TrackedClick[]): void {
    this.state.trackedClicks = source;
  }
}

/** Creates an Integr8 simulator; call `start()` to listen. */
export function createIntegr8Simulator(options: Integr8SimulatorOptions): Integr8Simulator {
  return new Integr8Simulator(options);
}

/** The API's request paths (under `/api/v2`), in one table to check against the vendor's OpenAPI file. */
export const INTEGR8_PATHS = {
  users: '/api/v2/organization/users',
  user: '/api/v2/organization/users/:userID',
  offers: '/api/v2/integrations/:integrationID/offers',
  offersStatus: '/api/v2/integrations/:integrationID/offers/status',
  offer: '/api/v2/integrations/:integrationID/offers/:offerID',
  events: '/api/v2/integrations/:integrationID/offers/:offerID/events',
  event: '/api/v2/integrations/:integrationID/offers/:offerID/events/:offerEventID',
  landingPages: '/api/v2/integrations/:integrationID/offers/:offerID/landing-pages',
  landingPage: '/api/v2/integrations/:integrationID/offers/:offerID/landing-pages/:offerLandingPageID',
  publishers: '/api/v2/publishers',
  publishersStatus: '/api/v2/publishers/status',
  publisher: '/api/v2/publishers/:publisherID',
  advertisers: '/api/v2/advertisers',
  advertisersStatus: '/api/v2/advertisers/status',
  advertiser: '/api/v2/advertisers/:advertiserID',
  clickTable: '/api/v2/reports/v2/click-table',
  conversionTable: '/api/v2/reports/v2/conversion-table',
  impressionTable: '/api/v2/reports/v2/impression-table',
  createExport: '/api/v2/integrations/:integrationID/download-center/:kind',
  exports: '/api/v2/download-center/exports',
  export: '/api/v2/download-center/exports/:exportID',
  signedUrl: '/api/v2/download-center/signed-url',
  /** Not part of the API: where signed URLs point (checked by signature, not API-KEY). */
  file: '/files/exports/:file',
} as const;

// Private:

type Req = HandlerRequest<Integr8Dataset>;

function getValidReadings(readings: Partial<Integr8Readings> | undefined): Integr8Readings {
  const chosen: Integr8Readings = { ...INTEGR8_DEFAULT_READINGS, ...readings };
  for (const name of Object.keys(chosen) as (keyof Integr8Readings)[]) {
    const values = INTEGR8_READING_VALUES[name] as readonly string[] | undefined;
    if (!values)
      throw new TypeError(`createIntegr8Simulator: readings.${name} is not a reading (known: ${Object.keys(INTEGR8_READING_VALUES).join(', ')})`);
    if (!values.includes(chosen[name])) {
      throw new TypeError(`createIntegr8Simulator: readings.${name} must be one of ${values.join(', ')}, got ${JSON.stringify(chosen[name])}`);
    }
  }
  return chosen;
}

/** The document's summary of each status code, used as the JSON:API error title. */
const STATUS_SUMMARIES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Request Failed',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
};

function errorBody(readings: Integr8Readings, status: number, message: string): unknown {
  if (readings.errorBody === 'jsonapi') {
    return { errors: [{ status: String(status), title: STATUS_SUMMARIES[status] ?? (status >= 500 ? 'Server Errors' : 'Error'), detail: message }] };
  }
  return { error: message };
}

// SimServer authenticates before routing and only sees headers, so a request without a key
// gets this stand-in tenant: the signed file route accepts it, every API route answers 401.
const ANONYMOUS = Object.freeze({}) as Integr8Dataset;

/** Tenants, the clock, the URL-signing secret and the readings. */
class State {
  private readonly datasets = new Map<string, Integr8Dataset>();
  private readonly keys: Set<string>;
  private readonly now: number;
  private readonly startedAt = Date.now();
  private readonly secret = randomBytes(32);
  readonly ttlSeconds: number;
  baseUrl: () => string = () => '';
  trackedClicks: (key: string) => readonly TrackedClick[];

  constructor(
    options: Integr8SimulatorOptions,
    readonly readings: Integr8Readings,
  ) {
    this.keys = new Set(options.keys);
    this.now = options.now ?? Date.now();
    this.ttlSeconds = options.signedUrlTtlSeconds ?? 900;
    this.trackedClicks = options.trackedClicks ?? (() => []);
  }

  authenticate(headers: Record<string, string>): Integr8Dataset | null {
    const key = headers['api-key'];
    if (key === undefined) return ANONYMOUS;
    return this.keys.has(key) ? this.dataset(key) : null;
  }

  dataset(key: string): Integr8Dataset {
    if (!this.keys.has(key)) throw new Error(`Integr8 simulator: '${key}' is not one of the configured keys`);
    let dataset = this.datasets.get(key);
    if (!dataset) {
      dataset = generateIntegr8Dataset(hashString(key), this.now, this.trackedClicks(key));
      this.datasets.set(key, dataset);
    }
    return dataset;
  }

  /** Datasets generated so far (a signed URL can only name an export of one of them). */
  generated(): Integr8Dataset[] {
    return [...this.datasets.values()];
  }

  clock(): number {
    return this.now + (Date.now() - this.startedAt);
  }

  sign(dataset: Integr8Dataset, artifact: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${dataset.organizationId}\n${artifact}\n${expires}`).digest('hex');
  }

  /** The status of a write naming an unknown id in its body (see `Integr8Readings.unknownReference`). */
  unknownStatus(): number {
    return this.readings.unknownReference === 'request-failed' ? 402 : 404;
  }
}

// Writing stored objects the way the readings say.

const ZERO_TIME = '0001-01-01T00:00:00Z';

function unset(readings: Integr8Readings, value: OptionalTime): OptionalTime {
  if (value !== null) return value;
  return readings.unsetTime === 'empty' ? '' : readings.unsetTime === 'zero' ? ZERO_TIME : null;
}

function presentUser(readings: Integr8Readings, user: User): User {
  return user.last_login_at === null && readings.unsetTime !== 'null' ? { ...user, last_login_at: unset(readings, null) } : user;
}

function presentExport(readings: Integr8Readings, exp: DownloadExport): DownloadExport {
  return readings.exportStatusCase === 'lower' ? { ...exp, status: exp.status.toLowerCase() as ExportStatus } : exp;
}

function presentRow<R extends ReportRow>(readings: Integr8Readings, row: R): R {
  if (readings.unsetTime === 'null' || !('begin_install_time' in row)) return row;
  const conversion = row as ConversionRow;
  return {
    ...conversion,
    begin_install_time: unset(readings, conversion.begin_install_time),
    finish_install_time: unset(readings, conversion.finish_install_time),
  } as R;
}

function routes(state: State): Route<Integr8Dataset>[] {
  const P = INTEGR8_PATHS;
  const readings = state.readings;
  const api = (method: Route<Integr8Dataset>['method'], path: string, handler: (req: Req) => SimResponse): Route<Integr8Dataset> => ({
    method,
    path,
    handler: (req) => {
      if (req.tenant === ANONYMOUS) throw new SimError(401, 'Unauthorized: missing API-KEY header');
      return handler(req);
    },
  });
  const now = () => isoSeconds(state.clock());
  const ok = (body: unknown = {}): SimResponse => ({ body });
  const lists = () => ({ clamp: readings.pageSizeLimit === 'clamp', zeroLinks: readings.missingPageLink === 'zero' });

  return [
    // Organization users
    api('GET', P.users, (req) => {
      const page = list(req.tenant.users, req.query, USER_FIELDS, lists());
      return ok({ ...page, data: page.data.map((u) => presentUser(readings, u)) });
    }),
    api('POST', P.users, (req) => {
      const ds = req.tenant;
      const input = readBody<UserCreateBody>(req.body, USER_CREATE_BODY, ['email', 'password', 'role']);
      emailUnused(ds, input.email, undefined);
      const user: User = {
        api_access_enabled: false,
        city: input.city ?? '',
        country: input.country ?? '',
        created_at: now(),
        email: input.email,
        first_name: input.first_name ?? '',
        id: ds.random.hex(24),
        is_advertiser_manager: false,
        is_publisher_manager: false,
        last_login_at: null,
        last_name: input.last_name ?? '',
        phone: input.phone ?? '',
        publisher_manager_access: 'Global',
        role: input.role,
        status: 'Active',
        timezone: input.timezone ?? 'UTC',
        updated_at: now(),
      };
      ds.users.push(user);
      return ok({ created_item_id: user.id });
    }),
    api('GET', P.user, (req) => ok({ data: presentUser(readings, find(req.tenant.users, req.params.userID, 'User')) })),
    api('PATCH', P.user, (req) => {
      const user = find(req.tenant.users, req.params.userID, 'User');
      // "The fields to update": every field optional, and only those sent change.
      const { password: _password, ...changes } = readBody<UserUpdateBody>(req.body, USER_UPDATE_BODY, []);
      if (changes.email !== undefined) emailUnused(req.tenant, changes.email, user);
      Object.assign(user, changes, { updated_at: now() });
      return ok();
    }),

    // Offers of an integration
    api('GET', P.offers, (req) => ok(list(offersOf(req.tenant, req.params.integrationID), req.query, OFFER_FIELDS, lists()))),
    api('POST', P.offers, (req) => {
      const ds = req.tenant;
      const integrationId = integration(ds, req.params.integrationID);
      const input = readBody<OfferBody>(req.body, OFFER_BODY, ['name', 'advertiser_id']);
      advertiserByIncrementalId(state, ds, input.advertiser_id);
      const incremental = ++ds.counters.offers;
      const offer: Offer = {
        ...offerFields(input, undefined),
        archived: false,
        created_at: now(),
        id: ds.random.hex(24),
        incremental_id: incremental,
        name_with_id: `${input.name} [${incremental}]`,
        updated_at: now(),
      };
      ds.offers.push(offer);
      ds.offerIntegration.set(offer.id, integrationId);
      ds.events.set(offer.id, []);
      ds.landingPages.set(offer.id, []);
      return ok({ created_item_id: offer.id });
    }),
    api('PATCH', P.offersStatus, (req) => {
      const input = readBody<BulkStatusBody>(req.body, BULK_STATUS_BODY, ['active', 'data']);
      const offers = findAll(state, offersOf(req.tenant, req.params.integrationID), input.data, 'Offer');
      for (const offer of offers) Object.assign(offer, { active: input.active, updated_at: now() });
      return ok();
    }),
    api('DELETE', P.offers, (req) => {
      const ds = req.tenant;
      const input = readBody<BulkDeleteBody>(req.body, BULK_DELETE_BODY, ['data']);
      const offers = new Set(findAll(state, offersOf(ds, req.params.integrationID), input.data, 'Offer'));
      ds.offers = ds.offers.filter((o) => !offers.has(o));
      for (const offer of offers) {
        ds.offerIntegration.delete(offer.id);
        ds.events.delete(offer.id);
        ds.landingPages.delete(offer.id);
      }
      return ok();
    }),
    api('GET', P.offer, (req) => ok({ data: offerIn(req) })),
    api('PATCH', P.offer, (req) => {
      const offer = offerIn(req);
      const input = readBody<OfferBody>(req.body, OFFER_BODY, ['name', 'advertiser_id']);
      advertiserByIncrementalId(state, req.tenant, input.advertiser_id);
      Object.assign(offer, offerFields(input, readings.patchSemantics === 'merge' ? offer : undefined), {
        name_with_id: `${input.name} [${offer.incremental_id}]`,
        updated_at: now(),
      });
      return ok();
    }),

    // Offer events
    api('GET', P.events, (req) => ok(list(eventsOf(req), req.query, EVENT_FIELDS, lists()))),
    api('POST', P.events, (req) => {
      const offer = offerIn(req);
      const input = readBody<OfferEventBody>(req.body, EVENT_BODY, ['name']);
      const event: OfferEvent = { ...EVENT_DEFAULTS, ...input, archived: false, currency: offer.currency, id: req.tenant.random.hex(24) };
      eventsOf(req).push(event);
      touch(offer, now());
      return ok({ created_item_id: event.id });
    }),
    api('GET', P.event, (req) => ok({ data: find(eventsOf(req), req.params.offerEventID, 'Offer event') })),
    api('PATCH', P.event, (req) => {
      const event = find(eventsOf(req), req.params.offerEventID, 'Offer event');
      const input = readBody<OfferEventBody>(req.body, EVENT_BODY, ['name']);
      Object.assign(event, readings.patchSemantics === 'merge' ? input : { ...EVENT_DEFAULTS, ...input });
      touch(offerIn(req), now());
      return ok();
    }),

    // Offer landing pages
    api('GET', P.landingPages, (req) => ok(list(landingPagesOf(req), req.query, LANDING_PAGE_FIELDS, lists()))),
    api('POST', P.landingPages, (req) => {
      const offer = offerIn(req);
      const input = readBody<LandingPageBody>(req.body, LANDING_PAGE_BODY, ['name', 'redirect_url']);
      const page: LandingPage = { ...LANDING_PAGE_DEFAULTS, ...input, archived: false, id: req.tenant.random.hex(24) };
      landingPagesOf(req).push(page);
      touch(offer, now());
      return ok({ created_item_id: page.id });
    }),
    api('GET', P.landingPage, (req) => ok({ data: find(landingPagesOf(req), req.params.offerLandingPageID, 'Offer landing page') })),
    api('PATCH', P.landingPage, (req) => {
      const page = find(landingPagesOf(req), req.params.offerLandingPageID, 'Offer landing page');
      const input = readBody<LandingPageBody>(req.body, LANDING_PAGE_BODY, ['name', 'redirect_url']);
      Object.assign(page, readings.patchSemantics === 'merge' ? input : { ...LANDING_PAGE_DEFAULTS, ...input });
      touch(offerIn(req), now());
      return ok();
    }),

    // Publishers and advertisers
    ...partnerRoutes<Publisher, PublisherBody>(api, state, now, lists, {
      paths: { list: P.publishers, status: P.publishersStatus, one: P.publisher, param: 'publisherID' },
      label: 'Publisher',
      fields: PUBLISHER_FIELDS,
      body: PUBLISHER_BODY,
      defaults: PUBLISHER_DEFAULTS,
      collection: (ds) => ds.publishers,
      replace: (ds, items) => (ds.publishers = items),
      counter: 'publishers',
      create: (input, base) => ({ ...PUBLISHER_DEFAULTS, ...input, ...base, pending: false }),
    }),
    ...partnerRoutes<Advertiser, AdvertiserBody>(api, state, now, lists, {
      paths: { list: P.advertisers, status: P.advertisersStatus, one: P.advertiser, param: 'advertiserID' },
      label: 'Advertiser',
      fields: ADVERTISER_FIELDS,
      body: ADVERTISER_BODY,
      defaults: ADVERTISER_DEFAULTS,
      collection: (ds) => ds.advertisers,
      replace: (ds, items) => (ds.advertisers = items),
      counter: 'advertisers',
      create: (input, base) => ({ ...ADVERTISER_DEFAULTS, ...input, ...base }),
    }),

    // Reports
    api('GET', P.clickTable, (req) => ok(report(readings, req, 'clicks'))),
    api('GET', P.conversionTable, (req) => ok(report(readings, req, 'conversions'))),
    api('GET', P.impressionTable, (req) => ok(report(readings, req, 'impressions'))),

    // Download center
    api('POST', P.createExport, (req) => {
      const exp = presentExport(readings, createExport(state, req));
      const answer = readings.exportCreateAnswer;
      return ok(answer === 'data' ? { data: exp } : answer === 'created_item_id' ? { created_item_id: exp.id } : exp);
    }),
    api('GET', P.exports, (req) => {
      refreshExports(state, req.tenant);
      const page = list(req.tenant.exports, exportListQuery(readings, req.query), EXPORT_FIELDS, lists());
      return ok({ ...page, data: page.data.map((e) => presentExport(readings, e)) });
    }),
    api('GET', P.export, (req) => {
      refreshExports(state, req.tenant);
      return ok({ data: presentExport(readings, find(req.tenant.exports, req.params.exportID, 'Export')) });
    }),
    api('GET', P.signedUrl, (req) => {
      const ds = req.tenant;
      refreshExports(state, ds);
      const name = queryValue(req.query, 'artifact_name');
      if (!name) throw new SimError(400, 'artifact_name is required');
      if (!ds.exports.some((e) => e.status === 'DONE' && e.artifact.name === name)) throw new SimError(404, `Artifact '${name}' not found`);
      const expires = unixSeconds(state.clock()) + state.ttlSeconds;
      const path = name.split('/').map(encodeURIComponent).join('/');
      return ok({ url: `${state.baseUrl()}/files/${path}?signature=${state.sign(ds, name, expires)}&expires=${expires}` });
    }),
    { method: 'GET', path: P.file, handler: (req) => downloadFile(state, req) },
  ];
}

/** A 402 when another user has the email: the parameters are valid, the request fails. */
function emailUnused(ds: Integr8Dataset, email: string, self: User | undefined): void {
  const other = ds.users.find((u) => u !== self && u.email.toLowerCase() === email.toLowerCase());
  if (other) throw new SimError(402, `email: '${email}' is already used by another user`);
}

/**
 * An offer's writable fields from a body: merged onto `current` (PATCH, 'merge'), or onto what a
 * create gives (POST, and PATCH under 'replace').
 */
function offerFields(input: OfferBody, current: Offer | undefined) {
  const { default_payout: payout, ...fields } = input;
  const base = current ?? OFFER_DEFAULTS;
  const payoutBase = current?.default_payout ?? PAYOUT_DEFAULTS;
  return { ...pick(base, OFFER_WRITABLE), ...fields, default_payout: { ...payoutBase, ...payout } };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = source[key];
  return out;
}

/** Routes of publishers and advertisers, which differ only in shape. */
function partnerRoutes<T extends Publisher | Advertiser, Body extends { name: string; manager_id?: string }>(
  api: (method: Route<Integr8Dataset>['method'], path: string, handler: (req: Req) => SimResponse) => Route<Integr8Dataset>,
  state: State,
  now: () => string,
  lists: () => ListOptions,
  spec: {
    paths: { list: string; status: string; one: string; param: string };
    label: string;
    fields: FieldSchema;
    body: BodySpec;
    /** What a create gives the fields a body leaves out. */
    defaults: Partial<T>;
    collection: (ds: Integr8Dataset) => T[];
    replace: (ds: Integr8Dataset, items: T[]) => void;
    counter: 'publishers' | 'advertisers';
    create: (input: Body, base: PartnerBase) => T;
  },
): Route<Integr8Dataset>[] {
  return [
    api('GET', spec.paths.list, (req) => ({ body: list(spec.collection(req.tenant), req.query, spec.fields, lists()) })),
    api('POST', spec.paths.list, (req) => {
      const ds = req.tenant;
      const input = readBody<Body>(req.body, spec.body, ['name']);
      const manager = managerOf(state, ds, input.manager_id);
      const incremental = ++ds.counters[spec.counter];
      const item = spec.create(input, {
        ...manager,
        archived: false,
        created_at: now(),
        id: ds.random.hex(24),
        incremental_id: incremental,
        name_with_id: `${input.name} [${incremental}]`,
        updated_at: now(),
      });
      spec.collection(ds).push(item);
      return { body: { created_item_id: item.id } };
    }),
    api('PATCH', spec.paths.status, (req) => {
      const input = readBody<BulkStatusBody>(req.body, BULK_STATUS_BODY, ['active', 'data']);
      for (const item of findAll(state, spec.collection(req.tenant), input.data, spec.label))
        Object.assign(item, { active: input.active, updated_at: now() });
      return { body: {} };
    }),
    api('DELETE', spec.paths.list, (req) => {
      const input = readBody<BulkDeleteBody>(req.body, BULK_DELETE_BODY, ['data']);
      const doomed = new Set(findAll(state, spec.collection(req.tenant), input.data, spec.label));
      spec.replace(
        req.tenant,
        spec.collection(req.tenant).filter((item) => !doomed.has(item)),
      );
      return { body: {} };
    }),
    api('GET', spec.paths.one, (req) => ({ body: { data: find(spec.collection(req.tenant), req.params[spec.paths.param], spec.label) } })),
    api('PATCH', spec.paths.one, (req) => {
      const ds = req.tenant;
      const item = find(spec.collection(ds), req.params[spec.paths.param], spec.label);
      const input = readBody<Body>(req.body, spec.body, ['name']);
      const merge = state.readings.patchSemantics === 'merge';
      // Merge: a manager changes only when manager_id is sent. Replace: left out means none.
      const manager = merge && input.manager_id === undefined ? {} : managerOf(state, ds, input.manager_id);
      Object.assign(item, merge ? {} : spec.defaults, input, manager, { name_with_id: `${input.name} [${item.incremental_id}]`, updated_at: now() });
      return { body: {} };
    }),
  ];
}

interface PartnerBase {
  archived: boolean;
  created_at: string;
  id: string;
  incremental_id: number;
  manager_email: string;
  manager_id: string;
  manager_name: string;
  name_with_id: string;
  updated_at: string;
}

/** The manager_* fields for a user id; '' (or absent) means no manager. */
function managerOf(state: State, ds: Integr8Dataset, id: string | undefined) {
  if (!id) return { manager_email: '', manager_id: '', manager_name: '' };
  const user = ds.users.find((u) => u.id === id);
  if (!user) throw new SimError(state.unknownStatus(), `manager_id: no organization user '${id}'`);
  return { manager_email: user.email, manager_id: user.id, manager_name: `${user.first_name} ${user.last_name}`.trim() };
}

function integration(ds: Integr8Dataset, id: string): string {
  if (!ds.integrations.some((i) => i.id === id)) throw new SimError(404, `Integration '${id}' not found`);
  return id;
}

function offersOf(ds: Integr8Dataset, integrationId: string): Offer[] {
  integration(ds, integrationId);
  return ds.offers.filter((o) => ds.offerIntegration.get(o.id) === integrationId);
}

function offerIn(req: Req): Offer {
  return find(offersOf(req.tenant, req.params.integrationID), req.params.offerID, 'Offer');
}

function eventsOf(req: Req): OfferEvent[] {
  return req.tenant.events.get(offerIn(req).id) as OfferEvent[];
}

function landingPagesOf(req: Req): LandingPage[] {
  return req.tenant.landingPages.get(offerIn(req).id) as LandingPage[];
}

function advertiserByIncrementalId(state: State, ds: Integr8Dataset, id: number): Advertiser {
  const advertiser = ds.advertisers.find((a) => a.incremental_id === id);
  if (!advertiser) throw new SimError(state.unknownStatus(), `advertiser_id: no advertiser with incremental_id ${id}`);
  return advertiser;
}

/** Events and landing pages carry no timestamps: writing one counts as an update of its offer. */
function touch(offer: Offer, at: string): void {
  offer.updated_at = at;
}

function find<T extends { id: string }>(items: T[], id: string, label: string): T {
  const item = items.find((i) => i.id === id);
  if (!item) throw new SimError(404, `${label} '${id}' not found`);
  return item;
}

/** Every item of a bulk call, or an error naming the first unknown id (so nothing changes). */
function findAll<T extends { id: string }>(state: State, items: T[], ids: string[], label: string): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing !== undefined) throw new SimError(state.unknownStatus(), `${label} '${missing}' not found`);
  return ids.map((id) => byId.get(id) as T);
}

// Lists: filter[field][op], sort, page[number] / page[size].

/** Which fields a collection can be filtered and sorted on: `true` for a leaf, '*' for any key of a map. */
type FieldSchema = { [key: string]: FieldSchema | true };
/** A schema that names every field of T (the compiler checks none is missing). */
type SchemaOf<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends readonly unknown[]
    ? true
    : NonNullable<T[K]> extends object
      ? SchemaOf<NonNullable<T[K]>> | true
      : true;
};

/** How list answers are shaped by the readings. */
interface ListOptions {
  /** `page[size]` above 100 is served as 100 instead of a 400. */
  clamp: boolean;
  /** A missing `meta.links` entry is a zero-valued link instead of null. */
  zeroLinks: boolean;
}

const OPS = ['eq', 'ne', 'in', 'like', 'gt', 'lt', 'gte', 'lte'] as const;
type Op = (typeof OPS)[number];
const MAX_PAGE_SIZE = 100;

function list<T extends object>(items: T[], query: SimRequest['query'], schema: FieldSchema, options: ListOptions): ListEnvelope<T> {
  const number = intParam(query, 'page[number]', 1, 1, Number.MAX_SAFE_INTEGER);
  const size = pageSize(query, 20, options.clamp);
  let out = items;
  for (const [key, op, values] of parseFilters(query)) {
    const path = resolveField(schema, key);
    if (!path) throw new SimError(400, `filter[${key}]: unknown field '${key}'`);
    if (!(OPS as readonly string[]).includes(op))
      throw new SimError(400, `filter[${key}][${op}]: unknown operator '${op}' (use one of ${OPS.join(', ')})`);
    const label = op === 'eq' ? `filter[${key}]` : `filter[${key}][${op}]`;
    for (const value of values) out = out.filter((item) => matches(getPath(item, path), op as Op, value, label));
  }
  const sort = queryValue(query, 'sort');
  if (sort) {
    const keys = sort.split(',').map((raw) => {
      const field = raw.trim().replace(/^[-+]/, '');
      const path = resolveField(schema, field);
      if (!path) throw new SimError(400, `sort: unknown field '${field}'`);
      return { path, descending: raw.trim().startsWith('-') };
    });
    // Array sort is stable, so ties keep the default order.
    out = [...out].sort((a, b) => {
      for (const { path, descending } of keys) {
        const c = compareValues(getPath(a, path), getPath(b, path));
        if (c !== 0) return descending ? -c : c;
      }
      return 0;
    });
  }
  const total = out.length;
  const totalPages = Math.ceil(total / size);
  const link = (page: number): PageLink => ({ 'page[after]': '', 'page[before]': '', 'page[number]': page, 'page[size]': size });
  const none = options.zeroLinks ? { 'page[after]': '', 'page[before]': '', 'page[number]': 0, 'page[size]': 0 } : null;
  const meta: ListMeta = {
    links: { next: number < totalPages ? link(number + 1) : none, prev: number > 1 ? link(Math.min(number - 1, Math.max(totalPages, 1))) : none },
    total_count: total,
    total_page: totalPages,
  };
  return { data: out.slice((number - 1) * size, number * size), meta };
}

/** `filter[field][op]=v` and `filter[field]=v` (op eq) query parameters: [field, op, values]. */
function parseFilters(query: SimRequest['query']): [string, string, string[]][] {
  const out: [string, string, string[]][] = [];
  for (const key of Object.keys(query)) {
    if (!key.startsWith('filter')) continue;
    const match = /^filter\[([^[\]]+)\](?:\[([^[\]]*)\])?$/.exec(key);
    if (!match) throw new SimError(400, `${key}: malformed filter (use filter[field][op]=value)`);
    out.push([match[1], match[2] || 'eq', queryValues(query, key)]);
  }
  return out;
}

/**
 * The export list's query with `filter[status]` and `filter[type]` checked against their enums
 * (as the readings set them) and status values turned into the stored upper case.
 */
function exportListQuery(readings: Integr8Readings, query: SimRequest['query']): SimRequest['query'] {
  const out: SimRequest['query'] = { ...query };
  for (const key of Object.keys(query)) {
    const match = /^filter\[(status|type)\](?:\[(eq|ne|in)?\])?$/.exec(key);
    if (!match) continue;
    const [, field, op = 'eq'] = match;
    const check = field === 'status' ? (v: string) => exportStatus(readings, key, v) : (v: string) => exportType(readings, key, v);
    const values = queryValues(query, key).map((raw) =>
      op === 'in'
        ? raw
            .split(',')
            .map((v) => check(v.trim()))
            .join(',')
        : check(raw),
    );
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

function exportStatus(readings: Integr8Readings, key: string, value: string): string {
  const upper = value.toUpperCase();
  const known = (EXPORT_STATUSES as readonly string[]).includes(upper);
  if (readings.exportStatusCase === 'upper' ? known && value === upper : known) return upper;
  const allowed = readings.exportStatusCase === 'upper' ? EXPORT_STATUSES.join(', ') : `${EXPORT_STATUSES.join(', ')} (any case)`;
  throw new SimError(400, `${key} must be one of ${allowed} (got '${value}')`);
}

function exportType(readings: Integr8Readings, key: string, value: string): string {
  const allowed: readonly string[] = readings.exportTypeFilter === 'documented' ? DOCUMENTED_EXPORT_TYPES : EXPORT_TYPES;
  if (!allowed.includes(value)) throw new SimError(400, `${key} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value;
}

/**
 * The real key path of a dotted field, or null when the schema has no such field. Segments
 * match keys ignoring case and underscores, so the documented `...offer_id.equalvalues`
 * finds `equal_values`.
 */
function resolveField(schema: FieldSchema, field: string): string[] | null {
  let node: FieldSchema | true = schema;
  const path: string[] = [];
  for (const segment of field.split('.')) {
    if (node === true) return null;
    const loose = segment.toLowerCase().replace(/_/g, '');
    const key: string | undefined = Object.hasOwn(node, segment)
      ? segment
      : (Object.keys(node).find((k) => k !== '*' && k.toLowerCase().replace(/_/g, '') === loose) ?? ('*' in node ? segment : undefined));
    if (key === undefined) return null;
    path.push(key);
    node = Object.hasOwn(node, key) ? node[key] : node['*'];
  }
  return node === true ? path : null;
}

function getPath(item: object, path: string[]): unknown {
  let value: unknown = item;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** On a list field, eq / in / like / comparisons hold when some element matches, ne when none equals. */
function matches(actual: unknown, op: Op, raw: string, label: string): boolean {
  if (Array.isArray(actual)) return op === 'ne' ? !actual.some((a) => equals(a, raw, label)) : actual.some((a) => matchesOne(a, op, raw, label));
  return matchesOne(actual, op, raw, label);
}

function matchesOne(actual: unknown, op: Op, raw: string, label: string): boolean {
  switch (op) {
    case 'eq':
      return equals(actual, raw, label);
    case 'ne':
      return !equals(actual, raw, label);
    case 'in':
      return raw.split(',').some((v) => equals(actual, v.trim(), label));
    case 'like':
      return actual !== null && actual !== undefined && String(actual).toLowerCase().includes(raw.toLowerCase());
    default: {
      if (actual === null || actual === undefined) return false;
      const c = typeof actual === 'number' ? actual - number(raw, label) : compareValues(String(actual), raw);
      return op === 'gt' ? c > 0 : op === 'lt' ? c < 0 : op === 'gte' ? c >= 0 : c <= 0;
    }
  }
}

/** Booleans are `true` / `false` and numbers are numbers: anything else is a 400, not an empty page. */
function equals(actual: unknown, raw: string, label: string): boolean {
  if (actual === null || actual === undefined) return raw === '' || raw === 'null';
  if (typeof actual === 'number') return number(raw, label) === actual;
  if (typeof actual === 'boolean') {
    const value = raw.toLowerCase();
    if (value !== 'true' && value !== 'false') throw new SimError(400, `${label} must be true or false (got '${raw}')`);
    return value === String(actual);
  }
  return String(actual) === raw;
}

function number(raw: string, label: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new SimError(400, `${label} must be a number (got '${raw}')`);
  return value;
}

/** Missing values first, then numbers and booleans by value, strings by code unit. */
function compareValues(a: unknown, b: unknown): number {
  const missing = (v: unknown) => v === null || v === undefined;
  if (missing(a) || missing(b)) return missing(a) && missing(b) ? 0 : missing(a) ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const sb = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** `page[size]`: 1 to 100; above 100 a 400, or 100 under `pageSizeLimit: 'clamp'`. */
function pageSize(query: SimRequest['query'], fallback: number | undefined, clamp: boolean): number {
  const raw = queryValue(query, 'page[size]');
  if (clamp && raw !== undefined && /^\d+$/.test(raw.trim()) && Number(raw) > MAX_PAGE_SIZE) return MAX_PAGE_SIZE;
  return intParam(query, 'page[size]', fallback, 1, MAX_PAGE_SIZE);
}

function intParam(query: SimRequest['query'], name: string, fallback: number | undefined, min: number, max: number): number {
  const raw = queryValue(query, name);
  if (raw === undefined) {
    if (fallback === undefined) throw new SimError(400, `${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new SimError(400, `${name} must be an integer ${range} (got '${raw}')`);
  }
  return value;
}

const T = true as const;
const USER_FIELDS: SchemaOf<User> = {
  api_access_enabled: T,
  city: T,
  country: T,
  created_at: T,
  email: T,
  first_name: T,
  id: T,
  is_advertiser_manager: T,
  is_publisher_manager: T,
  last_login_at: T,
  last_name: T,
  phone: T,
  publisher_manager_access: T,
  role: T,
  status: T,
  timezone: T,
  updated_at: T,
};
const PAYOUT_FIELDS: SchemaOf<PayoutConfig> = { payout: T, payout_percent: T, payout_type: T, revenue: T, revenue_percent: T, revenue_type: T };
const OFFER_FIELDS: SchemaOf<Offer> = {
  active: T,
  advertiser_id: T,
  allow_duplicate_conversions: T,
  archived: T,
  block_on_reject: T,
  conversion_name: T,
  created_at: T,
  currency: T,
  deep_link_enabled: T,
  default_payout: PAYOUT_FIELDS,
  description: T,
  fallback_url: T,
  hide_js_tracking: T,
  id: T,
  impression_forwarding_enabled: T,
  impression_forwarding_url: T,
  incremental_id: T,
  manually_approve_conversions: T,
  name: T,
  name_with_id: T,
  offer_preview_enabled: T,
  parallel_tracking_enabled: T,
  parallel_tracking_url: T,
  primary_domain: T,
  restriction_note: T,
  targeting_group_id: T,
  targeting_simple_enabled: T,
  terms_and_conditions: T,
  terms_and_conditions_enabled: T,
  updated_at: T,
  view_through_attribution_enabled: T,
  visibility: T,
};
const EVENT_FIELDS: SchemaOf<OfferEvent> = {
  active: T,
  allow_multiple_events: T,
  archived: T,
  currency: T,
  description: T,
  id: T,
  manually_approve_events: T,
  name: T,
  payout: T,
  payout_percent: T,
  payout_type: T,
  revenue: T,
  revenue_percent: T,
  revenue_type: T,
};
const LANDING_PAGE_FIELDS: SchemaOf<LandingPage> = {
  active: T,
  archived: T,
  hide_from_publishers: T,
  id: T,
  name: T,
  preview_url: T,
  redirect_url: T,
};
const PUBLISHER_FIELDS: SchemaOf<Publisher> = {
  active: T,
  address: T,
  archived: T,
  city: T,
  company_name: T,
  countries: T,
  country: T,
  created_at: T,
  description: T,
  email: T,
  first_name: T,
  id: T,
  incremental_id: T,
  last_name: T,
  manager_email: T,
  manager_id: T,
  manager_name: T,
  messenger: T,
  name: T,
  name_with_id: T,
  pending: T,
  phone: T,
  promotional_method: T,
  timezone: T,
  tracking_domain_ids: T,
  updated_at: T,
  website: T,
};
const ADVERTISER_FIELDS: SchemaOf<Advertiser> = {
  active: T,
  address: T,
  archived: T,
  company_name: T,
  country: T,
  created_at: T,
  description: T,
  email: T,
  first_name: T,
  id: T,
  incremental_id: T,
  last_name: T,
  manager_email: T,
  manager_id: T,
  manager_name: T,
  messenger: T,
  name: T,
  name_with_id: T,
  phone: T,
  updated_at: T,
  website: T,
};
const EXPORT_FIELDS: SchemaOf<DownloadExport> = {
  artifact: { download_link: T, meta: { id: T, organization: T, type: T }, name: T, size: T },
  created_at: T,
  email_config: { recipient: T, referer: T },
  error: T,
  export_list_options: {
    extra_parameters: T,
    fields: T,
    filters: {
      booleans: { '*': T },
      date_range: { end: T, start: T },
      date_time_range: { end: T, start: T },
      field_exists: { '*': T },
      numbers: { '*': { '*': { '*': T } } },
      regex_query: { field_value: T, searchable_fields: T },
      strings: { '*': { '*': { '*': T } } },
      text_search: T,
    },
  },
  format: { delimiter: T },
  guest_token: T,
  id: T,
  integration: T,
  last_updated_by: T,
  notify_by_email: T,
  organization: T,
  platform: T,
  reports_query_option: {
    end_date: T,
    extra_parameters_as_new_fields: T,
    filters: { '*': { equal_values: T, greater_than_values: T, less_than_values: T, like_values: T, not_equal_values: T } },
    include_fields: T,
    relative_date: T,
    sort_by: T,
    start_date: T,
  },
  requested_by: T,
  results_meta: { duration_seconds: T, range_truncated: T, total: T },
  status: T,
  type: T,
  updated_at: T,
};

// Request bodies: documented fields only, with their types and enums.

type FieldType =
  'string' | 'boolean' | 'number' | 'integer' | 'string[]' | { oneOf: readonly string[] } | { listOf: readonly string[] } | { object: BodySpec };
type BodySpec = Record<string, FieldType>;

/** The body as T, or a 400 naming the first unknown, missing or mistyped field. */
function readBody<T>(body: unknown, spec: BodySpec, required: string[]): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new SimError(400, 'The request body must be a JSON object');
  check(body as Record<string, unknown>, spec, required, '');
  return body as T;
}

function check(body: Record<string, unknown>, spec: BodySpec, required: string[], prefix: string): void {
  for (const name of required) {
    const value = body[name];
    if (value === undefined || value === null || value === '') throw new SimError(400, `${prefix}${name} is required`);
  }
  for (const [name, value] of Object.entries(body)) {
    const type = spec[name];
    const label = `${prefix}${name}`;
    if (type === undefined) throw new SimError(400, `${label}: unknown field`);
    if (value === undefined) continue;
    const fail = (expected: string) => new SimError(400, `${label} must be ${expected} (got ${JSON.stringify(value)})`);
    if (type === 'string' && typeof value !== 'string') throw fail('a string');
    if (type === 'boolean' && typeof value !== 'boolean') throw fail('a boolean');
    if (type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) throw fail('a number');
    if (type === 'integer' && !Number.isInteger(value)) throw fail('an integer');
    if (type === 'string[]' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) throw fail('an array of strings');
    if (typeof type === 'object' && 'oneOf' in type && !type.oneOf.includes(value as string)) throw fail(`one of ${type.oneOf.join(', ')}`);
    if (typeof type === 'object' && 'listOf' in type && !(Array.isArray(value) && value.every((v) => type.listOf.includes(v)))) {
      throw fail(`an array of ${type.listOf.join(', ')}`);
    }
    if (typeof type === 'object' && 'object' in type) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail('an object');
      check(value as Record<string, unknown>, type.object, [], `${label}.`);
    }
  }
}

const USER_CREATE_BODY: Record<keyof UserCreateBody, FieldType> = {
  city: 'string',
  country: 'string',
  email: 'string',
  first_name: 'string',
  last_name: 'string',
  password: 'string',
  phone: 'string',
  role: { oneOf: USER_ROLES },
  timezone: 'string',
};
const USER_UPDATE_BODY: Record<keyof UserUpdateBody, FieldType> = {
  api_access_enabled: 'boolean',
  city: 'string',
  country: 'string',
  email: 'string',
  first_name: 'string',
  is_advertiser_manager: 'boolean',
  is_publisher_manager: 'boolean',
  last_name: 'string',
  password: 'string',
  phone: 'string',
  publisher_manager_access: { oneOf: PUBLISHER_MANAGER_ACCESS },
  role: { oneOf: USER_ROLES },
  status: { oneOf: USER_STATUSES },
  timezone: 'string',
};
const PAYOUT_BODY: Record<keyof PayoutConfig, FieldType> = {
  payout: 'number',
  payout_percent: 'number',
  payout_type: { oneOf: PAYOUT_TYPES },
  revenue: 'number',
  revenue_percent: 'number',
  revenue_type: { oneOf: REVENUE_TYPES },
};
const OFFER_BODY: Record<keyof OfferBody, FieldType> = {
  active: 'boolean',
  advertiser_id: 'integer',
  allow_duplicate_conversions: 'boolean',
  block_on_reject: 'boolean',
  conversion_name: 'string',
  currency: { oneOf: CURRENCIES },
  deep_link_enabled: 'boolean',
  default_payout: { object: PAYOUT_BODY },
  description: 'string',
  fallback_url: 'string',
  hide_js_tracking: 'boolean',
  impression_forwarding_enabled: 'boolean',
  impression_forwarding_url: 'string',
  manually_approve_conversions: 'boolean',
  name: 'string',
  offer_preview_enabled: 'boolean',
  parallel_tracking_enabled: 'boolean',
  parallel_tracking_url: 'string',
  primary_domain: 'string',
  restriction_note: 'string',
  targeting_group_id: 'string',
  targeting_simple_enabled: 'boolean',
  terms_and_conditions: 'string',
  terms_and_conditions_enabled: 'boolean',
  view_through_attribution_enabled: 'boolean',
  visibility: { oneOf: VISIBILITIES },
};
const EVENT_BODY: Record<keyof OfferEventBody, FieldType> = {
  active: 'boolean',
  allow_multiple_events: 'boolean',
  description: 'string',
  manually_approve_events: 'boolean',
  name: 'string',
  payout: 'number',
  payout_percent: 'number',
  payout_type: { oneOf: PAYOUT_TYPES },
  revenue: 'number',
  revenue_percent: 'number',
  revenue_type: { oneOf: REVENUE_TYPES },
};
const LANDING_PAGE_BODY: Record<keyof LandingPageBody, FieldType> = {
  active: 'boolean',
  hide_from_publishers: 'boolean',
  name: 'string',
  preview_url: 'string',
  redirect_url: 'string',
};
const PUBLISHER_BODY: Record<keyof PublisherBody, FieldType> = {
  active: 'boolean',
  address: 'string',
  city: 'string',
  company_name: 'string',
  countries: 'string[]',
  country: 'string',
  description: 'string',
  email: 'string',
  first_name: 'string',
  last_name: 'string',
  manager_id: 'string',
  messenger: 'string',
  name: 'string',
  phone: 'string',
  promotional_method: { listOf: PROMOTIONAL_METHODS },
  timezone: 'string',
  tracking_domain_ids: 'string[]',
  website: 'string',
};
const ADVERTISER_BODY: Record<keyof AdvertiserBody, FieldType> = {
  active: 'boolean',
  address: 'string',
  company_name: 'string',
  country: 'string',
  description: 'string',
  email: 'string',
  first_name: 'string',
  last_name: 'string',
  manager_id: 'string',
  messenger: 'string',
  name: 'string',
  phone: 'string',
  website: 'string',
};
const BULK_STATUS_BODY: Record<keyof BulkStatusBody, FieldType> = { active: 'boolean', data: 'string[]' };
const BULK_DELETE_BODY: Record<keyof BulkDeleteBody, FieldType> = { data: 'string[]' };

// What a create leaves unset, as the API fills it (and a PATCH under 'replace' resets).
const PAYOUT_DEFAULTS: PayoutConfig = { payout: 0, payout_percent: 0, payout_type: 'CPA', revenue: 0, revenue_percent: 0, revenue_type: 'RPA' };
const OFFER_DEFAULTS = {
  active: true,
  advertiser_id: 0,
  allow_duplicate_conversions: false,
  block_on_reject: false,
  conversion_name: '',
  currency: 'USD' as const,
  deep_link_enabled: false,
  default_payout: PAYOUT_DEFAULTS,
  description: '',
  fallback_url: '',
  hide_js_tracking: false,
  impression_forwarding_enabled: false,
  impression_forwarding_url: '',
  manually_approve_conversions: false,
  name: '',
  offer_preview_enabled: false,
  parallel_tracking_enabled: false,
  parallel_tracking_url: '',
  primary_domain: '',
  restriction_note: '',
  targeting_group_id: '',
  targeting_simple_enabled: false,
  terms_and_conditions: '',
  terms_and_conditions_enabled: false,
  view_through_attribution_enabled: false,
  visibility: 'Public' as const,
};
/** The offer fields a body can write (the body's own, less `default_payout`, which is merged apart). */
const OFFER_WRITABLE = (Object.keys(OFFER_BODY) as (keyof OfferBody)[]).filter(
  (k): k is Exclude<keyof OfferBody, 'default_payout'> => k !== 'default_payout',
);
const EVENT_DEFAULTS = {
  active: true,
  allow_multiple_events: false,
  description: '',
  manually_approve_events: false,
  payout: 0,
  payout_percent: 0,
  payout_type: 'CPA' as const,
  revenue: 0,
  revenue_percent: 0,
  revenue_type: 'RPA' as const,
};
const LANDING_PAGE_DEFAULTS = { active: true, hide_from_publishers: false, preview_url: '' };
const PUBLISHER_DEFAULTS = {
  active: true,
  address: '',
  city: '',
  company_name: '',
  countries: [] as string[],
  country: '',
  description: '',
  email: '',
  first_name: '',
  last_name: '',
  messenger: '',
  phone: '',
  promotional_method: [],
  timezone: 'UTC',
  tracking_domain_ids: [] as string[],
  website: '',
};
const ADVERTISER_DEFAULTS = {
  active: true,
  address: '',
  company_name: '',
  country: '',
  description: '',
  email: '',
  first_name: '',
  last_name: '',
  messenger: '',
  phone: '',
  website: '',
};

// Reports: cursor pages of one table.

const REPORT_FILTERS = ['status', 'offer_id', 'publisher', 'advertiser'] as const;

function report(readings: Integr8Readings, req: Req, table: Integr8Table) {
  const ds = req.tenant;
  const query = req.query;
  const integrationId = queryValue(query, 'integration_id');
  if (!integrationId) throw new SimError(400, 'integration_id is required');
  if (!ds.integrations.some((i) => i.id === integrationId)) throw new SimError(400, `integration_id: unknown integration '${integrationId}'`);
  const zone = queryValue(query, 'timezone');
  const { start, end } =
    readings.reportRange === 'date'
      ? dateRange(queryValue(query, 'start_date'), queryValue(query, 'end_date'), zone)
      : timeRange(queryValue(query, 'start_time'), queryValue(query, 'end_time'), zone);
  const size = pageSize(query, undefined, readings.pageSizeLimit === 'clamp');
  const after = queryValue(query, 'page[after]');
  const before = queryValue(query, 'page[before]');
  if (after !== undefined && before !== undefined) throw new SimError(400, 'page[after] and page[before] are mutually exclusive');
  const filters = reportFilters(query);

  const entries = selectEntries(ds[table], { integrationId, start, end, ...filters });
  const cursor = after ?? before;
  let from = 0;
  let to = Math.min(size, entries.length);
  if (cursor !== undefined) {
    const at = entries.findIndex((e) => e.txId === cursor);
    if (at < 0) throw new SimError(400, `${after !== undefined ? 'page[after]' : 'page[before]'}: '${cursor}' is not a row of this query`);
    // After X: the rows that follow X. Before X: the page that ends just before X.
    [from, to] = after !== undefined ? [at + 1, Math.min(at + 1 + size, entries.length)] : [Math.max(0, at - size), at];
  }
  const page = entries.slice(from, to).map((e) => presentRow(readings, ds[table].row(e)));
  const relay = readings.reportPageInfo === 'relay';
  const pageInfo: PageInfo = {
    endCursor: page.length ? page[page.length - 1].real_tx_id : '',
    hasNextPage: relay && before !== undefined ? false : to < entries.length,
    hasPreviousPage: relay && before === undefined ? false : from > 0,
    startCursor: page.length ? page[0].real_tx_id : '',
  };
  const count = readings.reportCount === 'total' ? { count: entries.length } : readings.reportCount === 'page' ? { count: page.length } : {};
  return { data: { ...count, data: page, pageInfo } };
}

/** `filter[status|offer_id|publisher|advertiser]` of the report tables and exports; any other filter is a 400. */
function reportFilters(params: Record<string, unknown>): Partial<Record<(typeof REPORT_FILTERS)[number], string[]>> {
  const out: Partial<Record<(typeof REPORT_FILTERS)[number], string[]>> = {};
  for (const [key, raw] of Object.entries(params)) {
    if (!key.startsWith('filter')) continue;
    const name = /^filter\[([^[\]]+)\]$/.exec(key)?.[1] as (typeof REPORT_FILTERS)[number] | undefined;
    if (!name || !REPORT_FILTERS.includes(name))
      throw new SimError(400, `${key}: unknown filter (use ${REPORT_FILTERS.map((f) => `filter[${f}]`).join(', ')})`);
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value !== 'string' && typeof value !== 'number') throw new SimError(400, `${key} must be a string`);
    if (name === 'status' && !(REPORT_STATUSES as readonly unknown[]).includes(value)) {
      throw new SimError(400, `${key} must be one of ${REPORT_STATUSES.join(', ')} (got '${value}')`);
    }
    out[name] = [String(value)];
  }
  return out;
}

/** start_time / end_time (`YYYY-MM-DD HH:MM:SS` in `timezone`) as inclusive unix seconds. */
function timeRange(startTime: unknown, endTime: unknown, timezone: unknown): { start: number; end: number } {
  const zone = validZone(timezone);
  const start = wallTime(startTime, zone, 'start_time');
  const end = wallTime(endTime, zone, 'end_time');
  if (start > end) throw new SimError(400, `start_time (${String(startTime)}) is after end_time (${String(endTime)})`);
  return { start, end };
}

/** start_date / end_date (`YYYY-MM-DD` in `timezone`): from the first day's 00:00:00 to the last day's 23:59:59. */
function dateRange(startDate: unknown, endDate: unknown, timezone: unknown): { start: number; end: number } {
  const zone = validZone(timezone);
  const day = (value: unknown, name: string) => {
    if (value === undefined || value === '') throw new SimError(400, `${name} is required`);
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw new SimError(400, `${name} must look like 2006-01-02 (got ${JSON.stringify(value)})`);
    return value;
  };
  const start = wallTime(`${day(startDate, 'start_date')} 00:00:00`, zone, 'start_date');
  const end = wallTime(`${day(endDate, 'end_date')} 23:59:59`, zone, 'end_date');
  if (start > end) throw new SimError(400, `start_date (${String(startDate)}) is after end_date (${String(endDate)})`);
  return { start, end };
}

function validZone(timezone: unknown): string {
  const zone = timezone === undefined ? 'UTC' : timezone;
  if (typeof zone !== 'string' || !isTimeZone(zone)) throw new SimError(400, `timezone: unknown IANA time zone '${String(zone)}'`);
  return zone;
}

function wallTime(value: unknown, timeZone: string, name: string): number {
  if (value === undefined || value === '') throw new SimError(400, `${name} is required`);
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value) : null;
  if (!match) throw new SimError(400, `${name} must look like 2006-01-02 15:04:05 (got ${JSON.stringify(value)})`);
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(asUtc);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || mi > 59 || s > 59) {
    throw new SimError(400, `${name}: '${value}' is not a valid date and time`);
  }
  // Wall time -> instant: subtract the zone's offset, then again with the offset at the result (DST edges).
  const first = asUtc - zoneOffset(asUtc, timeZone);
  return (asUtc - zoneOffset(first, timeZone)) / 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return name !== '';
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms) at an instant. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

// Download center.

const EXPORT_KINDS: Record<string, ExportType> = {
  clicks: 'click_logs',
  conversions: 'conversion_logs',
  impressions: 'impression_logs',
  'postback-logs': 'postback_logs',
};
const EXPORT_PARAMS = ['delimiter', 'start_time', 'end_time', 'timezone', 'fields', 'extra_parameters'];
/** The list-valued parameters, which the query string may repeat. */
const EXPORT_LISTS = ['fields', 'extra_parameters'];
const PENDING_MS = 1000;
const DONE_MS = 2000;
const fieldNames = new Map<Integr8Table, Set<string>>();

/**
 * The create's parameters from where `readings.exportParams` says they travel, as one flat
 * record: scalars as strings (or a body's JSON values), lists as arrays of strings.
 */
function exportParams(readings: Integr8Readings, req: Req): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (readings.exportParams === 'query') {
    for (const [key, value] of Object.entries(req.query)) {
      const values = Array.isArray(value) ? value : [value];
      // fields=a,b · fields=a&fields=b · fields[]=a&fields[]=b · fields[0]=a&fields[1]=b
      const list = /^([a-z_]+)\[\d*\]$/.exec(key)?.[1];
      if (list !== undefined && EXPORT_LISTS.includes(list)) params[list] = [...((params[list] as string[] | undefined) ?? []), ...values];
      else if (EXPORT_LISTS.includes(key)) params[key] = [...((params[key] as string[] | undefined) ?? []), ...values];
      else if (EXPORT_PARAMS.includes(key) || key.startsWith('filter')) params[key] = values[0];
      // Other query parameters are ignored, as servers ignore parameters they do not know.
    }
    return params;
  }
  if (req.body === undefined) return params;
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) throw new SimError(400, 'The request body must be a JSON object');
  for (const [key, value] of Object.entries(req.body)) {
    if (key === 'filter' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, v] of Object.entries(value)) params[`filter[${name}]`] = v;
    } else if (EXPORT_PARAMS.includes(key) || key.startsWith('filter')) params[key] = value;
    else throw new SimError(400, `${key}: unknown parameter`);
  }
  return params;
}

function createExport(state: State, req: Req): DownloadExport {
  const ds = req.tenant;
  const integrationId = integration(ds, req.params.integrationID);
  const type = EXPORT_KINDS[req.params.kind];
  if (!type) throw new SimError(404, `No route for ${req.path}`);
  const where = state.readings.exportParams === 'query' ? 'a query parameter' : 'a field of the JSON body';
  const params = exportParams(state.readings, req);
  for (const name of ['start_time', 'end_time', 'fields', ...(type === 'postback_logs' ? [] : ['extra_parameters'])]) {
    if (params[name] === undefined || params[name] === null) throw new SimError(400, `${name} is required (${where})`);
  }
  for (const name of ['start_time', 'end_time', 'timezone', 'delimiter']) {
    if (params[name] !== undefined && typeof params[name] !== 'string')
      throw new SimError(400, `${name} must be a string (got ${JSON.stringify(params[name])})`);
  }

  const { start, end } = timeRange(params.start_time, params.end_time, params.timezone);
  const delimiter = params.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new SimError(400, `delimiter must be one character other than a quote or a line break (got ${JSON.stringify(delimiter)})`);
  }
  const table = EXPORT_TABLE[type];
  const known = knownFields(ds, table);
  const fields = nameList(params.fields, 'fields', true);
  const unknown = fields.find((f) => !known.has(f));
  if (unknown !== undefined) throw new SimError(400, `fields: unknown field '${unknown}'`);
  // Postback logs have no extra parameters; the other exports require the list, which may be empty.
  const extras = type === 'postback_logs' ? [] : nameList(params.extra_parameters, 'extra_parameters', false);
  const filters: Record<string, QueryFilter> = { integration_id: queryFilter([integrationId]) };
  for (const [name, values] of Object.entries(reportFilters(params))) filters[name] = queryFilter(values);

  // Report data is kept RETENTION_DAYS: an earlier start is cut to that edge and flagged.
  const clock = state.clock();
  const oldest = Math.ceil((clock - RETENTION_DAYS * 86_400_000) / 1000);
  const exp = newExport({
    id: ds.random.hex(24),
    organization: ds.organizationId,
    integration: integrationId,
    type,
    createdAt: clock,
    requestedBy: ds.users.find((u) => u.role === 'admin')?.email ?? '',
    delimiter,
    startTime: String(params.start_time),
    endTime: String(params.end_time),
    start: isoSeconds(Math.max(start, oldest) * 1000),
    end: isoSeconds(end * 1000),
    fields,
    extras,
    filters,
  });
  ds.exports.unshift(exp);
  ds.running.set(exp.id, { createdAt: clock, rangeTruncated: start < oldest });
  return exp;
}

/** Columns of a table: the keys of its rows. */
function knownFields(ds: Integr8Dataset, table: Integr8Table): Set<string> {
  let names = fieldNames.get(table);
  if (!names) {
    names = new Set(Object.keys(ds[table].row(ds[table].entries[0])));
    fieldNames.set(table, names);
  }
  return names;
}

/** Comma-separated strings, or a list of them, as one list of names. */
function nameList(value: unknown, name: string, nonEmpty: boolean): string[] {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
  if (!items) throw new SimError(400, `${name} must be a comma-separated string or an array of strings`);
  const names = items
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (nonEmpty && names.length === 0) throw new SimError(400, `${name} must name at least one column`);
  return names;
}

/** Moves API-created exports along PENDING -> IN_PROGRESS (1 s) -> DONE (2 s), from elapsed time. */
function refreshExports(state: State, ds: Integr8Dataset): void {
  if (ds === ANONYMOUS || ds.running.size === 0) return;
  const clock = state.clock();
  for (const [id, { createdAt, rangeTruncated }] of ds.running) {
    const exp = ds.exports.find((e) => e.id === id);
    const elapsed = clock - createdAt;
    if (!exp) ds.running.delete(id);
    else if (elapsed >= DONE_MS) {
      finishExport(ds, exp, DONE_MS / 1000, rangeTruncated);
      exp.updated_at = isoSeconds(createdAt + DONE_MS);
      ds.running.delete(id);
    } else if (elapsed >= PENDING_MS && exp.status === 'PENDING') {
      exp.status = 'IN_PROGRESS';
      exp.updated_at = isoSeconds(createdAt + PENDING_MS);
    }
  }
}

/** `GET /files/exports/<id>.csv?signature=&expires=`: the CSV, for a valid, unexpired signature. */
function downloadFile(state: State, req: Req): SimResponse {
  const name = `exports/${req.params.file}`;
  const datasets = state.generated();
  for (const d of datasets) refreshExports(state, d);
  const ds = datasets.find((d) => d.exports.some((e) => e.status === 'DONE' && e.artifact.name === name));
  if (!ds) throw new SimError(404, `Artifact '${name}' not found`);
  const exp = ds.exports.find((e) => e.artifact.name === name) as DownloadExport;
  const signature = queryValue(req.query, 'signature') ?? '';
  const expires = Number(queryValue(req.query, 'expires'));
  const expected = Buffer.from(state.sign(ds, name, expires));
  const given = Buffer.from(signature);
  if (!Number.isInteger(expires) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SimError(403, 'Invalid signature');
  }
  if (unixSeconds(state.clock()) >= expires) throw new SimError(403, 'Signed URL expired');
  return {
    text: exportCsv(ds, exp),
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${exp.id}.csv"` },
  };
}
