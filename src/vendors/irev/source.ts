import type { IrevClickQuery } from '../../__generated__/resolvers.js';
import { BadUserInputError } from '../../errors.js';
import type { NodeType } from '../../ids.js';
import type { AnyNodeModel, ClickConnectionModel } from '../../models/index.js';
import { connectionFromOffsetSource } from '../../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../../pagination/request.js';
import { checkOrder, notFetchable, type VendorSource } from '../source.js';
import { formatLocalTime } from '../time.js';
import { IREV_LIMITS, type IrevClient } from './client.js';
import { createIrevLoaders, type IrevLoaders } from './loaders.js';
import { mapClick } from './mappers.js';
import { IrevWrites } from './writes.js';
import type { IrevClickListQuery } from './types.js';

/** iRev for one GraphQL request: clicks, listed and by id. */
export class IrevSource implements VendorSource {
  private readonly loaders: IrevLoaders;
  /** Click creation. */
  readonly writes: IrevWrites;

  constructor(
    private readonly client: IrevClient,
    /** The zone iRev writes `created_at` in. */
    private readonly timeZone: string,
  ) {
    this.loaders = createIrevLoaders(client);
    this.writes = new IrevWrites(client, timeZone);
  }

  /**
   * Clicks filtered by affiliate, offer and time, in iRev's order (its document does not say
   * which; the simulator serves newest first). Both bounds are inclusive, in whole seconds.
   */
  async clicks(query: IrevClickQuery, args: PageArgs): Promise<ClickConnectionModel> {
    const page = parsePageArgs(args, { defaultSize: 50, maxSize: IREV_LIMITS.maxPageSize });
    const field = 'source.irev';
    for (const name of ['affiliateId', 'offerId'] as const) {
      const value = query[name];
      if (value != null && value < 1) throw new BadUserInputError(`${field}.${name} must be a positive id, got ${value}.`, `${field}.${name}`);
    }
    if (query.from && query.to) checkOrder(query.from, query.to, field);
    // iRev takes whole seconds: "at or after 10:00:00.5" is "at or after 10:00:01".
    const from = query.from ? formatLocalTime(new Date(Math.ceil(query.from.getTime() / 1000) * 1000), this.timeZone) : undefined;
    const to = query.to ? formatLocalTime(query.to, this.timeZone) : undefined;
    const params: IrevClickListQuery = {
      affiliate_id: query.affiliateId ?? undefined,
      offer_id: query.offerId ?? undefined,
      // iRev's document names these created_from/created_to in its table and created_at_from/
      // created_at_to in its prose; sending both with equal values works with either.
      created_from: from,
      created_at_from: from,
      created_to: to,
      created_at_to: to,
    };
    const connection = await connectionFromOffsetSource(page, IREV_LIMITS.maxPageSize, async (number, pageSize) => {
      const response = await this.client.clicks({ ...params, page: number, per_page: pageSize });
      return { items: response.data.map((click) => mapClick(click, this.timeZone)), totalCount: response.total };
    });
    return { ...connection, truncated: false, truncatedRanges: [] };
  }

  async node(type: NodeType, key: string[]): Promise<AnyNodeModel> {
    if (type === 'Click') return mapClick(await this.loaders.click.load(key[0]), this.timeZone);
    throw notFetchable('IREV', type, 'on clicks');
  }
}
