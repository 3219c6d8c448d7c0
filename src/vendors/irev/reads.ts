import type DataLoader from 'dataloader';
import type { IrevClickQuery } from '../../__generated__/resolvers.js';
import type { NodeType } from '../../ids.js';
import { NotFoundError } from '../../errors.js';
import type { AffiliateModel, AnyNodeModel, ClickConnectionModel, ClickModel } from '../../models/index.js';
import { trackedClickLoader, type TrackedKey } from '../../verdicts/tracked.js';
import { connectionFromOffsetPages } from '../../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../../pagination/request.js';
import { notFetchable, type VendorReads } from '../reads.js';
import { IREV_LIMITS, type IrevClient } from './client.js';
import { createIrevLoaders, type IrevLoaders } from './loaders.js';
import { mapClick } from './mappers.js';
import { clickListQuery } from './requests.js';
import { IrevWrites } from './writes.js';

/** iRev's reads for one GraphQL request: clicks, listed (paged) and by id (through this request's loaders). */
export class IrevReads implements VendorReads {
  private readonly loaders: IrevLoaders;
  private readonly tracked: DataLoader<TrackedKey, ClickModel | null, string>;
  /** Click creation. */
  readonly writes: IrevWrites;

  constructor(
    private readonly client: IrevClient,
    /** The zone iRev writes `created_at` in. */
    private readonly timeZone: string,
  ) {
    this.loaders = createIrevLoaders(client);
    this.tracked = trackedClickLoader('IREV', (window, after) =>
      this.clicks({ from: window.from, to: window.to }, { first: IREV_LIMITS.maxPageSize, after }),
    );
    this.writes = new IrevWrites(client, timeZone);
  }

  /**
   * Clicks filtered by affiliate, offer and time, in iRev's order (its document does not say
   * which; the simulator serves newest first). Both bounds are inclusive, in whole seconds.
   */
  async clicks(query: IrevClickQuery, args: PageArgs): Promise<ClickConnectionModel> {
    const page = parsePageArgs(args, { defaultSize: 50, maxSize: IREV_LIMITS.maxPageSize });
    const params = clickListQuery(query, this.timeZone);
    const connection = await connectionFromOffsetPages(page, IREV_LIMITS.maxPageSize, async (number, pageSize) => {
      const response = await this.client.clicks({ ...params, page: number, per_page: pageSize });
      return { items: response.data.map((click) => mapClick(click, this.timeZone)), totalCount: response.total };
    });
    return { ...connection, truncated: false, truncatedRanges: [] };
  }

  /**
   * A click an Integr8 row scored, by id and about when (see src/verdicts/tracked.ts): the batch
   * reads the click list over the keys' time windows, 500 a page; null for an id that is not
   * digits, without a call.
   */
  trackedClick(key: TrackedKey): Promise<ClickModel | null> {
    return /^[1-9]\d*$/.test(key.id) ? this.tracked.load(key) : Promise.resolve(null);
  }

  /**
   * The affiliates named on one page of iRev's clicks (the newest, in the simulator's order: the
   * document names none), each once: iRev has no affiliate endpoint. `complete` says whether
   * that page held every click.
   */
  async affiliatesOnClicks(clicks: number): Promise<{ affiliates: AffiliateModel[]; complete: boolean }> {
    const response = await this.client.clicks({ page: 1, per_page: Math.min(clicks, IREV_LIMITS.maxPageSize) });
    const byId = new Map<string, AffiliateModel>();
    for (const click of response.data) {
      const ref = mapClick(click, this.timeZone).affiliateRef;
      if (ref && 'model' in ref && !byId.has(ref.model.nativeId)) byId.set(ref.model.nativeId, ref.model);
    }
    return { affiliates: [...byId.values()], complete: response.total <= response.data.length };
  }

  /** An affiliate as its newest click names it (one click filtered by `affiliate_id`); NOT_FOUND when no click names it. */
  async affiliate(id: string): Promise<AffiliateModel> {
    const number = Number(id);
    const response = Number.isSafeInteger(number) && number > 0 ? await this.client.clicks({ affiliate_id: number, page: 1, per_page: 1 }) : null;
    const ref = response?.data[0] ? mapClick(response.data[0], this.timeZone).affiliateRef : null;
    if (!ref || !('model' in ref)) throw new NotFoundError(`iRev has no click of affiliate ${id}, so the gateway cannot read it.`, 'IREV');
    return ref.model;
  }

  async node(type: NodeType, key: string[]): Promise<AnyNodeModel> {
    if (type === 'Click') return mapClick(await this.loaders.click.load(key[0]), this.timeZone);
    throw notFetchable('IREV', type, 'on clicks');
  }
}
