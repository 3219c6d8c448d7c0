import type {
  AffiliateFilter,
  AffiliateRelationship,
  EverflowClickFilter,
  EverflowClickQuery,
  EverflowConversionFilter,
  EverflowConversionQuery,
} from '../../__generated__/resolvers.js';
import type { GatewayCache } from '../../cache/index.js';
import { BadUserInputError } from '../../errors.js';
import { warn } from '../../requestScope.js';
import type { NodeType } from '../../ids.js';
import type { AffiliateModel, AffiliateUserModel, AnyNodeModel, ClickConnectionModel, ConversionModel } from '../../models/index.js';
import { connectionFromArray, connectionFromOffsetSource, mapConnection, type Connection } from '../../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../../pagination/request.js';
import { checkOrder, notFetchable, toSeconds, type VendorSource } from '../source.js';
import { formatLocalTime } from '../time.js';
import { readStream, type Window, type WindowRead } from './clickStream.js';
import { clickRetentionStart, EVERFLOW_LIMITS, type EverflowClient } from './client.js';
import { createEverflowLoaders, type EverflowLoaders } from './loaders.js';
import { EverflowWrites } from './writes.js';
import { mapAffiliate, mapAffiliateRow, mapAffiliateUser, mapClick, mapOnHoldConversion, RELATIONSHIP_NAMES } from './mappers.js';
import type {
  EverflowAffiliatesTableFilters,
  EverflowAffiliateUser,
  EverflowList,
  EverflowAffiliatesTableRelationship,
  EverflowClickStreamRequest,
  EverflowQueryFilter,
  EverflowRawClick,
} from './types.js';

export interface EverflowSourceOptions {
  /** Click stream: upstream calls one query may make. */
  requestBudget: number;
  /** Click stream: calls in flight at once. */
  concurrency: number;
}

/** Everflow's paged endpoints: its default and maximum page size. */
const PAGES = { defaultSize: 50, maxSize: EVERFLOW_LIMITS.maxPageSize };
/** The click stream is sliced in memory; pages stay at most 1000 to keep responses small. */
const CLICK_PAGES = { defaultSize: 50, maxSize: 1000 };

/** The merged click stream of a range, as cached. */
interface CachedStream {
  rows: EverflowRawClick[];
  truncated: Window[];
}

/**
 * Everflow for one GraphQL request: affiliates (network API), the raw click stream and
 * on-hold conversions (affiliate API). Checks Everflow's documented limits before calling.
 */
export class EverflowSource implements VendorSource {
  private readonly loaders: EverflowLoaders;
  /** Affiliate writes. */
  readonly writes: EverflowWrites;

  constructor(
    private readonly client: EverflowClient,
    private readonly cache: GatewayCache,
    private readonly options: EverflowSourceOptions,
  ) {
    this.loaders = createEverflowLoaders(client);
    this.writes = new EverflowWrites(client);
  }

  /** The affiliates table; `relationships` are the table relationships the query selects. */
  affiliates(
    query: { search?: string | null; filter?: AffiliateFilter | null; relationships: readonly AffiliateRelationship[] },
    args: PageArgs,
  ): Promise<Connection<AffiliateModel>> {
    const page = parsePageArgs(args, PAGES);
    const search = query.search?.trim();
    const body = {
      filters: affiliateFilters(query.filter ?? {}),
      ...(search && { search_terms: [{ search_type: 'name' as const, value: search }] }),
    };
    const relationships = query.relationships
      .map((name) => RELATIONSHIP_NAMES[name])
      .filter((name): name is EverflowAffiliatesTableRelationship => name === 'users' || name === 'signup')
      .sort();
    return connectionFromOffsetSource(page, EVERFLOW_LIMITS.maxPageSize, async (number, pageSize) => {
      const response = await this.client.affiliatesTable(body, { page: number, pageSize, relationships });
      return { items: response.affiliates.map(mapAffiliateRow), totalCount: response.paging.total_count };
    });
  }

  /** One affiliate with the relationships the query selects, in one call. */
  async affiliate(id: string, relationships: readonly AffiliateRelationship[] = []): Promise<AffiliateModel> {
    return mapAffiliate(await this.loaders.affiliate.load({ id, relationships: relationships.map((name) => RELATIONSHIP_NAMES[name]) }));
  }

  /** A relationship block of an affiliate: from the record when it came with it, else fetched (batched per affiliate). */
  async affiliateRelationship(affiliate: AffiliateModel, name: AffiliateRelationship): Promise<unknown> {
    if (name in affiliate.relationships) return affiliate.relationships[name];
    if (!affiliate.fetchable) return null;
    const record = await this.loaders.affiliate.load({ id: affiliate.nativeId, relationships: [RELATIONSHIP_NAMES[name]] });
    return record.relationship?.[RELATIONSHIP_NAMES[name]] ?? null;
  }

  /** The affiliate's users (the `users` relationship), mapped. */
  async affiliateUsers(affiliate: AffiliateModel): Promise<AffiliateUserModel[] | null> {
    const users = (await this.affiliateRelationship(affiliate, 'USERS')) as EverflowList<EverflowAffiliateUser> | null;
    return Array.isArray(users?.entries) ? users.entries.map(mapAffiliateUser) : null;
  }

  /**
   * Raw clicks of any range, read in windows of at most 14 days (see readStream), cached briefly
   * as a whole and sliced per page. Everflow keeps raw clicks for 3 months and clicks that led to
   * conversions forever: a range reaching further back is read like any other, and the response
   * carries a warning that only the converted clicks are left there.
   *
   * Exclusions leave out every click that matches any of them. Everflow's document does not say
   * how its exclusions combine (each on its own, or grouped as filters are), and the two readings
   * agree only for exclusions of one resource type; so exclusions of several types are sent one
   * type per call and the answers intersected, which is right under either reading.
   */
  async clicks(query: EverflowClickQuery, args: PageArgs): Promise<ClickConnectionModel> {
    const page = parsePageArgs(args, CLICK_PAGES);
    checkOrder(query.from, query.to, 'source.everflow');
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const from = toSeconds(query.from);
    const filters = queryFilters<EverflowClickFilter>(query.filters, 'source.everflow.filters');
    const exclusions = queryFilters<EverflowClickFilter>(query.exclusions, 'source.everflow.exclusions');
    const retained = clickRetentionStart(nowMs);
    if (from < retained) {
      const gone = new Date(Math.min(toSeconds(query.to), retained) * 1000).toISOString();
      warn({
        code: 'RAW_CLICKS_EXPIRED',
        vendor: 'EVERFLOW',
        message:
          `Everflow keeps raw clicks for 3 months, from ${new Date(retained * 1000).toISOString()} on: from ${query.from.toISOString()} to ${gone} ` +
          'it returns only the clicks that led to conversions (kept forever); the other clicks there are gone.',
      });
    }
    const exclusionGroups = groupByType(exclusions);
    // Keyed by the query as asked, so a repeated query hits the cache even when `to` is in the future.
    const stream = await this.cache.wrap<CachedStream>(
      'clickStream',
      { scope: this.client.rest.scope, resource: 'clicks', operation: 'clickStream', params: { from, to: toSeconds(query.to), filters, exclusions } },
      async () => {
        const to = Math.min(toSeconds(query.to), now);
        if (from > to) return { rows: [], truncated: [] };
        const fetchWindow = async (window: Window): Promise<WindowRead<EverflowRawClick>> => {
          if (exclusionGroups.length <= 1) return (await this.client.clickStream(clickStreamBody(window, filters, exclusions))).clicks;
          const answers = await Promise.all(exclusionGroups.map(async (group) => (await this.client.clickStream(clickStreamBody(window, filters, group))).clicks));
          const kept = answers.slice(1).map((clicks) => new Set(clicks.map((click) => click.transaction_id)));
          return {
            rows: answers[0].filter((click) => kept.every((ids) => ids.has(click.transaction_id))),
            capped: answers.some((clicks) => clicks.length >= EVERFLOW_LIMITS.clickStreamMaxRows),
          };
        };
        const { rows, truncated } = await readStream({ from, to }, fetchWindow, {
          maxWindowSeconds: EVERFLOW_LIMITS.clickStreamMaxWindowSeconds,
          maxRows: EVERFLOW_LIMITS.clickStreamMaxRows,
          requestBudget: this.options.requestBudget,
          concurrency: this.options.concurrency,
          callsPerWindow: Math.max(1, exclusionGroups.length),
        });
        return { rows, truncated };
      },
    );
    return {
      ...mapConnection(connectionFromArray(stream.rows, page), mapClick),
      truncated: stream.truncated.length > 0,
      truncatedRanges: stream.truncated.map((w) => ({ from: new Date(w.from * 1000), to: new Date(w.to * 1000) })),
    };
  }

  /** On-hold conversions and/or events: at most one year per query, within the prior 365 days. */
  conversions(query: EverflowConversionQuery, args: PageArgs): Promise<Connection<ConversionModel>> {
    const page = parsePageArgs(args, PAGES);
    const field = 'source.everflow';
    checkOrder(query.from, query.to, field);
    const now = Math.floor(Date.now() / 1000);
    const from = toSeconds(query.from);
    const to = toSeconds(query.to);
    if (to - from > EVERFLOW_LIMITS.onHoldMaxIntervalSeconds) {
      throw new BadUserInputError(`${field}: Everflow serves at most one year (365 days) of on-hold conversions per query; narrow from/to.`, `${field}.to`);
    }
    if (from < now - EVERFLOW_LIMITS.onHoldLookbackSeconds) {
      throw new BadUserInputError(
        `${field}.from ${query.from.toISOString()} is outside the prior 365 days Everflow reports on-hold conversions for; use ${new Date((now - EVERFLOW_LIMITS.onHoldLookbackSeconds) * 1000).toISOString()} or later.`,
        `${field}.from`,
      );
    }
    const showConversions = query.conversions ?? true;
    const showEvents = query.events ?? false;
    if (!showConversions && !showEvents) {
      throw new BadUserInputError(`${field}: set conversions or events (or both) to true.`, `${field}.conversions`);
    }
    const body = {
      from: formatLocalTime(query.from),
      to: formatLocalTime(query.to),
      timezone_id: EVERFLOW_LIMITS.utcTimezoneId,
      show_conversions: showConversions,
      show_events: showEvents,
      on_hold_status_filter: query.status ? (query.status.toLowerCase() as 'on_hold' | 'approved' | 'rejected') : ('' as const),
      query: { filters: queryFilters<EverflowConversionFilter>(query.filters, `${field}.filters`) },
    };
    return connectionFromOffsetSource(page, EVERFLOW_LIMITS.maxPageSize, async (number, pageSize) => {
      const response = await this.client.onHold(body, { page: number, pageSize });
      return { items: response.conversions.map(mapOnHoldConversion), totalCount: response.paging.total_count };
    });
  }

  async node(type: NodeType, key: string[]): Promise<AnyNodeModel> {
    const [id] = key;
    switch (type) {
      case 'Affiliate':
        return this.affiliate(id);
      case 'Click':
        return mapClick(await this.loaders.click.load(id));
      case 'Conversion':
        return mapOnHoldConversion(await this.loaders.onHoldConversion.load(id));
      default:
        throw notFetchable('EVERFLOW', type, 'on clicks and conversions');
    }
  }
}

// Private:

function affiliateFilters(filter: AffiliateFilter): EverflowAffiliatesTableFilters {
  if (filter.ranTrafficInLastHours != null && filter.ranTrafficInLastHours < 1) {
    throw new BadUserInputError('filter.ranTrafficInLastHours must be 1 or more.', 'filter.ranTrafficInLastHours');
  }
  const filters: EverflowAffiliatesTableFilters = {
    account_status: filter.status?.toLowerCase() as EverflowAffiliatesTableFilters['account_status'],
    account_manager_ids: filter.accountManagerIds ?? undefined,
    network_account_executives_ids: filter.accountExecutiveIds ?? undefined,
    billing_frequency: filter.billingFrequency?.toLowerCase() as EverflowAffiliatesTableFilters['billing_frequency'],
    payment_type: filter.paymentType?.toLowerCase() as EverflowAffiliatesTableFilters['payment_type'],
    labels: filter.labels ?? undefined,
    ran_traffic_in_last_hours: filter.ranTrafficInLastHours ?? undefined,
    network_tracking_domain_ids: filter.trackingDomainIds ?? undefined,
    country_codes: filter.countryCodes?.map((code) => code.toUpperCase()),
    region_codes: filter.regionCodes ?? undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/** The schema's grouped filters (values of one type OR-ed) as Everflow's flat filter list. */
function queryFilters<F extends { resourceType: string; values: readonly string[] }>(
  filters: readonly F[] | null | undefined,
  field: string,
): EverflowQueryFilter<never>[] {
  const out: EverflowQueryFilter<never>[] = [];
  for (const [i, filter] of (filters ?? []).entries()) {
    if (filter.values.length === 0) {
      throw new BadUserInputError(`${field}[${i}].values is empty; give at least one ${filter.resourceType} value or drop the filter.`, `${field}[${i}].values`);
    }
    for (const value of filter.values) {
      out.push({ filter_id_value: value, resource_type: filter.resourceType.toLowerCase() as never });
    }
  }
  return out;
}

/** Everflow's filter entries grouped by resource type, in order of first appearance. */
function groupByType<F extends { resource_type: string }>(entries: readonly F[]): F[][] {
  const groups = new Map<string, F[]>();
  for (const entry of entries) groups.set(entry.resource_type, [...(groups.get(entry.resource_type) ?? []), entry]);
  return [...groups.values()];
}

function clickStreamBody(window: Window, filters: EverflowQueryFilter<never>[], exclusions: EverflowQueryFilter<never>[]): EverflowClickStreamRequest {
  return {
    from: formatLocalTime(new Date(window.from * 1000)),
    to: formatLocalTime(new Date(window.to * 1000)),
    timezone_id: EVERFLOW_LIMITS.utcTimezoneId,
    ...((filters.length > 0 || exclusions.length > 0) && {
      query: { ...(filters.length > 0 && { filters }), ...(exclusions.length > 0 && { exclusions }) },
    }),
  };
}
