import type DataLoader from 'dataloader';
import type { ExportFilter, ReportQuery } from '../../__generated__/resolvers.js';
import type { GatewayCache } from '../../cache/index.js';
import type { NodeType } from '../../ids.js';
import type {
  AdvertiserModel,
  AnyNodeModel,
  ClickConnectionModel,
  ClickModel,
  ConversionModel,
  ExportModel,
  ImpressionModel,
  LandingPageModel,
  OfferEventModel,
  OfferModel,
  PublisherModel,
  UserModel,
} from '../../models/index.js';
import {
  connectionFromCursorPages,
  connectionFromKeysetPages,
  connectionFromOffsetPages,
  mapConnection,
  type Connection,
} from '../../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../../pagination/request.js';
import { notFetchable, type VendorReads } from '../reads.js';
import {
  INTEGR8_LIMITS,
  REPORT_RESOURCES,
  type Integr8Client,
  type Integr8ListParams,
  type Integr8ReportKind,
  type Integr8ReportRows,
} from './client.js';
import { Integr8Exports } from './exports.js';
import { createIntegr8Loaders, type Integr8Loaders } from './loaders.js';
import { createVerdictLoader, type VerdictKey } from './verdicts.js';
import { Integr8Writes } from './writes.js';
import {
  BY_INCREMENTAL_ID,
  BY_TX_ID,
  mapAdvertiser,
  mapClickRow,
  mapConversionRow,
  mapExport,
  mapImpressionRow,
  mapLandingPage,
  mapOffer,
  mapOfferEvent,
  mapPublisher,
  mapUser,
} from './mappers.js';
import {
  advertiserFilter,
  exportFilters,
  keysetListQuery,
  listQuery,
  offerFilter,
  publisherFilter,
  reportPageQuery,
  reportQuery,
  required,
  userFilter,
  type ListFilter,
  type ListSort,
} from './requests.js';
import type { Integr8ListResponse } from './types.js';

/** How Integr8Reads pages the reports. */
export interface Integr8ReadsOptions {
  /** Upstream calls page mode may spend walking report cursors. */
  reportWalkBudget: number;
}

/** Integr8 lists and reports: page[size] at most 100. */
const PAGES = { defaultSize: 50, maxSize: INTEGR8_LIMITS.maxPageSize };

/**
 * Integr8's reads for one GraphQL request: organization users, offers (with events and landing
 * pages), publishers, advertisers, the three reports and download-center exports, paged and
 * through this request's loaders; the requests are built in requests.ts.
 */
export class Integr8Reads implements VendorReads {
  private readonly loaders: Integr8Loaders;
  private readonly verdicts: DataLoader<VerdictKey, ClickModel | null, string>;
  /** Writes of users, publishers, advertisers, offers, events and landing pages. */
  readonly writes: Integr8Writes;
  /** Creating download-center exports. */
  readonly downloadCenter: Integr8Exports;

  constructor(
    private readonly client: Integr8Client,
    private readonly cache: GatewayCache,
    private readonly options: Integr8ReadsOptions,
  ) {
    this.loaders = createIntegr8Loaders(client);
    this.verdicts = createVerdictLoader(client);
    this.writes = new Integr8Writes(client);
    this.downloadCenter = new Integr8Exports(client);
  }

  users(filter: ListFilter | null | undefined, sort: readonly ListSort[] | null | undefined, args: PageArgs): Promise<Connection<UserModel>> {
    return this.list(args, (params) => this.client.users(params), mapUser, userFilter(filter), sort);
  }

  publishers(
    filter: ListFilter | null | undefined,
    sort: readonly ListSort[] | null | undefined,
    args: PageArgs,
  ): Promise<Connection<PublisherModel>> {
    return this.list(args, (params) => this.client.publishers(params), mapPublisher, publisherFilter(filter), sort);
  }

  advertisers(
    filter: ListFilter | null | undefined,
    sort: readonly ListSort[] | null | undefined,
    args: PageArgs,
  ): Promise<Connection<AdvertiserModel>> {
    return this.list(args, (params) => this.client.advertisers(params), mapAdvertiser, advertiserFilter(filter), sort);
  }

  offers(
    integrationId: string,
    filter: ListFilter | null | undefined,
    sort: readonly ListSort[] | null | undefined,
    args: PageArgs,
  ): Promise<Connection<OfferModel>> {
    const id = required(integrationId, 'integrationId');
    return this.list(
      args,
      (params) => this.client.offers(id, params),
      (offer) => mapOffer(offer, id),
      offerFilter(filter, id),
      sort,
    );
  }

  /** Events of an Integr8 offer. */
  events(offer: OfferModel, args: PageArgs): Promise<Connection<OfferEventModel>> {
    const [integrationId, offerId] = offer.key;
    return this.list(
      args,
      (params) => this.client.events(integrationId, offerId, params),
      (event) => mapOfferEvent(event, integrationId, offerId),
    );
  }

  /** Landing pages of an Integr8 offer. */
  landingPages(offer: OfferModel, args: PageArgs): Promise<Connection<LandingPageModel>> {
    const [integrationId, offerId] = offer.key;
    return this.list(
      args,
      (params) => this.client.landingPages(integrationId, offerId, params),
      (landing) => mapLandingPage(landing, integrationId, offerId),
    );
  }

  /** Download-center exports with the documented filters. */
  exports(filter: ExportFilter | null | undefined, args: PageArgs): Promise<Connection<ExportModel>> {
    const page = parsePageArgs(args, PAGES);
    const filters = exportFilters(filter ?? {});
    return connectionFromOffsetPages(page, INTEGR8_LIMITS.maxPageSize, async (number, size) => {
      const response = await this.client.exports({ page: number, size, filters });
      return { items: response.data.map(mapExport), totalCount: response.meta.total_count };
    });
  }

  /** A signed download URL for a finished export's artifact (fetched when asked for, never cached). */
  downloadUrl(artifactName: string): Promise<string> {
    return this.loaders.signedUrl.load(artifactName);
  }

  async clicks(query: ReportQuery, args: PageArgs): Promise<ClickConnectionModel> {
    return { ...(await this.report('click', mapClickRow, query, args, 'source.integr8')), truncated: false, truncatedRanges: [] };
  }

  conversions(query: ReportQuery, args: PageArgs): Promise<Connection<ConversionModel>> {
    return this.report('conversion', mapConversionRow, query, args, 'source.integr8');
  }

  impressions(query: ReportQuery, args: PageArgs): Promise<Connection<ImpressionModel>> {
    return this.report('impression', mapImpressionRow, query, args, 'query');
  }

  /**
   * The Integr8 click row that scored an Everflow or iRev click in an integration, or null: the
   * verdicts asked for in one response are read in one batch (see verdicts.ts).
   */
  scoredClick(click: ClickModel, integrationId: string): Promise<ClickModel | null> {
    const id = required(integrationId, 'integrationId');
    return this.verdicts.load({ integrationId: id, vendor: click.vendor, id: click.nativeId, time: click.time });
  }

  async node(type: NodeType, key: string[]): Promise<AnyNodeModel> {
    switch (type) {
      case 'User':
        return mapUser(await this.loaders.user.load(key[0]));
      case 'Publisher':
        return mapPublisher(await this.loaders.publisher.load(key[0]));
      case 'Advertiser':
        return mapAdvertiser(
          key[0] === BY_INCREMENTAL_ID ? await this.loaders.advertiserByIncrementalId.load(key[1]) : await this.loaders.advertiser.load(key[0]),
        );
      case 'Offer':
        return mapOffer(await this.loaders.offer.load({ integrationId: key[0], offerId: key[1] }), key[0]);
      case 'OfferEvent':
        return mapOfferEvent(await this.loaders.event.load({ integrationId: key[0], offerId: key[1], childId: key[2] }), key[0], key[1]);
      case 'LandingPage':
        return mapLandingPage(await this.loaders.landingPage.load({ integrationId: key[0], offerId: key[1], childId: key[2] }), key[0], key[1]);
      case 'Export':
        return mapExport(await this.loaders.export.load(key[0]));
      case 'Click':
      case 'Conversion':
      case 'Impression': {
        const kind = type.toLowerCase() as Integr8ReportKind;
        const by = key[3] === BY_TX_ID ? 'tx_id' : 'real_tx_id';
        const row = await this.loaders.reportRow.load({ kind, integrationId: key[0], time: key[1], txId: key[2], by });
        if (kind === 'click') return mapClickRow(row as Integr8ReportRows['click']);
        if (kind === 'conversion') return mapConversionRow(row as Integr8ReportRows['conversion']);
        return mapImpressionRow(row as Integr8ReportRows['impression']);
      }
      default:
        throw notFetchable('INTEGR8', type, 'inside other records');
    }
  }

  // Private:

  /**
   * A numbered list: schema filters and sort as `filter[field][op]` and `sort`. Without a sort
   * the list is read in id order with keyset cursors (`sort=id` and `filter[id][gt]` after a
   * row, `sort=-id` and `filter[id][lt]` before one), which no create or delete shifts. With a
   * sort, offset cursors: keyset paging on a sort key needs a tiebreak on the id, and Integr8
   * has no filter on a pair of fields (`(name, id) > (a, b)`) to express one.
   */
  private async list<Raw extends { id: string }, M>(
    args: PageArgs,
    fetch: (params: Integr8ListParams) => Promise<Integr8ListResponse<Raw>>,
    map: (raw: Raw) => M,
    filter?: ListFilter | null,
    sort?: readonly ListSort[] | null,
  ): Promise<Connection<M>> {
    const page = parsePageArgs(args, PAGES);
    const query = listQuery(filter, sort);
    const numbered = (params: Omit<Integr8ListParams, 'page' | 'size'>) => async (number: number, size: number) => {
      const response = await fetch({ page: number, size, ...params });
      return { items: response.data, totalCount: response.meta.total_count };
    };
    if (query.sort) return mapConnection(await connectionFromOffsetPages(page, INTEGR8_LIMITS.maxPageSize, numbered(query)), map);
    const connection = await connectionFromKeysetPages<Raw>(page, {
      maxPageSize: INTEGR8_LIMITS.maxPageSize,
      keyOf: (row) => row.id,
      fetchRows: ({ size, ...bound }) => numbered(keysetListQuery(query, bound))(1, size),
      fetchPage: numbered(keysetListQuery(query, {})),
    });
    return mapConnection(connection, map);
  }

  /** A cursor-only report; page mode walks cursors and remembers them per query in the cache. */
  private async report<K extends Integr8ReportKind, M>(
    kind: K,
    map: (row: Integr8ReportRows[K]) => M,
    query: ReportQuery,
    args: PageArgs,
    field: string,
  ): Promise<Connection<M>> {
    const page = parsePageArgs(args, PAGES);
    const base = reportQuery(query, field);
    const indexEntry = { scope: this.client.rest.scope, resource: REPORT_RESOURCES[kind], operation: 'cursorIndex', params: base };
    const connection = await connectionFromCursorPages<Integr8ReportRows[K]>(page, {
      maxPageSize: INTEGR8_LIMITS.maxPageSize,
      walkBudget: this.options.reportWalkBudget,
      cursorOf: (row) => row.real_tx_id,
      cursorIndex: {
        load: async () => (await this.cache.get<Record<string, string>>('cursor', indexEntry)) ?? {},
        save: (index) => this.cache.set('cursor', indexEntry, index),
      },
      fetchPage: async ({ size, after, before }) => {
        const response = await this.client.report(kind, reportPageQuery(base, { size, after, before }));
        const { data, pageInfo, count } = response.data;
        return {
          items: data,
          // Rows lie beyond the cursor a page was asked from, whatever the flags say (a Relay-style
          // server answers hasPreviousPage false when paging forward, hasNextPage false when back).
          hasNextPage: pageInfo.hasNextPage || Boolean(before),
          hasPreviousPage: pageInfo.hasPreviousPage || Boolean(after),
          totalCount: reportTotal(count, data.length, pageInfo),
        };
      },
    });
    return mapConnection(connection, map);
  }
}

// Private:

/**
 * `data.count` as the number of rows the query matches, or null when it cannot be: the document
 * never says what it counts, and a count no larger than the page while another page exists
 * counts the page only.
 */
function reportTotal(count: number | undefined, rows: number, pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean }): number | null {
  if (count === undefined || count < rows) return null;
  return count === rows && (pageInfo.hasNextPage || pageInfo.hasPreviousPage) ? null : count;
}
