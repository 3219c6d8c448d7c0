import DataLoader from 'dataloader';
import { NotFoundError } from '../../errors.js';
import { batchLoader, perKeyLoader } from '../loaders.js';
import { formatLocalTime } from '../time.js';
import { INTEGR8_LIMITS, type Integr8Client, type Integr8ReportKind, type Integr8ReportRows } from './client.js';
import type { Integr8Advertiser, Integr8Export, Integr8Offer, Integr8OfferEvent, Integr8OfferLandingPage, Integr8Publisher, Integr8User } from './types.js';

/** An offer inside its integration; events and landing pages inside their offer. */
export interface OfferKey {
  integrationId: string;
  offerId: string;
}
export interface OfferChildKey extends OfferKey {
  childId: string;
}
/** A report row: its report, integration, time (ISO) and `real_tx_id`. */
export interface ReportRowKey {
  kind: Integr8ReportKind;
  integrationId: string;
  time: string;
  realTxId: string;
}

export interface Integr8Loaders {
  user: DataLoader<string, Integr8User, string>;
  publisher: DataLoader<string, Integr8Publisher, string>;
  advertiser: DataLoader<string, Integr8Advertiser, string>;
  /** Offers name their advertiser by its incremental id. */
  advertiserByIncrementalId: DataLoader<string, Integr8Advertiser, string>;
  offer: DataLoader<OfferKey, Integr8Offer, string>;
  event: DataLoader<OfferChildKey, Integr8OfferEvent, string>;
  landingPage: DataLoader<OfferChildKey, Integr8OfferLandingPage, string>;
  export: DataLoader<string, Integr8Export, string>;
  signedUrl: DataLoader<string, string, string>;
  reportRow: DataLoader<ReportRowKey, Integr8ReportRows[Integr8ReportKind], string>;
}

const BATCH = INTEGR8_LIMITS.maxPageSize;
/** Pages of one report second the row loader reads before giving up. */
const ROW_SEARCH_PAGES = 5;

/**
 * Per-request loaders. Entities are batched through their list endpoint with
 * `filter[id][in]=a,b,c` (one call per integration or offer where the path nests them), so a
 * page of 100 report rows costs one call per kind of related entity.
 */
export function createIntegr8Loaders(client: Integr8Client): Integr8Loaders {
  const byIds = (ids: readonly string[], field = 'id') => ({ page: 1, size: BATCH, filters: { [`filter[${field}][in]`]: ids.join(',') } });
  const offerKey = (key: OfferKey) => `${key.integrationId}/${key.offerId}`;
  const childKey = (key: OfferChildKey) => `${offerKey(key)}/${key.childId}`;
  const rowKey = (key: ReportRowKey) => `${key.kind}/${key.integrationId}/${key.time}/${key.realTxId}`;

  return {
    user: batchLoader('INTEGR8', async (ids: readonly string[]) => (await client.users(byIds(ids))).data, (user) => user.id,
      (id) => `Integr8 user ${id}`, { batchSize: BATCH }),
    publisher: batchLoader('INTEGR8', async (ids: readonly string[]) => (await client.publishers(byIds(ids))).data, (p) => p.id,
      (id) => `Integr8 publisher ${id}`, { batchSize: BATCH }),
    advertiser: batchLoader('INTEGR8', async (ids: readonly string[]) => (await client.advertisers(byIds(ids))).data, (a) => a.id,
      (id) => `Integr8 advertiser ${id}`, { batchSize: BATCH }),
    advertiserByIncrementalId: batchLoader('INTEGR8',
      async (ids: readonly string[]) => (await client.advertisers(byIds(ids, 'incremental_id'))).data,
      (a) => String(a.incremental_id), (id) => `Integr8 advertiser #${id}`, { batchSize: BATCH }),
    offer: grouped(
      (key: OfferKey) => key.integrationId,
      async (integrationId, keys) => (await client.offers(integrationId, byIds(keys.map((k) => k.offerId)))).data,
      (integrationId, offer) => `${integrationId}/${offer.id}`,
      offerKey,
      (key) => `Integr8 offer ${key.offerId} in integration ${key.integrationId}`,
    ),
    event: grouped(
      (key: OfferChildKey) => offerKey(key),
      async (_, keys) => (await client.events(keys[0].integrationId, keys[0].offerId, byIds(keys.map((k) => k.childId)))).data,
      (group, event) => `${group}/${event.id}`,
      childKey,
      (key) => `Integr8 offer event ${key.childId}`,
    ),
    landingPage: grouped(
      (key: OfferChildKey) => offerKey(key),
      async (_, keys) => (await client.landingPages(keys[0].integrationId, keys[0].offerId, byIds(keys.map((k) => k.childId)))).data,
      (group, page) => `${group}/${page.id}`,
      childKey,
      (key) => `Integr8 landing page ${key.childId}`,
    ),
    export: perKeyLoader('INTEGR8', (id: string) => client.export(id), (id) => `Integr8 export ${id}`),
    signedUrl: perKeyLoader('INTEGR8', (name: string) => client.signedUrl(name), (name) => `Integr8 artifact ${name}`),
    reportRow: grouped(
      (key: ReportRowKey) => `${key.kind}/${key.integrationId}/${key.time}`,
      async (_, keys) => findReportRows(client, keys),
      (group, row) => `${group}/${row.real_tx_id}`,
      rowKey,
      (key) => `Integr8 ${key.kind} ${key.realTxId}`,
    ),
  };
}

/**
 * A batch loader whose vendor call serves one group of keys (an integration, an offer, a
 * report second): one call per group, in parallel.
 */
function grouped<K, V>(
  groupOf: (key: K) => string,
  fetchGroup: (group: string, keys: K[]) => Promise<V[]>,
  keyOf: (group: string, value: V) => string,
  cacheKeyFn: (key: K) => string,
  describe: (key: K) => string,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const key of keys) groups.set(groupOf(key), [...(groups.get(groupOf(key)) ?? []), key]);
      const found = new Map<string, V>();
      const failures = new Map<string, Error>();
      await Promise.all(
        [...groups].map(async ([group, members]) => {
          try {
            for (const value of await fetchGroup(group, members)) found.set(keyOf(group, value), value);
          } catch (error) {
            failures.set(group, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return keys.map(
        (key) => found.get(cacheKeyFn(key)) ?? failures.get(groupOf(key)) ?? new NotFoundError(`${describe(key)} does not exist.`, 'INTEGR8'),
      );
    },
    { cacheKeyFn, maxBatchSize: BATCH },
  );
}

/** Report rows of one second: the report's window around that second, read until all keys are found. */
async function findReportRows(client: Integr8Client, keys: ReportRowKey[]): Promise<Integr8ReportRows[Integr8ReportKind][]> {
  const { kind, integrationId, time } = keys[0];
  const at = new Date(time);
  if (Number.isNaN(at.getTime())) return [];
  const wanted = new Set(keys.map((key) => key.realTxId));
  const rows: Integr8ReportRows[Integr8ReportKind][] = [];
  let after: string | undefined;
  for (let page = 0; page < ROW_SEARCH_PAGES && wanted.size > 0; page++) {
    // One second wide, ending a second later so the row is inside whether the vendor's end is inclusive or not.
    const response = await client.report(kind, {
      integration_id: integrationId,
      start_time: formatLocalTime(at),
      end_time: formatLocalTime(new Date(at.getTime() + 1000)),
      timezone: 'UTC',
      'page[size]': BATCH,
      ...(after && { 'page[after]': after }),
    });
    for (const row of response.data.data) {
      if (wanted.delete(row.real_tx_id)) rows.push(row);
    }
    if (!response.data.pageInfo.hasNextPage) break;
    after = response.data.pageInfo.endCursor;
  }
  return rows;
}
