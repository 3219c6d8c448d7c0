import DataLoader from 'dataloader';
import type { VendorName } from '../errors.js';
import type { ClickModel } from '../models/index.js';
import type { Connection } from '../pagination/connections.js';
import { budgetExceeded, timeWindows } from './windows.js';
import { CallBudget } from '../vendors/budget.js';

/** A click named by another vendor's record (an Integr8 row's `external_transaction_id`) and when it happened about. */
export interface TrackedKey {
  id: string;
  time: Date | null;
}

/** Calls one batch of tracked clicks may make per vendor. */
export const TRACKED_CALL_BUDGET = 10;

/**
 * A per-request loader of clicks by id for a vendor that serves its clicks by time only in bulk
 * (one call per id otherwise): each batch reads the vendor's click list over the keys' time
 * windows, page by page (`readPage` from `after`), within `budget` pages, and matches the clicks by
 * `nativeId`. A key not found is null (the vendor no longer has it); a failed call is the error of
 * every key of its window; a key the budget did not reach gets LOOKUP_BUDGET_EXCEEDED.
 */
export function trackedClickLoader(
  vendor: VendorName,
  readPage: (window: { from: Date; to: Date }, after: string | null) => Promise<Connection<ClickModel>>,
  budget = TRACKED_CALL_BUDGET,
): DataLoader<TrackedKey, ClickModel | null, string> {
  return new DataLoader<TrackedKey, ClickModel | null, string>(
    async (keys) => {
      const calls = new CallBudget(budget);
      const answers = new Map<string, ClickModel | Error | null>();
      for (const window of timeWindows(keys, (key) => key.time)) {
        const wanted = new Set(window.keys.map((key) => key.id));
        const found = new Map<string, ClickModel>();
        let after: string | null = null;
        let failure: Error | null = null;
        for (;;) {
          if (!calls.take()) {
            failure = budgetExceeded(vendor, 'tracked clicks', budget);
            break;
          }
          try {
            const page: Connection<ClickModel> = await readPage(window, after);
            for (const click of page.nodes) if (wanted.has(click.nativeId)) found.set(click.nativeId, click);
            if (found.size === wanted.size || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
            after = page.pageInfo.endCursor;
          } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error));
            break;
          }
        }
        for (const key of window.keys) answers.set(key.id, found.get(key.id) ?? failure ?? null);
      }
      return keys.map((key) => answers.get(key.id) ?? null);
    },
    { cacheKeyFn: (key) => key.id },
  );
}
