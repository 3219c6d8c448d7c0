import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite, PGLITE_LOCK } from '../../src/links/engines.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pglite-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('a PGlite directory is held by one process: another live holder is refused, a gone one is taken over', async () => {
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    await writeFile(path.join(dir, PGLITE_LOCK), String(other.pid));
    await expect(openPglite(dir, { schema: 'links' })).rejects.toThrow(
      `The partner links in ${dir} are in use by process ${other.pid}: PGlite serves one process. Give each gateway its own PARTNER_LINKS_DIR, or set DATABASE_URL`,
    );
  } finally {
    other.kill();
    await new Promise((resolve) => other.once('exit', resolve));
  }
  // The holder is gone now: its lock is stale.
  const db = await openPglite(dir, { schema: 'links' });
  expect(await readFile(path.join(dir, PGLITE_LOCK), 'utf8')).toBe(String(process.pid));
  expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  await db.close();
  expect(existsSync(path.join(dir, PGLITE_LOCK))).toBe(false);
}, 60_000);
