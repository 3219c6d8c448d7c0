/**
 * The two databases the link store runs on, behind one small interface: PostgreSQL through `pg`
 * (DATABASE_URL) and the embedded PGlite (a directory, or memory). Both take the same SQL.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import type { MigrationTarget } from './migrations.js';

/** A database connection (or pool): parameterised queries, statements, transactions. */
export interface SqlDatabase extends MigrationTarget {
  /** `postgres` or `pglite`, for logs and /ready. */
  readonly engine: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * PostgreSQL at `url` (a pool of `max` connections) with every table in `schema`, which is
 * created when missing. The search path is set on each new connection.
 */
export async function openPostgres(url: string, options: { schema: string; max?: number }): Promise<SqlDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new TypeError(`openPostgres: schema must be of a-z, 0-9 and _, got "${options.schema}"`);
  // The search path is a connection parameter, so every connection of the pool has it from the start.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: 5000,
    options: `-c search_path=${options.schema}`,
  });
  // A failed idle connection must not crash the process; the next query gets a new one.
  pool.on('error', () => {});
  const schema = quoteIdentifier(options.schema);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    // A pool left open would keep the process alive, reconnecting.
    await pool.end().catch(() => {});
    throw error;
  }
  const target = (client: pg.Pool | pg.PoolClient): MigrationTarget => ({
    exec: async (sql) => void (await client.query(sql)),
    query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
    transaction: async (work) => {
      if (client !== pool) return work(target(client));
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(target(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
  });
  return { engine: 'postgres', ...target(pool), close: () => pool.end() };
}

/**
 * PGlite with its data in `dir` (created when missing), or in memory when `dir` is `memory`. A
 * directory is held by one process at a time (see lockDirectory).
 */
export async function openPglite(dir: string, options: { schema: string }): Promise<SqlDatabase> {
  let release = async () => {};
  if (dir !== 'memory') {
    await mkdir(dir, { recursive: true });
    release = await lockDirectory(dir);
  }
  let db: PGlite;
  try {
    db = dir === 'memory' ? await PGlite.create({ loadDataDir: await emptyCluster() }) : await PGlite.create(dir);
  } catch (error) {
    await release();
    throw error;
  }
  const schema = quoteIdentifier(options.schema);
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  const target = (client: PGlite | Transaction): MigrationTarget => ({
    exec: async (sql) => void (await client.exec(sql)),
    query: async <R>(sql: string, params: unknown[] = []) => (await client.query<R>(sql, params)).rows,
    transaction: (work) => (client === db ? db.transaction((tx) => work(target(tx))) : work(target(client))),
  });
  return {
    engine: 'pglite',
    ...target(db),
    close: async () => {
      await db.close();
      await release();
    },
  };
}

/** The file that says which process holds a PGlite directory. */
export const PGLITE_LOCK = 'gateway.lock';

/**
 * Marks `dir` as this process's, or refuses when another live process holds it: PGlite serves one
 * process, and two writing one directory corrupt it (the next start then fails with "Aborted()").
 * A lock whose process is gone is taken over. Resolves with the release.
 */
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, PGLITE_LOCK);
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => unlink(file).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(file, 'utf8').catch(() => ''));
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new Error(
        `The partner links in ${dir} are in use by process ${holder}: PGlite serves one process. Give each gateway its own PARTNER_LINKS_DIR, or set DATABASE_URL so that instances share links (if no gateway runs there, delete ${file}).`,
      );
    }
    // Left by a process that is gone (or by this one): taken over.
    await unlink(file).catch(() => {});
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A freshly initialised, empty PGlite data directory, made once per process: a new in-memory
 * database starts from a copy of it instead of running initdb again (about 1 s instead of 3 s;
 * tests start many).
 */
function emptyCluster(): Promise<Blob | File> {
  template ??= (async () => {
    const db = await PGlite.create();
    try {
      return await db.dumpDataDir('none');
    } finally {
      await db.close();
    }
  })().catch((error: unknown) => {
    template = undefined;
    throw error;
  });
  return template;
}

let template: Promise<Blob | File> | undefined;

/** A schema name as an SQL identifier. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
