import DataLoader from 'dataloader';
import { asNotFound, perKeyLoader } from '../loaders.js';
import type { EverflowClient } from './client.js';
import type { EverflowAffiliate, EverflowAffiliateRelationshipName, EverflowOnHoldConversion, EverflowRawClick } from './types.js';

/** An affiliate and the relationships wanted with it. */
export interface AffiliateKey {
  id: string;
  relationships: readonly EverflowAffiliateRelationshipName[];
}

export interface EverflowLoaders {
  /** Affiliates by id; keys for one id in one batch share one call asking for all their relationships. */
  affiliate: DataLoader<AffiliateKey, EverflowAffiliate, string>;
  click: DataLoader<string, EverflowRawClick, string>;
  onHoldConversion: DataLoader<string, EverflowOnHoldConversion, string>;
}

/** Per-request loaders. Everflow has no batch read endpoints, so each distinct entity is one call. */
export function createEverflowLoaders(client: EverflowClient): EverflowLoaders {
  const affiliate = new DataLoader<AffiliateKey, EverflowAffiliate, string>(
    async (keys) => {
      const wanted = new Map<string, Set<EverflowAffiliateRelationshipName>>();
      for (const key of keys) {
        const set = wanted.get(key.id) ?? new Set();
        key.relationships.forEach((name) => set.add(name));
        wanted.set(key.id, set);
      }
      const results = new Map(
        await Promise.all(
          [...wanted].map(async ([id, relationships]) => {
            const result = await client
              .affiliate(id, [...relationships].sort())
              .catch((error: unknown) => asNotFound(error, 'EVERFLOW', `Everflow affiliate ${id}`));
            return [id, result] as const;
          }),
        ),
      );
      return keys.map((key) => results.get(key.id)!);
    },
    { cacheKeyFn: (key) => `${key.id}|${[...key.relationships].sort().join(',')}` },
  );
  return {
    affiliate,
    click: perKeyLoader(
      'EVERFLOW',
      (id: string) => client.click(id),
      (id) => `Everflow click ${id}`,
    ),
    onHoldConversion: perKeyLoader(
      'EVERFLOW',
      (id: string) => client.onHoldConversion(id),
      (id) => `Everflow on-hold conversion ${id}`,
    ),
  };
}
