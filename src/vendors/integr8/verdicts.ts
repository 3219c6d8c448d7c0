/**
 * Integr8's verdicts on Everflow and iRev clicks: the click-report rows whose
 * `external_transaction_id` is the click's id. The report cannot be filtered by that id (only by
 * integration, time, status, offer, publisher and advertiser), so a batch of clicks is answered
 * by reading the integration's report over the clicks' time windows (src/verdicts/windows.ts),
 * page by page, within a call budget, and matching the rows by id and `integration_type`.
 */
import DataLoader from 'dataloader';
import type { VendorName } from '../../errors.js';
import type { ClickModel } from '../../models/index.js';
import { budgetExceeded, timeWindows, type TimeWindow } from '../../verdicts/windows.js';
import { INTEGR8_LIMITS, type Integr8Client } from './client.js';
import { mapClickRow } from './mappers.js';
import { reportPageQuery, reportQuery } from './requests.js';
import { CallBudget } from '../budget.js';

/** An Everflow or iRev click whose verdict is asked for, in one integration. */
export interface VerdictKey {
  integrationId: string;
  vendor: VendorName;
  /** The vendor's click id (Everflow `transaction_id`, iRev `id`). */
  id: string;
  time: Date | null;
}

/** Integr8 calls one batch of verdicts may make (pages of 100 rows). */
export const VERDICT_CALL_BUDGET = 20;

/** The `integration_type` of an integration that scores a vendor's clicks: its name in lower case (`everflow`, `irev`). */
function integrationTypeOf(vendor: VendorName): string {
  return vendor.toLowerCase();
}

/**
 * Per-request loader of verdicts: the Integr8 click (mapped) that scored each key, or null when
 * Integr8 has none for it. One batch (every verdict field of one response) reads each
 * integration's report over the windows of its keys, newest rows first; the first row for an id
 * wins. A failed call is the error of every key of its integration not found before it; a key
 * the budget did not reach gets LOOKUP_BUDGET_EXCEEDED.
 */
export function createVerdictLoader(client: Integr8Client, budget = VERDICT_CALL_BUDGET): DataLoader<VerdictKey, ClickModel | null, string> {
  return new DataLoader<VerdictKey, ClickModel | null, string>(
    async (keys) => {
      const calls = new CallBudget(budget);
      const found = new Map<string, ClickModel | Error | null>();
      const byIntegration = new Map<string, VerdictKey[]>();
      for (const key of keys) byIntegration.set(key.integrationId, [...(byIntegration.get(key.integrationId) ?? []), key]);
      for (const [integrationId, members] of byIntegration) {
        for (const window of timeWindows(members, (key) => key.time)) {
          const result = await readWindow(client, integrationId, window, calls);
          for (const key of window.keys) found.set(verdictKey(key), result instanceof Error ? result : (result.get(verdictKey(key)) ?? null));
        }
      }
      return keys.map((key) =>
        found.has(verdictKey(key)) ? found.get(verdictKey(key))! : key.time ? budgetExceeded('INTEGR8', 'verdicts', budget) : null,
      );
    },
    { cacheKeyFn: verdictKey },
  );
}

// Private:

function verdictKey(key: VerdictKey): string {
  return `${key.integrationId}/${integrationTypeOf(key.vendor)}/${key.id}`;
}

/**
 * The rows of one window that answer its keys, by verdictKey; an Error when a call failed or the
 * budget ran out before the window was read whole (its keys cannot be told to have no verdict).
 */
async function readWindow(
  client: Integr8Client,
  integrationId: string,
  window: TimeWindow<VerdictKey>,
  calls: CallBudget,
): Promise<Map<string, ClickModel> | Error> {
  const wanted = new Set(window.keys.map(verdictKey));
  const found = new Map<string, ClickModel>();
  const base = reportQuery({ integrationId, from: window.from, to: window.to }, 'integrationId');
  let after: string | undefined;
  for (;;) {
    if (!calls.take()) return budgetExceeded('INTEGR8', 'verdicts', calls.total);
    let response;
    try {
      response = await client.report('click', reportPageQuery(base, { size: INTEGR8_LIMITS.maxPageSize, after }));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    const { data, pageInfo } = response.data;
    for (const row of data) {
      const type = typeof row.integration_type === 'string' ? row.integration_type.trim().toLowerCase() : '';
      const id = typeof row.external_transaction_id === 'string' ? row.external_transaction_id.trim() : '';
      const key = `${integrationId}/${type}/${id}`;
      if (id && wanted.has(key) && !found.has(key)) found.set(key, mapClickRow(row));
    }
    if (found.size === wanted.size || !pageInfo.hasNextPage || data.length === 0) return found;
    after = pageInfo.endCursor;
  }
}
