import { BadUserInputError } from '../errors.js';

/**
 * Opaque cursors, all base64url so clients treat them as opaque. Three kinds:
 *
 * - an offset cursor (`offset:<n>`) marks a position in a numbered list; it shifts when a row
 *   is created or deleted before it;
 * - a vendor-key cursor (`key:<cursor>`) wraps a vendor's own cursor (an Integr8 report row's
 *   `real_tx_id`);
 * - a row-key cursor (the JSON `["k", "<id>"]`) holds the unique key of the last row read, for
 *   keyset paging (the rows after or before that key), which no create or delete shifts. The
 *   first element names the format, so a later format is told apart from this one.
 */

/** A decoded cursor, by kind. */
export type DecodedCursor = { kind: 'offset'; offset: number } | { kind: 'vendorKey'; key: string } | { kind: 'rowKey'; key: string };

/** The cursor of the item at zero-based `offset`. */
export function offsetToCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/**
 * The offset inside an offset cursor. A row-key cursor is BAD_USER_INPUT "from another paging
 * mode" (it came from the same list read in key order); anything else is BAD_USER_INPUT too.
 */
export function cursorToOffset(cursor: string, field: string): number {
  const decoded = decodeCursor(cursor);
  if (decoded?.kind === 'offset') return decoded.offset;
  if (decoded?.kind === 'rowKey') throw otherMode(cursor, field, 'holds a row key (the list read without `sort`), and this read counts offsets');
  throw invalid(cursor, field);
}

/** The cursor wrapping a vendor key. */
export function keyToCursor(key: string): string {
  return Buffer.from(`key:${key}`).toString('base64url');
}

/** The vendor key inside a key cursor; BAD_USER_INPUT for anything else. */
export function cursorToKey(cursor: string, field: string): string {
  const decoded = decodeCursor(cursor);
  if (decoded?.kind === 'vendorKey') return decoded.key;
  throw invalid(cursor, field);
}

/** The cursor of a row with unique key `key`, for keyset paging. */
export function rowKeyToCursor(key: string): string {
  return Buffer.from(JSON.stringify(['k', key])).toString('base64url');
}

/**
 * The row key inside a row-key cursor. An offset cursor is BAD_USER_INPUT "from another paging
 * mode"; anything else is BAD_USER_INPUT too.
 */
export function cursorToRowKey(cursor: string, field: string): string {
  const decoded = decodeCursor(cursor);
  if (decoded?.kind === 'rowKey') return decoded.key;
  if (decoded?.kind === 'offset') throw otherMode(cursor, field, 'counts an offset, and this read follows row keys');
  throw invalid(cursor, field);
}

/** Any cursor this gateway writes, by kind; null for a string that is none of them. */
export function decodeCursor(cursor: string): DecodedCursor | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = /^offset:(\d+)$/.exec(text);
  if (offset) return Number.isSafeInteger(Number(offset[1])) ? { kind: 'offset', offset: Number(offset[1]) } : null;
  const key = /^key:(.+)$/s.exec(text);
  if (key) return { kind: 'vendorKey', key: key[1] };
  if (text.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value) && value.length === 2 && value[0] === 'k' && typeof value[1] === 'string' && value[1] !== '') {
        return { kind: 'rowKey', key: value[1] };
      }
    } catch {
      // Not JSON: not a cursor of ours.
    }
  }
  return null;
}

// Private:

function shown(cursor: string): string {
  return cursor.length > 40 ? `${cursor.slice(0, 37)}...` : cursor;
}

function invalid(cursor: string, field: string): BadUserInputError {
  return new BadUserInputError(`${field} "${shown(cursor)}" is not a cursor of this list; pass a cursor this list returned.`, field);
}

function otherMode(cursor: string, field: string, why: string): BadUserInputError {
  return new BadUserInputError(
    `${field} "${shown(cursor)}": this cursor is from another paging mode: it ${why}. Pass a cursor this same query returned (with the same \`sort\`), or start again without one.`,
    field,
  );
}
