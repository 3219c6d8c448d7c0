import type DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { AffiliateRelationship, EverflowClickQuery, EverflowConversionQuery } from '../../__generated__/resolvers.js';
import type { GatewayCache } from '../../cache/index.js';
import { warn } from '../../requestScope.js';
import type { NodeType } from '../../ids.js';
import type { AffiliateModel, AffiliateUserModel, AnyNodeModel, ClickConnectionModel, ClickModel, ConversionModel } from '../../models/index.js';
import { trackedClickLoader, type TrackedKey } from '../../verdicts/tracked.js';
import { connectionFromOffsetPages, mapConnection, type Connection } from '../../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../../pagination/request.js';
import { notFetchable, type VendorReads } from '../reads.js';
import { RESOURCES } from '../resources.js';
import { packWindow, readStreamPage, unpackWindow, type Density, type WindowSource } from './clickStream.js';
import { clickRetentionStart, EVERFLOW_LIMITS, type EverflowClient } from './client.js';
import { createEverflowLoaders, type EverflowLoaders } from './loaders.js';
import { EverflowWrites } from './writes.js';
import { mapAffiliate, mapAffiliateRow, mapAffiliateUser, mapClick, mapOnHoldConversion, RELATIONSHIP_NAMES } from './mappers.js';
import { affiliatesTableRequest, clickStreamBody, clickStreamQuery, onHoldRequest, type AffiliatesQuery } from './requests.js';
import type { EverflowAffiliateUser, EverflowList, EverflowQueryFilter, EverflowRawClick } from './types.js';

export interface EverflowReadsOptions {
  /** Click stream: upstream calls one query may make. */
  requestBudget: number;
  /** Click stream: calls in flight at once. */
  concurrency: number;
}

/** Everflow's paged endpoints: its default and maximum page size. */
const PAGES = { defaultSize: 50, maxSize: EVERFLOW_LIMITS.maxPageSize };
/** Click-stream pages stay at most 1000 rows to keep responses small. */
export const CLICK_PAGES = { defaultSize: 50, maxSize: 1000 };
/** The click stream's aligned windows: UTC days, each read whole, cached on its own and the unit of cursor positions. */
const CLICK_WINDOW_SECONDS = 86_400;

/** What a click-stream read is asked for beyond the page. */
export interface ClickReadOptions {
  /** Count every click of the range (`totalCount`, `pageInfo.totalPages`), which reads every window of it. @default true */
  totalCount?: boolean;
}

/**
 * The click stream's rows per day the last read of each query (filters and days) found, per
 * tenant's client (it lives as long as the pooled client): a planning hint that lets a repeated
 * query read its days in one call instead of one day first (see WindowedStreamOptions.density).
 * Never data. Keyed by the days too, because old days (past the raw-click retention) can be a
 * thousand times sparser than recent ones, and a round sized by them would be capped and split.
 */
const clickDensities = new WeakMap<EverflowClient, LRUCache<string, Density>>();

/** Thrown by a cache probe's compute so that a miss reads nothing (see clickWindows). */
const MISS = Symbol('click window not cached');

/**
 * Everflow's reads for one GraphQL request: affiliates (network API), the raw click stream and
 * on-hold conversions (affiliate API), paged, through this request's loaders. The requests are
 * built, and checked against Everflow's documented limits, in requests.ts before any call.
 */
export class EverflowReads implements VendorReads {
  private readonly loaders: EverflowLoaders;
  private readonly tracked: DataLoader<TrackedKey, ClickModel | null, string>;
  /** Affiliate writes. */
  readonly writes: EverflowWrites;

  constructor(
    private readonly client: EverflowClient,
    private readonly cache: GatewayCache,
    private readonly options: EverflowReadsOptions,
  ) {
    this.loaders = createEverflowLoaders(client);
    this.tracked = trackedClickLoader('EVERFLOW', (window, after) =>
      this.clicks({ from: window.from, to: window.to }, { first: CLICK_PAGES.maxSize, after }, { totalCount: false }),
    );
    this.writes = new EverflowWrites(client);
  }

  /** The affiliates table; `relationships` are the table relationships the query selects. */
  affiliates(query: AffiliatesQuery, args: PageArgs): Promise<Connection<AffiliateModel>> {
    const page = parsePageArgs(args, PAGES);
    const { body, relationships } = affiliatesTableRequest(query);
    return connectionFromOffsetPages(page, EVERFLOW_LIMITS.maxPageSize, async (number, pageSize) => {
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
   * Raw clicks of any range, oldest first, read and cached in aligned UTC days (see
   * readStreamPage): a page reads only the days it needs, from the range's start (or its end, for
   * `last`), and each day is cached on its own as the rows' JSON text, so that overlapping ranges
   * share days. `totalCount` reads every day of the range, so it is counted only when
   * `options.totalCount` says it is selected. Cursors hold a day and an offset in it. Everflow keeps
   * raw clicks for 3 months and clicks that led to conversions forever: a range reaching further
   * back is read like any other, and the response carries a warning that only the converted
   * clicks are left there.
   *
   * Exclusions leave out every click that matches any of them. Everflow's document does not say
   * how its exclusions combine (each on its own, or grouped as filters are), and the two readings
   * agree only for exclusions of one resource type; so exclusions of several types are sent one
   * type per call and the answers intersected, which is right under either reading.
   */
  async clicks(query: EverflowClickQuery, args: PageArgs, options: ClickReadOptions = {}): Promise<ClickConnectionModel> {
    const page = parsePageArgs(args, CLICK_PAGES);
    const { from, to: asked, filters, exclusions, exclusionGroups } = clickStreamQuery(query);
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const retained = clickRetentionStart(nowMs);
    if (from < retained) {
      const gone = new Date(Math.min(asked, retained) * 1000).toISOString();
      warn({
        code: 'RAW_CLICKS_EXPIRED',
        vendor: 'EVERFLOW',
        message:
          `Everflow keeps raw clicks for 3 months, from ${new Date(retained * 1000).toISOString()} on: from ${query.from.toISOString()} to ${gone} ` +
          'it returns only the clicks that led to conversions (kept forever); the other clicks there are gone.',
      });
    }
    let densities = clickDensities.get(this.client);
    if (!densities) clickDensities.set(this.client, (densities = new LRUCache({ max: 100 })));
    const range = { from, to: Math.min(asked, now) };
    const densityKey = JSON.stringify([
      filters,
      exclusions,
      Math.floor(range.from / CLICK_WINDOW_SECONDS),
      Math.floor(range.to / CLICK_WINDOW_SECONDS),
    ]);
    const stream = await readStreamPage(range, page, this.clickWindows(filters, exclusions, exclusionGroups), {
      windowSeconds: CLICK_WINDOW_SECONDS,
      maxWindowSeconds: EVERFLOW_LIMITS.clickStreamMaxWindowSeconds,
      maxRows: EVERFLOW_LIMITS.clickStreamMaxRows,
      requestBudget: this.options.requestBudget,
      concurrency: this.options.concurrency,
      callsPerWindow: Math.max(1, exclusionGroups.length),
      count: options.totalCount ?? true,
      density: densities.get(densityKey),
    });
    const { truncated, stats, ...connection } = stream;
    if (stats.windowsLoaded > 0) densities.set(densityKey, { rows: stats.rowsLoaded, windows: stats.windowsLoaded });
    return {
      ...mapConnection(connection, (row) => mapClick((typeof row === 'string' ? JSON.parse(row) : row) as EverflowRawClick)),
      truncated: truncated.length > 0,
      truncatedRanges: truncated.map((w) => ({ from: new Date(w.from * 1000), to: new Date(w.to * 1000) })),
    };
  }

  /**
   * A click an Integr8 row scored, by transaction id and about when (see src/verdicts/tracked.ts):
   * the batch reads the click stream around the keys' times (the days it falls on, cached per
   * day); null for an id Everflow cannot have (32 hex characters), without a call.
   */
  trackedClick(key: TrackedKey): Promise<ClickModel | null> {
    return /^[0-9a-f]{32}$/.test(key.id) ? this.tracked.load(key) : Promise.resolve(null);
  }

  /** On-hold conversions and/or events: at most one year per query, within the prior 365 days. */
  conversions(query: EverflowConversionQuery, args: PageArgs): Promise<Connection<ConversionModel>> {
    const page = parsePageArgs(args, PAGES);
    const body = onHoldRequest(query, Math.floor(Date.now() / 1000));
    return connectionFromOffsetPages(page, EVERFLOW_LIMITS.maxPageSize, async (number, pageSize) => {
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

  // Private:

  /**
   * The click stream's windows for one query's filters: cached one day per entry (keyed by the
   * day and the filters, so every range and page of the query shares them), each click kept as
   * its JSON text (the smallest form that keeps `raw`: the model's own fields take more; the model
   * is mapped from it per page), compressed per day (packWindow), and read from Everflow one call
   * per exclusion group. A window whose read fails stands in with its expired copy (STALE_DATA)
   * when Everflow is down, as every cached read does.
   */
  private clickWindows(
    filters: EverflowQueryFilter<never>[],
    exclusions: EverflowQueryFilter<never>[],
    exclusionGroups: EverflowQueryFilter<never>[][],
  ): WindowSource<EverflowRawClick> {
    const entry = (start: number) => ({
      scope: this.client.rest.scope,
      resource: RESOURCES.clicks,
      operation: 'clickWindow',
      params: { start, seconds: CLICK_WINDOW_SECONDS, filters, exclusions },
    });
    return {
      cached: async (start) => {
        try {
          return unpackWindow(await this.cache.wrap('clickStream', entry(start), () => Promise.reject(MISS)));
        } catch (error) {
          if (error === MISS) return undefined;
          throw error;
        }
      },
      store: async (start, window) => {
        // With the click-stream cache off, a window is never packed.
        if (!this.cache.caches('clickStream')) return;
        const packed = await packWindow(window);
        await this.cache.wrap('clickStream', entry(start), () => Promise.resolve(packed), { fresh: true });
      },
      standIn: async (start, error) => {
        const window = unpackWindow(await this.cache.wrap('clickStream', entry(start), () => Promise.reject(error)));
        if (!window) throw error;
        return window;
      },
      fetchWindow: async (window) => {
        if (exclusionGroups.length <= 1) return (await this.client.clickStream(clickStreamBody(window, filters, exclusions))).clicks;
        const answers = await Promise.all(
          exclusionGroups.map(async (group) => (await this.client.clickStream(clickStreamBody(window, filters, group))).clicks),
        );
        const kept = answers.slice(1).map((clicks) => new Set(clicks.map((click) => click.transaction_id)));
        return {
          rows: answers[0].filter((click) => kept.every((ids) => ids.has(click.transaction_id))),
          capped: answers.some((clicks) => clicks.length >= EVERFLOW_LIMITS.clickStreamMaxRows),
        };
      },
    };
  }
}
