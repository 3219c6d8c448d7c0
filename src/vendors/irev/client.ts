import { NotFoundError } from '../../errors.js';
import type { RestClient } from '../restClient.js';
import { RESOURCES } from '../resources.js';
import { count, entity, field, id, list, object, ShapeError, single, type Shape } from '../shape.js';
import type { IrevClick, IrevClickListQuery, IrevClickListResponse, IrevCreateClicksRequest } from './types.js';

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

/** The iRev REST API: one method per documented endpoint, each answer checked for its shape. */
export class IrevClient {
  constructor(readonly rest: RestClient) {}

  /**
   * `GET /backend/open-api/v1/users/clicks`: a page of clicks. The envelope must hold a `data`
   * list of clicks with ids and a `total` (a number, or numeric text, returned as a number).
   */
  clicks(query: IrevClickListQuery): Promise<IrevClickListResponse> {
    return this.rest.read('list', RESOURCES.clicks, 'clicks', {
      method: 'GET',
      path: IREV_ROUTES.clicks,
      searchParams: { ...query },
      shape: CLICK_PAGE,
    });
  }

  /**
   * `POST /backend/open-api/v1/users/clicks`: creates 1 to 100 clicks, all or none, and returns
   * the created clicks (the answer's `data` list).
   */
  createClicks(body: IrevCreateClicksRequest): Promise<IrevClick[]> {
    return this.rest.send({ method: 'POST', path: IREV_ROUTES.clicks, json: body, write: true, shape: field('data', list(CLICK)) });
  }

  /**
   * `GET /backend/open-api/v1/users/clicks/:id`. The document shows the id as a filter of the
   * list, answered in the list envelope; a server may also answer the click itself. Both are
   * read: `data` holding one click, either as the object or as a list of one. An empty list or
   * a 404 is NOT_FOUND (and not cached); several clicks, or a click with another id, are an
   * UPSTREAM_ERROR naming the endpoint.
   */
  async click(id: string): Promise<IrevClick> {
    const found = await this.rest.read(
      'entity',
      RESOURCES.clicks,
      'click',
      { method: 'GET', path: IREV_ROUTES.click(id), shape: field('data', single(entity<IrevClick>('id', { id: sameId(id) }))) },
      { cacheIf: (click) => click !== null },
    );
    if (found === null) throw new NotFoundError(`iRev click ${id} does not exist.`, 'IREV');
    return found;
  }
}

// Private:

/** A click: an object with an id. Its values are the mapper's business. */
const CLICK = entity<IrevClick>('id');

/** The list envelope, `total` read as a number. */
const CLICK_PAGE: Shape<IrevClickListResponse> = (value, path) => {
  const page = object<IrevClickListResponse>({ data: list(CLICK) })(value, path);
  return { ...page, total: field('total', count())(page, path) };
};

/** The id of the click asked for (a numeric id may come back as a number). */
function sameId(expected: string): Shape<string | number> {
  return (value, path) => {
    const got = id()(value, path);
    if (String(got) !== expected && !(/^\d+$/.test(expected) && Number(got) === Number(expected))) {
      throw new ShapeError(path, `is ${String(got)}, expected ${expected} (the click asked for)`);
    }
    return got;
  };
}
