/**
 * Time windows for finding records by id where a vendor can only be asked by time: Integr8's
 * click report (verdicts), the Everflow click stream and iRev's click list (tracked clicks). Pure
 * functions, no I/O.
 */
import { GatewayError, type VendorName } from '../errors.js';
import { vendorLabel } from '../vendors/registry.js';

/** How far apart two vendors' times of one click may be, and when two windows are read as one. */
export interface WindowOptions {
  /** Either side of a key's time. @default 60000 */
  toleranceMs: number;
  /** Windows closer than this are merged: one read of a little more instead of two calls. @default 3600000 */
  mergeGapMs: number;
}

const WINDOW_OPTIONS: WindowOptions = { toleranceMs: 60_000, mergeGapMs: 60 * 60_000 };

/** A time range (both ends inclusive, whole seconds) and the keys whose records lie in it. */
export interface TimeWindow<K> {
  from: Date;
  to: Date;
  keys: K[];
}

/**
 * The windows that cover `keys`' times, each widened by the tolerance to whole seconds, oldest
 * first; windows less than `mergeGapMs` apart are merged. Keys without a time are left out (no
 * window can find them).
 */
export function timeWindows<K>(keys: readonly K[], timeOf: (key: K) => Date | null, options: WindowOptions = WINDOW_OPTIONS): TimeWindow<K>[] {
  const timed = keys
    .map((key) => ({ key, at: timeOf(key)?.getTime() }))
    .filter((k): k is { key: K; at: number } => k.at !== undefined && !Number.isNaN(k.at))
    .sort((a, b) => a.at - b.at);
  const windows: { from: number; to: number; keys: K[] }[] = [];
  for (const { key, at } of timed) {
    const from = Math.floor((at - options.toleranceMs) / 1000) * 1000;
    const to = Math.ceil((at + options.toleranceMs) / 1000) * 1000;
    const last = windows.at(-1);
    if (last && from - last.to <= options.mergeGapMs) {
      last.to = Math.max(last.to, to);
      last.keys.push(key);
    } else windows.push({ from, to, keys: [key] });
  }
  return windows.map((w) => ({ from: new Date(w.from), to: new Date(w.to), keys: w.keys }));
}

/** The error of a key its batch had no call left for. */
export function budgetExceeded(vendor: VendorName, what: string, calls: number): GatewayError {
  return new GatewayError(
    `The gateway spent its ${calls} ${vendorLabel(vendor)} calls for ${what} in this response before reaching this one; ask for fewer clicks at once.`,
    'LOOKUP_BUDGET_EXCEEDED',
    { vendor },
  );
}
