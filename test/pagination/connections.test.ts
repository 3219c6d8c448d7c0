import { cursorToOffset, keyToCursor, offsetToCursor, rowKeyToCursor } from '../../src/pagination/cursors.js';
import {
  connectionFromArray,
  connectionFromCursorPages,
  connectionFromKeysetPages,
  connectionFromOffsetPages,
  type Connection,
  type CursorPage,
} from '../../src/pagination/connections.js';
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

describe('connectionFromKeysetPages', () => {
  /** A vendor list of rows with unique ids, stored out of id order, that sorts and bounds by id. */
  const vendor = (ids: string[], maxPageSize = 10) => {
    const rows = [...ids];
    const calls: unknown[] = [];
    const sorted = () => [...rows].sort();
    const options = {
      maxPageSize,
      keyOf: (row: string) => row,
      fetchRows: async (args: { size: number; descending: boolean; after?: string; before?: string }) => {
        calls.push(args);
        let bounded = sorted().filter((id) => (args.after === undefined || id > args.after) && (args.before === undefined || id < args.before));
        if (args.descending) bounded = bounded.reverse();
        return { items: bounded.slice(0, args.size), totalCount: bounded.length };
      },
      fetchPage: async (page: number, size: number) => {
        calls.push(['page', page, size]);
        return { items: sorted().slice((page - 1) * size, page * size), totalCount: rows.length };
      },
    };
    return { rows, calls, options };
  };
  const ids = ['id05', 'id01', 'id09', 'id03', 'id07', 'id02', 'id08', 'id04', 'id06'];
  const connection = (nodes: string[], pageInfo: Partial<Connection<string>['pageInfo']>, totalCount: number): Connection<string> => {
    const edges = nodes.map((node) => ({ cursor: rowKeyToCursor(node), node }));
    return {
      edges,
      nodes,
      pageInfo: {
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
        page: null,
        pageSize: null,
        totalPages: null,
        ...pageInfo,
      },
      totalCount,
    };
  };

  test('first from the start: one read of one row more than asked, in id order', async () => {
    const { calls, options } = vendor(ids);
    expect(await connectionFromKeysetPages({ mode: 'forward', first: 3 }, options)).toEqual(
      connection(['id01', 'id02', 'id03'], { hasNextPage: true, page: 1, pageSize: 3, totalPages: 3 }, 9),
    );
    expect(calls).toEqual([{ size: 4, descending: false }]);
  });

  test('first after a cursor reads the rows after its key; the total comes from the read without the key', async () => {
    const { calls, options } = vendor(ids);
    expect(await connectionFromKeysetPages({ mode: 'forward', first: 3, after: rowKeyToCursor('id03') }, options)).toEqual(
      connection(['id04', 'id05', 'id06'], { hasNextPage: true, hasPreviousPage: true, pageSize: 3, totalPages: 3 }, 9),
    );
    expect(calls).toEqual([
      { size: 4, descending: false, after: 'id03' },
      { size: 4, descending: false },
    ]);
    const end = await connectionFromKeysetPages({ mode: 'forward', first: 3, after: rowKeyToCursor('id06') }, options);
    expect(end.nodes).toEqual(['id07', 'id08', 'id09']);
    expect(end.pageInfo.hasNextPage).toBe(false);
  });

  test('last before a cursor reads the rows before its key, descending, and gives them in list order', async () => {
    const { calls, options } = vendor(ids);
    expect(await connectionFromKeysetPages({ mode: 'backward', last: 2, before: rowKeyToCursor('id04') }, options)).toEqual(
      connection(['id02', 'id03'], { hasNextPage: true, hasPreviousPage: true, pageSize: 2, totalPages: 5 }, 9),
    );
    expect(calls).toEqual([
      { size: 3, descending: true, before: 'id04' },
      { size: 3, descending: true },
    ]);
    const start = await connectionFromKeysetPages({ mode: 'backward', last: 5, before: rowKeyToCursor('id04') }, options);
    expect(start.nodes).toEqual(['id01', 'id02', 'id03']);
    expect(start.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  test('last without before is the end of the list, in one read', async () => {
    const { calls, options } = vendor(ids);
    expect(await connectionFromKeysetPages({ mode: 'backward', last: 2 }, options)).toEqual(
      connection(['id08', 'id09'], { hasPreviousPage: true, pageSize: 2, totalPages: 5 }, 9),
    );
    expect(calls).toEqual([{ size: 3, descending: true }]);
  });

  test('a row created and one deleted before the cursor between two reads neither repeat nor skip a row', async () => {
    const { rows, options } = vendor(ids);
    const one = await connectionFromKeysetPages({ mode: 'forward', first: 3 }, options);
    expect(one.nodes).toEqual(['id01', 'id02', 'id03']);
    rows.push('id00'); // created before the cursor: an offset cursor would repeat id03
    const two = await connectionFromKeysetPages({ mode: 'forward', first: 3, after: one.pageInfo.endCursor! }, options);
    expect(two.nodes).toEqual(['id04', 'id05', 'id06']);
    rows.splice(rows.indexOf('id02'), 1); // deleted before the cursor: an offset cursor would skip id07
    rows.splice(rows.indexOf('id06'), 1); // the cursor's own row deleted: still the rows after its key
    const three = await connectionFromKeysetPages({ mode: 'forward', first: 3, after: two.pageInfo.endCursor! }, options);
    expect(three).toEqual(connection(['id07', 'id08', 'id09'], { hasPreviousPage: true, pageSize: 3, totalPages: 3 }, 8));
  });

  test('at the vendor maximum the bounded count, not an extra row, says whether more follow', async () => {
    const { calls, options } = vendor(ids, 3);
    const page = await connectionFromKeysetPages({ mode: 'forward', first: 3, after: rowKeyToCursor('id03') }, options);
    expect(page.nodes).toEqual(['id04', 'id05', 'id06']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(calls).toEqual([
      { size: 3, descending: false, after: 'id03' },
      { size: 3, descending: false },
    ]);
    const last = await connectionFromKeysetPages({ mode: 'forward', first: 3, after: rowKeyToCursor('id06') }, options);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });

  test('first: 0 reads one row to say whether any follow', async () => {
    const { calls, options } = vendor(ids);
    expect(await connectionFromKeysetPages({ mode: 'forward', first: 0, after: rowKeyToCursor('id08') }, options)).toEqual(
      connection([], { hasNextPage: true, hasPreviousPage: true, pageSize: 0 }, 9),
    );
    expect(calls).toEqual([
      { size: 1, descending: false, after: 'id08' },
      { size: 1, descending: false },
    ]);
  });

  test('page mode stays numbered, in id order, with row-key cursors on its edges', async () => {
    const { calls, options } = vendor(ids);
    expect(await connectionFromKeysetPages({ mode: 'page', page: 2, pageSize: 4 }, options)).toEqual(
      connection(['id05', 'id06', 'id07', 'id08'], { hasNextPage: true, hasPreviousPage: true, page: 2, pageSize: 4, totalPages: 3 }, 9),
    );
    expect(calls).toEqual([['page', 2, 4]]);
  });

  test('an offset cursor of an older answer is still served by offset, and answered with row-key cursors', async () => {
    const { calls, options } = vendor(ids);
    expect(await connectionFromKeysetPages({ mode: 'forward', first: 2, after: offsetToCursor(3) }, options)).toEqual(
      connection(['id05', 'id06'], { hasNextPage: true, hasPreviousPage: true, page: 3, pageSize: 2, totalPages: 5 }, 9),
    );
    expect(calls).toEqual([['page', 3, 2]]);
  });

  test('a cursor of another kind is refused before any read', async () => {
    const { calls, options } = vendor(ids);
    await expect(connectionFromKeysetPages({ mode: 'backward', last: 2, before: keyToCursor('id04') }, options)).rejects.toMatchObject({
      message: expect.stringMatching(/^before ".*" is not a cursor of this list/),
      extensions: { code: 'BAD_USER_INPUT', field: 'before' },
    });
    expect(calls).toEqual([]);
  });
});
