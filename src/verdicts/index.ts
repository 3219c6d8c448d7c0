/**
 * The same click seen twice: Integr8's verdict on an Everflow or iRev click, the click an Integr8
 * row scored, and the verdict filter applied while paging a click list. Vendor-neutral: the
 * lookups come in as functions (Integr8Reads.scoredClick, EverflowReads.trackedClick,
 * IrevReads.trackedClick), which batch per response.
 */
import type { ClickQuery, ClickVerdictFilter } from '../__generated__/resolvers.js';
import { BadUserInputError, type VendorName } from '../errors.js';
import type { ClickModel, ClickVerdictModel } from '../models/index.js';
import type { Connection, Edge } from '../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../pagination/request.js';
import type { TrackedKey } from './tracked.js';

/** The Integr8 click row that scored a click of another vendor in an integration, or null (batched by the caller's loader). */
export type VerdictLookup = (click: ClickModel, integrationId: string) => Promise<ClickModel | null>;

/** Clicks by id of each vendor Integr8 scores for (batched by the callers' loaders). */
export type TrackedLookups = Partial<Record<VendorName, (key: TrackedKey) => Promise<ClickModel | null>>>;

/** The vendors whose clicks Integr8 scores, by the `integration_type` of their integrations. */
const TRACKERS: Record<string, VendorName> = { everflow: 'EVERFLOW', irev: 'IREV' };

/**
 * A merged click query with a verdict filter (`query.verdict`): the query restricted to the
 * vendors the filter names an integration for, and the post-filter that keeps each vendor's clicks
 * by the verdict of its own integration. BAD_USER_INPUT when `query.vendors` names a vendor the
 * filter has no integration for (or only Integr8, whose rows are verdicts).
 */
export function mergedVerdictFilter(
  query: ClickQuery,
  lookup: VerdictLookup,
): { query: ClickQuery; keep: (vendor: VendorName, rows: ClickModel[]) => Promise<boolean[]> } {
  const { verdict, ...rest } = query;
  const field = 'query.verdict';
  const integrations: Partial<Record<VendorName, string>> = {};
  if (verdict!.everflowIntegrationId?.trim()) integrations.EVERFLOW = verdict!.everflowIntegrationId.trim();
  if (verdict!.irevIntegrationId?.trim()) integrations.IREV = verdict!.irevIntegrationId.trim();
  const scored = Object.keys(integrations) as VendorName[];
  if (scored.length === 0) {
    throw new BadUserInputError(`${field} names no integration: give everflowIntegrationId, irevIntegrationId or both.`, field);
  }
  for (const vendor of query.vendors ?? []) {
    if (!integrations[vendor]) {
      const name = vendor === 'INTEGR8' ? 'Integr8 rows are verdicts themselves' : `give ${field}.${vendor.toLowerCase()}IntegrationId`;
      throw new BadUserInputError(`query.vendors names ${vendor}, which a verdict filter cannot read: ${name}, or leave it out.`, 'query.vendors');
    }
  }
  const predicates = Object.fromEntries(
    scored.map((vendor) => [vendor, verdictPredicate({ ...verdict!, integrationId: integrations[vendor]! }, lookup, field)]),
  ) as Partial<Record<VendorName, (clicks: readonly ClickModel[]) => Promise<boolean[]>>>;
  return {
    query: { ...rest, vendors: query.vendors ?? scored },
    keep: (vendor, rows) => predicates[vendor]?.(rows) ?? Promise.resolve(rows.map(() => false)),
  };
}

/** Upstream pages one filtered page may read. */
const MAX_SCAN_PAGES = 5;

/** Integr8's verdict on a click: null for Integr8's own clicks and for clicks it never scored. */
export async function verdictOf(click: ClickModel, integrationId: string, lookup: VerdictLookup): Promise<ClickVerdictModel | null> {
  if (click.vendor === 'INTEGR8') return null;
  const row = await lookup(click, integrationId);
  return row && toVerdict(row);
}

/** The Everflow or iRev click an Integr8 click row scored, or null (see `Click.trackedClick`). */
export function trackedClickOf(click: ClickModel, lookups: TrackedLookups): Promise<ClickModel | null> {
  const details = click.integr8;
  const vendor = TRACKERS[details?.integrationType?.toLowerCase() ?? ''];
  const id = details?.externalTransactionId;
  const lookup = vendor && lookups[vendor];
  if (!lookup || !id) return Promise.resolve(null);
  return lookup({ id, time: click.time });
}

/** The verdict an Integr8 click row gives. */
function toVerdict(row: ClickModel): ClickVerdictModel {
  const details = row.integr8;
  return {
    status: row.status,
    score: details?.score ?? null,
    risk: details?.risk ?? null,
    rejections: details?.rejections ?? [],
    rejectedReason: details?.rejectedReason ?? null,
    isBot: details?.isBot ?? null,
    scoredAt: row.time,
    integrationId: details?.integrationId ?? '',
    integr8Click: row,
  };
}

/**
 * A predicate over a page of clicks for a verdict filter: one call looks up every click's
 * verdict at once (one batch of the lookup's loader), then keeps those that match. `field` is the
 * filter's argument path, for BAD_USER_INPUT (`source.everflow.verdict`). A merged list of several
 * vendors makes one per vendor, each with its own integration (mergedVerdictFilter).
 */
export function verdictPredicate(
  filter: ClickVerdictFilter,
  lookup: VerdictLookup,
  field: string,
): (clicks: readonly ClickModel[]) => Promise<boolean[]> {
  const integrationId = filter.integrationId.trim();
  if (!integrationId) throw new BadUserInputError(`${field}.integrationId must not be empty.`, `${field}.integrationId`);
  if (filter.status && filter.status.length === 0) {
    throw new BadUserInputError(`${field}.status is empty; give at least one status or drop the condition.`, `${field}.status`);
  }
  const statuses = filter.status ? new Set(filter.status) : null;
  return async (clicks) => {
    const rows = await Promise.all(
      clicks.map((click) => {
        const id = click.vendor === 'INTEGR8' ? null : integrationId;
        return id ? lookup(click, id) : null;
      }),
    );
    return rows.map((row) => {
      if (filter.scored != null && filter.scored !== (row !== null)) return false;
      return !statuses || (row !== null && row.status !== null && statuses.has(row.status));
    });
  };
}

/**
 * A page of a list filtered by a predicate evaluated while paging (the lead's merged list calls
 * this too). Reads the list forwards from `args.after` in pages of `scanSize` (`readPage(size,
 * after)`, the list's own cursors), asks `keep` once per page read, and stops at `first` matches
 * and one more (which proves `hasNextPage`), at the end of the list, or after `maxScans` pages.
 * Edges keep the list's own cursors, so `after` resumes exactly; cut short by `maxScans`, the page
 * says `hasNextPage` and its `endCursor` is the last row read, so the next page reads on from
 * there. Only `first`/`after`: page numbers and `last` are BAD_USER_INPUT (`field` names the
 * filter); `totalCount` is null.
 */
export async function filterWhilePaging<T>(
  args: PageArgs,
  readPage: (size: number, after: string | null) => Promise<Connection<T>>,
  keep: (nodes: readonly T[]) => Promise<boolean[]>,
  options: { maxPageSize: number; field: string; maxScans?: number },
): Promise<Connection<T>> {
  const request = parsePageArgs(args, { defaultSize: 50, maxSize: options.maxPageSize });
  if (request.mode !== 'forward') {
    throw new BadUserInputError(`${options.field} pages forwards only: use first and after, not page numbers or last.`, options.field);
  }
  const { first } = request;
  const scanSize = Math.min(options.maxPageSize, Math.max(100, 2 * first));
  const maxScans = options.maxScans ?? MAX_SCAN_PAGES;
  const edges: Edge<T>[] = [];
  let after = request.after ?? null;
  let lastRead: string | null = null;
  let hasNextPage = false;
  scan: for (let scans = 0; ; scans++) {
    if (scans === maxScans) {
      hasNextPage = true;
      break;
    }
    const page = await readPage(scanSize, after);
    const kept = await keep(page.nodes);
    for (const [i, edge] of page.edges.entries()) {
      lastRead = edge.cursor;
      if (!kept[i]) continue;
      if (edges.length === first) {
        hasNextPage = true;
        break scan;
      }
      edges.push(edge);
    }
    if (!page.pageInfo.hasNextPage || page.edges.length === 0) break;
    after = page.pageInfo.endCursor;
  }
  const cutShort = hasNextPage && edges.length < first;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: request.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: cutShort ? (lastRead ?? request.after ?? null) : (edges.at(-1)?.cursor ?? null),
      page: null,
      pageSize: null,
      totalPages: null,
    },
    totalCount: null,
  };
}

/**
 * The verdict filter on a click list: `filterWhilePaging` with `verdictPredicate`. This is the
 * one call a click list needs: its pages (`readPage(size, after)`, the list's own cursors), the
 * filter and where it came from (`field`), the verdict lookup (`ctx.integr8.scoredClick`), the
 * list's page limit.
 */
export function filterClicksByVerdict(
  args: PageArgs,
  filter: ClickVerdictFilter,
  lookup: VerdictLookup,
  readPage: (size: number, after: string | null) => Promise<Connection<ClickModel>>,
  options: { maxPageSize: number; field: string; maxScans?: number },
): Promise<Connection<ClickModel>> {
  return filterWhilePaging(args, readPage, verdictPredicate(filter, lookup, options.field), options);
}
