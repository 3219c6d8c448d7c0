import type { ExportFilter, ReportQuery, SortDirection } from '../../__generated__/resolvers.js';
import type { GatewayCache } from '../../cache/index.js';
import { BadUserInputError } from '../../errors.js';
import type { NodeType } from '../../ids.js';
import type {
  AdvertiserModel,
  AnyNodeModel,
  ClickConnectionModel,
  ConversionModel,
  ExportModel,
  ImpressionModel,
  LandingPageModel,
  OfferEventModel,
  OfferModel,
  PublisherModel,
  UserModel,
} from '../../models/index.js';
import { connectionFromCursorSource, connectionFromOffsetSource, mapConnection, type Connection } from '../../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../../pagination/request.js';
import { checkOrder, notFetchable, type VendorSource } from '../source.js';
import { formatLocalTime } from '../time.js';
import { INTEGR8_LIMITS, type Integr8Client, type Integr8ListParams, type Integr8ReportKind, type Integr8ReportRows } from './client.js';
import { Integr8Exports } from './exports.js';
import { createIntegr8Loaders, type Integr8Loaders } from './loaders.js';
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
import type { Integr8ListResponse, Integr8ReportQuery } from './types.js';

/** A schema list filter: field name to operator conditions (StringFilter, IntFilter, ...). */
export type ListFilter = Record<string, Record<string, unknown> | null | undefined>;
/** A schema sort entry. */
export interface ListSort {
  field: string;
  direction?: SortDirection | null;
}

export interface Integr8SourceOptions {
  /** Upstream calls page mode may spend walking report cursors. */
  reportWalkBudget: number;
}

/** Integr8 lists and reports: page[size] at most 100. */
const PAGES = { defaultSize: 50, maxSize: INTEGR8_LIMITS.maxPageSize };

/**
 * Integr8 for one GraphQL request: organization users, offers (with events and landing pages),
 * publishers, advertisers, the three reports and download-center exports.
 */
export class Integr8Source implements VendorSource {
  private readonly loaders: Integr8Loaders;
  /** Writes of users, publishers, advertisers, offers, events and landing pages. */
  readonly writes: Integr8Writes;
  /** Creating download-center exports. */
  readonly downloadCenter: Integr8Exports;

  constructor(
    private readonly client: Integr8Client,
    private readonly cache: GatewayCache,
    private readonly options: Integr8SourceOptions,
  ) {
    this.loaders = createIntegr8Loaders(client);
    this.writes = new Integr8Writes(client);
    this.downloadCenter = new Integr8Exports(client);
  }

  users(filter: ListFilter | null | undefined, sort: readonly ListSort[] | null | undefined, args: PageArgs): Promise<Connection<UserModel>> {
    return this.list(args, (params) => this.client.users(params), mapUser, filter, sort);
  }

  publishers(filter: ListFilter | null | undefined, sort: readonly ListSort[] | null | undefined, args: PageArgs): Promise<Connection<PublisherModel>> {
    return this.list(args, (params) => this.client.publishers(params), mapPublisher, filter, sort);
  }

  advertisers(filter: ListFilter | null | undefined, sort: readonly ListSort[] | null | undefined, args: PageArgs): Promise<Connection<AdvertiserModel>> {
    return this.list(args, (params) => this.client.advertisers(params), mapAdvertiser, filter, sort);
  }

  offers(
    integrationId: string,
    filter: ListFilter | null | undefined,
    sort: readonly ListSort[] | null | undefined,
    args: PageArgs,
  ): Promise<Connection<OfferModel>> {
    const id = required(integrationId, 'integrationId');
    return this.list(args, (params) => this.client.offers(id, params), (offer) => mapOffer(offer, id), filter, sort);
  }

  /** Events of an Integr8 offer. */
  events(offer: OfferModel, args: PageArgs): Promise<Connection<OfferEventModel>> {
    const [integrationId, offerId] = offer.key;
    return this.list(args, (params) => this.client.events(integrationId, offerId, params), (event) => mapOfferEvent(event, integrationId, offerId));
  }

  /** Landing pages of an Integr8 offer. */
  landingPages(offer: OfferModel, args: PageArgs): Promise<Connection<LandingPageModel>> {
    const [integrationId, offerId] = offer.key;
    return this.list(args, (params) => this.client.landingPages(integrationId, offerId, params), (landing) =>
      mapLandingPage(landing, integrationId, offerId),
    );
  }

  /** Download-center exports with the documented filters. */
  exports(filter: ExportFilter | null | undefined, args: PageArgs): Promise<Connection<ExportModel>> {
    const page = parsePageArgs(args, PAGES);
    const filters = exportFilters(filter ?? {});
    return connectionFromOffsetSource(page, INTEGR8_LIMITS.maxPageSize, async (number, size) => {
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

  /** A numbered list: schema filters and sort as `filter[field][op]` and `sort`, rows primed into the loaders. */
  private list<Raw, M>(
    args: PageArgs,
    fetch: (params: Integr8ListParams) => Promise<Integr8ListResponse<Raw>>,
    map: (raw: Raw) => M,
    filter?: ListFilter | null,
    sort?: readonly ListSort[] | null,
  ): Promise<Connection<M>> {
    const page = parsePageArgs(args, PAGES);
    const filters = listFilters(filter ?? {});
    const order = sortParam(sort ?? []);
    return connectionFromOffsetSource(page, INTEGR8_LIMITS.maxPageSize, async (number, size) => {
      const response = await fetch({ page: number, size, filters, ...(order && { sort: order }) });
      return { items: response.data.map(map), totalCount: response.meta.total_count };
    });
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
    const indexEntry = { scope: this.client.rest.scope, resource: `${kind}-report`, operation: 'cursorIndex', params: base };
    const connection = await connectionFromCursorSource<Integr8ReportRows[K]>(page, {
      maxPageSize: INTEGR8_LIMITS.maxPageSize,
      walkBudget: this.options.reportWalkBudget,
      cursorOf: (row) => row.real_tx_id,
      cursorIndex: {
        load: async () => (await this.cache.get<Record<string, string>>('cursor', indexEntry)) ?? {},
        save: (index) => this.cache.set('cursor', indexEntry, index),
      },
      fetchPage: async ({ size, after, before }) => {
        const response = await this.client.report(kind, {
          ...base,
          'page[size]': size,
          ...(after && { 'page[after]': after }),
          ...(before && { 'page[before]': before }),
        });
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

const OPERATORS = ['eq', 'ne', 'in', 'like', 'gt', 'lt'] as const;

/** Schema filters as Integr8's `filter[field][op]=value` parameters; field names become snake_case. */
export function listFilters(filter: ListFilter): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, conditions] of Object.entries(filter)) {
    if (!conditions) continue;
    const field = snakeCase(name);
    for (const op of OPERATORS) {
      const value = conditions[op];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value) && value.length === 0) {
        throw new BadUserInputError(`filter.${name}.in is empty; give at least one value or drop the condition.`, `filter.${name}.in`);
      }
      params[`filter[${field}][${op}]`] = Array.isArray(value) ? value.map(scalarParam).join(',') : scalarParam(value);
    }
  }
  return params;
}

/** Schema sort entries as Integr8's `sort=-field,field`. */
export function sortParam(sort: readonly ListSort[]): string | undefined {
  if (sort.length === 0) return undefined;
  return sort.map(({ field, direction }) => `${direction === 'DESC' ? '-' : ''}${field.toLowerCase()}`).join(',');
}

function exportFilters(filter: ExportFilter): Record<string, string> {
  const params: Record<string, string | undefined> = {
    // Integr8's own upper case (its enum names no finished state; DONE is sent like the others).
    'filter[status]': filter.status ?? undefined,
    'filter[type]': filter.type ?? undefined,
    'filter[reports_query_option.filters.offer_id.equalvalues]': filter.offerIds?.join(','),
    'filter[reports_query_option.filters.publisher.equalvalues]': filter.publishers?.join(','),
    'filter[reports_query_option.filters.advertiser.equalvalues]': filter.advertisers?.join(','),
    'filter[reports_query_option.filters.integration_id.equalvalues]': filter.integrationIds?.join(','),
    'filter[reports_query_option.start_date]': filter.startDate?.toISOString().slice(0, 10),
    'filter[reports_query_option.end_date]': filter.endDate?.toISOString().slice(0, 10),
    'filter[results_meta.total][gte]': filter.minRowCount?.toString(),
    'filter[results_meta.total][lte]': filter.maxRowCount?.toString(),
    'filter[results_meta.duration_seconds][gte]': filter.minDurationSeconds?.toString(),
    'filter[results_meta.duration_seconds][lte]': filter.maxDurationSeconds?.toString(),
  };
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** A ReportQuery as the report endpoints' parameters (everything but the page). */
function reportQuery(query: ReportQuery, field: string): Omit<Integr8ReportQuery, 'page[size]'> {
  checkOrder(query.from, query.to, field);
  const timezone = query.timezone ?? 'UTC';
  const params: Omit<Integr8ReportQuery, 'page[size]'> = {
    integration_id: required(query.integrationId, `${field}.integrationId`),
    start_time: formatLocalTime(query.from, timezone),
    end_time: formatLocalTime(query.to, timezone),
    timezone,
    ...(query.status && { 'filter[status]': query.status === 'APPROVED' ? ('Approved' as const) : ('Rejected' as const) }),
    ...(query.offerId && { 'filter[offer_id]': query.offerId }),
    ...(query.publisher && { 'filter[publisher]': query.publisher }),
    ...(query.advertiser && { 'filter[advertiser]': query.advertiser }),
  };
  return params;
}

/**
 * `data.count` as the number of rows the query matches, or null when it cannot be: the document
 * never says what it counts, and a count no larger than the page while another page exists
 * counts the page only.
 */
function reportTotal(count: number | undefined, rows: number, pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean }): number | null {
  if (count === undefined || count < rows) return null;
  return count === rows && (pageInfo.hasNextPage || pageInfo.hasPreviousPage) ? null : count;
}

function required(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new BadUserInputError(`${field} must not be empty.`, field);
  return trimmed;
}

function scalarParam(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
