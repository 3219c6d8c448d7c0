import { readStream, splitRange, type Window } from '../../src/vendors/everflow/clickStream.js';

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
