import type { PageRequest } from '../../src/pagination/request.js';
import {
  alignedStarts,
  decodeStreamCursor,
  type KeptRow,
  packWindow,
  positionToCursor,
  readStream,
  readStreamPage,
  splitRange,
  unpackWindow,
  type Window,
  type WindowEntry,
  type WindowSource,
  type WindowedStreamOptions,
} from '../../src/vendors/everflow/clickStream.js';

const DAY = 86_400;

test('splitRange cuts a range into windows that share their boundaries', () => {
  expect(splitRange({ from: 0, to: 30 * DAY }, 14 * DAY)).toEqual([
    { from: 0, to: 14 * DAY },
    { from: 14 * DAY, to: 28 * DAY },
    { from: 28 * DAY, to: 30 * DAY },
  ]);
  expect(splitRange({ from: 5, to: 5 }, 14 * DAY)).toEqual([{ from: 5, to: 5 }]);
});

/** A vendor with one row every `step` seconds that returns at most `cap` rows per window. */
function vendor(step: number, cap: number) {
  const calls: Window[] = [];
  const fetchWindow = async (w: Window) => {
    calls.push(w);
    const rows = [];
    for (let t = Math.ceil(w.from / step) * step; t <= w.to && rows.length < cap; t += step)
      rows.push({ transaction_id: `tx${t}`, unix_timestamp: t });
    return rows;
  };
  return { calls, fetchWindow };
}

test('capped windows are split until every row is read, rows deduplicated and in time order', async () => {
  const { calls, fetchWindow } = vendor(10, 50);
  const result = await readStream({ from: 0, to: 1000 }, fetchWindow, { maxWindowSeconds: 600, maxRows: 50, requestBudget: 100, concurrency: 2 });
  expect(result.rows.map((r) => r.unix_timestamp)).toEqual(Array.from({ length: 101 }, (_, i) => i * 10));
  expect(result.truncated).toEqual([]);
  expect(calls.slice(0, 2)).toEqual([
    { from: 0, to: 600 },
    { from: 600, to: 1000 },
  ]);
  expect(calls).toContainEqual({ from: 0, to: 300 });
  expect(result.requests).toBe(calls.length);
});

test('when the budget runs out the unread windows are reported, and what was read is kept', async () => {
  const { calls, fetchWindow } = vendor(1, 100);
  const result = await readStream({ from: 0, to: 1000 }, fetchWindow, { maxWindowSeconds: 500, maxRows: 100, requestBudget: 3, concurrency: 1 });
  expect(calls).toHaveLength(3);
  expect(result.truncated.length).toBeGreaterThan(0);
  expect(result.rows.length).toBeGreaterThanOrEqual(200);
  // The truncated ranges are merged and sorted.
  const sorted = [...result.truncated].sort((a, b) => a.from - b.from);
  expect(result.truncated).toEqual(sorted);
});

test('a window of one second at the cap cannot be split and is reported', async () => {
  const fetchWindow = async (w: Window) => Array.from({ length: 5 }, (_, i) => ({ transaction_id: `${w.from}-${i}`, unix_timestamp: w.from }));
  const result = await readStream({ from: 100, to: 101 }, fetchWindow, { maxWindowSeconds: 600, maxRows: 5, requestBudget: 10, concurrency: 1 });
  expect(result.truncated).toEqual([{ from: 100, to: 101 }]);
});

test('a window read by several calls says itself whether it was capped, and is split when it was', async () => {
  const calls: Window[] = [];
  // Rows every 10 s; the window reports a cap whenever it spans more than 100 s, whatever it returns.
  const fetchWindow = async (w: Window) => {
    calls.push(w);
    const rows = [];
    for (let t = Math.ceil(w.from / 10) * 10; t <= w.to; t += 10) rows.push({ transaction_id: `tx${t}`, unix_timestamp: t });
    return { rows: rows.slice(0, 2), capped: w.to - w.from > 100 };
  };
  const result = await readStream({ from: 0, to: 400 }, fetchWindow, { maxWindowSeconds: 1000, maxRows: 5000, requestBudget: 100, concurrency: 1 });
  expect(calls[0]).toEqual({ from: 0, to: 400 });
  expect(calls).toContainEqual({ from: 0, to: 200 });
  expect(calls).toContainEqual({ from: 0, to: 100 });
  expect(result.truncated).toEqual([]);
  // Every row read is kept, de-duplicated: the first two rows of each window.
  expect(result.rows.map((r) => r.unix_timestamp)).toEqual([0, 10, 100, 110, 200, 210, 300, 310]);
});

test('a window that takes several calls spends that many of the budget', async () => {
  const { calls, fetchWindow } = vendor(10, 50);
  const result = await readStream({ from: 0, to: 3000 }, fetchWindow, {
    maxWindowSeconds: 1000,
    maxRows: 50,
    requestBudget: 5,
    concurrency: 1,
    callsPerWindow: 2,
  });
  // 5 calls of budget buy two windows of two calls each; the third window is reported, unread.
  expect(calls).toEqual([
    { from: 0, to: 1000 },
    { from: 1000, to: 2000 },
  ]);
  expect(result.requests).toBe(4);
  expect(result.truncated.length).toBeGreaterThan(0);
});

describe('readStreamPage: the stream in aligned windows', () => {
  interface Row {
    transaction_id: string;
    unix_timestamp: number;
  }
  const OPTIONS: WindowedStreamOptions = {
    windowSeconds: DAY,
    maxWindowSeconds: 14 * DAY,
    maxRows: 5000,
    requestBudget: 40,
    concurrency: 4,
    count: false,
  };
  const forward = (first: number, after?: string): PageRequest => ({ mode: 'forward', first, ...(after && { after }) });
  const backward = (last: number, before?: string): PageRequest => ({ mode: 'backward', last, ...(before && { before }) });
  const row = (t: number): Row => ({ transaction_id: `tx${String(t).padStart(10, '0')}`, unix_timestamp: t });
  /** The rows of the fake vendor in a range (inclusive), in stream order. */
  const rowsIn = (step: number, from: number, to: number) => {
    const out: Row[] = [];
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(row(t));
    return out;
  };

  /**
   * A vendor with one row every `step` seconds whose calls answer the earliest `cap` rows of a
   * window (both ends inclusive), behind a cache of windows; it records every call.
   */
  function vendor(step: number, cap = 5000) {
    const calls: Window[] = [];
    const cache = new Map<number, WindowEntry>();
    const source: WindowSource<Row> = {
      cached: async (start) => cache.get(start),
      store: async (start, entry) => {
        cache.set(start, entry);
      },
      standIn: async (_, error) => {
        throw error;
      },
      fetchWindow: async (w) => {
        calls.push(w);
        return rowsIn(step, w.from, w.to).slice(0, cap);
      },
    };
    return { calls, cache, source };
  }
  const nodes = (page: { nodes: readonly KeptRow[] }) => page.nodes.map((row) => (typeof row === 'string' ? JSON.parse(row) : row) as Row);
  /** Every row of a range by cursor pages of `size`, forwards or backwards, and the calls made. */
  async function walk(range: Window, size: number, source: WindowSource<Row>, direction: 'forward' | 'backward') {
    const rows: Row[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await readStreamPage(range, direction === 'forward' ? forward(size, cursor) : backward(size, cursor), source, OPTIONS);
      if (direction === 'forward') rows.push(nodes(page));
      else rows.unshift(nodes(page));
      const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
      if (!more) return rows.flat();
      cursor = (direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor) ?? undefined;
    }
  }

  test('alignedStarts names the whole windows that hold a range', () => {
    expect(alignedStarts({ from: DAY + 5, to: 3 * DAY }, DAY)).toEqual([DAY, 2 * DAY, 3 * DAY]);
    expect(alignedStarts({ from: 3 * DAY - 1, to: 3 * DAY - 1 }, DAY)).toEqual([2 * DAY]);
  });

  test('a first page reads only the first window, whole, and trims it to the range', async () => {
    const { calls, source } = vendor(600);
    const range = { from: 10 * DAY + 3600, to: 100 * DAY };
    const page = await readStreamPage(range, forward(5), source, OPTIONS);
    expect(calls).toEqual([{ from: 10 * DAY, to: 11 * DAY }]);
    expect(page).toEqual({
      edges: rowsIn(600, range.from, range.to)
        .slice(0, 5)
        .map((r, i) => ({ cursor: positionToCursor({ window: 10 * DAY, offset: 6 + i }), node: r })),
      // Rows just read come as read: only a cached window holds them as text.
      nodes: rowsIn(600, range.from, range.to).slice(0, 5),
      pageInfo: {
        hasNextPage: true,
        hasPreviousPage: false,
        startCursor: positionToCursor({ window: 10 * DAY, offset: 6 }),
        endCursor: positionToCursor({ window: 10 * DAY, offset: 10 }),
        page: 1,
        pageSize: 5,
        totalPages: null,
      },
      totalCount: null,
      truncated: [],
      stats: { windowsInRange: 91, windowsLoaded: 1, windowsFetched: 1, rowsLoaded: 144, requests: 1 },
    });
  });

  test('a longer page reads the next windows in rounds sized by the rows seen, at most twice the windows seen, neighbours in one call', async () => {
    const { calls, source } = vendor(600); // 144 rows a day
    const page = await readStreamPage({ from: 0, to: 100 * DAY - 1 }, forward(1000), source, OPTIONS);
    // 1001 rows wanted (one more says whether more follow): 144 from day 0; 857 more would take 6 days, but 2 at most
    // after one seen; then the 569 left take 4 days at 144 a day.
    expect(calls).toEqual([
      { from: 0, to: DAY },
      { from: DAY, to: 3 * DAY },
      { from: 3 * DAY, to: 7 * DAY },
    ]);
    expect(nodes(page)).toEqual(rowsIn(600, 0, 100 * DAY).slice(0, 1000));
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  test('with the density an earlier read found, a repeated page reads the windows it needs in one call', async () => {
    const { calls, source } = vendor(600); // 144 rows a day
    const range = { from: 0, to: 100 * DAY - 1 };
    const first = await readStreamPage(range, forward(1000), source, OPTIONS);
    expect(calls).toHaveLength(3);
    expect(first.stats).toMatchObject({ windowsLoaded: 7, rowsLoaded: 7 * 144 });
    calls.length = 0;
    const density = { rows: first.stats.rowsLoaded, windows: first.stats.windowsLoaded };
    const again = await readStreamPage(range, forward(1000), vendor(600).source, { ...OPTIONS, density });
    expect(nodes(again)).toEqual(nodes(first));
    // 1001 rows at 144 a day: the 7 days in one call.
    expect(again.stats).toMatchObject({ windowsLoaded: 7, windowsFetched: 7, requests: 1 });
  });

  test('a stale density costs calls, never rows: denser or sparser than the stream now', async () => {
    for (const density of [
      { rows: 50_000, windows: 10 }, // thought dense: reads one day at a time, then by what it sees
      { rows: 10, windows: 10 }, // thought sparse: reads 14 days at once, is capped, and splits until the budget runs out
    ]) {
      const { calls, source } = vendor(10, 5000); // 8640 rows a day, a call holds 5000
      const range = { from: 0, to: 30 * DAY - 1 };
      const page = await readStreamPage(range, forward(1000), source, { ...OPTIONS, density });
      expect(nodes(page)).toEqual(rowsIn(10, 0, 30 * DAY).slice(0, 1000));
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(calls.length).toBeLessThanOrEqual(OPTIONS.requestBudget);
    }
  });

  test('sparse windows followed by dense ones: rounds grow by doubling, not by the sparse rows per window', async () => {
    const calls: Window[] = [];
    // One row a day for 10 days, then a row every 10 minutes.
    const rowAt = (t: number) => (t < 10 * DAY ? t % DAY === 0 : t % 600 === 0);
    const source: WindowSource<Row> = {
      ...vendor(600).source,
      cached: async () => undefined,
      fetchWindow: async (w) => {
        calls.push(w);
        const out: Row[] = [];
        for (let t = Math.ceil(w.from / 600) * 600; t <= w.to; t += 600) if (rowAt(t)) out.push(row(t));
        return out;
      },
    };
    const page = await readStreamPage({ from: 0, to: 100 * DAY - 1 }, forward(100), source, OPTIONS);
    expect(nodes(page)).toEqual([...rowsIn(DAY, 0, 9 * DAY), ...rowsIn(600, 10 * DAY, 11 * DAY)].slice(0, 100));
    // 1, 2, 6 and 18 days (one call reads 14 at most): 27 days read where the page needed 11, not the 92 that
    // 9 rows in 9 days would have asked for.
    expect(calls).toEqual([
      { from: 0, to: DAY },
      { from: DAY, to: 3 * DAY },
      { from: 3 * DAY, to: 9 * DAY },
      { from: 9 * DAY, to: 23 * DAY },
      { from: 23 * DAY, to: 27 * DAY },
    ]);
  });

  test('the last page reads from the end of the range', async () => {
    const { calls, source } = vendor(600);
    const range = { from: 0, to: 30 * DAY + 7200 };
    const page = await readStreamPage(range, backward(3), source, OPTIONS);
    expect(calls).toEqual([{ from: 30 * DAY, to: 31 * DAY }]);
    expect(nodes(page)).toEqual(rowsIn(600, 0, range.to).slice(-3));
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, page: null });
  });

  test('cursor pages, forwards and backwards, give the rows of one big page, each window read once', async () => {
    const { calls, source } = vendor(1800); // 48 rows a day
    const range = { from: 2 * DAY + 7000, to: 9 * DAY + 500 };
    const everything = rowsIn(1800, range.from, range.to);
    // 333 rows: the last page either way holds 33 of 50.
    expect(everything).toHaveLength(333);
    expect(await walk(range, 50, source, 'forward')).toEqual(everything);
    const read = [...calls];
    const days = read.flatMap((w) => alignedStarts({ from: w.from, to: w.to - 1 }, DAY));
    expect([...new Set(days)].sort((a, b) => a - b)).toEqual(days);
    expect(days).toEqual(alignedStarts(range, DAY));
    // The windows are cached now: the same rows backwards, and in one page, call nobody.
    expect(await walk(range, 50, source, 'backward')).toEqual(everything);
    expect(nodes(await readStreamPage(range, forward(1000), source, OPTIONS))).toEqual(everything);
    expect(calls).toEqual(read);
  });

  test('with count, every window is read breadth-first, at most 14 days a call, and the total is the range’s', async () => {
    const { calls, cache, source } = vendor(600);
    const range = { from: 5 * DAY + 100, to: 25 * DAY + 100 };
    const page = await readStreamPage(range, forward(2), source, { ...OPTIONS, count: true });
    expect(calls).toEqual([
      { from: 5 * DAY, to: 19 * DAY },
      { from: 19 * DAY, to: 26 * DAY },
    ]);
    expect(page.totalCount).toBe(rowsIn(600, range.from, range.to).length);
    expect(page.pageInfo).toMatchObject({ page: 1, pageSize: 2, totalPages: Math.ceil(page.totalCount! / 2), hasNextPage: true });
    expect(nodes(page)).toEqual(rowsIn(600, range.from, range.to).slice(0, 2));
    expect([...cache.keys()].sort((a, b) => a - b)).toEqual(alignedStarts(range, DAY));
    // An overlapping range reads only its new windows, sized by the rows a window was seen to hold (80% of the cap a call).
    calls.length = 0;
    const wider = await readStreamPage({ from: 20 * DAY, to: 60 * DAY }, forward(2), source, { ...OPTIONS, maxRows: 1000, count: true });
    expect(calls).toEqual([
      { from: 26 * DAY, to: 31 * DAY },
      { from: 31 * DAY, to: 36 * DAY },
      { from: 36 * DAY, to: 41 * DAY },
      { from: 41 * DAY, to: 46 * DAY },
      { from: 46 * DAY, to: 51 * DAY },
      { from: 51 * DAY, to: 56 * DAY },
      { from: 56 * DAY, to: 61 * DAY },
    ]);
    expect(wider.totalCount).toBe(rowsIn(600, 20 * DAY, 60 * DAY).length);
  });

  test('a capped call is split on whole windows, and a capped window in halves; rows stay whole and in order', async () => {
    const { calls, source } = vendor(600, 100); // 144 rows a day, at most 100 a call
    const range = { from: 0, to: 4 * DAY - 1 };
    const page = await readStreamPage(range, forward(1000), source, { ...OPTIONS, maxRows: 100, count: true });
    expect(nodes(page)).toEqual(rowsIn(600, range.from, range.to));
    expect(page.truncated).toEqual([]);
    // 4 days (capped), 2 + 2 days (capped), each day (capped), each half day.
    expect([...calls].sort((a, b) => a.from - b.from || b.to - a.to)).toEqual([
      { from: 0, to: 4 * DAY },
      { from: 0, to: 2 * DAY },
      { from: 0, to: DAY },
      { from: 0, to: DAY / 2 },
      { from: DAY / 2, to: DAY },
      { from: DAY, to: 2 * DAY },
      { from: DAY, to: 1.5 * DAY },
      { from: 1.5 * DAY, to: 2 * DAY },
      { from: 2 * DAY, to: 4 * DAY },
      { from: 2 * DAY, to: 3 * DAY },
      { from: 2 * DAY, to: 2.5 * DAY },
      { from: 2.5 * DAY, to: 3 * DAY },
      { from: 3 * DAY, to: 4 * DAY },
      { from: 3 * DAY, to: 3.5 * DAY },
      { from: 3.5 * DAY, to: 4 * DAY },
    ]);
  });

  test('a one-second window at the cap is reported truncated, and cached with it', async () => {
    const cache = new Map<number, WindowEntry>();
    const calls: Window[] = [];
    const source: WindowSource<Row> = {
      cached: async (start) => cache.get(start),
      store: async (start, entry) => void cache.set(start, entry),
      standIn: async (_, error) => {
        throw error;
      },
      // Five rows in every second: each one-second window is at the cap.
      fetchWindow: async (w) => {
        calls.push(w);
        return Array.from({ length: 5 }, (_, i) => ({ transaction_id: `${w.from}-${i}`, unix_timestamp: w.from }));
      },
    };
    const range = { from: 0, to: 3 };
    const options = { ...OPTIONS, windowSeconds: 4, maxRows: 5, count: true };
    const page = await readStreamPage(range, forward(100), source, options);
    expect(page.truncated).toEqual([{ from: 0, to: 3 }]);
    expect(cache.get(0)?.truncated).toEqual([{ from: 0, to: 4 }]);
    const again = await readStreamPage(range, forward(100), source, options);
    expect(again).toEqual({ ...page, stats: { ...page.stats, windowsFetched: 0, requests: 0 } });
  });

  test('when the budget runs out, the unread windows are reported and not cached, and the rows read are kept', async () => {
    const { calls, cache, source } = vendor(600, 1000); // 144 rows a day, 14 days hold 2016
    const range = { from: 0, to: 20 * DAY - 1 };
    const options = { ...OPTIONS, maxRows: 1000, requestBudget: 2, count: true };
    const page = await readStreamPage(range, forward(10), source, options);
    expect(calls).toEqual([
      { from: 0, to: 14 * DAY },
      { from: 14 * DAY, to: 20 * DAY },
    ]);
    expect(page.truncated).toEqual([{ from: 0, to: 14 * DAY }]);
    // The capped call's 1000 rows, and the whole of the six days after.
    expect(page.totalCount).toBe(1000 + 6 * 144);
    expect([...cache.keys()]).toEqual(alignedStarts({ from: 14 * DAY, to: range.to }, DAY));
    calls.length = 0;
    const later = await readStreamPage(range, forward(10), source, { ...options, requestBudget: 40 });
    expect(later.truncated).toEqual([]);
    expect(later.totalCount).toBe(20 * 144);
    expect(calls.every((w) => w.to <= 14 * DAY)).toBe(true);
  });

  test('a window whose read fails is what the source stands in with, or the error', async () => {
    const stale: WindowEntry = { times: [DAY + 5], rows: async () => ['"stale"'], truncated: [] };
    const failing = (standIn: WindowSource<Row>['standIn']): WindowSource<Row> => ({
      cached: async () => undefined,
      store: async () => undefined,
      standIn,
      fetchWindow: async () => {
        throw new Error('down');
      },
    });
    const page = await readStreamPage(
      { from: DAY, to: 2 * DAY - 1 },
      forward(5),
      failing(async () => stale),
      OPTIONS,
    );
    expect(page.nodes).toEqual(['"stale"']);
    await expect(
      readStreamPage(
        { from: DAY, to: 2 * DAY - 1 },
        forward(5),
        failing(async (_, error) => {
          throw error;
        }),
        OPTIONS,
      ),
    ).rejects.toThrow('down');
  });

  test('cursors hold a window and an offset; an offset cursor of the whole-range reads still counts from the start', async () => {
    const { source } = vendor(3600);
    const range = { from: 0, to: 5 * DAY };
    const all = rowsIn(3600, range.from, range.to);
    expect(decodeStreamCursor(positionToCursor({ window: DAY, offset: 7 }), 'after')).toEqual({ kind: 'position', window: DAY, offset: 7 });
    const offset = (n: number) => Buffer.from(`offset:${n}`).toString('base64url');
    expect(nodes(await readStreamPage(range, forward(3, offset(30)), source, OPTIONS))).toEqual(all.slice(31, 34));
    expect(nodes(await readStreamPage(range, backward(3, offset(30)), source, OPTIONS))).toEqual(all.slice(27, 30));
    const page = await readStreamPage(range, { mode: 'page', page: 3, pageSize: 10 }, source, OPTIONS);
    expect(nodes(page)).toEqual(all.slice(20, 30));
    expect(page.pageInfo).toMatchObject({ page: 3, hasPreviousPage: true, hasNextPage: true });
  });

  test.each([
    ['garbage', 'bm9wZQ'],
    ['a window outside the range', positionToCursor({ window: 50 * DAY, offset: 0 })],
    ['a window that is not aligned', positionToCursor({ window: DAY + 1, offset: 0 })],
    ['a row key cursor', Buffer.from(JSON.stringify(['k', 'abc'])).toString('base64url')],
  ])('a cursor of %s is BAD_USER_INPUT naming the argument', async (_, cursor) => {
    const { calls, source } = vendor(3600);
    await expect(readStreamPage({ from: 0, to: 5 * DAY }, forward(3, cursor), source, OPTIONS)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'after' },
      message: expect.stringContaining('is not a cursor of this list'),
    });
    expect(calls).toEqual([]);
  });

  test('a window is cached as its times and its compressed rows, and comes back as it was; anything else is no window', async () => {
    const rows = ['{"a":"x,y"}', '{"b":[1,2]}', '"\\n"'];
    const packed = await packWindow({ times: [5, 5, 86_399], rows: async () => rows, truncated: [{ from: 5, to: 6 }] });
    expect(packed.times).toBe('5,0,1unu'); // 5, then +0, then +86 394 (base 36)
    const back = unpackWindow(packed)!;
    expect({ times: back.times, truncated: back.truncated, rows: await back.rows() }).toEqual({
      times: [5, 5, 86_399],
      truncated: [{ from: 5, to: 6 }],
      rows,
    });
    const empty = unpackWindow(await packWindow({ times: [], rows: async () => [], truncated: [] }))!;
    expect({ times: empty.times, rows: await empty.rows() }).toEqual({ times: [], rows: [] });
    expect(unpackWindow(Buffer.from('not a window'))).toBeUndefined();
    expect(unpackWindow({ ...packed, times: '5,-' })).toBeUndefined();
    expect(unpackWindow({ ...packed, rows: [] })).toBeUndefined();
    await expect(unpackWindow({ ...packed, times: '5,0' })!.rows()).rejects.toThrow('holds 3 rows for 2 times');
  });

  test('a row at a window boundary belongs to the later window and comes once', async () => {
    const { source } = vendor(DAY / 2); // rows at 0, 12 h, 24 h, ...: every boundary second has one
    const range = { from: 0, to: 4 * DAY };
    const page = await readStreamPage(range, forward(100), source, { ...OPTIONS, count: true });
    expect(nodes(page)).toEqual(rowsIn(DAY / 2, 0, 4 * DAY));
    expect(page.totalCount).toBe(9);
  });
});
