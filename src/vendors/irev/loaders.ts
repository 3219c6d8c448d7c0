import type DataLoader from 'dataloader';
import { perKeyLoader } from '../loaders.js';
import type { IrevClient } from './client.js';
import type { IrevClick } from './types.js';

export interface IrevLoaders {
  click: DataLoader<string, IrevClick, string>;
}

/** Per-request loaders. iRev serves clicks one at a time by id. */
export function createIrevLoaders(client: IrevClient): IrevLoaders {
  return {
    click: perKeyLoader(
      'IREV',
      (id: string) => client.click(id),
      (id) => `iRev click ${id}`,
    ),
  };
}
