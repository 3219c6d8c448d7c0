import type { RestClient, RestRequest } from '../restClient.js';
import { RESOURCES } from '../resources.js';
import { anything, count, describe, entity, list, object, optional, ShapeError, type Shape } from '../shape.js';
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
  EverflowPatchChange,
  EverflowPatchResourceError,
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
  /** Raw clicks are kept 3 calendar months (see clickRetentionStart); converted clicks forever. */
  clickRetentionMonths: 3,
  /** On-hold report: at most one year per call, within the prior 365 days. */
  onHoldMaxIntervalSeconds: 365 * 24 * 3600,
  onHoldLookbackSeconds: 365 * 24 * 3600,
  /** Everflow's timezone_id of UTC; the gateway always sends absolute UTC times. */
  utcTimezoneId: 67,
} as const;

/**
 * The Everflow REST API: one method per documented endpoint. Every answer is checked against the
 * shape its document shows (see SHAPES): an answer of another shape is an UPSTREAM_ERROR naming
 * the endpoint, never a record of nulls.
 */
export class EverflowClient {
  constructor(readonly rest: RestClient) {}

  /** `POST /v1/networks/affiliatestable`: a page of affiliates. */
  affiliatesTable(
    body: EverflowAffiliatesTableRequest,
    paging: { page: number; pageSize: number; relationships: readonly EverflowAffiliatesTableRelationship[] },
  ): Promise<EverflowAffiliatesTableResponse> {
    return this.rest.read('list', RESOURCES.affiliates, 'affiliatesTable', {
      method: 'POST',
      path: EVERFLOW_ROUTES.affiliatesTable,
      searchParams: { page: paging.page, page_size: paging.pageSize, relationship: paging.relationships },
      json: body,
      shape: SHAPES.affiliatesTable,
    });
  }

  /**
   * `GET /v1/networks/affiliates/:id` with the requested relationships. `fresh` reads straight
   * from Everflow, never from or into the cache: a write based on a cached copy (or on a stale
   * copy the cache stands in with while Everflow fails) would undo someone else's change.
   */
  affiliate(id: string, relationships: readonly EverflowAffiliateRelationshipName[], options: { fresh?: boolean } = {}): Promise<EverflowAffiliate> {
    const request: RestRequest<EverflowAffiliate> = {
      method: 'GET',
      path: EVERFLOW_ROUTES.affiliate(id),
      searchParams: { relationship: relationships },
      shape: SHAPES.affiliate,
    };
    return options.fresh ? this.rest.send(request) : this.rest.read('entity', RESOURCES.affiliates, 'affiliate', request);
  }

  /** `POST /v1/affiliates/reporting/clicks/stream`: one window of raw clicks (not cached here: the stream reader caches them by UTC day). */
  clickStream(body: EverflowClickStreamRequest): Promise<EverflowClickStreamResponse> {
    return this.rest.send({ method: 'POST', path: EVERFLOW_ROUTES.clickStream, json: body, shape: SHAPES.clickStream });
  }

  /** `GET /v1/affiliates/reporting/clicks/:transactionId`. */
  click(transactionId: string): Promise<EverflowRawClick> {
    return this.rest.read('entity', RESOURCES.clicks, 'click', { method: 'GET', path: EVERFLOW_ROUTES.click(transactionId), shape: SHAPES.click });
  }

  /** `POST /v1/affiliates/reporting/onhold`: a page of on-hold conversions and events. */
  onHold(body: EverflowOnHoldRequest, paging: { page: number; pageSize: number }): Promise<EverflowOnHoldResponse> {
    return this.rest.read('report', RESOURCES.conversions, 'onHold', {
      method: 'POST',
      path: EVERFLOW_ROUTES.onHold,
      searchParams: { page: paging.page, page_size: paging.pageSize },
      json: body,
      shape: SHAPES.onHold,
    });
  }

  /** `POST /v1/networks/affiliates`: creates an affiliate (with users); the answer must name it. */
  createAffiliate(body: EverflowCreateAffiliateRequest): Promise<Pick<EverflowAffiliate, 'network_affiliate_id'>> {
    return this.rest.send({ method: 'POST', path: EVERFLOW_ROUTES.affiliates, json: body, write: true, shape: SHAPES.createAffiliate });
  }

  /** `PUT /v1/networks/affiliates/:id`: replaces an affiliate as a whole. The document shows no answer, and none is read. */
  updateAffiliate(id: string, body: EverflowUpdateAffiliateRequest): Promise<unknown> {
    return this.rest.send({ method: 'PUT', path: EVERFLOW_ROUTES.affiliate(id), json: body, write: true, shape: SHAPES.updateAffiliate });
  }

  /** `PATCH /v1/networks/patch/affiliates/apply`: bulk edit. */
  patchApply(body: EverflowPatchRequest): Promise<EverflowPatchApplyResponse> {
    return this.rest.send({ method: 'PATCH', path: EVERFLOW_ROUTES.patchApply, json: body, write: true, shape: SHAPES.patchApply });
  }

  /** `POST /v1/networks/patch/affiliates/submit`: previews a bulk edit, changing nothing. */
  patchSubmit(body: EverflowPatchRequest): Promise<EverflowPatchSubmitResponse> {
    return this.rest.send({ method: 'POST', path: EVERFLOW_ROUTES.patchSubmit, json: body, shape: SHAPES.patchSubmit });
  }

  /** `GET /v1/affiliates/reporting/onhold/:onHoldId`. */
  onHoldConversion(id: string): Promise<EverflowOnHoldConversion> {
    return this.rest.read('entity', RESOURCES.conversions, 'onHoldConversion', {
      method: 'GET',
      path: EVERFLOW_ROUTES.onHoldConversion(id),
      shape: SHAPES.onHoldConversion,
    });
  }
}

/**
 * Unix seconds where Everflow's raw click data starts at `nowMs`: "kept for a period of 3
 * months", read as 3 calendar months on the UTC calendar at the same time of day; a day the
 * earlier month lacks becomes its last day (May 31 -> Feb 28 or 29). Clicks that led to
 * conversions are kept forever, so a range before this still answers those.
 */
export function clickRetentionStart(nowMs: number): number {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - EVERFLOW_LIMITS.clickRetentionMonths;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()) / 1000);
}

// Private: the shapes of Everflow's answers, as the documents show them

/** An object whose listed keys are read, and replaced, by their shapes (a count as a number, an absent list as []); other keys are kept. */
function record<T>(fields: Record<string, Shape<unknown>>): Shape<T> {
  return (value, path) => {
    const checked = object()(value, path) as Record<string, unknown>;
    const out: Record<string, unknown> = { ...checked };
    for (const [key, shape] of Object.entries(fields)) out[key] = shape(checked[key], path ? `${path}.${key}` : key);
    return out as T;
  };
}

/** true or false. */
function bool(): Shape<boolean> {
  return (value, path) => {
    if (typeof value === 'boolean') return value;
    throw new ShapeError(path, `is ${describe(value)}, expected true or false`);
  };
}

/** `paging {page, page_size, total_count}` of the paged answers. */
const paging = record<{ page: number; page_size: number; total_count: number }>({ total_count: count() });

/**
 * The patch preview: `changes`, and `resource_errors` for affiliates in an invalid state ("the
 * patch will not be attempted and instead a list of the affiliates errors will be returned
 * here"). Either list may be left out, or null, when it has nothing (it is then []); an answer
 * with neither is not a preview, since an empty one would let the bulk edit apply unchecked.
 */
const patchSubmit: Shape<EverflowPatchSubmitResponse> = (value, path) => {
  const body = object()(value, path);
  if (!Array.isArray(body.changes) && !Array.isArray(body.resource_errors)) {
    throw new ShapeError(path, 'has neither a list of changes nor a list of resource_errors, expected at least one of them');
  }
  return record<EverflowPatchSubmitResponse>({
    changes: (v, p) => optional(list(object<EverflowPatchChange>({ network_affiliate: entity('network_affiliate_id') })))(v, p) ?? [],
    resource_errors: (v, p) => optional(list(entity<EverflowPatchResourceError>('id')))(v, p) ?? [],
  })(body, path);
};

/** Every client method's answer shape, by method (exported for the benchmark). */
export const SHAPES = {
  affiliatesTable: record<EverflowAffiliatesTableResponse>({ affiliates: list(entity('network_affiliate_id')), paging }),
  affiliate: entity<EverflowAffiliate>('network_affiliate_id', { relationship: optional(object()) }),
  clickStream: object<EverflowClickStreamResponse>({ clicks: list(entity('transaction_id')) }),
  click: entity<EverflowRawClick>('transaction_id'),
  onHold: record<EverflowOnHoldResponse>({ conversions: list(entity('on_hold_conversion_id')), paging }),
  onHoldConversion: entity<EverflowOnHoldConversion>('on_hold_conversion_id'),
  // The document shows no create answer; the gateway needs the new affiliate's id to read it back.
  createAffiliate: entity<Pick<EverflowAffiliate, 'network_affiliate_id'>>('network_affiliate_id'),
  updateAffiliate: anything(),
  patchApply: object<EverflowPatchApplyResponse>({ result: bool() }),
  patchSubmit,
} satisfies Record<Exclude<keyof EverflowClient, 'rest'>, Shape<unknown>>;
