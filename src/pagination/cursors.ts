import { BadUserInputError } from '../errors.js';

/**
 * Opaque cursors. An offset cursor marks a position in a numbered list; a key cursor wraps a
 * vendor's own cursor (an Integr8 report row's `real_tx_id`). Both are base64url so clients
 * treat them as opaque.
 */

/** The cursor of the item at zero-based `offset`. */
export function offsetToCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/** The offset inside an offset cursor; BAD_USER_INPUT for anything else. */
export function cursorToOffset(cursor: string, field: string): number {
  const match = /^offset:(\d+)$/.exec(decode(cursor));
  if (!match) throw invalid(cursor, field);
  return Number(match[1]);
}

/** The cursor wrapping a vendor key. */
export function keyToCursor(key: string): string {
  return Buffer.from(`key:${key}`).toString('base64url');
}

/** The vendor key inside a key cursor; BAD_USER_INPUT for anything else. */
export function cursorToKey(cursor: string, field: string): string {
  const match = /^key:(.+)$/s.exec(decode(cursor));
  if (!match) throw invalid(cursor, field);
  return match[1];
}

function decode(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

function invalid(cursor: string, field: string): BadUserInputError {
  const shown = cursor.length > 40 ? `${cursor.slice(0, 37)}...` : cursor;
  return new BadUserInputError(`${field} "${shown}" is not a cursor of this list; pass a cursor this list returned.`, field);
}
