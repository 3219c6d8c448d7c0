import type { RestClient, SearchParams } from '../http.js';
import type {
  Integr8Advertiser,
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

  /** `GET /download-center/exports/:exportID`. */
  export(exportId: string): Promise<Integr8Export> {
    return this.get('exports', INTEGR8_ROUTES.export(exportId), 'export');
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

  // Private:

  private list<T>(resource: string, path: string, params: Integr8ListParams, kind: 'list' | 'export' = 'list'): Promise<Integr8ListResponse<T>> {
    const searchParams: SearchParams = {
      'page[number]': params.page,
      'page[size]': params.size,
      ...params.filters,
      ...(params.sort && { sort: params.sort }),
    };
    return this.rest.read(kind, resource, 'list', { method: 'GET', path, searchParams });
  }

  private async get<T>(resource: string, path: string, kind: 'entity' | 'export' = 'entity'): Promise<T> {
    return (await this.rest.read<Integr8GetResponse<T>>(kind, resource, 'get', { method: 'GET', path })).data;
  }
}
