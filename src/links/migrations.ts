/**
 * The link store's migrations: versioned SQL, the same for PostgreSQL and PGlite, applied in
 * order at start-up and recorded in `partner_link_migrations`. A migration is never edited once
 * released: a change is a new version.
 */

/** One step of the store's schema. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'partner links',
    // One row per linked vendor record; the rows of one tenant that share `partner` are one
    // partner. The primary key makes a record part of at most one partner per tenant, also
    // under concurrent links (the second insert fails instead of overwriting).
    sql: `
      CREATE TABLE partner_links (
        tenant text NOT NULL,
        vendor text NOT NULL,
        record_type text NOT NULL,
        record_key text NOT NULL,
        partner text NOT NULL,
        credential_hash text NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, vendor, record_type, record_key)
      );
      CREATE INDEX partner_links_by_partner ON partner_links (tenant, partner);
    `,
  },
];

/** What migrate() needs of a database: statements, and a transaction that holds a lock. */
export interface MigrationTarget {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  transaction<T>(work: (tx: MigrationTarget) => Promise<T>): Promise<T>;
}

/**
 * Applies the migrations not yet recorded, each in its own transaction. An advisory lock
 * serialises instances starting at once against one PostgreSQL (PGlite has one connection).
 * Returns the versions applied now.
 */
export async function migrate(db: MigrationTarget, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS partner_link_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query<{ version: number }>('SELECT version FROM partner_link_migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO partner_link_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** The advisory lock key of the link migrations (any fixed number; "plinks" in ASCII). */
const MIGRATION_LOCK = 0x706c696e6b73;
