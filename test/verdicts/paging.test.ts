import { filterWhilePaging } from '../../src/verdicts/index.js';
import { timeWindows } from '../../src/verdicts/windows.js';
import type { Connection } from '../../src/pagination/connections.js';

/** A list of 1..n read in pages from a cursor (`c<i>` is after item i), recording each read. */
function list(n: number) {
  const reads: [number, string | null][] = [];
  const readPage = async (size: number, after: string | null): Promise<Connection<number>> => {
    reads.push([size, after]);
    const start = after ? Number(after.slice(1)) : 0;
    const items = Array.from({ length: Math.max(0, Math.min(size, n - start)) }, (_, i) => start + i + 1);
    return {
      edges: items.map((item) => ({ cursor: `c${item}`, node: item })),
      nodes: items,
      pageInfo: {
        hasNextPage: start + size < n,
        hasPreviousPage: start > 0,
        startCursor: null,
        endCursor: items.length ? `c${items.at(-1)}` : null,
        page: null,
        pageSize: null,
        totalPages: null,
      },
      totalCount: n,
    };
  };
  return { reads, readPage };
}

const keepBatches: number[][] = [];
const multiplesOf = (k: number) => async (nodes: readonly number[]) => {
  keepBatches.push([...nodes]);
  return nodes.map((node) => node % k === 0);
};
const options = { maxPageSize: 500, field: 'source.everflow.verdict' };
const pageInfo = (hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null) => ({
  hasNextPage,
  hasPreviousPage,
  startCursor,
  endCursor,
  page: null,
  pageSize: null,
  totalPages: null,
});

beforeEach(() => (keepBatches.length = 0));

test('a filtered page reads pages of the list until it is full and one more match proves hasNextPage', async () => {
  const { reads, readPage } = list(1000);
  const page = await filterWhilePaging({ first: 3 }, readPage, multiplesOf(40), options);
  expect(page).toEqual({
    edges: [40, 80, 120].map((n) => ({ cursor: `c${n}`, node: n })),
    nodes: [40, 80, 120],
    pageInfo: pageInfo(true, false, 'c40', 'c120'),
    totalCount: null,
  });
  expect(reads).toEqual([
    [100, null],
    [100, 'c100'],
  ]);
  expect(keepBatches.map((batch) => [batch[0], batch.length])).toEqual([
    [1, 100],
    [101, 100],
  ]);
});

test('after resumes at the list’s own cursor, and the end of the list ends the filtered list', async () => {
  const { reads, readPage } = list(250);
  const page = await filterWhilePaging({ first: 3, after: 'c120' }, readPage, multiplesOf(40), options);
  expect(page).toEqual({
    edges: [160, 200, 240].map((n) => ({ cursor: `c${n}`, node: n })),
    nodes: [160, 200, 240],
    pageInfo: pageInfo(false, true, 'c160', 'c240'),
    totalCount: null,
  });
  expect(reads).toEqual([
    [100, 'c120'],
    [100, 'c220'],
  ]);
});

test('a page cut short by the scan bound says hasNextPage and ends at the last row read', async () => {
  const { reads, readPage } = list(10_000);
  const page = await filterWhilePaging({ first: 2 }, readPage, multiplesOf(450), { ...options, maxScans: 3 });
  expect(page).toEqual({ edges: [], nodes: [], pageInfo: pageInfo(true, false, null, 'c300'), totalCount: null });
  expect(reads).toHaveLength(3);
});

test('page numbers and last are refused', async () => {
  const { readPage } = list(10);
  await expect(filterWhilePaging({ page: 2 }, readPage, multiplesOf(2), options)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  await expect(filterWhilePaging({ last: 2 }, readPage, multiplesOf(2), options)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
});

test('time windows: 60 s either side, whole seconds, merged under an hour apart, keys without a time left out', () => {
  const at = (iso: string | null) => ({ iso, time: iso ? new Date(iso) : null });
  const keys = [at('2026-11-30T10:30:00.500Z'), at(null), at('2026-11-30T10:00:00Z'), at('2026-11-30T13:00:00Z')];
  expect(timeWindows(keys, (k) => k.time).map((w) => [w.from.toISOString(), w.to.toISOString(), w.keys.map((k) => k.iso)])).toEqual([
    ['2026-11-30T09:59:00.000Z', '2026-11-30T10:31:01.000Z', ['2026-11-30T10:00:00Z', '2026-11-30T10:30:00.500Z']],
    ['2026-11-30T12:59:00.000Z', '2026-11-30T13:01:00.000Z', ['2026-11-30T13:00:00Z']],
  ]);
});
