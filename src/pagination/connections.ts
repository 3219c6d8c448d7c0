import { BadUserInputError } from '../errors.js';
import { cursorToKey, cursorToOffset, cursorToRowKey, decodeCursor, keyToCursor, offsetToCursor, rowKeyToCursor } from './cursors.js';
import type { PageRequest } from './request.js';

/** Relay page info, plus page numbers for clients that page by number. */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
  /** The page number when the slice starts on a page boundary of `pageSize`. */
  page: number | null;
  pageSize: number | null;
  totalPages: number | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A Relay connection; `totalCount` is null where the vendor does not say. */
export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number | null;
}

/** One numbered page from a vendor, and the vendor's total. */
export interface OffsetPage<T> {
  items: T[];
  totalCount: number;
}

/** One page from a cursor-only vendor list. */
export interface CursorPage<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number | null;
}

/**
 * Slices a list that is already in memory (the Everflow click stream, fetched whole).
 * Cursors are offsets into the list.
 */
export function connectionFromArray<T>(items: readonly T[], request: PageRequest): Connection<T> {
  const total = items.length;
  const { start, end, size } = arrayBounds(request, total);
  return build(items.slice(start, end), start, size, total, end < total);
}

/**
 * Builds a connection over a vendor list read in numbered pages (`page` and `page_size`, with
 * the vendor's total): Everflow's affiliates table and on-hold report, iRev's clicks, Integr8's
 * lists read with a sort and its exports. Cursors are offsets into the list, so any slice can be
 * asked for, and they shift when a row is created or deleted before them (connectionFromKeysetPages
 * has cursors that do not). Page mode is one upstream call of that page; cursor mode
 * (`first`/`after`, `last`/`before`) reads the offsets it needs in at most two calls of at most
 * `maxPageSize`, choosing a page size that covers the range in one call when there is one;
 * `last` without `before` first reads a page from the start, which tells the total (and is the
 * whole answer for a short list). `fetchPage` is the only I/O, so the function is tested with a
 * fake list.
 */
export async function connectionFromOffsetPages<T>(
  request: PageRequest,
  maxPageSize: number,
  fetchPage: (page: number, pageSize: number) => Promise<OffsetPage<T>>,
): Promise<Connection<T>> {
  if (request.mode === 'page') {
    const { items, totalCount } = await fetchPage(request.page, request.pageSize);
    const start = (request.page - 1) * request.pageSize;
    return build(items, start, request.pageSize, totalCount, start + items.length < totalCount);
  }
  if (request.mode === 'forward') {
    const start = request.after ? cursorToOffset(request.after, 'after') + 1 : 0;
    const { items, totalCount } = await fetchRange(start, request.first, maxPageSize, fetchPage);
    return build(items, start, request.first, totalCount, start + items.length < totalCount);
  }
  if (request.before) {
    const end = cursorToOffset(request.before, 'before');
    const start = Math.max(0, end - request.last);
    const { items, totalCount } = await fetchRange(start, end - start, maxPageSize, fetchPage);
    return build(items, start, request.last, totalCount, end < totalCount);
  }
  // The end of the list is unknown until the vendor says its total: the first page of the
  // requested size tells it, and is the whole answer when the list is that short.
  const head = await fetchPage(1, Math.max(1, request.last));
  if (head.totalCount <= request.last) {
    return build(head.items, 0, request.last, head.totalCount, false);
  }
  const start = head.totalCount - request.last;
  const { items, totalCount } = await fetchRange(start, request.last, maxPageSize, fetchPage);
  return build(items, start, request.last, totalCount, start + items.length < totalCount);
}

/** Options of connectionFromKeysetPages: how to read a list in the order of a unique key. */
export interface KeysetPagesOptions<T> {
  /** The most rows one vendor call serves. */
  maxPageSize: number;
  /** The unique key of an item: what its cursor holds. */
  keyOf: (item: T) => string;
  /**
   * The first `size` rows in key order, ascending or `descending`, of those after `after` or
   * before `before` (neither: of the whole list), and how many rows that bounded list has.
   */
  fetchRows: (args: { size: number; descending: boolean; after?: string; before?: string }) => Promise<OffsetPage<T>>;
  /** A numbered page of the list in ascending key order, and the list's total. */
  fetchPage: (page: number, pageSize: number) => Promise<OffsetPage<T>>;
}

/**
 * Builds a connection over a vendor list that can be read in the order of a unique key from a
 * key on (Integr8's lists: `sort=id` with `filter[id][gt]`): keyset paging, whose cursors hold
 * the key of their row, so a row created or deleted between two reads never repeats or skips
 * one. `first`/`after` reads the `first` rows after the key, ascending; `last`/`before` the
 * `last` rows before it, descending, reversed to list order; one row more than asked (where the
 * vendor's page holds it, else its count of the bounded rows) tells whether more follow. The
 * bounded read's count is not the list's, so after a cursor the total comes from the read
 * without it (the first page of this size and direction: the read that began the walk, usually
 * still cached). A cursor given means rows lie on its other side (`hasPreviousPage` after
 * `after`, `hasNextPage` before `before`) without a read to check that one still does.
 *
 * Page mode stays numbered (page numbers are offsets by nature) and an offset cursor of an
 * older answer is still served by offset, both in the same key order; every edge, whatever
 * the mode, gets a row-key cursor, so the next page a client asks by cursor no longer shifts.
 */
export async function connectionFromKeysetPages<T>(request: PageRequest, options: KeysetPagesOptions<T>): Promise<Connection<T>> {
  const { keyOf, fetchRows } = options;
  const cursor = request.mode === 'forward' ? request.after : request.mode === 'backward' ? request.before : undefined;
  if (request.mode === 'page' || (cursor !== undefined && decodeCursor(cursor)?.kind === 'offset')) {
    return withRowKeyCursors(await connectionFromOffsetPages(request, options.maxPageSize, options.fetchPage), keyOf);
  }
  const descending = request.mode === 'backward';
  const size = request.mode === 'forward' ? request.first : request.last;
  const key = cursor === undefined ? undefined : cursorToRowKey(cursor, descending ? 'before' : 'after');
  // One row more than asked says whether more follow; at the vendor's limit its count says it.
  const ask = Math.min(size + 1, options.maxPageSize);
  const bound = key === undefined ? {} : descending ? { before: key } : { after: key };
  const [page, whole] = await Promise.all([
    fetchRows({ size: ask, descending, ...bound }),
    key === undefined ? undefined : fetchRows({ size: ask, descending }),
  ]);
  const more = page.items.length > size || (ask === size && page.totalCount > size);
  const rows = page.items.slice(0, size);
  if (descending) rows.reverse();
  const totalCount = (whole ?? page).totalCount;
  const edges = rows.map((node) => ({ cursor: rowKeyToCursor(keyOf(node)), node }));
  return {
    edges,
    nodes: rows,
    pageInfo: {
      hasNextPage: descending ? key !== undefined : more,
      hasPreviousPage: descending ? more : key !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      // Only the first page's offset is known without counting the rows before the key.
      page: !descending && key === undefined && size > 0 ? 1 : null,
      pageSize: size,
      totalPages: size > 0 ? Math.ceil(totalCount / size) : null,
    },
    totalCount,
  };
}

/** Options of connectionFromCursorPages: how to read a cursor-only vendor list (Integr8 reports). */
export interface CursorPagesOptions<T> {
  maxPageSize: number;
  /** Fetches `size` rows after or before a vendor cursor (neither: from the start). */
  fetchPage: (args: { size: number; after?: string; before?: string }) => Promise<CursorPage<T>>;
  /** The vendor cursor of an item. */
  cursorOf: (item: T) => string;
  /** Remembers, per query, the vendor cursor that precedes a row offset, for page mode. */
  cursorIndex: { load: () => Promise<Record<string, string>>; save: (index: Record<string, string>) => Promise<void> };
  /** Upstream calls page mode may spend walking to a page. */
  walkBudget: number;
}

/**
 * Builds a connection over a vendor list read in cursor pages (`size` rows after or before a
 * vendor cursor, with no offsets), such as Integr8's reports. Cursor mode passes the vendor's
 * cursors through, wrapped as the gateway's, and one call answers it; `last` needs `before`,
 * as such a list has no end to start from. Page mode walks forward from the nearest remembered
 * cursor in steps of `maxPageSize`, remembering every cursor it passes in `cursorIndex` so
 * later pages start close by, and refuses a page more than `walkBudget` calls away.
 */
export async function connectionFromCursorPages<T>(request: PageRequest, options: CursorPagesOptions<T>): Promise<Connection<T>> {
  const { fetchPage, cursorOf } = options;
  const edgesOf = (items: T[]) => items.map((node) => ({ cursor: keyToCursor(cursorOf(node)), node }));

  if (request.mode === 'forward' || request.mode === 'backward') {
    const size = request.mode === 'forward' ? request.first : request.last;
    let page: CursorPage<T>;
    if (request.mode === 'forward') {
      const after = request.after ? cursorToKey(request.after, 'after') : undefined;
      page = await fetchPage({ size: Math.max(1, size), ...(after && { after }) });
    } else {
      if (!request.before) {
        throw new BadUserInputError(
          'This report is read newest first and has no end to start from: pass `before` with `last`, or use `first`.',
          'last',
        );
      }
      page = await fetchPage({ size: Math.max(1, size), before: cursorToKey(request.before, 'before') });
    }
    const edges = edgesOf(page.items.slice(0, size));
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: {
        hasNextPage: size === 0 ? page.items.length > 0 || page.hasNextPage : page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
        page: null,
        pageSize: size,
        totalPages: page.totalCount === null || size === 0 ? null : Math.ceil(page.totalCount / size),
      },
      totalCount: page.totalCount,
    };
  }

  const target = (request.page - 1) * request.pageSize;
  const index = target > 0 ? await options.cursorIndex.load() : {};
  let position = 0;
  for (const known of Object.keys(index).map(Number)) if (known <= target && known > position) position = known;
  let cursor = position > 0 ? index[position] : undefined;
  let spent = 0;
  let totalCount: number | null = null;
  let reachable = true;
  while (position < target) {
    if (spent >= options.walkBudget) {
      throw new BadUserInputError(
        `Page ${request.page} lies too deep in this report to reach by page number (over ${options.walkBudget} upstream calls); use cursors (first/after) or a narrower time range.`,
        'page',
      );
    }
    const step = Math.min(options.maxPageSize, target - position);
    const walked = await fetchPage({ size: step, ...(cursor && { after: cursor }) });
    spent++;
    totalCount = walked.totalCount;
    if (walked.items.length < step || !walked.hasNextPage) {
      // The list ends before (or exactly at) the page: the page is empty.
      reachable = false;
      break;
    }
    position += step;
    cursor = cursorOf(walked.items[walked.items.length - 1]);
    index[String(position)] = cursor;
  }
  if (spent > 0) await options.cursorIndex.save(index);

  const page = reachable
    ? await fetchPage({ size: request.pageSize, ...(cursor && { after: cursor }) })
    : { items: [] as T[], hasNextPage: false, hasPreviousPage: true, totalCount };
  totalCount = page.totalCount ?? totalCount;
  const edges = edgesOf(page.items);
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: request.page > 1,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      page: request.page,
      pageSize: request.pageSize,
      totalPages: totalCount === null ? null : Math.ceil(totalCount / request.pageSize),
    },
    totalCount,
  };
}

// Private:

function arrayBounds(request: PageRequest, total: number): { start: number; end: number; size: number } {
  if (request.mode === 'page') {
    const start = (request.page - 1) * request.pageSize;
    return { start, end: Math.min(total, start + request.pageSize), size: request.pageSize };
  }
  if (request.mode === 'forward') {
    const start = request.after ? cursorToOffset(request.after, 'after') + 1 : 0;
    return { start, end: Math.min(total, start + request.first), size: request.first };
  }
  const end = request.before ? Math.min(total, cursorToOffset(request.before, 'before')) : total;
  return { start: Math.max(0, end - request.last), end, size: request.last };
}

/** The same connection with a row-key cursor on every edge. */
function withRowKeyCursors<T>(connection: Connection<T>, keyOf: (item: T) => string): Connection<T> {
  const edges = connection.edges.map((edge) => ({ cursor: rowKeyToCursor(keyOf(edge.node)), node: edge.node }));
  return {
    ...connection,
    edges,
    pageInfo: { ...connection.pageInfo, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
  };
}

/** Reads items [start, start + count) from numbered pages in at most two calls. */
async function fetchRange<T>(
  start: number,
  count: number,
  maxPageSize: number,
  fetchPage: (page: number, pageSize: number) => Promise<OffsetPage<T>>,
): Promise<OffsetPage<T>> {
  if (count === 0) {
    const { totalCount } = await fetchPage(1, 1);
    return { items: [], totalCount };
  }
  // The smallest page size whose one page holds the whole range, if any.
  for (let size = count; size <= maxPageSize; size++) {
    if (Math.floor(start / size) === Math.floor((start + count - 1) / size)) {
      const page = Math.floor(start / size) + 1;
      const result = await fetchPage(page, size);
      const from = start - (page - 1) * size;
      return { items: result.items.slice(from, from + count), totalCount: result.totalCount };
    }
  }
  const page = Math.floor(start / count) + 1;
  const [a, b] = await Promise.all([fetchPage(page, count), fetchPage(page + 1, count)]);
  const from = start - (page - 1) * count;
  return { items: [...a.items, ...b.items].slice(from, from + count), totalCount: b.totalCount };
}

function build<T>(items: T[], start: number, size: number, totalCount: number, hasNextPage: boolean): Connection<T> {
  const edges = items.map((node, i) => ({ cursor: offsetToCursor(start + i), node }));
  return {
    edges,
    nodes: items,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      page: size > 0 && start % size === 0 ? start / size + 1 : null,
      pageSize: size,
      totalPages: size > 0 ? Math.ceil(totalCount / size) : null,
    },
    totalCount,
  };
}

/** The same connection with every node mapped (cursors unchanged), so only one page is ever mapped. */
export function mapConnection<A, B>(connection: Connection<A>, map: (node: A) => B): Connection<B> {
  const edges = connection.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) }));
  return { ...connection, edges, nodes: edges.map((edge) => edge.node) };
}
