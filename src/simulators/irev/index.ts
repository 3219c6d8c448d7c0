import { isIP } from 'node:net';
import { hashString } from '../random.js';
import { SimServer, queryValues, type HandlerRequest, type SimResponse, type SimRequest } from '../server.js';
import type { IrevClick, IrevOne, IrevPage, IrevValidationError } from './types.js';
import {
  buildCreatedClick,
  formatIrevDate,
  formatIrevDateIn,
  generateIrevDataset,
  insertClick,
  isTimeZone,
  parseIrevDate,
  parseIrevDateIn,
  type IrevDataset,
  type IrevNewClick,
} from './data.js';

export type { IrevAdvertiser, IrevAffiliate, IrevBrand, IrevDataset, IrevOffer } from './data.js';
export type * from './types.js';
export { formatIrevDate, parseIrevDate } from './data.js';

/** The clicks resource; the click by id is `${IREV_CLICKS_PATH}/:id`. */
export const IREV_CLICKS_PATH = '/backend/open-api/v1/users/clicks';

/** Page size limits of the clicks list. */
export const IREV_PER_PAGE = { default: 200, max: 500 } as const;

/** How many clicks one create request may hold. */
export const IREV_MAX_CREATE = 100;

/**
 * Where the iRev document can be read two ways, the reading this simulator serves (see
 * src/simulators/README.md). Tests switch them per simulator; the gateway must work with each.
 */
export interface IrevReadings {
  /**
   * `GET /clicks/{id}`. The document shows the id as a path parameter of the list ("filter the
   * list of clicks by using the {click_id} path parameter") and only the list envelope:
   * - 'list': the list filtered by the id, `{data: [click], total: 1, per_page, page, pages}`;
   *   an unknown id is an empty page (200), and the list's query parameters still apply.
   * - 'object': the click itself, `{data: click}`; an unknown id is 404 `{message}`.
   * @default 'list'
   */
  clickById: 'list' | 'object';
  /**
   * The created-time filter of the list. The document's table names it `created_from` /
   * `created_to`, the prose above it `created_at_from` / `created_at_to`:
   * - 'both': either spelling; given both, they must agree (else 422).
   * - 'table': only `created_from` / `created_to`; the prose names are ignored, as Laravel ignores
   *   parameters it does not know.
   * - 'prose': only `created_at_from` / `created_at_to`; the table names are ignored.
   * @default 'both'
   */
  createdFilter: 'both' | 'table' | 'prose';
  /**
   * The zone of every date, written and read. The document's dates carry none
   * ("2024-07-08 13:40:00"): `created_at` is written, and the created filters and a created
   * click's `created_at` are read, on this IANA zone's wall clock (the gateway's IREV_TIMEZONE
   * must name the same zone). The datasets are kept in UTC.
   * @default 'UTC'
   */
  timeZone: string;
}

/** Every value each reading can take (a time zone is any IANA name; these are examples). */
export const IREV_READING_VALUES: { [K in Exclude<keyof IrevReadings, 'timeZone'>]: readonly IrevReadings[K][] } = {
  clickById: ['list', 'object'],
  createdFilter: ['both', 'table', 'prose'],
};

/** Options of `createIrevSimulator`, validated at construction. */
export interface IrevSimulatorOptions {
  /** The readings to serve (changeable later through `readings`). */
  readings?: Partial<IrevReadings>;
  /** Accepted bearer tokens; each token is its own tenant with its own dataset. */
  keys: string[];
  /** The reference time (ms) the datasets are generated back from. @default Date.now() */
  now?: number;
}

/**
 * The iRev simulator: `GET /backend/open-api/v1/users/clicks` (filters, page pagination),
 * `GET .../clicks/:id` and `POST .../clicks` (create), behind `Authorization: Bearer <token>`,
 * serving the `readings` chosen where the document can be read two ways. Validation errors are
 * 422 `{message, errors}` (Laravel style), other errors `{message}` (the document shows none).
 */
export class IrevSimulator extends SimServer<IrevDataset> {
  /** The readings served now; tests may change them between requests. */
  readonly readings: IrevReadings;
  private readonly tenants: Tenants;

  constructor(options: IrevSimulatorOptions) {
    const tenants = new Tenants(getValidKeys(options.keys), getValidNow(options.now));
    // One object, shared with the handlers: a test that changes a reading changes what they serve.
    const readings = getValidReadings(options.readings);
    super({
      vendor: 'irev',
      authenticate: (headers) => tenants.authenticate(headers),
      routes: [
        { method: 'GET', path: IREV_CLICKS_PATH, handler: validated((req) => listClicks(req, readings)) },
        { method: 'GET', path: `${IREV_CLICKS_PATH}/:id`, handler: validated((req) => getClick(req, readings)) },
        { method: 'POST', path: IREV_CLICKS_PATH, handler: validated((req) => createClicks(req, tenants, readings)) },
      ],
      errorBody: (status, message) => ({ message: status === 401 ? 'Unauthenticated.' : message }),
    });
    this.tenants = tenants;
    this.readings = readings;
  }

  /** The dataset of the tenant holding `key` (generated on first use, then the same object). */
  dataset(key: string): IrevDataset {
    return this.tenants.dataset(key);
  }
}

/** Creates an iRev simulator; call `start()` to listen. */
export function createIrevSimulator(options: IrevSimulatorOptions): IrevSimulator {
  return new IrevSimulator(options);
}

// Private:

type Request = HandlerRequest<IrevDataset>;

interface TenantState {
  dataset: IrevDataset;
  nextId: number;
}

/** The tenants by key, datasets generated lazily; also the simulator's clock. */
class Tenants {
  private readonly states = new Map<string, TenantState>();
  private readonly byDataset = new WeakMap<IrevDataset, TenantState>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly keys: Set<string>,
    private readonly now: number,
  ) {}

  dataset(key: string): IrevDataset {
    return this.state(key).dataset;
  }

  authenticate(headers: Record<string, string>): IrevDataset | null {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    return match && this.keys.has(match[1]) ? this.dataset(match[1]) : null;
  }

  /** The next click id of the dataset's tenant, reserved. */
  reserveId(dataset: IrevDataset): number {
    return this.byDataset.get(dataset)!.nextId++;
  }

  /** The simulated time: `now` at construction, then running with the wall clock. */
  clock(): number {
    return this.now + (Date.now() - this.startedAt);
  }

  private state(key: string): TenantState {
    let state = this.states.get(key);
    if (state) return state;
    if (!this.keys.has(key)) throw new Error(`iRev simulator: "${key}" is not one of the configured keys`);
    const dataset = generateIrevDataset(hashString(key), this.now);
    state = { dataset, nextId: dataset.clicks.reduce((max, c) => Math.max(max, c.id), 0) + 1 };
    this.states.set(key, state);
    this.byDataset.set(dataset, state);
    return state;
  }
}

/** The names each created-filter reading reads, `[from, to]` per spelling. */
const CREATED_FILTER_NAMES: Record<IrevReadings['createdFilter'], [from: string, to: string][]> = {
  both: [
    ['created_from', 'created_to'],
    ['created_at_from', 'created_at_to'],
  ],
  table: [['created_from', 'created_to']],
  prose: [['created_at_from', 'created_at_to']],
};

/** The list, newest first, filtered by the query and, for the 'list' reading of the click by id, by `id`. */
function listClicks(req: Request, readings: IrevReadings, id?: number): SimResponse {
  const v = new Validator();
  const affiliateId = v.integer(req.query, 'affiliate_id');
  const offerId = v.integer(req.query, 'offer_id');
  const names = CREATED_FILTER_NAMES[readings.createdFilter];
  const from = v.dateAlias(
    req.query,
    names.map(([name]) => name),
  );
  const to = v.dateAlias(
    req.query,
    names.map(([, name]) => name),
  );
  const page = v.integer(req.query, 'page', { min: 1 }) ?? 1;
  const perPage = v.integer(req.query, 'per_page', { min: 1, max: IREV_PER_PAGE.max }) ?? IREV_PER_PAGE.default;
  // Not in the document; a reversed window is always a caller's mistake, so say so.
  if (from && to && from.value > to.value) v.add(to.field, `The ${to.field} field must be a date after or equal to ${from.field}.`);
  v.check();

  const clicks = req.tenant.clicks;
  const [fromUtc, toUtc] = [from, to].map((bound) => bound && formatIrevDate(parseIrevDateIn(bound.value, readings.timeZone)!));
  const start = fromUtc ? firstIndex(clicks, (c) => c.created_at >= fromUtc) : 0;
  const end = toUtc ? firstIndex(clicks, (c) => c.created_at > toUtc) : clicks.length;
  // The dataset is ordered by (created_at, id), so walking it backwards is newest first.
  const matched: IrevClick[] = [];
  for (let i = end - 1; i >= start; i--) {
    const click = clicks[i];
    if (id !== undefined && click.id !== id) continue;
    if (affiliateId !== undefined && click.affiliate_id !== affiliateId) continue;
    if (offerId !== undefined && click.offer_id !== offerId) continue;
    matched.push(click);
  }
  const offset = (page - 1) * perPage;
  const body: IrevPage<IrevClick> = {
    data: matched.slice(offset, offset + perPage).map((click) => inZone(click, readings.timeZone)),
    total: matched.length,
    per_page: perPage,
    page,
    pages: Math.max(1, Math.ceil(matched.length / perPage)),
  };
  return { body };
}

/** The click by id, in the reading served (see IrevReadings.clickById). */
function getClick(req: Request, readings: IrevReadings): SimResponse {
  const v = new Validator();
  const id = v.integer(req.params, 'id');
  v.check();
  if (readings.clickById === 'list') return listClicks(req, readings, id);
  const click = req.tenant.clicks.find((c) => c.id === id);
  if (!click) return { status: 404, body: { message: `Click ${id} not found.` } };
  const body: IrevOne<IrevClick> = { data: inZone(click, readings.timeZone) };
  return { body };
}

/*
 * Create clicks. The vendor's document is cut off at this heading, so this is our design, the
 * least surprising one for this API: POST to the list path, body `{clicks: [...]}` with 1..100
 * items, each `{offer_id, affiliate_id, ip?, user_agent?, country_code?, aff_sub?..aff_sub5?,
 * created_at?}`; unknown fields are ignored (as Laravel does). All items are validated first and
 * nothing is created when one fails (422, errors keyed "clicks.<index>.<field>"); otherwise 201
 * `{data: [created clicks]}` in request order, with new ids, and they join the list.
 */
function createClicks(req: Request, tenants: Tenants, readings: IrevReadings): SimResponse {
  const dataset = req.tenant;
  const v = new Validator();
  const body = req.body;
  const items = isObject(body) ? body.clicks : undefined;
  if (items === undefined || items === null) v.add('clicks', 'The clicks field is required.');
  else if (!Array.isArray(items)) v.add('clicks', 'The clicks field must be an array.');
  else if (items.length < 1) v.add('clicks', 'The clicks field must have at least 1 items.');
  else if (items.length > IREV_MAX_CREATE) v.add('clicks', `The clicks field must not have more than ${IREV_MAX_CREATE} items.`);
  v.check();

  const createdAt = formatIrevDate(tenants.clock());
  const inputs = (items as unknown[]).map((item, i) => newClick(v, dataset, item, `clicks.${i}`, createdAt, readings.timeZone));
  v.check();

  const created = inputs.map((input) => buildCreatedClick(dataset, tenants.reserveId(dataset), input!));
  for (const click of created) insertClick(dataset, click);
  return { status: 201, body: { data: created.map((click) => inZone(click, readings.timeZone)) } };
}

/** Validates one item of a create request; undefined when it is invalid (the errors are in `v`). */
function newClick(
  v: Validator,
  dataset: IrevDataset,
  item: unknown,
  path: string,
  defaultCreatedAt: string,
  timeZone: string,
): IrevNewClick | undefined {
  if (!isObject(item)) {
    v.add(path, `The ${path} field must be an object.`);
    return undefined;
  }
  const before = v.count();
  const fields = item as Record<string, unknown>;
  const offerId = v.existing(fields, 'offer_id', path, (id) => dataset.offers.some((o) => o.id === id));
  const affiliateId = v.existing(fields, 'affiliate_id', path, (id) => dataset.affiliates.some((a) => a.id === id));
  const ip = v.text(fields, 'ip', path, { test: (s) => isIP(s) !== 0, rule: 'must be a valid IP address' });
  const userAgent = v.text(fields, 'user_agent', path, { max: 1024 });
  const country = v.text(fields, 'country_code', path, { test: (s) => /^[A-Za-z]{2}$/.test(s), rule: 'must be 2 letters' });
  const subs = ['aff_sub', 'aff_sub2', 'aff_sub3', 'aff_sub4', 'aff_sub5'].map((name) => v.text(fields, name, path, { max: 255 }) ?? '');
  const createdAt = v.text(fields, 'created_at', path, { test: (s) => parseIrevDate(s) !== null, rule: 'must match the format Y-m-d H:i:s' });
  if (v.count() > before) return undefined;
  return {
    offer_id: offerId!,
    affiliate_id: affiliateId!,
    ip: ip ?? '',
    user_agent: userAgent ?? '',
    country_code: country?.toUpperCase() ?? '',
    aff_subs: subs,
    created_at: createdAt === undefined ? defaultCreatedAt : formatIrevDate(parseIrevDateIn(createdAt, timeZone)!),
  };
}

/** Thrown by a Validator; `validated` turns it into the 422 answer. */
class ValidationFailed extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super('validation failed');
  }
}

function validated(handler: (req: Request) => SimResponse): (req: Request) => SimResponse {
  return (req) => {
    try {
      return handler(req);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const messages = Object.values(error.errors).flat();
      const more = messages.length - 1;
      // Laravel's summary: the first message, then a count of the others.
      const message = more > 0 ? `${messages[0]} (and ${more} more error${more > 1 ? 's' : ''})` : messages[0];
      const body: IrevValidationError = { message, errors: error.errors };
      return { status: 422, body };
    }
  };
}

/**
 * Collects Laravel-style errors, all of them before answering. Messages name fields exactly as
 * sent (Laravel would print "per page"; the exact name is more useful to a gateway developer).
 */
class Validator {
  private readonly errors: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  count(): number {
    return Object.keys(this.errors).length;
  }

  check(): void {
    if (this.count() > 0) throw new ValidationFailed(this.errors);
  }

  /** An optional integer query or path parameter. */
  integer(query: SimRequest['query'], name: string, limits: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.scalar(query, name);
    if (raw === undefined) return undefined;
    if (raw === null || !/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
      this.add(name, `The ${name} field must be an integer.`);
      return undefined;
    }
    const value = Number(raw);
    if (limits.min !== undefined && value < limits.min) this.add(name, `The ${name} field must be at least ${limits.min}.`);
    else if (limits.max !== undefined && value > limits.max) this.add(name, `The ${name} field must not be greater than ${limits.max}.`);
    else return value;
    return undefined;
  }

  /** An optional date given under any of `names` (one filter's spellings), which must agree when several are given. */
  dateAlias(query: SimRequest['query'], names: string[]): { field: string; value: string } | undefined {
    const dates = names
      .map((field) => ({ field, raw: this.scalar(query, field) }))
      .filter((d): d is { field: string; raw: string | null } => d.raw !== undefined);
    let valid = true;
    for (const { field, raw } of dates) {
      if (raw === null || parseIrevDate(raw) === null) {
        this.add(field, `The ${field} field must match the format Y-m-d H:i:s.`);
        valid = false;
      }
    }
    if (!valid || dates.length === 0) return undefined;
    const disagreeing = dates.find((d) => d.raw !== dates[0].raw);
    if (disagreeing) {
      this.add(disagreeing.field, `The ${disagreeing.field} field must match ${dates[0].field}: they are two names of one filter.`);
      return undefined;
    }
    return { field: dates[0].field, value: dates[0].raw! };
  }

  /** An optional body field holding an integer (or integer string, as Laravel accepts) that must exist. */
  existing(fields: Record<string, unknown>, name: string, path: string, exists: (id: number) => boolean): number | undefined {
    const field = `${path}.${name}`;
    const raw = fields[name];
    if (raw === undefined || raw === null || raw === '') {
      this.add(field, `The ${field} field is required.`);
      return undefined;
    }
    const value = typeof raw === 'string' && /^[+-]?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.add(field, `The ${field} field must be an integer.`);
      return undefined;
    }
    if (!exists(value)) {
      this.add(field, `The selected ${field} is invalid.`);
      return undefined;
    }
    return value;
  }

  /** An optional (nullable) string body field. */
  text(
    fields: Record<string, unknown>,
    name: string,
    path: string,
    rule: { max?: number; test?: (s: string) => boolean; rule?: string },
  ): string | undefined {
    const field = `${path}.${name}`;
    const raw = fields[name];
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'string') this.add(field, `The ${field} field must be a string.`);
    else if (rule.max !== undefined && raw.length > rule.max) this.add(field, `The ${field} field must not be greater than ${rule.max} characters.`);
    else if (rule.test && !rule.test(raw)) this.add(field, `The ${field} field ${rule.rule}.`);
    else return raw;
    return undefined;
  }

  /**
   * A query value as PHP reads it: the last of repeated keys wins, `name[]` makes an array
   * (null here, which no rule accepts), and an empty string counts as absent (Laravel's
   * ConvertEmptyStringsToNull middleware).
   */
  private scalar(query: SimRequest['query'], name: string): string | null | undefined {
    if (Object.keys(query).some((key) => key.startsWith(`${name}[`))) return null;
    const values = queryValues(query, name);
    const last = values[values.length - 1];
    return last === undefined || last === '' ? undefined : last;
  }
}

/** The click as served: `created_at` on the zone's wall clock (the dataset keeps UTC). */
function inZone(click: IrevClick, timeZone: string): IrevClick {
  return timeZone === 'UTC' ? click : { ...click, created_at: formatIrevDateIn(parseIrevDate(click.created_at)!, timeZone) };
}

/** The first index whose click passes `test`, for a test that is false then true along the array. */
function firstIndex(clicks: IrevClick[], test: (click: IrevClick) => boolean): number {
  let lo = 0;
  let hi = clicks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(clicks[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getValidKeys(keys: unknown): Set<string> {
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string' && k.length > 0)) {
    throw new TypeError(`createIrevSimulator: keys must be a non-empty array of non-empty strings, got ${JSON.stringify(keys)}`);
  }
  return new Set(keys);
}

function getValidReadings(readings: Partial<IrevReadings> | undefined): IrevReadings {
  const chosen: IrevReadings = { clickById: 'list', createdFilter: 'both', timeZone: 'UTC', ...readings };
  if (typeof chosen.timeZone !== 'string' || !isTimeZone(chosen.timeZone)) {
    throw new TypeError(`createIrevSimulator: readings.timeZone must be an IANA time zone, got ${JSON.stringify(chosen.timeZone)}`);
  }
  for (const [name, values] of Object.entries(IREV_READING_VALUES) as [keyof typeof IREV_READING_VALUES, readonly string[]][]) {
    if (!values.includes(chosen[name])) {
      throw new TypeError(`createIrevSimulator: readings.${name} must be one of ${values.join(', ')}, got ${JSON.stringify(chosen[name])}`);
    }
  }
  return chosen;
}

function getValidNow(now: unknown): number {
  if (now === undefined) return Date.now();
  if (typeof now !== 'number' || !Number.isFinite(now))
    throw new TypeError(`createIrevSimulator: now must be a finite ms timestamp, got ${String(now)}`);
  return now;
}
