/**
 * One list merged by time from several vendor lists, with one opaque cursor that carries every
 * vendor's position. Pure: each vendor list is a `MergeSource` (its own Relay connection read
 * through PageArgs), so the merge is tested with in-memory lists.
 */
import { BadUserInputError, GatewayError, type VendorName } from '../errors.js';
import type { Connection, Edge, PageInfo } from './connections.js';
import type { PageArgs, PageRequest } from './request.js';

/** The merged list's order by time. */
export type MergeOrder = 'NEWEST_FIRST' | 'OLDEST_FIRST';

/** One vendor list as the merge reads it. */
export interface MergeSource<T> {
  /** Names the source in the cursor and in `missing` (a vendor, or a vendor and a part such as an integration). */
  key: string;
  /** The vendor, for the errors the merge itself raises about this source. */
  vendor?: VendorName;
  /** The order the vendor's own connection lists rows in. */
  nativeOrder: MergeOrder;
  /** Reads the vendor's own connection (edges in `nativeOrder`); at most `maxPageSize` rows are asked for. */
  page(args: PageArgs): Promise<Connection<T>>;
  /** Loads one row again by its id: used only to resume at a row kept inclusively (past the list's other end). */
  row(id: string): Promise<T>;
  /** The most rows one `page` call may ask for. */
  maxPageSize: number;
  /**
   * A post-filter: which rows of a chunk to keep (batched, so it may load what it needs per
   * chunk). With one, the source is read on until the page's rows pass or `scanBudget` calls are
   * spent, and the merged `totalCount` is null (the vendor's total counts unfiltered rows).
   */
  keep?: (rows: T[]) => Promise<boolean[]> | boolean[];
}

/** The source with one more post-filter: a row is kept when the source's own filter and `keep` both keep it. */
export function withPostFilter<T>(source: MergeSource<T>, keep: (rows: T[]) => Promise<boolean[]> | boolean[]): MergeSource<T> {
  const own = source.keep;
  return {
    ...source,
    keep: async (rows) => {
      const first = own ? await own(rows) : rows.map(() => true);
      const passed = rows.filter((_, i) => first[i]);
      const second = passed.length > 0 ? await keep(passed) : [];
      let j = 0;
      return first.map((ok) => ok && second[j++]);
    },
  };
}

/** Options of mergeConnections. */
export interface MergeOptions<T> {
  order: MergeOrder;
  sources: readonly MergeSource<T>[];
  /** A row's time in ms; null rows are emitted as soon as they head their vendor's buffer. */
  timeOf: (row: T) => number | null;
  /** A row's unique id (stored in a cursor for an inclusive position). */
  idOf: (row: T) => string;
  /** Vendor calls one source with a post-filter may spend on one merged page. @default 5 */
  scanBudget?: number;
}

/** A source that failed on this page: the others' rows came back, its position did not move. */
export interface MissingSource {
  key: string;
  error: Error;
}

/** The merged connection: Relay edges, the sum of the totals, and the sources that failed. */
export interface MergedConnection<T> extends Connection<T> {
  missing: MissingSource[];
}

/**
 * Reads one page of the merged list. `first`/`after` reads on in the merged order, `last`/`before`
 * back; each source is asked for at most `first` (or `last`) rows past its own position, in its
 * own direction (a source listed the other way round is read with `last`/`before` and reversed),
 * and the rows are merged by time (ties: sources in the given order). A row is emitted only while
 * every source that may have more has a buffered row to compare it with, so a source whose buffer
 * runs dry ends the page early (at most `size` rows; fewer only when a post-filter spent its budget).
 *
 * Every edge's cursor holds, per source, the position on either side of that edge (the vendor
 * cursor of the last row consumed and of the next one, or "none"/"all" at the ends), and each
 * source's last known total; so `after` and `before` both work from any edge, and a source that
 * failed keeps its position and is read again on the next page. A source that threw a
 * BAD_USER_INPUT fails the whole page (the query is wrong, not the vendor down).
 *
 * Page mode walks forward `page` merged pages from the start: its cost grows with the page
 * number, bounded by `maxPageDepth` rows (page × pageSize).
 */
export async function mergeConnections<T>(request: PageRequest, options: MergeOptions<T>, maxPageDepth = 1000): Promise<MergedConnection<T>> {
  if (request.mode === 'page') {
    const { page, pageSize } = request;
    if (page * pageSize > maxPageDepth) {
      throw new BadUserInputError(
        `page ${page} of ${pageSize} lies deeper than the ${maxPageDepth} rows a merged list serves by page number (each page reads every page before it); use first/after.`,
        'page',
      );
    }
    let after: string | undefined;
    let result: MergedConnection<T> | undefined;
    const missing = new Map<string, MissingSource>();
    for (let n = 1; n <= page; n++) {
      result = await readPage({ mode: 'forward', first: pageSize, ...(after && { after }) }, options);
      for (const gap of result.missing) missing.set(gap.key, gap);
      after = result.pageInfo.endCursor ?? undefined;
      if (!result.pageInfo.hasNextPage && n < page) {
        result = { ...result, edges: [], nodes: [], pageInfo: { ...result.pageInfo, hasNextPage: false, startCursor: null, endCursor: null } };
        break;
      }
    }
    const last = result as MergedConnection<T>;
    const totalCount = last.totalCount;
    return {
      ...last,
      missing: [...missing.values()],
      pageInfo: {
        ...last.pageInfo,
        hasPreviousPage: page > 1,
        page,
        pageSize,
        totalPages: totalCount === null ? null : Math.ceil(totalCount / pageSize),
      },
    };
  }
  return readPage(request, options);
}

/**
 * The cursor of a merged list's position (exported for tests): base64url JSON
 * `["m", order, {key: [next, prev, total]}, rowKey?, rowId?]`; an edge's cursor also names its
 * row's source and id, since after the row that source's rows behind include the row itself.
 */
export function encodeMergeCursor(order: MergeOrder, positions: Record<string, SourcePosition>, row?: { key: string; id: string }): string {
  const packed = Object.fromEntries(Object.entries(positions).map(([key, p]) => [key, [p.next, p.prev, p.total]]));
  return Buffer.from(JSON.stringify(['m', order, packed, ...(row ? [row.key, row.id] : [])])).toString('base64url');
}

/**
 * One side of a source's position, in the merged order: `all` (every row lies that way: the
 * list's end), `none` (no row does), `{ x }` the rows past vendor cursor x, `{ i, id }` the rows
 * past x and the row x itself (id: its id, to load it again).
 */
export type Side = 'all' | 'none' | { x: string } | { i: string; id: string };

/** A source's position between two rows: what lies after it, before it, and its last known total. */
export interface SourcePosition {
  next: Side;
  prev: Side;
  total: number | null;
}

/** Decodes a merged cursor for these sources and order; BAD_USER_INPUT at `field` for anything else. */
export function decodeMergeCursor(
  cursor: string,
  order: MergeOrder,
  keys: readonly string[],
  field: string,
): { positions: Record<string, SourcePosition>; row?: { key: string; id: string } } {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  const shown = cursor.length > 40 ? `${cursor.slice(0, 37)}...` : cursor;
  if (!Array.isArray(parts) || parts[0] !== 'm' || typeof parts[2] !== 'object' || parts[2] === null) {
    throw new BadUserInputError(`${field} "${shown}" is not a cursor of a merged list; pass a cursor this list returned.`, field);
  }
  if (parts[1] !== order) {
    throw new BadUserInputError(
      `${field} "${shown}" is a cursor of the list in ${String(parts[1])} order; pass one of this order, or start again.`,
      field,
    );
  }
  const packed = parts[2] as Record<string, unknown>;
  const positions: Record<string, SourcePosition> = {};
  for (const key of keys) {
    const entry = packed[key];
    if (
      !Array.isArray(entry) ||
      entry.length !== 3 ||
      !isSide(entry[0]) ||
      !isSide(entry[1]) ||
      !(entry[2] === null || Number.isSafeInteger(entry[2]))
    ) {
      throw new BadUserInputError(
        `${field} "${shown}" is a cursor of a merged list of other vendors (no position for ${key}); pass a cursor of this same query.`,
        field,
      );
    }
    positions[key] = { next: entry[0], prev: entry[1], total: entry[2] as number | null };
  }
  const [, , , rowKey, rowId] = parts as unknown[];
  return typeof rowKey === 'string' && typeof rowId === 'string' && keys.includes(rowKey)
    ? { positions, row: { key: rowKey, id: rowId } }
    : { positions };
}

// Private:

type Dir = 'next' | 'prev';

/** What one source's read for a page holds: rows closest to the position first, in the merged direction. */
interface SourceBuffer<T> {
  source: MergeSource<T>;
  /** The position the page started from. */
  start: SourcePosition;
  rows: Edge<T>[];
  /** Rows consumed so far. */
  used: number;
  /** Whether rows lie past the buffer in the read direction. */
  more: boolean;
  /** The vendor cursor of the last row read (kept or filtered out). */
  scanned?: string;
  total: number | null;
  error?: Error;
}

async function readPage<T>(request: Exclude<PageRequest, { mode: 'page' }>, options: MergeOptions<T>): Promise<MergedConnection<T>> {
  const dir: Dir = request.mode === 'forward' ? 'next' : 'prev';
  const size = request.mode === 'forward' ? request.first : request.last;
  const cursor = request.mode === 'forward' ? request.after : request.before;
  const field = request.mode === 'forward' ? 'after' : 'before';
  const keys = options.sources.map((source) => source.key);
  const starts = cursor
    ? startsAt(decodeMergeCursor(cursor, options.order, keys, field), dir)
    : Object.fromEntries(
        keys.map((key) => [key, { next: dir === 'next' ? 'all' : 'none', prev: dir === 'prev' ? 'all' : 'none', total: null }] as const),
      );

  const buffers = await Promise.all(options.sources.map((source) => fill(source, starts[source.key], dir, size, options)));
  const userError = buffers.find((b) => b.error instanceof BadUserInputError)?.error;
  if (userError) throw userError;

  const better = (a: T, b: T): boolean => {
    const ta = options.timeOf(a);
    const tb = options.timeOf(b);
    if (ta === null) return true;
    if (tb === null) return false;
    // Newest first reading on (or oldest first reading back) takes the later row first.
    const later = (options.order === 'NEWEST_FIRST') === (dir === 'next');
    // Ties go to the earlier source in the merged order: first when reading on, last when reading back
    // (sources are tried in order, so reading back a tie replaces the best so far).
    if (ta === tb) return dir === 'prev';
    return later ? ta > tb : ta < tb;
  };

  const picked: { node: T; cursor: string }[] = [];
  while (picked.length < size) {
    // A source that may have more but has nothing buffered could hold the next row: stop here.
    if (buffers.some((b) => !b.error && b.used === b.rows.length && b.more)) break;
    let best: SourceBuffer<T> | undefined;
    for (const b of buffers) {
      if (b.error || b.used === b.rows.length) continue;
      if (!best || better(b.rows[b.used].node, best.rows[best.used].node)) best = b;
    }
    if (!best) break;
    const edge = best.rows[best.used++];
    const row = { key: best.source.key, id: options.idOf(edge.node) };
    picked.push({ node: edge.node, cursor: encodeMergeCursor(options.order, positionsAt(buffers, best, dir, options), row) });
  }
  // Where the next page in this direction starts even when nothing was picked (a post-filter's budget ran out).
  const resume = encodeMergeCursor(options.order, positionsAt(buffers, undefined, dir, options));

  const more = buffers.some((b) => b.error || b.used < b.rows.length || b.more);
  const back = cursor !== undefined && keys.some((key) => (dir === 'next' ? starts[key].prev : starts[key].next) !== 'none');
  const edges = dir === 'next' ? picked : picked.reverse();
  const totals = buffers.map((b) => b.total);
  const totalCount =
    options.sources.every((source) => !source.keep) && buffers.every((b) => !b.error) && totals.every((t) => t !== null)
      ? (totals as number[]).reduce((s, t) => s + t, 0)
      : null;
  const pageInfo: PageInfo = {
    hasNextPage: dir === 'next' ? more : back,
    hasPreviousPage: dir === 'next' ? back : more,
    startCursor: edges[0]?.cursor ?? (dir === 'prev' && more ? resume : null),
    endCursor: edges[edges.length - 1]?.cursor ?? (dir === 'next' && more ? resume : null),
    page: null,
    pageSize: size,
    totalPages: totalCount === null || size === 0 ? null : Math.ceil(totalCount / size),
  };
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo,
    totalCount,
    missing: buffers.filter((b) => b.error).map((b) => ({ key: b.source.key, error: b.error as Error })),
  };
}

/**
 * The positions a page starts from. An edge's cursor stores its own source's sides as "past the
 * row" both ways, which is what reading on from it needs; the side behind is then "past the row
 * and the row itself", for the edges of the new page while that source gives none of their rows.
 */
function startsAt(decoded: ReturnType<typeof decodeMergeCursor>, dir: Dir): Record<string, SourcePosition> {
  const { positions, row } = decoded;
  if (!row) return positions;
  const own = positions[row.key];
  const behind = dir === 'next' ? 'prev' : 'next';
  const side = own[behind];
  if (typeof side !== 'object' || !('x' in side)) return positions;
  return { ...positions, [row.key]: { ...own, [behind]: { i: side.x, id: row.id } } };
}

/**
 * Every source's position just after `emitted` (its last consumed row) was taken, or where the
 * page stops when `emitted` is undefined. Reading direction d, "ahead" is d's side, "behind" the other.
 */
function positionsAt<T>(
  buffers: SourceBuffer<T>[],
  emitted: SourceBuffer<T> | undefined,
  dir: Dir,
  options: MergeOptions<T>,
): Record<string, SourcePosition> {
  const out: Record<string, SourcePosition> = {};
  for (const b of buffers) {
    const { start } = b;
    if (b.error) {
      out[b.source.key] = start;
      continue;
    }
    const last = b.used > 0 ? b.rows[b.used - 1] : undefined;
    const dry = b.used === b.rows.length;
    let ahead: Side;
    if (dry && !b.more) ahead = 'none';
    else if (dry && b.scanned !== undefined) ahead = { x: b.scanned };
    else ahead = last ? { x: last.cursor } : start[dir];
    let behind: Side;
    if (b === emitted && last) behind = { x: last.cursor };
    else if (!dry) behind = { x: b.rows[b.used].cursor };
    else if (last) behind = { i: last.cursor, id: options.idOf(last.node) };
    else behind = start[dir === 'next' ? 'prev' : 'next'];
    out[b.source.key] = dir === 'next' ? { next: ahead, prev: behind, total: b.total } : { next: behind, prev: ahead, total: b.total };
  }
  return out;
}

/** Reads one source for a page: up to `size` rows past its position in direction `dir`, filtered. */
async function fill<T>(source: MergeSource<T>, start: SourcePosition, dir: Dir, size: number, options: MergeOptions<T>): Promise<SourceBuffer<T>> {
  const buffer: SourceBuffer<T> = { source, start, rows: [], used: 0, more: false, total: start.total };
  let side: Side = start[dir];
  if (side === 'none' || size === 0) {
    buffer.more = side !== 'none';
    return buffer;
  }
  const budget = source.keep ? (options.scanBudget ?? 5) : 1;
  try {
    for (let calls = 0; calls < budget && buffer.rows.length < size; calls++) {
      const chunk: Chunk<T> = await readSide(source, side, dir, Math.min(size, source.maxPageSize), options.order);
      if (chunk.total !== null) buffer.total = chunk.total;
      checkOrder(source, chunk.rows, dir, options);
      let rows = chunk.rows;
      if (source.keep && rows.length > 0) {
        const kept = await source.keep(rows.map((edge) => edge.node));
        rows = rows.filter((_, i) => kept[i]);
      }
      buffer.rows.push(...rows);
      buffer.more = chunk.more;
      if (chunk.rows.length > 0) buffer.scanned = chunk.rows[chunk.rows.length - 1].cursor;
      if (!chunk.more || chunk.rows.length === 0) {
        buffer.more = chunk.more && chunk.rows.length > 0;
        break;
      }
      side = { x: buffer.scanned as string };
    }
    if (buffer.rows.length >= size) {
      // Rows dropped by the slice are read again next page: the position is the last row kept.
      if (buffer.rows.length > size) buffer.more = true;
      buffer.rows = buffer.rows.slice(0, size);
      buffer.scanned = undefined;
    }
  } catch (error) {
    buffer.error = error instanceof Error ? error : new Error(String(error));
  }
  return buffer;
}

/** What one vendor call for a side read: rows closest to the position first, whether more lie beyond, the vendor's total. */
interface Chunk<T> {
  rows: Edge<T>[];
  more: boolean;
  total: number | null;
}

/** One vendor call for a side (two when the side keeps its row: that row is loaded by id). */
async function readSide<T>(source: MergeSource<T>, side: Exclude<Side, 'none'>, dir: Dir, size: number, order: MergeOrder): Promise<Chunk<T>> {
  // Reading on in the merged order is reading on in the vendor's when both orders agree.
  const along = (dir === 'next') === (source.nativeOrder === order);
  const inclusive = typeof side === 'object' && 'i' in side ? side : undefined;
  const vendorCursor = side === 'all' ? undefined : inclusive ? inclusive.i : (side as { x: string }).x;
  const count = inclusive ? size - 1 : size;
  const [connection, self] = await Promise.all([
    count > 0 || !inclusive
      ? source.page(
          along ? { first: count, ...(vendorCursor && { after: vendorCursor }) } : { last: count, ...(vendorCursor && { before: vendorCursor }) },
        )
      : undefined,
    inclusive ? source.row(inclusive.id) : undefined,
  ]);
  const edges = connection ? (along ? connection.edges : [...connection.edges].reverse()) : [];
  const more = connection ? (along ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage) : true;
  const rows = inclusive ? [{ cursor: inclusive.i, node: self as T }, ...edges] : edges;
  return { rows, more, total: connection?.totalCount ?? null };
}

/** A source whose rows do not come in time order cannot be merged: its part fails (the others still answer). */
function checkOrder<T>(source: MergeSource<T>, rows: Edge<T>[], dir: Dir, options: MergeOptions<T>): void {
  const later = (options.order === 'NEWEST_FIRST') === (dir === 'next');
  let previous: number | null = null;
  for (const { node } of rows) {
    const time = options.timeOf(node);
    if (time === null) continue;
    if (previous !== null && (later ? time > previous : time < previous)) {
      throw new GatewayError(
        `${source.key} listed rows out of time order (${new Date(time).toISOString()} after ${new Date(previous).toISOString()}), so they cannot be merged by time.`,
        'UPSTREAM_ERROR',
        { vendor: source.vendor },
      );
    }
    previous = time;
  }
}

function isSide(value: unknown): value is Side {
  if (value === 'all' || value === 'none') return true;
  if (typeof value !== 'object' || value === null) return false;
  const side = value as Record<string, unknown>;
  return typeof side.x === 'string' || (typeof side.i === 'string' && typeof side.id === 'string');
}
