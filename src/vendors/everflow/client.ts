import type { RestClient } from '../http.js';
import type {
  EverflowAffiliate,
  EverflowAffiliateRelationshipName,
  EverflowAffiliatesTableRelationship,
  EverflowAffiliatesTableRequest,
  EverflowAffiliatesTableResponse,
  EverflowClickStreamRequest,
  EverflowCreateAffiliateRequest,
  EverflowPatchApplyResponse,
  EverflowPatchRequest,
  EverflowPatchSubmitResponse,
  EverflowUpdateAffiliateRequest,
  EverflowClickStreamResponse,
  EverflowOnHoldConversion,
  EverflowOnHoldRequest,
  EverflowOnHoldResponse,
  EverflowRawClick,
} from './types.js';

/** Everflow's routes, in one table to check against the vendor's documents. */
export const EVERFLOW_ROUTES = {
  affiliatesTable: '/v1/networks/affiliatestable',
  affiliate: (id: string) => `/v1/networks/affiliates/${encodeURIComponent(id)}`,
  affiliates: '/v1/networks/affiliates',
  patchApply: '/v1/networks/patch/affiliates/apply',
  patchSubmit: '/v1/networks/patch/affiliates/submit',
  clickStream: '/v1/affiliates/reporting/clicks/stream',
  click: (transactionId: string) => `/v1/affiliates/reporting/clicks/${encodeURIComponent(transactionId)}`,
  onHold: '/v1/affiliates/reporting/onhold',
  onHoldConversion: (id: string) => `/v1/affiliates/reporting/onhold/${encodeURIComponent(id)}`,
} as const;

/** Limits from Everflow's documents and user guide. */
export const EVERFLOW_LIMITS = {
  /** Paged endpoints: "The maximum page size is typically 2000". */
  maxPageSize: 2000,
  /** Click stream: at most 5000 rows per call. */
  clickStreamMaxRows: 5000,
  /** Click stream: a window of at most 14 days. */
  clickStreamMaxWindowSeconds: 14 * 24 * 3600,
  /** Raw clicks are kept 3 months (90 days here). */
  clickRetentionSeconds: 90 * 24 * 3600,
  /** On-hold report: at most one year per call, within the prior 365 days. */
  onHoldMaxIntervalSeconds: 365 * 24 * 3600,
  onHoldLookbackSeconds: 365 * 24 * 3600,
  /** Everflow's timezone_id of UTC; the gateway always sends absolute UTC times. */
  utcTimezoneId: 67,
} as const;

/** The Everflow REST API: one method per documented read endpoint. */
export class EverflowClient {
  constructor(readonly rest: RestClient) {}

  /** `POST /v1/networks/affiliatestable`: a page of affiliates. */
  affiliatesTable(
    body: EverflowAffiliatesTableRequest,
    paging: { page: number; pageSize: number; relationships: readonly EverflowAffiliatesTableRelationship[] },
  ): Promise<EverflowAffiliatesTableResponse> {
    return this.rest.read('list', 'affiliates', 'affiliatesTable', {
      method: 'POST',
      path: EVERFLOW_ROUTES.affiliatesTable,
      searchParams: { page: paging.page, page_size: paging.pageSize, relationship: paging.relationships },
      json: body,
    });
  }

  /** `GET /v1/networks/affiliates/:id` with the requested relationships; `fresh` skips a cached copy. */
  affiliate(id: string, relationships: readonly EverflowAffiliateRelationshipName[], options: { fresh?: boolean } = {}): Promise<EverflowAffiliate> {
    return this.rest.read(
      'entity',
      'affiliates',
      'affiliate',
      { method: 'GET', path: EVERFLOW_ROUTES.affiliate(id), searchParams: { relationship: relationships } },
      options,
    );
  }

  /** `POST /v1/affiliates/reporting/clicks/stream`: one window of raw clicks (not cached: the stream reader caches the merged range). */
  clickStream(body: EverflowClickStreamRequest): Promise<EverflowClickStreamResponse> {
    return this.rest.send({ method: 'POST', path: EVERFLOW_ROUTES.clickStream, json: body });
  }

  /** `GET /v1/affiliates/reporting/clicks/:transactionId`. */
  click(transactionId: string): Promise<EverflowRawClick> {
    return this.rest.read('entity', 'clicks', 'click', { method: 'GET', path: EVERFLOW_ROUTES.click(transactionId) });
  }

  /** `POST /v1/affiliates/reporting/onhold`: a page of on-hold conversions and events. */
  onHold(body: EverflowOnHoldRequest, paging: { page: number; pageSize: number }): Promise<EverflowOnHoldResponse> {
    return this.rest.read('report', 'conversions', 'onHold', {
      method: 'POST',
      path: EVERFLOW_ROUTES.onHold,
      searchParams: { page: paging.page, page_size: paging.pageSize },
      json: body,
    });
  }

  /** `POST /v1/networks/affiliates`: creates an affiliate (with users). */
  createAffiliate(body: EverflowCreateAffiliateRequest): Promise<EverflowAffiliate> {
    return this.rest.send({ method: 'POST', path: EVERFLOW_ROUTES.affiliates, json: body, write: true });
  }

  /** `PUT /v1/networks/affiliates/:id`: replaces an affiliate as a whole. */
  updateAffiliate(id: string, body: EverflowUpdateAffiliateRequest): Promise<EverflowAffiliate> {
    return this.rest.send({ method: 'PUT', path: EVERFLOW_ROUTES.affiliate(id), json: body, write: true });
  }

  /** `PATCH /v1/networks/patch/affiliates/apply`: bulk edit. */
  patchApply(body: EverflowPatchRequest): Promise<EverflowPatchApplyResponse> {
    return this.rest.send({ method: 'PATCH', path: EVERFLOW_ROUTES.patchApply, json: body, write: true });
  }

  /** `POST /v1/networks/patch/affiliates/submit`: previews a bulk edit, changing nothing. */
  patchSubmit(body: EverflowPatchRequest): Promise<EverflowPatchSubmitResponse> {
    return this.rest.send({ method: 'POST', path: EVERFLOW_ROUTES.patchSubmit, json: body });
  }

  /** `GET /v1/affiliates/reporting/onhold/:onHoldId`. */
  onHoldConversion(id: string): Promise<EverflowOnHoldConversion> {
    return this.rest.read('entity', 'conversions', 'onHoldConversion', { method: 'GET', path: EVERFLOW_ROUTES.onHoldConversion(id) });
  }
}
