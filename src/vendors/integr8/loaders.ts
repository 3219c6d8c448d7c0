import DataLoader from 'dataloader';
import { NotFoundError } from '../../errors.js';
import { batchLoader, perKeyLoader } from '../loaders.js';
import { formatLocalTime } from '../time.js';
import { INTEGR8_LIMITS, type Integr8Client, type Integr8ReportKind, type Integr8ReportRows } from './client.js';
import type {
  Integr8Advertiser,
  Integr8Export,
  Integr8Offer,
  Integr8OfferEvent,
  Integr8OfferLandingPage,
  Integr8Publisher,
  Integr8User,
} from './types.js';

/** An offer inside its integration; events and landing pages inside their offer. */
export interface OfferKey {
  integrationId: string;
  offerId: string;
}
export interface OfferChildKey extends OfferKey {
  childId: string;
}
/**
 * A report row: its report, integration, time (ISO) and transaction id. `by` says which id:
 * `real_tx_id` (the row's own id and cursor) or `tx_id` (how a conversion's `click_tx_id` names
 * its click; a row whose `tx_id` matches is preferred, one whose `real_tx_id` matches stands in).
 */
export interface ReportRowKey {
  kind: Integr8ReportKind;
  integrationId: string;
  time: string;
  txId: string;
  by: 'real_tx_id' | 'tx_id';
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
  const rowKey = (key: ReportRowKey) => `${reportGroup(key)}/${key.by}:${key.txId}`;

  return {
    user: batchLoader(
      'INTEGR8',
      async (ids: readonly string[]) => (await client.users(byIds(ids))).data,
      (user) => user.id,
      (id) => `Integr8 user ${id}`,
      { batchSize: BATCH },
    ),
    publisher: batchLoader(
      'INTEGR8',
      async (ids: readonly string[]) => (await client.publishers(byIds(ids))).data,
      (p) => p.id,
      (id) => `Integr8 publisher ${id}`,
      { batchSize: BATCH },
    ),
    advertiser: batchLoader(
      'INTEGR8',
      async (ids: readonly string[]) => (await client.advertisers(byIds(ids))).data,
      (a) => a.id,
      (id) => `Integr8 advertiser ${id}`,
      { batchSize: BATCH },
    ),
    advertiserByIncrementalId: batchLoader(
      'INTEGR8',
      async (ids: readonly string[]) => (await client.advertisers(byIds(ids, 'incremental_id'))).data,
      (a) => String(a.incremental_id),
      (id) => `Integr8 advertiser #${id}`,
      { batchSize: BATCH },
    ),
    offer: grouped(
      (key: OfferKey) => key.integrationId,
      async (integrationId, keys) =>
        keyed((await client.offers(integrationId, byIds(keys.map((k) => k.offerId)))).data, (offer) => `${integrationId}/${offer.id}`),
      offerKey,
      (key) => `Integr8 offer ${key.offerId} in integration ${key.integrationId}`,
    ),
    event: grouped(
      (key: OfferChildKey) => offerKey(key),
      async (group, keys) =>
        keyed(
          (await client.events(keys[0].integrationId, keys[0].offerId, byIds(keys.map((k) => k.childId)))).data,
          (event) => `${group}/${event.id}`,
        ),
      childKey,
      (key) => `Integr8 offer event ${key.childId}`,
    ),
    landingPage: grouped(
      (key: OfferChildKey) => offerKey(key),
      async (group, keys) =>
        keyed(
          (await client.landingPages(keys[0].integrationId, keys[0].offerId, byIds(keys.map((k) => k.childId)))).data,
          (page) => `${group}/${page.id}`,
        ),
      childKey,
      (key) => `Integr8 landing page ${key.childId}`,
    ),
    export: perKeyLoader(
      'INTEGR8',
      (id: string) => client.export(id),
      (id) => `Integr8 export ${id}`,
    ),
    signedUrl: perKeyLoader(
      'INTEGR8',
      (name: string) => client.signedUrl(name),
      (name) => `Integr8 artifact ${name}`,
    ),
    reportRow: grouped(
      reportGroup,
      async (_, keys) => findReportRows(client, keys, rowKey),
      rowKey,
      (key) => `Integr8 ${key.kind} ${key.txId}`,
    ),
  };
}

/** The report second a row key belongs to: one search serves every key of it. */
function reportGroup(key: ReportRowKey): string {
  return `${key.kind}/${key.integrationId}/${key.time}`;
}

/** Values by the cache key of the loader key they answer. */
function keyed<V>(values: V[], keyOf: (value: V) => string): Map<string, V> {
  return new Map(values.map((value) => [keyOf(value), value]));
}

/**
 * A batch loader whose vendor call serves one group of keys (an integration, an offer, a
 * report second): one call per group, in parallel. `fetchGroup` answers the values it found by
 * the cache keys (`cacheKeyFn`) of the keys they answer.
 */
function grouped<K, V>(
  groupOf: (key: K) => string,
  fetchGroup: (group: string, keys: K[]) => Promise<Map<string, V>>,
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
            for (const [key, value] of await fetchGroup(group, members)) found.set(key, value);
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

/**
 * Report rows of one second: the report's window around that second, read page by page until
 * every key has its row. A `real_tx_id` key takes the row with that `real_tx_id`; a `tx_id` key
 * the row with that `tx_id`, or failing one, the row with that `real_tx_id`. Rows are answered
 * by `rowKey` of the key they answer.
 */
async function findReportRows(
  client: Integr8Client,
  keys: ReportRowKey[],
  rowKey: (key: ReportRowKey) => string,
): Promise<Map<string, Integr8ReportRows[Integr8ReportKind]>> {
  type Row = Integr8ReportRows[Integr8ReportKind];
  const { kind, integrationId, time } = keys[0];
  const found = new Map<string, Row>();
  const at = new Date(time);
  if (Number.isNaN(at.getTime())) return found;
  const exact = new Map<string, Row>();
  const standIn = new Map<string, Row>();
  const missing = () => keys.some((key) => !exact.has(rowKey(key)));
  let after: string | undefined;
  for (let page = 0; page < ROW_SEARCH_PAGES && missing(); page++) {
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
      for (const key of keys) {
        const id = rowKey(key);
        if (exact.has(id)) continue;
        if (key.by === 'tx_id' && row.tx_id === key.txId) exact.set(id, row);
        else if (row.real_tx_id === key.txId) {
          if (key.by === 'real_tx_id') exact.set(id, row);
          else if (!standIn.has(id)) standIn.set(id, row);
        }
      }
    }
    if (!response.data.pageInfo.hasNextPage) break;
    after = response.data.pageInfo.endCursor;
  }
  for (const key of keys) {
    const id = rowKey(key);
    const row = exact.get(id) ?? standIn.get(id);
    if (row) found.set(id, row);
  }
  return found;
}
