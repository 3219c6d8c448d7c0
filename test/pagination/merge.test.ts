import { connectionFromArray, type Connection } from '../../src/pagination/connections.js';
import {
  encodeMergeCursor,
  mergeConnections,
  withPostFilter,
  type MergeOptions,
  type MergeOrder,
  type MergeSource,
} from '../../src/pagination/merge.js';
import { parsePageArgs, type PageArgs, type PageRequest } from '../../src/pagination/request.js';

/** A row of a fake vendor list: its vendor, its time (seconds) and an id. */
interface Row {
  v: string;
  t: number;
  id: string;
}

/** Rows of one vendor at the given times, listed in `nativeOrder`. */
function rows(v: string, times: number[], nativeOrder: MergeOrder): Row[] {
  const sorted = [...times].sort((a, b) => (nativeOrder === 'OLDEST_FIRST' ? a - b : b - a));
  return sorted.map((t) => ({ v, t, id: `${v}${t}` }));
}

/** A source over an in-memory list (offset cursors), recording every page it is asked for. */
function source(
  key: string,
  list: Row[],
  nativeOrder: MergeOrder,
  calls: PageArgs[][] = [],
  maxPageSize = 100,
): MergeSource<Row> & { calls: PageArgs[] } {
  const own: PageArgs[] = [];
  calls.push(own);
  return {
    key,
    nativeOrder,
    maxPageSize,
    calls: own,
    page: async (args) => {
      own.push(args);
      return connectionFromArray(list, parsePageArgs(args, { defaultSize: 50, maxSize: maxPageSize }));
    },
    row: async (id) => list.find((row) => row.id === id) as Row,
  };
}

const A = rows('a', [1, 4, 7, 10, 13, 16], 'OLDEST_FIRST');
const B = rows('b', [2, 3, 11, 12], 'NEWEST_FIRST');
const C = rows('c', [5, 6, 8, 9, 14, 15, 17, 18], 'NEWEST_FIRST');
const ALL = [...A, ...B, ...C];
const newest = [...ALL].sort((x, y) => y.t - x.t).map((row) => row.id);

function options(sources: MergeSource<Row>[], order: MergeOrder = 'NEWEST_FIRST'): MergeOptions<Row> {
  return { order, sources, timeOf: (row) => row.t * 1000, idOf: (row) => row.id };
}
const sources = () => [source('a', A, 'OLDEST_FIRST'), source('b', B, 'NEWEST_FIRST'), source('c', C, 'NEWEST_FIRST')];

/** Walks the whole list forward (first/after) and returns the ids page by page. */
async function walkForward(opts: MergeOptions<Row>, size: number): Promise<{ pages: string[][]; cursors: (string | null)[] }> {
  const pages: string[][] = [];
  const cursors: (string | null)[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const page = await mergeConnections({ mode: 'forward', first: size, ...(after && { after }) }, opts);
    pages.push(page.nodes.map((row) => row.id));
    cursors.push(page.pageInfo.startCursor);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor as string;
  }
  return { pages, cursors };
}

describe('mergeConnections', () => {
  test('newest first across three lists in both native orders, every row once, page by page', async () => {
    const { pages } = await walkForward(options(sources()), 5);
    expect(pages).toEqual([newest.slice(0, 5), newest.slice(5, 10), newest.slice(10, 15), newest.slice(15, 18)]);
  });

  test('oldest first reads each list the other way', async () => {
    const { pages } = await walkForward(options(sources(), 'OLDEST_FIRST'), 7);
    expect(pages.flat()).toEqual([...newest].reverse());
    expect(pages.map((page) => page.length)).toEqual([7, 7, 4]);
  });

  test('last/before walks back from the end to the start, the same rows in the same order', async () => {
    const opts = options(sources());
    const pages: string[][] = [];
    let before: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await mergeConnections({ mode: 'backward', last: 4, ...(before && { before }) }, opts);
      pages.unshift(page.nodes.map((row) => row.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor as string;
    }
    expect(pages.flat()).toEqual(newest);
    expect(pages[pages.length - 1]).toEqual(newest.slice(-4));
  });

  test('before the start cursor of a page reached forward is the page before it, past lists that ran out', async () => {
    const opts = options(sources());
    const { cursors } = await walkForward(opts, 5);
    // From the last page's start back: its previous page, then the one before.
    const back = await mergeConnections({ mode: 'backward', last: 5, before: cursors[3] as string }, opts);
    expect(back.nodes.map((row) => row.id)).toEqual(newest.slice(10, 15));
    const again = await mergeConnections({ mode: 'backward', last: 5, before: back.pageInfo.startCursor as string }, opts);
    expect(again.nodes.map((row) => row.id)).toEqual(newest.slice(5, 10));
    // And forward again from the end of that page.
    const on = await mergeConnections({ mode: 'forward', first: 8, after: again.pageInfo.endCursor as string }, opts);
    expect(on.nodes.map((row) => row.id)).toEqual(newest.slice(10, 18));
    expect(on.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  test('back from the end cursor of a forward walk: every row but the last, past lists that ran out on earlier pages', async () => {
    const opts = options(sources());
    let after: string | undefined;
    let end = '';
    for (let n = 0; n < 20; n++) {
      const page = await mergeConnections({ mode: 'forward', first: 3, ...(after && { after }) }, opts);
      end = page.pageInfo.endCursor as string;
      if (!page.pageInfo.hasNextPage) break;
      after = end;
    }
    const back: string[] = [];
    let before: string | undefined = end;
    for (let n = 0; n < 20; n++) {
      const page = await mergeConnections({ mode: 'backward', last: 4, before }, opts);
      back.unshift(...page.nodes.map((row) => row.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor as string;
    }
    expect(back).toEqual(newest.slice(0, -1));
  });

  test("a list whose last row ends a page keeps that row behind the later pages' cursors", async () => {
    const x = rows('x', [10, 9], 'NEWEST_FIRST');
    const y = rows('y', [8, 7, 6, 5], 'NEWEST_FIRST');
    const opts = options([source('x', x, 'NEWEST_FIRST'), source('y', y, 'NEWEST_FIRST')]);
    const first = await mergeConnections({ mode: 'forward', first: 2 }, opts);
    expect(first.nodes.map((row) => row.id)).toEqual(['x10', 'x9']);
    const second = await mergeConnections({ mode: 'forward', first: 2, after: first.pageInfo.endCursor as string }, opts);
    expect(second.nodes.map((row) => row.id)).toEqual(['y8', 'y7']);
    const back = await mergeConnections({ mode: 'backward', last: 3, before: second.pageInfo.endCursor as string }, opts);
    expect(back.nodes.map((row) => row.id)).toEqual(['x10', 'x9', 'y8']);
  });

  test('every edge cursor resumes right after its row, whatever the list', async () => {
    const opts = options(sources());
    const page = await mergeConnections({ mode: 'forward', first: 10 }, opts);
    for (const [i, edge] of page.edges.entries()) {
      const next = await mergeConnections({ mode: 'forward', first: 3, after: edge.cursor }, opts);
      expect(next.nodes.map((row) => row.id)).toEqual(newest.slice(i + 1, i + 4));
      const prev = await mergeConnections({ mode: 'backward', last: 2, before: edge.cursor }, opts);
      expect(prev.nodes.map((row) => row.id)).toEqual(newest.slice(Math.max(0, i - 2), i));
    }
  });

  // Lists that run out at different points, one empty, both native orders; then rows of equal time in several lists.
  const SPREAD: [string, number[], MergeOrder][] = [
    ['p', [1, 2, 3, 20, 21], 'OLDEST_FIRST'],
    ['q', [4, 5, 22, 23, 24, 25], 'NEWEST_FIRST'],
    ['r', [6, 7, 8, 9], 'NEWEST_FIRST'],
    ['e', [], 'NEWEST_FIRST'],
  ];
  const TIES: [string, number[], MergeOrder][] = [
    ['p', [1, 3, 5, 7], 'OLDEST_FIRST'],
    ['q', [3, 5, 6, 7], 'NEWEST_FIRST'],
    ['r', [1, 5, 7, 8], 'NEWEST_FIRST'],
  ];
  test.each([
    [2, 'NEWEST_FIRST', 'spread', SPREAD],
    [3, 'NEWEST_FIRST', 'spread', SPREAD],
    [5, 'OLDEST_FIRST', 'spread', SPREAD],
    [2, 'NEWEST_FIRST', 'tied', TIES],
    [3, 'OLDEST_FIRST', 'tied', TIES],
  ] as const)('every cursor of walks forward and back by %i (%s, %s times) reads on and back exactly', async (size, order, _, data) => {
    const opts = options(
      data.map(([key, times, native]) => source(key, rows(key, times, native), native)),
      order,
    );
    // Ties in source order (the sort is stable).
    const expected = data
      .flatMap(([key, times]) => times.map((t) => ({ id: `${key}${t}`, t })))
      .sort((a, b) => (order === 'NEWEST_FIRST' ? b.t - a.t : a.t - b.t))
      .map((row) => row.id);
    const ids = (page: { nodes: Row[] }) => page.nodes.map((row) => row.id);
    const cursors = new Map<string, number>();
    let after: string | undefined;
    const forward: string[] = [];
    for (let n = 0; n < 30; n++) {
      const page = await mergeConnections({ mode: 'forward', first: size, ...(after && { after }) }, opts);
      page.edges.forEach((edge, i) => cursors.set(edge.cursor, forward.length + i));
      forward.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor as string;
    }
    let before: string | undefined;
    const backward: string[] = [];
    for (let n = 0; n < 30; n++) {
      const page = await mergeConnections({ mode: 'backward', last: size, ...(before && { before }) }, opts);
      backward.unshift(...ids(page));
      page.edges.forEach((edge, i) => cursors.set(edge.cursor, expected.length - backward.length + i));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor as string;
    }
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
    for (const [cursor, i] of cursors) {
      expect(ids(await mergeConnections({ mode: 'forward', first: 3, after: cursor }, opts))).toEqual(expected.slice(i + 1, i + 4));
      expect(ids(await mergeConnections({ mode: 'backward', last: 3, before: cursor }, opts))).toEqual(expected.slice(Math.max(0, i - 3), i));
    }
  });

  test('each list is asked for at most `first` rows past its own position, in its own direction', async () => {
    const calls: PageArgs[][] = [];
    const opts = options([source('a', A, 'OLDEST_FIRST', calls), source('b', B, 'NEWEST_FIRST', calls)]);
    const first = await mergeConnections({ mode: 'forward', first: 3 }, opts);
    await mergeConnections({ mode: 'forward', first: 3, after: first.pageInfo.endCursor as string }, opts);
    expect(calls[0].map((args) => Object.keys(args).sort().join())).toEqual(['last', 'before,last']);
    expect(calls[0].every((args) => args.last === 3)).toBe(true);
    expect(calls[1]).toEqual([{ first: 3 }, { first: 3, after: expect.any(String) }]);
  });

  test('a list that ran out is not read again', async () => {
    const calls: PageArgs[][] = [];
    const short = rows('s', [100], 'NEWEST_FIRST');
    const opts = options([source('s', short, 'NEWEST_FIRST', calls), source('c', C, 'NEWEST_FIRST', calls)]);
    const first = await mergeConnections({ mode: 'forward', first: 2 }, opts);
    expect(first.nodes.map((row) => row.id)).toEqual(['s100', 'c18']);
    await mergeConnections({ mode: 'forward', first: 2, after: first.pageInfo.endCursor as string }, opts);
    expect(calls[0]).toEqual([{ first: 2 }]);
  });

  test('totalCount is the sum of the totals, remembered in the cursor; null when one is unknown', async () => {
    const opts = options(sources());
    const page = await mergeConnections({ mode: 'forward', first: 17 }, opts);
    expect(page.totalCount).toBe(18);
    const last = await mergeConnections({ mode: 'forward', first: 5, after: page.pageInfo.endCursor as string }, opts);
    expect(last.totalCount).toBe(18);
    const unknown: MergeSource<Row> = {
      ...source('b', B, 'NEWEST_FIRST'),
      page: async (args) => ({ ...(await source('b', B, 'NEWEST_FIRST').page(args)), totalCount: null }),
    };
    expect((await mergeConnections({ mode: 'forward', first: 2 }, options([source('a', A, 'OLDEST_FIRST'), unknown]))).totalCount).toBeNull();
  });

  test('a failing list is missing from the page, keeps its position, and is read again on the next page', async () => {
    let down = true;
    const flaky = source('b', B, 'NEWEST_FIRST');
    const failing: MergeSource<Row> = {
      ...flaky,
      page: (args) => (down ? Promise.reject(new Error('b is down')) : flaky.page(args)),
    };
    const opts = options([source('a', A, 'OLDEST_FIRST'), failing, source('c', C, 'NEWEST_FIRST')]);
    const seen: string[] = [];
    let after: string | undefined;
    const missing: string[][] = [];
    for (let n = 0; n < 10; n++) {
      const page: Connection<Row> & { missing: { key: string }[] } = await mergeConnections(
        { mode: 'forward', first: 4, ...(after && { after }) },
        opts,
      );
      seen.push(...page.nodes.map((row) => row.id));
      missing.push(page.missing.map((m) => m.key));
      if (page.missing.length > 0) expect(page.totalCount).toBeNull();
      down = n < 1; // down for the first two pages
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor as string;
    }
    expect(missing.slice(0, 2)).toEqual([['b'], ['b']]);
    // Every row of a and c came back in order; b's rows came back once it recovered (those newer than the
    // position it kept come after: the merge does not reorder what it already sent).
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(newest.slice().sort());
  });

  test('a BAD_USER_INPUT of one list fails the page', async () => {
    const { BadUserInputError } = await import('../../src/errors.js');
    const bad: MergeSource<Row> = { ...source('b', B, 'NEWEST_FIRST'), page: () => Promise.reject(new BadUserInputError('no', 'last')) };
    await expect(mergeConnections({ mode: 'forward', first: 2 }, options([source('a', A, 'OLDEST_FIRST'), bad]))).rejects.toThrow('no');
  });

  test('a post-filter reads on within its budget; a short page still resumes where it stopped', async () => {
    const calls: PageArgs[][] = [];
    const odd = withPostFilter(source('c', C, 'NEWEST_FIRST', calls, 2), (list) => list.map((row) => row.t % 2 === 1));
    const opts = { ...options([odd]), scanBudget: 2 };
    const first = await mergeConnections({ mode: 'forward', first: 3 }, opts);
    // 18, 17 | 15, 14: two calls of 2 rows, 17 and 15 kept.
    expect(first.nodes.map((row) => row.id)).toEqual(['c17', 'c15']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBeNull();
    const second = await mergeConnections({ mode: 'forward', first: 3, after: first.pageInfo.endCursor as string }, opts);
    expect(second.nodes.map((row) => row.id)).toEqual(['c9', 'c5']);
    expect(calls[0].length).toBe(4);
  });

  test('rows a post-filter kept beyond the page are read again on the next page, even at the end of the list', async () => {
    const odd = withPostFilter(source('c', C, 'NEWEST_FIRST', [], 3), (list) => list.map((row) => row.t !== 17));
    const opts = options([odd]);
    // 18, 17, 15 | 14, 9, 8 | 6, 5: one kept of the first three, then three more; two fit.
    const first = await mergeConnections({ mode: 'forward', first: 3 }, opts);
    expect(first.nodes.map((row) => row.id)).toEqual(['c18', 'c15', 'c14']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await mergeConnections({ mode: 'forward', first: 3, after: first.pageInfo.endCursor as string }, opts);
    expect(second.nodes.map((row) => row.id)).toEqual(['c9', 'c8', 'c6']);
    const third = await mergeConnections({ mode: 'forward', first: 3, after: second.pageInfo.endCursor as string }, opts);
    expect(third.nodes.map((row) => row.id)).toEqual(['c5']);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  test('withPostFilter adds a filter to the source own one, asking the second only about rows the first kept', async () => {
    const asked: string[][] = [];
    const even = withPostFilter(source('c', C, 'NEWEST_FIRST'), (list) => list.map((row) => row.t % 2 === 0));
    const both = withPostFilter(even, (list) => {
      asked.push(list.map((row) => row.id));
      return list.map((row) => row.t > 6);
    });
    const page = await mergeConnections({ mode: 'forward', first: 8 }, options([both]));
    expect(page.nodes.map((row) => row.id)).toEqual(['c18', 'c14', 'c8']);
    expect(asked).toEqual([['c18', 'c14', 'c8', 'c6']]);
  });

  test('page mode walks the pages before it, and is bounded', async () => {
    const opts = options(sources());
    const page = await mergeConnections({ mode: 'page', page: 3, pageSize: 4 }, opts);
    expect(page.nodes.map((row) => row.id)).toEqual(newest.slice(8, 12));
    expect(page.pageInfo).toMatchObject({ page: 3, pageSize: 4, totalPages: 5, hasPreviousPage: true, hasNextPage: true });
    const request: PageRequest = { mode: 'page', page: 30, pageSize: 40 };
    await expect(mergeConnections(request, opts)).rejects.toThrow(/deeper than the 1000 rows/);
  });

  test('rows out of time order fail their list only', async () => {
    const shuffled = [B[1], B[0], B[2], B[3]];
    const page = await mergeConnections(
      { mode: 'forward', first: 3 },
      options([source('a', A, 'OLDEST_FIRST'), source('b', shuffled, 'NEWEST_FIRST')]),
    );
    expect(page.nodes.map((row) => row.id)).toEqual(['a16', 'a13', 'a10']);
    expect(page.missing.map((m) => [m.key, m.error.message])).toEqual([['b', expect.stringMatching(/out of time order/)]]);
  });

  test('a cursor of another order or other lists is BAD_USER_INPUT', async () => {
    const opts = options(sources());
    const other = encodeMergeCursor('OLDEST_FIRST', {});
    await expect(mergeConnections({ mode: 'forward', first: 2, after: other }, opts)).rejects.toThrow(/OLDEST_FIRST order/);
    const fewer = encodeMergeCursor('NEWEST_FIRST', { a: { next: 'all', prev: 'none', total: null } });
    await expect(mergeConnections({ mode: 'forward', first: 2, after: fewer }, opts)).rejects.toThrow(/no position for b/);
    await expect(mergeConnections({ mode: 'forward', first: 2, after: 'nope' }, opts)).rejects.toThrow(/not a cursor of a merged list/);
  });
});
