import type { RestClient } from '../http.js';
import type { IrevClick, IrevClickListQuery, IrevClickListResponse, IrevClickResponse, IrevCreateClicksRequest, IrevCreateClicksResponse } from './types.js';

/** iRev's routes, in one table. */
export const IREV_ROUTES = {
  clicks: '/backend/open-api/v1/users/clicks',
  click: (id: string) => `/backend/open-api/v1/users/clicks/${encodeURIComponent(id)}`,
} as const;

/** Limits from iRev's document. */
export const IREV_LIMITS = {
  /** `per_page` is at most 500 (default 200). */
  maxPageSize: 500,
} as const;

/** The iRev REST API: one method per documented read endpoint. */
export class IrevClient {
  constructor(readonly rest: RestClient) {}

  /** `GET /backend/open-api/v1/users/clicks`: a page of clicks, newest first. */
  clicks(query: IrevClickListQuery): Promise<IrevClickListResponse> {
    return this.rest.read('list', 'clicks', 'clicks', { method: 'GET', path: IREV_ROUTES.clicks, searchParams: { ...query } });
  }

  /** `POST /backend/open-api/v1/users/clicks`: creates 1 to 100 clicks, all or none. */
  createClicks(body: IrevCreateClicksRequest): Promise<IrevCreateClicksResponse> {
    return this.rest.send({ method: 'POST', path: IREV_ROUTES.clicks, json: body, write: true });
  }

  /** `GET /backend/open-api/v1/users/clicks/:id`. */
  async click(id: string): Promise<IrevClick> {
    const response = await this.rest.read<IrevClickResponse>('entity', 'clicks', 'click', { method: 'GET', path: IREV_ROUTES.click(id) });
    return response.data;
  }
}
