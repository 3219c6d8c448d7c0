/**
 * Where the links between vendor records live: one interface, `PartnerLinkStore`, over
 * PostgreSQL (DATABASE_URL) or the embedded PGlite (PARTNER_LINKS_DIR). The store is opened,
 * and migrated, once; gateways that never touch a link never open it (tests start many).
 */
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import type { VendorName } from '../vendors/registry.js';
import { openPglite, openPostgres, type SqlDatabase } from './engines.js';
import { migrate } from './migrations.js';

/** A vendor record as the store names it: the parts of its global ID. */
export interface RecordRef {
  vendor: VendorName;
  type: 'Affiliate' | 'Publisher';
  key: string;
}

/** A record to link, with the hash of the credential it was read with (never the credential). */
export interface LinkedRecord extends RecordRef {
  credentialHash: string;
}

/** Why a link was refused; nothing was written. */
export interface LinkConflict {
  /** The input position of the record. */
  index: number;
  /** The record is part of another partner of this tenant. */
  reason: 'ALREADY_LINKED';
}

/** The links of one tenant. */
export interface PartnerLinkStore {
  /** `postgres` or `pglite`. */
  readonly engine: Promise<'postgres' | 'pglite'>;
  /**
   * The records linked with each of `records` (the record itself included), in input order;
   * a record that is linked to nothing is alone in its list.
   */
  accounts(tenant: string, records: readonly RecordRef[]): Promise<RecordRef[][]>;
  /**
   * Links the records into one partner, in one transaction: into the partner one of them is
   * already part of, or a new one. A record of another partner is a conflict, and then nothing
   * is written. Returns the partner's records after the link.
   */
  link(tenant: string, records: readonly LinkedRecord[]): Promise<{ conflicts: LinkConflict[]; accounts: RecordRef[] }>;
  /**
   * Takes the records out of their partners, in one transaction; a partner left with one record
   * is dissolved. Returns, in input order, whether each record was linked.
   */
  unlink(tenant: string, records: readonly RecordRef[]): Promise<boolean[]>;
  /** Closes the database, when it was opened. */
  close(): Promise<void>;
}

/** Where the links are stored. */
export interface LinkStoreOptions {
  /** PostgreSQL; when absent, PGlite in `dir`. */
  databaseUrl?: string;
  /** PGlite's data directory, or `memory`. */
  dir: string;
  /** The database schema of the tables. @default "public" */
  schema?: string;
}

/** A store that opens (and migrates) its database on first use, or when `open()` is called. */
export class SqlLinkStore implements PartnerLinkStore {
  private database?: Promise<SqlDatabase>;

  constructor(private readonly options: LinkStoreOptions) {}

  /** Opens the database and applies the migrations it lacks; rejects when the database cannot be reached. */
  open(): Promise<SqlDatabase> {
    this.database ??= this.connect().catch((error: unknown) => {
      // The next use tries again (a database that was down at start may be up later).
      this.database = undefined;
      throw new GatewayError(`The partner link store could not be opened: ${describe(error)}`, 'LINK_STORE_UNAVAILABLE', { cause: error });
    });
    return this.database;
  }

  get engine(): Promise<'postgres' | 'pglite'> {
    return this.open().then((db) => db.engine);
  }

  accounts(tenant: string, records: readonly RecordRef[]): Promise<RecordRef[][]> {
    return guarded(() => this.readAccounts(tenant, records));
  }

  link(tenant: string, records: readonly LinkedRecord[]): Promise<{ conflicts: LinkConflict[]; accounts: RecordRef[] }> {
    return guarded(() => this.linkOrRetry(tenant, records));
  }

  unlink(tenant: string, records: readonly RecordRef[]): Promise<boolean[]> {
    return guarded(() => this.unlinkAll(tenant, records));
  }

  async close(): Promise<void> {
    const database = this.database;
    this.database = undefined;
    if (database) await (await database.catch(() => undefined))?.close();
  }

  // Private:

  private async readAccounts(tenant: string, records: readonly RecordRef[]): Promise<RecordRef[][]> {
    if (records.length === 0) return [];
    const db = await this.open();
    const rows = await db.query<Row & { asked: string }>(
      `SELECT asked.vendor || ' ' || asked.record_type || ' ' || asked.record_key AS asked, l.vendor, l.record_type, l.record_key, l.partner
         FROM partner_links asked JOIN partner_links l ON l.tenant = asked.tenant AND l.partner = asked.partner
        WHERE asked.tenant = $1 AND (asked.vendor, asked.record_type, asked.record_key) IN (${RECORDS_FROM_ARRAYS})
        ORDER BY l.linked_at, l.vendor, l.record_key`,
      [tenant, ...columns(records)],
    );
    const byRecord = new Map<string, RecordRef[]>();
    for (const row of rows) {
      const list = byRecord.get(row.asked) ?? [];
      list.push(fromRow(row));
      byRecord.set(row.asked, list);
    }
    return records.map((record) => byRecord.get(recordName(record)) ?? [{ vendor: record.vendor, type: record.type, key: record.key }]);
  }

  private async linkOrRetry(tenant: string, records: readonly LinkedRecord[]): Promise<{ conflicts: LinkConflict[]; accounts: RecordRef[] }> {
    try {
      return await this.linkOnce(tenant, records);
    } catch (error) {
      // A concurrent link took one of these records between the read and the insert (PostgreSQL;
      // PGlite runs one transaction at a time): once more, now seeing it, as if they had run in turn.
      if (isUniqueViolation(error)) return this.linkOnce(tenant, records);
      throw error;
    }
  }

  private async unlinkAll(tenant: string, records: readonly RecordRef[]): Promise<boolean[]> {
    const db = await this.open();
    return db.transaction(async (tx) => {
      const deleted = await tx.query<Row>(
        `DELETE FROM partner_links WHERE tenant = $1 AND (vendor, record_type, record_key) IN (${RECORDS_FROM_ARRAYS})
         RETURNING vendor, record_type, record_key, partner`,
        [tenant, ...columns(records)],
      );
      const partners = [...new Set(deleted.map((row) => row.partner))];
      // A partner of one record links nothing: dissolve it.
      await tx.query(
        `DELETE FROM partner_links WHERE tenant = $1 AND partner = ANY($2::text[])
           AND partner IN (SELECT partner FROM partner_links WHERE tenant = $1 AND partner = ANY($2::text[]) GROUP BY partner HAVING count(*) < 2)`,
        [tenant, partners],
      );
      const gone = new Set(deleted.map((row) => recordName(fromRow(row))));
      return records.map((record) => gone.has(recordName(record)));
    });
  }

  private async linkOnce(tenant: string, records: readonly LinkedRecord[]): Promise<{ conflicts: LinkConflict[]; accounts: RecordRef[] }> {
    const db = await this.open();
    return db.transaction(async (tx) => {
      const rows = await tx.query<Row>(
        `SELECT vendor, record_type, record_key, partner FROM partner_links
            WHERE tenant = $1 AND (vendor, record_type, record_key) IN (${RECORDS_FROM_ARRAYS}) FOR UPDATE`,
        [tenant, ...columns(records)],
      );
      const partnerOf = new Map(rows.map((row) => [recordName(fromRow(row)), row.partner]));
      const target = records.map((record) => partnerOf.get(recordName(record))).find((partner) => partner !== undefined) ?? randomUUID();
      const conflicts: LinkConflict[] = [];
      records.forEach((record, index) => {
        const partner = partnerOf.get(recordName(record));
        if (partner !== undefined && partner !== target) conflicts.push({ index, reason: 'ALREADY_LINKED' });
      });
      if (conflicts.length > 0) return { conflicts, accounts: [] };
      for (const record of records) {
        if (partnerOf.has(recordName(record))) continue;
        await tx.query(
          `INSERT INTO partner_links (tenant, vendor, record_type, record_key, partner, credential_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
          [tenant, record.vendor, record.type, record.key, target, record.credentialHash],
        );
      }
      const members = await tx.query<Row>(
        `SELECT vendor, record_type, record_key, partner FROM partner_links WHERE tenant = $1 AND partner = $2 ORDER BY linked_at, vendor, record_key`,
        [tenant, target],
      );
      return { conflicts, accounts: members.map(fromRow) };
    });
  }

  private async connect(): Promise<SqlDatabase> {
    const schema = this.options.schema ?? 'public';
    const db = this.options.databaseUrl ? await openPostgres(this.options.databaseUrl, { schema }) : await openPglite(this.options.dir, { schema });
    try {
      await migrate(db);
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
    return db;
  }
}

interface Row {
  vendor: VendorName;
  record_type: RecordRef['type'];
  record_key: string;
  partner: string;
}

function fromRow(row: Row): RecordRef {
  return { vendor: row.vendor, type: row.record_type, key: row.record_key };
}

/** The records as three parallel arrays (vendor, type, key), for RECORDS_FROM_ARRAYS's parameters $2 to $4. */
function columns(records: readonly RecordRef[]): [string[], string[], string[]] {
  return [records.map((r) => r.vendor), records.map((r) => r.type), records.map((r) => r.key)];
}

/** The rows of $2, $3 and $4 (columns()) as a relation to match the primary key against. */
const RECORDS_FROM_ARRAYS = 'SELECT * FROM unnest($2::text[], $3::text[], $4::text[])';

/** The one-text name of a record the queries match on (vendor, type and key never hold a space but the key might: it is last). */
/** A record's identity as one string (map keys, comparisons). */
export function recordName(record: RecordRef): string {
  return `${record.vendor} ${record.type} ${record.key}`;
}

/** Runs a store operation; a database failure becomes LINK_STORE_UNAVAILABLE (a GraphQL error with that code, not a masked one). */
async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError(`The partner link store failed: ${describe(error)}`, 'LINK_STORE_UNAVAILABLE', { cause: error });
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** An error's message without a connection string's password. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^@/\s]*@/g, '//***@');
}
