import { cursorToOffset, keyToCursor, offsetToCursor } from '../../src/pagination/cursors.js';
import { connectionFromArray, connectionFromCursorPages, connectionFromOffsetPages, type CursorPage } from '../../src/pagination/connections.js';
import { parsePageArgs } from '../../src/pagination/request.js';

const LIMITS = { defaultSize: 3, maxSize: 10 };
const letters = 'abcdefghijklmnopqrstuvwxyz'.split('').slice(0, 12);

describe('parsePageArgs', () => {
  test.each([
    [{}, { mode: 'forward', first: 3 }],
    [{ page: 2 }, { mode: 'page', page: 2, pageSize: 3 }],
    [{ pageSize: 5 }, { mode: 'page', page: 1, pageSize: 5 }],
    [{ first: 0 }, { mode: 'forward', first: 0 }],
    [
      { last: 4, before: 'c' },
      { mode: 'backward', last: 4, before: 'c' },
    ],
    [{ before: 'c' }, { mode: 'backward', last: 3, before: 'c' }],
  ])('%j', (args, request) => expect(parsePageArgs(args, LIMITS)).toEqual(request));

  test.each([
    [{ page: 1, first: 2 }, 'page', /not both/],
    [{ first: 1, last: 1 }, 'last', /either first or last/],
    [{ first: 11 }, 'first', /at most 10/],
    [{ pageSize: 11 }, 'pageSize', /at most 10/],
    [{ pageSize: 0 }, 'pageSize', /at least 1/],
    [{ page: 0 }, 'page', /1 or more/],
    [{ first: -1 }, 'first', /0 or more/],
    [{ last: 2, after: 'x' }, 'after', /after with first/],
    [{ first: 2, before: 'x' }, 'before', /before with last/],
  ])('%j is rejected on %s', (args, field, message) => {
    expect(() => parsePageArgs(args, LIMITS)).toThrow(message);
    try {
      parsePageArgs(args, LIMITS);
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('connectionFromArray', () => {
  test('a page by number', () => {
    expect(connectionFromArray(letters, { mode: 'page', page: 2, pageSize: 5 })).toEqual({
      edges: [5, 6, 7, 8, 9].map((i) => ({ cursor: offsetToCursor(i), node: letters[i] })),
      nodes: ['f', 'g', 'h', 'i', 'j'],
      pageInfo: {
        hasNextPage: true,
        hasPreviousPage: true,
        startCursor: offsetToCursor(5),
        endCursor: offsetToCursor(9),
        page: 2,
        pageSize: 5,
        totalPages: 3,
      },
      totalCount: 12,
    });
  });

  test('forwards after a cursor, and backwards before one', () => {
    const forward = connectionFromArray(letters, { mode: 'forward', first: 2, after: offsetToCursor(9) });
    expect(forward.nodes).toEqual(['k', 'l']);
    expect(forward.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, page: 6 });
    expect(connectionFromArray(letters, { mode: 'forward', first: 2, after: offsetToCursor(8) }).pageInfo.page).toBeNull();
    const backward = connectionFromArray(letters, { mode: 'backward', last: 4, before: offsetToCursor(2) });
    expect(backward.nodes).toEqual(['a', 'b']);
    expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, page: 1 });
    expect(connectionFromArray(letters, { mode: 'backward', last: 3 }).nodes).toEqual(['j', 'k', 'l']);
  });

  test('a foreign cursor is rejected', () => {
    expect(() => connectionFromArray(letters, { mode: 'forward', first: 2, after: keyToCursor('x') })).toThrow(/not a cursor of this list/);
    expect(() => cursorToOffset('%%%', 'after')).toThrow(/not a cursor of this list/);
  });
});

describe('connectionFromOffsetPages', () => {
  const source = () => {
    const calls: [number, number][] = [];
    const fetchPage = async (page: number, size: number) => {
      calls.push([page, size]);
      return { items: letters.slice((page - 1) * size, page * size), totalCount: letters.length };
    };
    return { calls, fetchPage };
  };

  test('page mode is one call for that page', async () => {
    const { calls, fetchPage } = source();
    const connection = await connectionFromOffsetPages({ mode: 'page', page: 3, pageSize: 4 }, 10, fetchPage);
    expect(connection.nodes).toEqual(['i', 'j', 'k', 'l']);
    expect(connection.pageInfo).toMatchObject({ page: 3, totalPages: 3, hasNextPage: false });
    expect(calls).toEqual([[3, 4]]);
  });

  test('a cursor range uses the smallest page size that holds it in one call', async () => {
    const { calls, fetchPage } = source();
    // Items 5..7: page 2 of size 4 holds 4..7.
    const connection = await connectionFromOffsetPages({ mode: 'forward', first: 3, after: offsetToCursor(4) }, 10, fetchPage);
    expect(connection.nodes).toEqual(['f', 'g', 'h']);
    expect(connection.edges[0].cursor).toBe(offsetToCursor(5));
    expect(calls).toEqual([[2, 4]]);
  });

  test('a range no single page under the maximum holds takes two calls', async () => {
    const { calls, fetchPage } = source();
    const connection = await connectionFromOffsetPages({ mode: 'forward', first: 3, after: offsetToCursor(0) }, 3, fetchPage);
    expect(connection.nodes).toEqual(['b', 'c', 'd']);
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  test('last without before learns the total from the first page', async () => {
    const { calls, fetchPage } = source();
    const connection = await connectionFromOffsetPages({ mode: 'backward', last: 2 }, 10, fetchPage);
    expect(connection.nodes).toEqual(['k', 'l']);
    expect(calls).toEqual([
      [1, 2],
      [6, 2],
    ]);
  });
});

describe('connectionFromCursorPages', () => {
  /** A newest-first vendor list of 250 rows: r249 .. r0. */
  const rows = Array.from({ length: 250 }, (_, i) => `r${249 - i}`);
  const vendor = () => {
    const calls: { size: number; after?: string; before?: string }[] = [];
    const fetchPage = async (args: { size: number; after?: string; before?: string }): Promise<CursorPage<string>> => {
      calls.push(args);
      const start = args.after ? rows.indexOf(args.after) + 1 : args.before ? Math.max(0, rows.indexOf(args.before) - args.size) : 0;
      const end = args.before ? rows.indexOf(args.before) : start + args.size;
      return { items: rows.slice(start, end), hasNextPage: end < rows.length, hasPreviousPage: start > 0, totalCount: rows.length };
    };
    let index: Record<string, string> = {};
    const options = (walkBudget = 10) => ({
      maxPageSize: 100,
      walkBudget,
      fetchPage,
      cursorOf: (row: string) => row,
      cursorIndex: { load: async () => ({ ...index }), save: async (next: Record<string, string>) => void (index = next) },
    });
    return { calls, options, index: () => index };
  };

  test('cursor mode passes the vendor cursor through', async () => {
    const { calls, options } = vendor();
    const connection = await connectionFromCursorPages({ mode: 'forward', first: 2, after: keyToCursor('r240') }, options());
    expect(connection.nodes).toEqual(['r239', 'r238']);
    expect(connection.edges[1].cursor).toBe(keyToCursor('r238'));
    expect(calls).toEqual([{ size: 2, after: 'r240' }]);
  });

  test('page mode walks in steps of the maximum and remembers each cursor', async () => {
    const { calls, options, index } = vendor();
    const connection = await connectionFromCursorPages({ mode: 'page', page: 6, pageSize: 45 }, options());
    expect(connection.nodes).toEqual(rows.slice(225, 250));
    expect(connection.pageInfo).toMatchObject({ page: 6, totalPages: 6, hasNextPage: false, hasPreviousPage: true });
    expect(calls).toEqual([{ size: 100 }, { size: 100, after: rows[99] }, { size: 25, after: rows[199] }, { size: 45, after: rows[224] }]);
    expect(index()).toEqual({ 100: rows[99], 200: rows[199], 225: rows[224] });
  });

  test('a page past the end is empty; a walk over budget is a clear error', async () => {
    const { options } = vendor();
    const past = await connectionFromCursorPages({ mode: 'page', page: 9, pageSize: 45 }, options());
    expect(past.nodes).toEqual([]);
    expect(past.pageInfo).toMatchObject({ hasNextPage: false, page: 9 });
    await expect(connectionFromCursorPages({ mode: 'page', page: 5, pageSize: 50 }, vendor().options(1))).rejects.toThrow(/too deep/);
  });
});
