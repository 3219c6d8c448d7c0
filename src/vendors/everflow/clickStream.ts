/**
 * The Everflow click stream, read in aligned windows. The stream has no paging: one call answers
 * at most `maxRows` rows of at most `maxWindowSeconds`. So the time line is cut into fixed windows
 * of `windowSeconds` (UTC days), aligned to the epoch; each window is read whole (one at the edge
 * of a range too, then trimmed to it), cached on its own and kept compact (one string per row,
 * compressed per window: packWindow). Overlapping ranges share windows, and a page reads only the
 * windows it needs: rows are in time order, so a page walks the windows from its start position
 * until it holds its rows. Counting every row (`totalCount`) reads every window of the range, and
 * is done only when asked for.
 *
 * No I/O of its own: the cache and the vendor come in as a WindowSource, so every part is tested
 * with fakes (test/vendors/clickStream.test.ts).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import pLimit, { type LimitFunction } from 'p-limit';
import { BadUserInputError } from '../../errors.js';
import type { Connection } from '../../pagination/connections.js';
import type { PageRequest } from '../../pagination/request.js';
import { CallBudget } from '../budget.js';

/** A time window in unix seconds, both ends inclusive. */
export interface Window {
  from: number;
  to: number;
}

/** A row with the two fields the reader needs. */
export interface StreamRow {
  transaction_id: string;
  unix_timestamp: number;
}

export interface StreamOptions {
  /** The longest window one call may ask for. */
  maxWindowSeconds: number;
  /** The vendor's row cap: a window that returns this many rows may hold more. */
  maxRows: number;
  /** Calls the read may make, or a budget it shares with other reads. */
  requestBudget: number | CallBudget;
  /** Calls in flight at once, or a limiter the read shares with other reads. */
  concurrency: number | LimitFunction;
  /** Upstream calls one window read makes (counted against the budget). @default 1 */
  callsPerWindow?: number;
  /** A capped window at least twice this long is split on a multiple of it, so halves of aligned windows stay aligned. @default 1 */
  splitUnit?: number;
}

/**
 * What reading one window found: the rows of one call (capped when they reach `maxRows`), or
 * rows combined from several calls with whether any of them was capped.
 */
export type WindowRead<T> = T[] | { rows: T[]; capped: boolean };

export interface StreamResult<T> {
  rows: T[];
  /** Windows whose rows may be incomplete: capped and too short to split, or left unread. */
  truncated: Window[];
  /** Of those, the windows left unread because the budget ran out (a later read may complete them). */
  unread: Window[];
  /** Upstream calls made. */
  requests: number;
}

/**
 * Reads every row of a capped, window-limited stream. The range is cut into windows of at most
 * `maxWindowSeconds`, read concurrently (bounded). A window that comes back at the row cap is
 * split in half and both halves are read again, until no window is capped or the budget is
 * spent; then the capped windows left are reported as truncated, never dropped silently.
 * Neighbouring windows share their boundary second (the vendor's ends are inclusive or
 * exclusive, either way nothing falls between), and rows are de-duplicated by transaction id
 * and returned in time order.
 */
export async function readStream<T extends StreamRow>(
  range: Window,
  fetchWindow: (window: Window) => Promise<WindowRead<T>>,
  options: StreamOptions,
): Promise<StreamResult<T>> {
  const limit = typeof options.concurrency === 'number' ? pLimit(options.concurrency) : options.concurrency;
  const budget = typeof options.requestBudget === 'number' ? new CallBudget(options.requestBudget) : options.requestBudget;
  const rows = new Map<string, T>();
  const truncated: Window[] = [];
  const unread: Window[] = [];
  const calls = options.callsPerWindow ?? 1;
  let requests = 0;

  const read = async (window: Window): Promise<void> => {
    if (!budget.take(calls)) {
      truncated.push(window);
      unread.push(window);
      return;
    }
    requests += calls;
    const answer = await limit(() => fetchWindow(window));
    const found = Array.isArray(answer) ? answer : answer.rows;
    for (const row of found) rows.set(row.transaction_id, row);
    const capped = Array.isArray(answer) ? answer.length >= options.maxRows : answer.capped;
    if (!capped) return;
    if (window.to - window.from < 2) {
      truncated.push(window);
      return;
    }
    const middle = splitPoint(window, options.splitUnit ?? 1);
    await Promise.all([read({ from: window.from, to: middle }), read({ from: middle, to: window.to })]);
  };

  await Promise.all(splitRange(range, options.maxWindowSeconds).map(read));
  const sorted = [...rows.values()].sort(streamOrder);
  return { rows: sorted, truncated: mergeWindows(truncated), unread: mergeWindows(unread), requests };
}

/** Cuts a range into consecutive windows of at most `size` seconds sharing their boundaries. */
export function splitRange(range: Window, size: number): Window[] {
  const windows: Window[] = [];
  for (let from = range.from; ; from += size) {
    const to = Math.min(from + size, range.to);
    windows.push({ from, to });
    if (to >= range.to) return windows;
  }
}

/** The starts of the windows of `size` seconds, aligned to the epoch, that hold the seconds of a range. */
export function alignedStarts(range: Window, size: number): number[] {
  const starts: number[] = [];
  for (let start = Math.floor(range.from / size) * size; start <= range.to; start += size) starts.push(start);
  return starts;
}

/**
 * A row of a window: as the vendor sent it (a window just read), or in its compact form (a
 * cached window: the row's JSON text). Rows just read are not turned into text unless they are
 * cached: serialising every row to parse the page's rows again cost a fifth of a page's CPU.
 */
export type KeptRow = string | StreamRow;

/** One aligned window of the stream: its rows in stream order. */
export interface WindowEntry {
  /** Each row's `unix_timestamp`, ascending. */
  times: number[];
  /** Each row, as read or compact (see KeptRow); a cached window unpacks them on the first call. */
  rows(): Promise<readonly KeptRow[]>;
  /** Parts of the window whose rows may be incomplete (capped one-second windows), clipped to it. */
  truncated: Window[];
}

/** A window as it is cached (see packWindow). */
export interface PackedWindow {
  /** The rows' times: the first, then each one's distance from the one before, base 36, comma-separated. */
  times: string;
  /** The rows as lines of text (a row's compact form holds no line break), compressed with Brotli. */
  rows: Buffer;
  truncated: Window[];
}

/**
 * A window in the form it is cached in: its times as a short text, so that counting a cached
 * window reads no row, and its rows compressed with Brotli at quality 4 (in the libuv thread
 * pool, off the event loop): about 100 bytes a click for Everflow's JSON rows, a twelfth of the
 * text, as rows of one window repeat each other's field names and most values (`npm run bench`).
 */
export async function packWindow(entry: WindowEntry): Promise<PackedWindow> {
  const times = entry.times.map((time, i) => (i === 0 ? time : time - entry.times[i - 1]).toString(36)).join(',');
  // A row's compact form is its JSON text, which holds no line break.
  const text = (await entry.rows()).map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');
  const rows = await brotliCompress(Buffer.from(text), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
  return { times, rows, truncated: entry.truncated };
}

/** A window from its cached form (see packWindow); undefined for anything else, which is then read again. */
export function unpackWindow(packed: unknown): WindowEntry | undefined {
  const value = packed as Partial<PackedWindow> | null;
  if (typeof value?.times !== 'string' || !(value.rows instanceof Uint8Array) || !Array.isArray(value.truncated)) return undefined;
  const times: number[] = [];
  for (const step of value.times === '' ? [] : value.times.split(',')) times.push((times[times.length - 1] ?? 0) + parseInt(step, 36));
  if (!times.every((time, i) => Number.isSafeInteger(time) && (i === 0 || time >= times[i - 1]))) return undefined;
  const compressed = value.rows;
  let rows: Promise<string[]> | undefined;
  const unpack = async () => {
    const list = times.length === 0 ? [] : (await brotliDecompress(compressed)).toString('utf8').split('\n');
    if (list.length !== times.length) throw new Error(`A cached click-stream window holds ${list.length} rows for ${times.length} times.`);
    return list;
  };
  return { times, rows: () => (rows ??= unpack()), truncated: value.truncated as Window[] };
}

/** Where windows come from: the cache, and the vendor. */
export interface WindowSource<T extends StreamRow> {
  /** The cached window starting at `start`; undefined on a miss. */
  cached(start: number): Promise<WindowEntry | undefined>;
  /** Caches a window that was read whole. */
  store(start: number, entry: WindowEntry): Promise<void>;
  /** What stands in for a window whose read failed with `error` (a stale copy); else throws `error`. */
  standIn(start: number, error: unknown): Promise<WindowEntry>;
  /** One upstream read of a window within the vendor's limits (see readStream). */
  fetchWindow(window: Window): Promise<WindowRead<T>>;
}

export interface WindowedStreamOptions {
  /** The aligned windows' length: the unit of reading, caching and cursor positions. */
  windowSeconds: number;
  /** The longest window one call may ask for. */
  maxWindowSeconds: number;
  /** The vendor's row cap. */
  maxRows: number;
  /** Calls one page read may make. */
  requestBudget: number;
  /** Calls in flight at once. */
  concurrency: number;
  /** Upstream calls one window read makes. @default 1 */
  callsPerWindow?: number;
  /** Read every window of the range, for `totalCount`. */
  count: boolean;
  /**
   * The rows per window an earlier read of the same stream found (`StreamReadStats`): the walk's
   * first round and a call's span are sized by it, as by the windows seen, so that a repeated
   * query reads in one round what it needs. Without it the first round is one window.
   */
  density?: Density;
}

/** Rows over the windows that held them. */
export interface Density {
  rows: number;
  windows: number;
}

/** What reading a page cost. */
export interface StreamReadStats {
  /** Aligned windows in the range. */
  windowsInRange: number;
  /** Windows the page was read from (cached or not). */
  windowsLoaded: number;
  /** Of those, the windows read from the vendor. */
  windowsFetched: number;
  /** The rows of the windows loaded (whole windows, not only the range's). */
  rowsLoaded: number;
  /** Upstream calls made. */
  requests: number;
}

/** A page of the stream: compact rows as nodes, position cursors, and what may be incomplete. */
export interface StreamPage extends Connection<KeptRow> {
  /** Parts of the range whose rows may be incomplete, clipped to it; empty when nothing is. */
  truncated: Window[];
  stats: StreamReadStats;
}

/**
 * Reads one page of the rows of `range` (inclusive) in stream order (time, then transaction id).
 * Forward pages (`first`, page numbers) walk the windows from the range's start or the `after`
 * position; backward pages (`last`) from its end or the `before` position. A walk reads windows in
 * rounds sized by the rows per window seen so far (the first round is one window), so a page
 * reads about the windows it needs and one row more, which says whether more follow; missing
 * windows next to each other are read in one call of up to `maxWindowSeconds`, and split when
 * capped. With `count`, every window of the range is read first (cached windows cost no call),
 * breadth-first and concurrently, to give `totalCount`; only the windows the page needs are kept.
 *
 * Cursors hold a position: a window's start and a row's offset in it. Offset cursors of the
 * gateway's earlier, whole-range reads (`offset:<n>`) are still served, by walking from the start.
 */
export async function readStreamPage<T extends StreamRow>(
  range: Window,
  request: PageRequest,
  source: WindowSource<T>,
  options: WindowedStreamOptions,
): Promise<StreamPage> {
  return new PageReader(range, source, options).read(request);
}

/** A row's place in the stream: the start of its aligned window and its offset there. */
export interface Position {
  window: number;
  offset: number;
}

/** The cursor of a position: the JSON `["w", window, offset]`, base64url; the first element names the format. */
export function positionToCursor(position: Position): string {
  return Buffer.from(JSON.stringify(['w', position.window, position.offset])).toString('base64url');
}

/** A decoded click-stream cursor: a position, or an offset cursor of the earlier whole-range reads. */
export type StreamCursor = ({ kind: 'position' } & Position) | { kind: 'offset'; offset: number };

/** The position (or legacy offset) in a cursor; BAD_USER_INPUT naming `field` for anything else. */
export function decodeStreamCursor(cursor: string, field: string): StreamCursor {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = /^offset:(\d+)$/.exec(text);
  if (offset && Number.isSafeInteger(Number(offset[1]))) return { kind: 'offset', offset: Number(offset[1]) };
  if (text.startsWith('["w",')) {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value) && value.length === 3 && Number.isSafeInteger(value[1]) && Number.isSafeInteger(value[2]) && value[2] >= 0) {
        return { kind: 'position', window: value[1] as number, offset: value[2] as number };
      }
    } catch {
      // Not JSON: not a cursor of ours.
    }
  }
  throw notACursor(cursor, field);
}

// Private:

const brotliCompress = promisify(zlib.brotliCompress);
const brotliDecompress = promisify(zlib.brotliDecompress);

/** Stream order: by time, then by transaction id. */
function streamOrder(a: StreamRow, b: StreamRow): number {
  return a.unix_timestamp - b.unix_timestamp || (a.transaction_id < b.transaction_id ? -1 : a.transaction_id > b.transaction_id ? 1 : 0);
}

/** Where a capped window is cut: on a multiple of `unit` from its start when it spans two or more, else at its middle second. */
function splitPoint(window: Window, unit: number): number {
  const units = Math.floor((window.to - window.from) / unit);
  return units >= 2 ? window.from + Math.floor(units / 2) * unit : Math.floor((window.from + window.to) / 2);
}

/** Sorts windows and joins those that touch or overlap. */
function mergeWindows(windows: Window[]): Window[] {
  const sorted = [...windows].sort((a, b) => a.from - b.from);
  const merged: Window[] = [];
  for (const window of sorted) {
    const last = merged[merged.length - 1];
    if (last && window.from <= last.to) last.to = Math.max(last.to, window.to);
    else merged.push({ ...window });
  }
  return merged;
}

/** The part of `window` inside `bounds`, or null when they share at most a boundary second. */
function clip(window: Window, bounds: Window): Window | null {
  const from = Math.max(window.from, bounds.from);
  const to = Math.min(window.to, bounds.to);
  return from < to || (from === to && window.from === window.to) ? { from, to } : null;
}

/** The first index whose time is above `time` (`strict`) or at least `time`, in ascending times. */
function search(times: readonly number[], time: number, strict: boolean): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? times[mid] <= time : times[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function notACursor(cursor: string, field: string): BadUserInputError {
  const shown = cursor.length > 40 ? `${cursor.slice(0, 37)}...` : cursor;
  return new BadUserInputError(`${field} "${shown}" is not a cursor of this list; pass a cursor this list returned.`, field);
}

/**
 * How a page walks the windows. Forward: the rows from position (index, offset) on, of which the
 * first `skip` are passed over. Backward: the rows before position (index, offset). `size` is the
 * page size asked for (`take` may be less, for an offset cursor near the start).
 */
type Walk =
  | { forward: true; index: number; offset: number; skip: number; take: number; size: number; cursor: boolean }
  | { forward: false; index: number; offset: number; take: number; size: number; cursor: boolean };

/** Reads one page: the windows it walks, and with `count` every window, each once. */
class PageReader<T extends StreamRow> {
  private readonly starts: number[];
  private readonly budget: CallBudget;
  private readonly limit: LimitFunction;
  /** Windows held for the walk, by index; a window the walk will not reach is dropped once read. */
  private readonly entries = new Map<number, WindowEntry>();
  /** The range's rows of each window read, as [first, end) offsets into its rows. */
  private readonly bounds: ([number, number] | undefined)[];
  private readonly truncated: Window[] = [];
  private loadedRows = 0;
  private loadedWindows = 0;
  private fetchedWindows = 0;
  private walk!: Walk;

  constructor(
    private readonly range: Window,
    private readonly source: WindowSource<T>,
    private readonly options: WindowedStreamOptions,
  ) {
    this.starts = range.from > range.to ? [] : alignedStarts(range, options.windowSeconds);
    this.bounds = new Array<[number, number] | undefined>(this.starts.length);
    this.budget = new CallBudget(options.requestBudget);
    this.limit = pLimit(options.concurrency);
  }

  async read(request: PageRequest): Promise<StreamPage> {
    const walk = (this.walk = this.plan(request));
    const n = this.starts.length;
    if (this.options.count && n > 0) {
      // Walk order first, so that the windows the page needs are kept and the rest only counted.
      const order = Array.from({ length: n }, (_, k) => (walk.forward ? (walk.index + k) % n : (walk.index - k + n) % n));
      await this.load(order);
    }
    const collected = walk.forward ? await this.walkForward(walk) : await this.walkBackward(walk);
    const more = collected.length > walk.take;
    const rows = walk.forward ? collected.slice(0, walk.take) : collected.slice(Math.max(0, collected.length - walk.take));
    const totalCount = this.options.count ? this.bounds.reduce((sum, b) => sum + (b ? b[1] - b[0] : 0), 0) : null;
    // A page's number is known when its offset from the start is: counted from the start, or from the end with the total.
    const start = walk.forward ? (walk.cursor ? null : walk.skip) : !walk.cursor && totalCount !== null ? totalCount - rows.length : null;
    const edges = rows.map(({ position, row }) => ({ cursor: positionToCursor(position), node: row }));
    return {
      edges,
      nodes: rows.map((r) => r.row),
      pageInfo: {
        hasNextPage: walk.forward ? more : walk.cursor,
        hasPreviousPage: walk.forward ? walk.cursor || walk.skip > 0 : more,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
        page: start !== null && walk.size > 0 && start % walk.size === 0 ? start / walk.size + 1 : null,
        pageSize: walk.size,
        totalPages: totalCount !== null && walk.size > 0 ? Math.ceil(totalCount / walk.size) : null,
      },
      totalCount,
      truncated: mergeWindows(this.truncated),
      stats: {
        windowsInRange: n,
        windowsLoaded: this.loadedWindows,
        windowsFetched: this.fetchedWindows,
        rowsLoaded: this.loadedRows,
        requests: this.options.requestBudget - this.budget.remaining,
      },
    };
  }

  /** The walk a page request asks for, its cursor checked against this range. */
  private plan(request: PageRequest): Walk {
    const last = Math.max(0, this.starts.length - 1);
    if (request.mode === 'page') {
      const size = request.pageSize;
      return { forward: true, index: 0, offset: 0, skip: (request.page - 1) * size, take: size, size, cursor: false };
    }
    if (request.mode === 'forward') {
      const size = request.first;
      if (request.after === undefined) return { forward: true, index: 0, offset: 0, skip: 0, take: size, size, cursor: false };
      const cursor = decodeStreamCursor(request.after, 'after');
      if (cursor.kind === 'offset') return { forward: true, index: 0, offset: 0, skip: cursor.offset + 1, take: size, size, cursor: false };
      return {
        forward: true,
        index: this.indexOf(cursor, request.after, 'after'),
        offset: cursor.offset + 1,
        skip: 0,
        take: size,
        size,
        cursor: true,
      };
    }
    const size = request.last;
    if (request.before === undefined) return { forward: false, index: last, offset: Infinity, take: size, size, cursor: false };
    const cursor = decodeStreamCursor(request.before, 'before');
    if (cursor.kind === 'offset') {
      // The `last` rows before offset n, counted from the start.
      const skip = Math.max(0, cursor.offset - size);
      return { forward: true, index: 0, offset: 0, skip, take: cursor.offset - skip, size, cursor: false };
    }
    return { forward: false, index: this.indexOf(cursor, request.before, 'before'), offset: cursor.offset, take: size, size, cursor: true };
  }

  /** The index of a position's window in this range; BAD_USER_INPUT when it is not one of them. */
  private indexOf(position: Position, cursor: string, field: string): number {
    const index = (position.window - (this.starts[0] ?? 0)) / this.options.windowSeconds;
    if (this.starts.length > 0 && Number.isInteger(index) && index >= 0 && index < this.starts.length) return index;
    throw notACursor(cursor, field);
  }

  private async walkForward(walk: Walk & { forward: true }): Promise<{ position: Position; row: KeptRow }[]> {
    const need = walk.skip + walk.take + 1;
    const out: { position: Position; row: KeptRow }[] = [];
    let seen = 0;
    for (let i = walk.index; i < this.starts.length && seen < need; i++) {
      if (!this.entries.has(i)) await this.load(this.round(i, 1, need - seen));
      const [lo, hi] = this.bounds[i]!;
      const first = i === walk.index ? Math.max(lo, walk.offset) : lo;
      // Rows only the skip passes over are counted, not unpacked.
      const rows = first < hi && seen + (hi - first) > walk.skip ? await this.entries.get(i)!.rows() : [];
      for (let o = first; o < hi && seen < need; o++, seen++) {
        if (seen >= walk.skip) out.push({ position: { window: this.starts[i], offset: o }, row: rows[o] });
      }
      this.entries.delete(i);
    }
    return out;
  }

  /** The rows before the walk's position, at most `take` + 1 of them, in stream order. */
  private async walkBackward(walk: Walk & { forward: false }): Promise<{ position: Position; row: KeptRow }[]> {
    const need = walk.take + 1;
    const out: { position: Position; row: KeptRow }[] = [];
    for (let i = walk.index; i >= 0 && out.length < need; i--) {
      if (!this.entries.has(i)) await this.load(this.round(i, -1, need - out.length));
      const [lo, hi] = this.bounds[i]!;
      const end = i === walk.index ? Math.min(hi, walk.offset) : hi;
      const rows = end > lo ? await this.entries.get(i)!.rows() : [];
      for (let o = end - 1; o >= lo && out.length < need; o--) {
        out.push({ position: { window: this.starts[i], offset: o }, row: rows[o] });
      }
      this.entries.delete(i);
    }
    return out.reverse();
  }

  /**
   * The windows of the next round of a walk, from index `i` in direction `step`: as many as
   * `wanted` rows take at the rows per window seen so far (so a round reads the windows the page
   * needs, unless the windows ahead hold more rows than those behind), but at most twice as many
   * as were seen (so that sparse windows, such as days past the retention, never make a round
   * read far into dense ones), and at most the calls in flight times a call's windows; the first
   * round is one window, or sized by the density an earlier read found.
   */
  private round(i: number, step: 1 | -1, wanted: number): number[] {
    const { rows, windows: seen } = this.seen();
    const estimate = rows === 0 ? 2 * seen : Math.ceil((wanted * seen) / rows);
    const size = Math.max(1, Math.min(estimate, 2 * seen, this.spanWindows() * this.options.concurrency));
    const out: number[] = [];
    for (let j = i; out.length < size && j >= 0 && j < this.starts.length && this.bounds[j] === undefined; j += step) out.push(j);
    return out;
  }

  /**
   * Windows one call reads: as many as hold 80% of the row cap at the rows per window seen so far
   * (so that a call is rarely capped and read again in halves), at most `maxWindowSeconds`.
   */
  private spanWindows(): number {
    const most = Math.max(1, Math.floor(this.options.maxWindowSeconds / this.options.windowSeconds));
    const { rows, windows } = this.seen();
    if (rows === 0) return most;
    return Math.min(most, Math.max(1, Math.floor((0.8 * this.options.maxRows * windows) / rows)));
  }

  /** The rows per window seen so far, or before the first window the earlier read's. */
  private seen(): Density {
    if (this.loadedWindows > 0 || !this.options.density) return { rows: this.loadedRows, windows: this.loadedWindows };
    return this.options.density;
  }

  /** Loads windows: each from the cache, in the order given; the misses from the vendor, neighbours in one call. */
  private async load(indices: number[]): Promise<void> {
    const misses: number[] = [];
    for (const i of indices) {
      if (this.bounds[i] !== undefined) continue;
      const entry = await this.source.cached(this.starts[i]);
      if (entry) this.accept(i, entry);
      else misses.push(i);
    }
    misses.sort((a, b) => a - b);
    const span = this.spanWindows();
    const spans: [number, number][] = [];
    for (const i of misses) {
      const current = spans[spans.length - 1];
      if (current && current[1] === i - 1 && i - current[0] < span) current[1] = i;
      else spans.push([i, i]);
    }
    await Promise.all(
      spans.map(async ([a, b]) => {
        await this.fetchSpan(a, b);
        for (const i of this.entries.keys()) if (!this.needed(i)) this.entries.delete(i);
      }),
    );
  }

  /** Reads windows a..b (indices) in one call, split when capped; caches each one read whole. */
  private async fetchSpan(a: number, b: number): Promise<void> {
    const size = this.options.windowSeconds;
    const span = { from: this.starts[a], to: this.starts[b] + size };
    let result: StreamResult<T>;
    try {
      result = await readStream(span, (window) => this.source.fetchWindow(window), {
        maxWindowSeconds: this.options.maxWindowSeconds,
        maxRows: this.options.maxRows,
        requestBudget: this.budget,
        concurrency: this.limit,
        callsPerWindow: this.options.callsPerWindow,
        splitUnit: size,
      });
    } catch (error) {
      for (let i = a; i <= b; i++) this.accept(i, await this.source.standIn(this.starts[i], error));
      return;
    }
    const rows: T[][] = Array.from({ length: b - a + 1 }, () => []);
    for (const row of result.rows) {
      // A row at the span's last second belongs to the next window, which reads it itself.
      const k = Math.floor((row.unix_timestamp - span.from) / size);
      if (k >= 0 && k < rows.length) rows[k].push(row);
    }
    const stores: Promise<void>[] = [];
    for (let k = 0; k < rows.length; k++) {
      const own = { from: this.starts[a + k], to: this.starts[a + k] + size };
      const read = rows[k];
      const entry: WindowEntry = {
        times: read.map((row) => row.unix_timestamp),
        rows: () => Promise.resolve(read),
        truncated: result.truncated.map((w) => clip(w, own)).filter((w): w is Window => w !== null),
      };
      if (!result.unread.some((w) => w.from <= own.from && w.to >= own.to)) this.fetchedWindows++;
      if (!result.unread.some((w) => clip(w, own) !== null)) stores.push(this.source.store(own.from, entry));
      this.accept(a + k, entry);
    }
    await Promise.all(stores);
  }

  /** Takes in a window read: its range bounds, what may be missing, and the window itself if the walk may need it. */
  private accept(i: number, entry: WindowEntry): void {
    const lo = search(entry.times, this.range.from, false);
    const hi = Math.max(lo, search(entry.times, this.range.to, true));
    this.bounds[i] = [lo, hi];
    this.loadedWindows++;
    this.loadedRows += entry.times.length;
    for (const window of entry.truncated) {
      const part = clip(window, this.range);
      if (part) this.truncated.push(part);
    }
    if (this.needed(i)) this.entries.set(i, entry);
  }

  /** Whether the walk may reach window i: it lies on the walk's side, and the windows before it on the way may hold too few rows. */
  private needed(i: number): boolean {
    const walk = this.walk;
    const step = walk.forward ? 1 : -1;
    if ((i - walk.index) * step < 0) return false;
    const need = walk.forward ? walk.skip + walk.take + 1 : walk.take + 1;
    let before = 0;
    for (let j = walk.index; j !== i && before < need; j += step) before += this.available(j);
    return before < need;
  }

  /** The rows of window j the walk can take (0 while unread). */
  private available(j: number): number {
    const bounds = this.bounds[j];
    if (!bounds) return 0;
    const [lo, hi] = bounds;
    if (j !== this.walk.index) return hi - lo;
    return this.walk.forward ? Math.max(0, hi - Math.max(lo, this.walk.offset)) : Math.max(0, Math.min(hi, this.walk.offset) - lo);
  }
}
