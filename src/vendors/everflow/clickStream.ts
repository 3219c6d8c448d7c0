import pLimit from 'p-limit';

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
  /** Calls one read may make. */
  requestBudget: number;
  /** Calls in flight at once. */
  concurrency: number;
  /** Upstream calls one window read makes (counted against the budget). @default 1 */
  callsPerWindow?: number;
}

/**
 * What reading one window found: the rows of one call (capped when they reach `maxRows`), or
 * rows combined from several calls with whether any of them was capped.
 */
export type WindowRead<T> = T[] | { rows: T[]; capped: boolean };

export interface StreamResult<T> {
  rows: T[];
  /** Windows whose rows may be incomplete because the budget ran out. */
  truncated: Window[];
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
  const limit = pLimit(options.concurrency);
  const rows = new Map<string, T>();
  const truncated: Window[] = [];
  const calls = options.callsPerWindow ?? 1;
  let requests = 0;

  const read = async (window: Window): Promise<void> => {
    if (requests + calls > options.requestBudget) {
      truncated.push(window);
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
    const middle = Math.floor((window.from + window.to) / 2);
    await Promise.all([read({ from: window.from, to: middle }), read({ from: middle, to: window.to })]);
  };

  await Promise.all(splitRange(range, options.maxWindowSeconds).map(read));
  const sorted = [...rows.values()].sort((a, b) => a.unix_timestamp - b.unix_timestamp || (a.transaction_id < b.transaction_id ? -1 : 1));
  return { rows: sorted, truncated: mergeWindows(truncated), requests };
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
