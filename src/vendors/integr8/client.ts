import type { RestClient, SearchParams } from '../restClient.js';
import { RESOURCES, type Resource } from '../resources.js';
import { ShapeError, anything, count, describe, entity, field, id, list, object, optional, type Shape } from '../shape.js';
import { isFinishedExport } from './mappers.js';
import type {
  Integr8Advertiser,
  Integr8AdvertiserCreateRequest,
  Integr8AdvertiserUpdateRequest,
  Integr8BulkDeleteRequest,
  Integr8BulkStatusRequest,
  Integr8ClickRow,
  Integr8ConversionRow,
  Integr8CreateResponse,
  Integr8EmptyResponse,
  Integr8Export,
  Integr8ExportCreateRequest,
  Integr8ImpressionRow,
  Integr8ListResponse,
  Integr8Offer,
  Integr8OfferCreateRequest,
  Integr8OfferEvent,
  Integr8OfferEventCreateRequest,
  Integr8OfferEventUpdateRequest,
  Integr8OfferLandingPage,
  Integr8OfferLandingPageCreateRequest,
  Integr8OfferLandingPageUpdateRequest,
  Integr8OfferUpdateRequest,
  Integr8Publisher,
  Integr8PublisherCreateRequest,
  Integr8PublisherUpdateRequest,
  Integr8ReportQuery,
  Integr8ReportResponse,
  Integr8User,
  Integr8UserCreateRequest,
  Integr8UserUpdateRequest,
} from './types.js';

const enc = encodeURIComponent;

/**
 * Integr8's routes under `/api/v2`, in one table to check against the vendor's OpenAPI file
 * (its rendered document lost most paths; these come from vendor-docs/README.md).
 */
export const INTEGR8_ROUTES = {
  users: '/organization/users',
  user: (userId: string) => `/organization/users/${enc(userId)}`,
  offers: (integrationId: string) => `/integrations/${enc(integrationId)}/offers`,
  offersStatus: (integrationId: string) => `/integrations/${enc(integrationId)}/offers/status`,
  offer: (integrationId: string, offerId: string) => `/integrations/${enc(integrationId)}/offers/${enc(offerId)}`,
  events: (integrationId: string, offerId: string) => `/integrations/${enc(integrationId)}/offers/${enc(offerId)}/events`,
  event: (integrationId: string, offerId: string, eventId: string) =>
    `/integrations/${enc(integrationId)}/offers/${enc(offerId)}/events/${enc(eventId)}`,
  landingPages: (integrationId: string, offerId: string) => `/integrations/${enc(integrationId)}/offers/${enc(offerId)}/landing-pages`,
  landingPage: (integrationId: string, offerId: string, pageId: string) =>
    `/integrations/${enc(integrationId)}/offers/${enc(offerId)}/landing-pages/${enc(pageId)}`,
  publishers: '/publishers',
  publishersStatus: '/publishers/status',
  publisher: (publisherId: string) => `/publishers/${enc(publisherId)}`,
  advertisers: '/advertisers',
  advertisersStatus: '/advertisers/status',
  advertiser: (advertiserId: string) => `/advertisers/${enc(advertiserId)}`,
  reports: { click: '/reports/v2/click-table', conversion: '/reports/v2/conversion-table', impression: '/reports/v2/impression-table' },
  createExport: (integrationId: string, kind: 'clicks' | 'conversions' | 'impressions' | 'postback-logs') =>
    `/integrations/${enc(integrationId)}/download-center/${kind}`,
  exports: '/download-center/exports',
  export: (exportId: string) => `/download-center/exports/${enc(exportId)}`,
  signedUrl: '/download-center/signed-url',
} as const;

/** Limits from Integr8's document. */
export const INTEGR8_LIMITS = {
  /** `page[size]` of lists and reports is at most 100. */
  maxPageSize: 100,
} as const;

/** A list request: page, the `filter[...]` parameters and `sort`. */
export interface Integr8ListParams {
  page: number;
  size: number;
  filters?: Record<string, string>;
  sort?: string;
}

/** Report rows by report kind. */
export interface Integr8ReportRows {
  click: Integr8ClickRow;
  conversion: Integr8ConversionRow;
  impression: Integr8ImpressionRow;
}
export type Integr8ReportKind = keyof Integr8ReportRows;

/** The cached resource of each report's pages. */
export const REPORT_RESOURCES = {
  click: RESOURCES.clickReport,
  conversion: RESOURCES.conversionReport,
  impression: RESOURCES.impressionReport,
} as const satisfies Record<Integr8ReportKind, Resource>;

/** How one read treats the cache: `fresh` asks Integr8 even when a cached copy is fresh (a read a write is based on). */
export interface Integr8ReadOptions {
  fresh?: boolean;
}

/**
 * The Integr8 REST API: one method per documented endpoint. Every answer is checked against the
 * structure the document gives it (see Shapes below): an answer of another structure is an
 * UPSTREAM_ERROR naming the endpoint, and is never cached.
 */
export class Integr8Client {
  constructor(readonly rest: RestClient) {}

  /** `GET /organization/users`. */
  users(params: Integr8ListParams, options?: Integr8ReadOptions): Promise<Integr8ListResponse<Integr8User>> {
    return this.list(RESOURCES.users, INTEGR8_ROUTES.users, params, options);
  }

  /** `GET /organization/users/:userID`. */
  user(userId: string, options?: Integr8ReadOptions): Promise<Integr8User> {
    return this.get(RESOURCES.users, INTEGR8_ROUTES.user(userId), options);
  }

  /** `GET /integrations/:integrationID/offers`. */
  offers(integrationId: string, params: Integr8ListParams, options?: Integr8ReadOptions): Promise<Integr8ListResponse<Integr8Offer>> {
    return this.list(RESOURCES.offers, INTEGR8_ROUTES.offers(integrationId), params, options);
  }

  /** `GET /integrations/:integrationID/offers/:offerID`. */
  offer(integrationId: string, offerId: string, options?: Integr8ReadOptions): Promise<Integr8Offer> {
    return this.get(RESOURCES.offers, INTEGR8_ROUTES.offer(integrationId, offerId), options);
  }

  /** `GET .../offers/:offerID/events`. */
  events(
    integrationId: string,
    offerId: string,
    params: Integr8ListParams,
    options?: Integr8ReadOptions,
  ): Promise<Integr8ListResponse<Integr8OfferEvent>> {
    return this.list(RESOURCES.offerEvents, INTEGR8_ROUTES.events(integrationId, offerId), params, options);
  }

  /** `GET .../offers/:offerID/events/:offerEventID`. */
  event(integrationId: string, offerId: string, eventId: string, options?: Integr8ReadOptions): Promise<Integr8OfferEvent> {
    return this.get(RESOURCES.offerEvents, INTEGR8_ROUTES.event(integrationId, offerId, eventId), options);
  }

  /** `GET .../offers/:offerID/landing-pages`. */
  landingPages(
    integrationId: string,
    offerId: string,
    params: Integr8ListParams,
    options?: Integr8ReadOptions,
  ): Promise<Integr8ListResponse<Integr8OfferLandingPage>> {
    return this.list(RESOURCES.landingPages, INTEGR8_ROUTES.landingPages(integrationId, offerId), params, options);
  }

  /** `GET .../offers/:offerID/landing-pages/:offerLandingPageID`. */
  landingPage(integrationId: string, offerId: string, pageId: string, options?: Integr8ReadOptions): Promise<Integr8OfferLandingPage> {
    return this.get(RESOURCES.landingPages, INTEGR8_ROUTES.landingPage(integrationId, offerId, pageId), options);
  }

  /** `GET /publishers`. */
  publishers(params: Integr8ListParams, options?: Integr8ReadOptions): Promise<Integr8ListResponse<Integr8Publisher>> {
    return this.list(RESOURCES.publishers, INTEGR8_ROUTES.publishers, params, options);
  }

  /** `GET /publishers/:publisherID`. */
  publisher(publisherId: string, options?: Integr8ReadOptions): Promise<Integr8Publisher> {
    return this.get(RESOURCES.publishers, INTEGR8_ROUTES.publisher(publisherId), options);
  }

  /** `GET /advertisers`. */
  advertisers(params: Integr8ListParams, options?: Integr8ReadOptions): Promise<Integr8ListResponse<Integr8Advertiser>> {
    return this.list(RESOURCES.advertisers, INTEGR8_ROUTES.advertisers, params, options);
  }

  /** `GET /advertisers/:advertiserID`. */
  advertiser(advertiserId: string, options?: Integr8ReadOptions): Promise<Integr8Advertiser> {
    return this.get(RESOURCES.advertisers, INTEGR8_ROUTES.advertiser(advertiserId), options);
  }

  /** `GET /reports/v2/{click,conversion,impression}-table`: one cursor page, newest first. */
  report<K extends Integr8ReportKind>(kind: K, query: Integr8ReportQuery): Promise<Integr8ReportResponse<Integr8ReportRows[K]>> {
    return this.rest.read('report', REPORT_RESOURCES[kind], 'report', {
      method: 'GET',
      path: INTEGR8_ROUTES.reports[kind],
      searchParams: { ...query },
      shape: reportPage<Integr8ReportRows[K]>(),
    });
  }

  /** `GET /download-center/exports`. */
  exports(params: Integr8ListParams): Promise<Integr8ListResponse<Integr8Export>> {
    return this.list(RESOURCES.exports, INTEGR8_ROUTES.exports, params, {}, 'export');
  }

  /**
   * `GET /download-center/exports/:exportID`; cached only once finished (DONE, ERROR or CANCELED,
   * in any case), so polling sees every state of a running export.
   */
  export(exportId: string): Promise<Integr8Export> {
    return this.rest.read<Integr8Export>(
      'export',
      RESOURCES.exports,
      'get',
      { method: 'GET', path: INTEGR8_ROUTES.export(exportId), shape: field('data', entity<Integr8Export>()) },
      { cacheIf: isFinishedExport },
    );
  }

  /** `GET /download-center/signed-url`: never cached, signed URLs expire. */
  signedUrl(artifactName: string): Promise<string> {
    return this.rest.send({
      method: 'GET',
      path: INTEGR8_ROUTES.signedUrl,
      searchParams: { artifact_name: artifactName },
      shape: field('url', text()),
    });
  }

  // Writes: a create answers `{created_item_id}`, an update or bulk call `{}` (not read).

  createUser(body: Integr8UserCreateRequest): Promise<Integr8CreateResponse> {
    return this.create(INTEGR8_ROUTES.users, body);
  }

  updateUser(userId: string, body: Integr8UserUpdateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.user(userId), body);
  }

  createOffer(integrationId: string, body: Integr8OfferCreateRequest): Promise<Integr8CreateResponse> {
    return this.create(INTEGR8_ROUTES.offers(integrationId), body);
  }

  updateOffer(integrationId: string, offerId: string, body: Integr8OfferUpdateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.offer(integrationId, offerId), body);
  }

  /** `PATCH .../offers/status` body `{active, data: [ids]}`. */
  setOffersStatus(integrationId: string, body: Integr8BulkStatusRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.offersStatus(integrationId), body);
  }

  /** `DELETE .../offers` body `{data: [ids]}`. */
  deleteOffers(integrationId: string, body: Integr8BulkDeleteRequest): Promise<Integr8EmptyResponse> {
    return this.write('DELETE', INTEGR8_ROUTES.offers(integrationId), body);
  }

  createEvent(integrationId: string, offerId: string, body: Integr8OfferEventCreateRequest): Promise<Integr8CreateResponse> {
    return this.create(INTEGR8_ROUTES.events(integrationId, offerId), body);
  }

  updateEvent(integrationId: string, offerId: string, eventId: string, body: Integr8OfferEventUpdateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.event(integrationId, offerId, eventId), body);
  }

  createLandingPage(integrationId: string, offerId: string, body: Integr8OfferLandingPageCreateRequest): Promise<Integr8CreateResponse> {
    return this.create(INTEGR8_ROUTES.landingPages(integrationId, offerId), body);
  }

  updateLandingPage(
    integrationId: string,
    offerId: string,
    pageId: string,
    body: Integr8OfferLandingPageUpdateRequest,
  ): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.landingPage(integrationId, offerId, pageId), body);
  }

  createPublisher(body: Integr8PublisherCreateRequest): Promise<Integr8CreateResponse> {
    return this.create(INTEGR8_ROUTES.publishers, body);
  }

  updatePublisher(publisherId: string, body: Integr8PublisherUpdateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.publisher(publisherId), body);
  }

  setPublishersStatus(body: Integr8BulkStatusRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.publishersStatus, body);
  }

  deletePublishers(body: Integr8BulkDeleteRequest): Promise<Integr8EmptyResponse> {
    return this.write('DELETE', INTEGR8_ROUTES.publishers, body);
  }

  createAdvertiser(body: Integr8AdvertiserCreateRequest): Promise<Integr8CreateResponse> {
    return this.create(INTEGR8_ROUTES.advertisers, body);
  }

  updateAdvertiser(advertiserId: string, body: Integr8AdvertiserUpdateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.advertiser(advertiserId), body);
  }

  setAdvertisersStatus(body: Integr8BulkStatusRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.advertisersStatus, body);
  }

  deleteAdvertisers(body: Integr8BulkDeleteRequest): Promise<Integr8EmptyResponse> {
    return this.write('DELETE', INTEGR8_ROUTES.advertisers, body);
  }

  /**
   * `POST /integrations/:integrationID/download-center/:kind`: the new export as the answer holds
   * it, or only its id (`{created_item_id}`, as other creates answer); reading the export by that
   * id is a read of its own (`export`), made after the write (see Integr8Exports). The document
   * lists the parameters (`start_time`, `end_time`, `fields`, ...) without saying where they go,
   * so they are sent as query parameters and, the same, as the JSON body: a server that reads
   * either place gets them.
   */
  createExport(
    integrationId: string,
    kind: 'clicks' | 'conversions' | 'impressions' | 'postback-logs',
    params: Integr8ExportCreateRequest,
  ): Promise<Integr8Export | Integr8CreateResponse> {
    return this.rest.send({
      method: 'POST',
      path: INTEGR8_ROUTES.createExport(integrationId, kind),
      searchParams: { ...params },
      json: params,
      write: true,
      shape: createdExport,
    });
  }

  // Private:

  /** A create: the answer must name the new record (`created_item_id`, text or a number, read as text). */
  private create(path: string, body: unknown): Promise<Integr8CreateResponse> {
    return this.rest.send({ method: 'POST', path, json: body, write: true, shape: created });
  }

  /** An update or bulk call: the document answers `{}`, which the gateway does not read. */
  private write(method: 'PATCH' | 'DELETE', path: string, body: unknown): Promise<Integr8EmptyResponse> {
    return this.rest.send({ method, path, json: body, write: true, shape: anything<Integr8EmptyResponse>() });
  }

  private list<T>(
    resource: Resource,
    path: string,
    params: Integr8ListParams,
    options: Integr8ReadOptions = {},
    kind: 'list' | 'export' = 'list',
  ): Promise<Integr8ListResponse<T>> {
    const searchParams: SearchParams = {
      'page[number]': params.page,
      'page[size]': params.size,
      ...params.filters,
      ...(params.sort && { sort: params.sort }),
    };
    return this.rest.read(kind, resource, 'list', { method: 'GET', path, searchParams, shape: listPage<T>() }, { fresh: options.fresh });
  }

  private get<T>(resource: Resource, path: string, options: Integr8ReadOptions = {}): Promise<T> {
    return this.rest.read('entity', resource, 'get', { method: 'GET', path, shape: field('data', entity<T>()) }, { fresh: options.fresh });
  }
}

// Shapes: the structure of each answer, as the document shows it. Fields not named are kept as
// they are; the ones the gateway relies on are checked (and counts read from numeric text).

/** Non-empty text. */
function text(): Shape<string> {
  return (value, path) => {
    if (typeof value === 'string' && value.trim() !== '') return value;
    throw new ShapeError(path, `is ${describe(value)}, expected non-empty text`);
  };
}

/** true or false. */
function flag(): Shape<boolean> {
  return (value, path) => {
    if (typeof value === 'boolean') return value;
    throw new ShapeError(path, `is ${describe(value)}, expected true or false`);
  };
}

/** Text that may be empty or absent (a cursor of an empty page). */
function cursor(): Shape<string> {
  return (value, path) => {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    throw new ShapeError(path, `is ${describe(value)}, expected a cursor`);
  };
}

/** A list page: `data` holds records with ids, `meta.total_count` counts them all (`total_page` may be left out). */
function listPage<T>(): Shape<Integr8ListResponse<T>> {
  return (value, path) => {
    const data = field('data', list(entity<T>()))(value, path);
    const meta = field('meta', object())(value, path);
    const totalCount = count()(meta.total_count, 'meta.total_count');
    const totalPage = optional(count())(meta.total_page, 'meta.total_page');
    return { ...(value as object), data, meta: { ...meta, total_count: totalCount, total_page: totalPage } } as Integr8ListResponse<T>;
  };
}

/** A report page: `data.data` holds rows with their cursor (`real_tx_id`), `data.pageInfo` says whether more pages exist. */
function reportPage<Row>(): Shape<Integr8ReportResponse<Row>> {
  return (value, path) => {
    const page = field('data', object({ data: list(entity('real_tx_id')) }))(value, path);
    const pageInfo = field('pageInfo', object())(page, 'data');
    return {
      data: {
        ...page,
        data: page.data as Row[],
        count: optional(count())(page.count, 'data.count'),
        pageInfo: {
          ...pageInfo,
          hasNextPage: flag()(pageInfo.hasNextPage, 'data.pageInfo.hasNextPage'),
          hasPreviousPage: flag()(pageInfo.hasPreviousPage, 'data.pageInfo.hasPreviousPage'),
          startCursor: cursor()(pageInfo.startCursor, 'data.pageInfo.startCursor'),
          endCursor: cursor()(pageInfo.endCursor, 'data.pageInfo.endCursor'),
        },
      },
    };
  };
}

/** A create's answer: the new record's id, as text. */
const created: Shape<Integr8CreateResponse> = (value, path) => ({ created_item_id: String(field('created_item_id', id())(value, path)) });

/**
 * What a download-center create answers: the document shows the export object itself; the
 * `{data: {...}}` envelope of the other export reads, and the `{created_item_id}` of the other
 * creates, are accepted too.
 */
const createdExport: Shape<Integr8Export | Integr8CreateResponse> = (value, path) => {
  const body = object()(value, path);
  if ('id' in body) return entity<Integr8Export>()(body, path);
  if ('data' in body) return field('data', entity<Integr8Export>())(body, path);
  if ('created_item_id' in body) return created(body, path);
  throw new ShapeError(path, 'has neither the export, nor `data`, nor `created_item_id`');
};
