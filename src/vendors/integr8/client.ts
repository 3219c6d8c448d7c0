import type { RestClient, SearchParams } from '../http.js';
import type {
  Integr8Advertiser,
  Integr8AdvertiserCreateRequest,
  Integr8BulkDeleteRequest,
  Integr8BulkStatusRequest,
  Integr8CreateResponse,
  Integr8EmptyResponse,
  Integr8ExportCreateRequest,
  Integr8OfferCreateRequest,
  Integr8OfferEventCreateRequest,
  Integr8OfferLandingPageCreateRequest,
  Integr8PublisherCreateRequest,
  Integr8UserCreateRequest,
  Integr8UserUpdateRequest,
  Integr8ClickRow,
  Integr8ConversionRow,
  Integr8Export,
  Integr8GetResponse,
  Integr8ImpressionRow,
  Integr8ListResponse,
  Integr8Offer,
  Integr8OfferEvent,
  Integr8OfferLandingPage,
  Integr8Publisher,
  Integr8ReportQuery,
  Integr8ReportResponse,
  Integr8SignedUrlResponse,
  Integr8User,
} from './types.js';

const id = encodeURIComponent;

/**
 * Integr8's routes under `/api/v2`, in one table to check against the vendor's OpenAPI file
 * (its rendered document lost most paths; these come from vendor-docs/README.md).
 */
export const INTEGR8_ROUTES = {
  users: '/organization/users',
  user: (userId: string) => `/organization/users/${id(userId)}`,
  offers: (integrationId: string) => `/integrations/${id(integrationId)}/offers`,
  offersStatus: (integrationId: string) => `/integrations/${id(integrationId)}/offers/status`,
  offer: (integrationId: string, offerId: string) => `/integrations/${id(integrationId)}/offers/${id(offerId)}`,
  events: (integrationId: string, offerId: string) => `/integrations/${id(integrationId)}/offers/${id(offerId)}/events`,
  event: (integrationId: string, offerId: string, eventId: string) =>
    `/integrations/${id(integrationId)}/offers/${id(offerId)}/events/${id(eventId)}`,
  landingPages: (integrationId: string, offerId: string) => `/integrations/${id(integrationId)}/offers/${id(offerId)}/landing-pages`,
  landingPage: (integrationId: string, offerId: string, pageId: string) =>
    `/integrations/${id(integrationId)}/offers/${id(offerId)}/landing-pages/${id(pageId)}`,
  publishers: '/publishers',
  publishersStatus: '/publishers/status',
  publisher: (publisherId: string) => `/publishers/${id(publisherId)}`,
  advertisers: '/advertisers',
  advertisersStatus: '/advertisers/status',
  advertiser: (advertiserId: string) => `/advertisers/${id(advertiserId)}`,
  reports: { click: '/reports/v2/click-table', conversion: '/reports/v2/conversion-table', impression: '/reports/v2/impression-table' },
  createExport: (integrationId: string, kind: 'clicks' | 'conversions' | 'impressions' | 'postback-logs') =>
    `/integrations/${id(integrationId)}/download-center/${kind}`,
  exports: '/download-center/exports',
  export: (exportId: string) => `/download-center/exports/${id(exportId)}`,
  signedUrl: '/download-center/signed-url',
} as const;

/** Export states that no longer change. */
const FINISHED_EXPORTS = new Set<string | undefined>(['done', 'ERROR', 'CANCELED']);

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

/** The Integr8 REST API: one method per documented read endpoint. */
export class Integr8Client {
  constructor(readonly rest: RestClient) {}

  /** `GET /organization/users`. */
  users(params: Integr8ListParams): Promise<Integr8ListResponse<Integr8User>> {
    return this.list('users', INTEGR8_ROUTES.users, params);
  }

  /** `GET /organization/users/:userID`. */
  user(userId: string): Promise<Integr8User> {
    return this.get('users', INTEGR8_ROUTES.user(userId));
  }

  /** `GET /integrations/:integrationID/offers`. */
  offers(integrationId: string, params: Integr8ListParams): Promise<Integr8ListResponse<Integr8Offer>> {
    return this.list('offers', INTEGR8_ROUTES.offers(integrationId), params);
  }

  /** `GET /integrations/:integrationID/offers/:offerID`. */
  offer(integrationId: string, offerId: string): Promise<Integr8Offer> {
    return this.get('offers', INTEGR8_ROUTES.offer(integrationId, offerId));
  }

  /** `GET .../offers/:offerID/events`. */
  events(integrationId: string, offerId: string, params: Integr8ListParams): Promise<Integr8ListResponse<Integr8OfferEvent>> {
    return this.list('offer-events', INTEGR8_ROUTES.events(integrationId, offerId), params);
  }

  /** `GET .../offers/:offerID/landing-pages`. */
  landingPages(integrationId: string, offerId: string, params: Integr8ListParams): Promise<Integr8ListResponse<Integr8OfferLandingPage>> {
    return this.list('landing-pages', INTEGR8_ROUTES.landingPages(integrationId, offerId), params);
  }

  /** `GET /publishers`. */
  publishers(params: Integr8ListParams): Promise<Integr8ListResponse<Integr8Publisher>> {
    return this.list('publishers', INTEGR8_ROUTES.publishers, params);
  }

  /** `GET /publishers/:publisherID`. */
  publisher(publisherId: string): Promise<Integr8Publisher> {
    return this.get('publishers', INTEGR8_ROUTES.publisher(publisherId));
  }

  /** `GET /advertisers`. */
  advertisers(params: Integr8ListParams): Promise<Integr8ListResponse<Integr8Advertiser>> {
    return this.list('advertisers', INTEGR8_ROUTES.advertisers, params);
  }

  /** `GET /advertisers/:advertiserID`. */
  advertiser(advertiserId: string): Promise<Integr8Advertiser> {
    return this.get('advertisers', INTEGR8_ROUTES.advertiser(advertiserId));
  }

  /** `GET /reports/v2/{click,conversion,impression}-table`: one cursor page, newest first. */
  report<K extends Integr8ReportKind>(kind: K, query: Integr8ReportQuery): Promise<Integr8ReportResponse<Integr8ReportRows[K]>> {
    return this.rest.read('report', `${kind}-report`, 'report', {
      method: 'GET',
      path: INTEGR8_ROUTES.reports[kind],
      searchParams: { ...query },
    });
  }

  /** `GET /download-center/exports`. */
  exports(params: Integr8ListParams): Promise<Integr8ListResponse<Integr8Export>> {
    return this.list('exports', INTEGR8_ROUTES.exports, params, 'export');
  }

  /** `GET /download-center/exports/:exportID`; cached only once finished, so polling sees every state. */
  async export(exportId: string): Promise<Integr8Export> {
    const response = await this.rest.read<Integr8GetResponse<Integr8Export>>(
      'export',
      'exports',
      'get',
      { method: 'GET', path: INTEGR8_ROUTES.export(exportId) },
      { cacheIf: (answer) => FINISHED_EXPORTS.has(answer.data?.status) },
    );
    return response.data;
  }

  /** `GET /download-center/signed-url`: never cached, signed URLs expire. */
  async signedUrl(artifactName: string): Promise<string> {
    const response = await this.rest.send<Integr8SignedUrlResponse>({
      method: 'GET',
      path: INTEGR8_ROUTES.signedUrl,
      searchParams: { artifact_name: artifactName },
    });
    return response.url;
  }

  // Writes: a create answers `{created_item_id}`, an update or bulk call `{}`.

  createUser(body: Integr8UserCreateRequest): Promise<Integr8CreateResponse> {
    return this.write('POST', INTEGR8_ROUTES.users, body);
  }

  updateUser(userId: string, body: Integr8UserUpdateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.user(userId), body);
  }

  createOffer(integrationId: string, body: Integr8OfferCreateRequest): Promise<Integr8CreateResponse> {
    return this.write('POST', INTEGR8_ROUTES.offers(integrationId), body);
  }

  updateOffer(integrationId: string, offerId: string, body: Integr8OfferCreateRequest): Promise<Integr8EmptyResponse> {
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
    return this.write('POST', INTEGR8_ROUTES.events(integrationId, offerId), body);
  }

  updateEvent(integrationId: string, offerId: string, eventId: string, body: Integr8OfferEventCreateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.event(integrationId, offerId, eventId), body);
  }

  createLandingPage(integrationId: string, offerId: string, body: Integr8OfferLandingPageCreateRequest): Promise<Integr8CreateResponse> {
    return this.write('POST', INTEGR8_ROUTES.landingPages(integrationId, offerId), body);
  }

  updateLandingPage(
    integrationId: string,
    offerId: string,
    pageId: string,
    body: Integr8OfferLandingPageCreateRequest,
  ): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.landingPage(integrationId, offerId, pageId), body);
  }

  createPublisher(body: Integr8PublisherCreateRequest): Promise<Integr8CreateResponse> {
    return this.write('POST', INTEGR8_ROUTES.publishers, body);
  }

  updatePublisher(publisherId: string, body: Integr8PublisherCreateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.publisher(publisherId), body);
  }

  setPublishersStatus(body: Integr8BulkStatusRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.publishersStatus, body);
  }

  deletePublishers(body: Integr8BulkDeleteRequest): Promise<Integr8EmptyResponse> {
    return this.write('DELETE', INTEGR8_ROUTES.publishers, body);
  }

  createAdvertiser(body: Integr8AdvertiserCreateRequest): Promise<Integr8CreateResponse> {
    return this.write('POST', INTEGR8_ROUTES.advertisers, body);
  }

  updateAdvertiser(advertiserId: string, body: Integr8AdvertiserCreateRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.advertiser(advertiserId), body);
  }

  setAdvertisersStatus(body: Integr8BulkStatusRequest): Promise<Integr8EmptyResponse> {
    return this.write('PATCH', INTEGR8_ROUTES.advertisersStatus, body);
  }

  deleteAdvertisers(body: Integr8BulkDeleteRequest): Promise<Integr8EmptyResponse> {
    return this.write('DELETE', INTEGR8_ROUTES.advertisers, body);
  }

  /** `POST /integrations/:integrationID/download-center/:kind`: answers the new export. */
  createExport(
    integrationId: string,
    kind: 'clicks' | 'conversions' | 'impressions' | 'postback-logs',
    body: Integr8ExportCreateRequest,
  ): Promise<Integr8Export> {
    return this.write('POST', INTEGR8_ROUTES.createExport(integrationId, kind), body);
  }

  // Private:

  private write<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown): Promise<T> {
    return this.rest.send({ method, path, json: body, write: true });
  }

  private list<T>(resource: string, path: string, params: Integr8ListParams, kind: 'list' | 'export' = 'list'): Promise<Integr8ListResponse<T>> {
    const searchParams: SearchParams = {
      'page[number]': params.page,
      'page[size]': params.size,
      ...params.filters,
      ...(params.sort && { sort: params.sort }),
    };
    return this.rest.read(kind, resource, 'list', { method: 'GET', path, searchParams });
  }

  private async get<T>(resource: string, path: string): Promise<T> {
    return (await this.rest.read<Integr8GetResponse<T>>('entity', resource, 'get', { method: 'GET', path })).data;
  }
}
