/**
 * Shape checks for vendor answers. A vendor answer is read tolerantly (every shape its document
 * allows), but an answer of a shape nobody documented (an array where an object belongs, a
 * record without its id) is an error naming the endpoint, never a record of nulls. One malformed
 * *value* is still the mapper's business (a null field, the value kept in `raw`); these check
 * the *structure* only.
 *
 * A `Shape<T>` reads an unknown value and returns it as T (possibly unwrapped), or throws a
 * ShapeError saying where and what was unexpected. RestClient turns a ShapeError into an
 * `UPSTREAM_ERROR` with the vendor, the method and the path, and never caches the answer.
 */

/** A structural check (and optional unwrapping) of a vendor answer. */
export type Shape<T> = (value: unknown, path: string) => T;

/** What a Shape throws: the JSON path and what was found there. */
export class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path || 'the body'} ${problem}`);
    this.name = 'ShapeError';
  }
}

/** Describes a value's JSON type for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any value, unchecked (for answers whose content the gateway does not read, such as `{}`). */
export function anything<T = unknown>(): Shape<T> {
  return (value) => value as T;
}

/**
 * An object (not an array, not null). `fields` checks some of its keys; keys not named are
 * kept as they are, so a vendor adding fields never breaks the gateway.
 */
export function object<T = Record<string, unknown>>(fields: Record<string, Shape<unknown>> = {}): Shape<T> {
  return (value, path) => {
    if (!isRecord(value)) throw new ShapeError(path, `is ${describe(value)}, expected an object`);
    for (const [key, shape] of Object.entries(fields)) shape(value[key], at(path, key));
    return value as T;
  };
}

/** A record that carries its id under `key` (a number or non-empty text): a record without one cannot be addressed. */
export function entity<T = Record<string, unknown>>(key = 'id', fields: Record<string, Shape<unknown>> = {}): Shape<T> {
  return object<T>({ [key]: id(), ...fields });
}

/** An id: a finite number or non-empty text. */
export function id(): Shape<string | number> {
  return (value, path) => {
    if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '')) return value;
    throw new ShapeError(path, `is ${describe(value)}, expected an id`);
  };
}

/** An array whose every item passes `item`. */
export function list<T>(item: Shape<T>): Shape<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ShapeError(path, `is ${describe(value)}, expected an array`);
    return value.map((entry, index) => item(entry, at(path, index)));
  };
}

/** A value that may be absent (undefined or null); present, it must pass `shape`. */
export function optional<T>(shape: Shape<T>): Shape<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : shape(value, path));
}

/** A number, or numeric text (vendors send both for counts). */
export function count(): Shape<number> {
  return (value, path) => {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number === 'number' && Number.isFinite(number)) return number;
    throw new ShapeError(path, `is ${describe(value)}, expected a number`);
  };
}

/** The value under `key` of an object, read with `shape` (the envelope is dropped). */
export function field<T>(key: string, shape: Shape<T>): Shape<T> {
  return (value, path) => {
    if (!isRecord(value)) throw new ShapeError(path, `is ${describe(value)}, expected an object with "${key}"`);
    return shape(value[key], at(path, key));
  };
}

/**
 * Exactly one record, sent either as the record itself or as a list that holds it (a document
 * that shows a list envelope for a by-id read). An empty list is `null` (nothing found); a list
 * of several is an error, since the gateway cannot know which one was meant.
 */
export function single<T>(item: Shape<T>): Shape<T | null> {
  return (value, path) => {
    if (!Array.isArray(value)) return item(value, path);
    if (value.length === 0) return null;
    if (value.length > 1) throw new ShapeError(path, `is ${describe(value)}, expected one record`);
    return item(value[0], at(path, 0));
  };
}

/** Reads `value` with `shape`; the caller names the endpoint when it turns the ShapeError into an error. */
export function readShape<T>(shape: Shape<T>, value: unknown): T {
  return shape(value, '');
}
