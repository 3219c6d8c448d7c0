/**
 * Turns vendor values into the schema's normalised values. Vendor data is not always clean:
 * anything malformed becomes null here (the mapper keeps the vendor's record in `raw`), so one
 * bad value never fails a whole list. Scalars are checked with the same graphql-scalars
 * resolvers that serialise them (src/resolvers/scalars.ts), so "valid" means the same thing everywhere.
 */
import type { GraphQLScalarType } from 'graphql';
import { DateResolver, EmailAddressResolver, IPResolver, URLResolver } from 'graphql-scalars';
import type { SubIdModel } from '../models/index.js';
import { scalars } from '../resolvers/scalars.js';
import { readLocalTime } from './time.js';

/** Text the vendors use for "no value". */
const ABSENT = new Set(['', 'n/a', 'na', 'null', 'undefined', 'unk', 'unknown', '-']);
const ABSENT_LONGEST = Math.max(...[...ABSENT].map((marker) => marker.length));
/**
 * The markers' first characters with the ASCII case bit set (`| 0x20`): n, u and -. No character
 * but these (in either case) lower-cases to one starting with n, u or -, so a text that starts
 * otherwise is no marker (test/vendors/normalize.test.ts checks every code point).
 */
const ABSENT_FIRST = new Set([...ABSENT].filter(Boolean).map((marker) => marker.charCodeAt(0) | 0x20));

/** Trimmed text, or null for absent values ("", "N/A", "UNK", null). */
export function text(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  // Only short texts that start like a marker can be one: the others (most values) skip the lower-casing copy.
  return trimmed.length <= ABSENT_LONGEST && ABSENT_FIRST.has(trimmed.charCodeAt(0) | 0x20) && ABSENT.has(trimmed.toLowerCase()) ? null : trimmed;
}

/** A number from a number or a money string such as "$7.32" or "1,234.50"; null otherwise. */
export function amount(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const raw = text(value);
  if (raw === null) return null;
  const cleaned = raw
    .replace(/^[^\d+-]*(?=[\d+-])/, '')
    .replace(/,/g, '')
    .replace(/[^\d.+-eE]+$/, '');
  if (!/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** A whole number, or null. */
export function integer(value: unknown): number | null {
  const number = amount(value);
  return number !== null && Number.isInteger(number) ? number : null;
}

/** A boolean from true/false, 1/0 or "1"/"0"/"true"/"false"; null otherwise. */
export function flag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  return null;
}

/** An IPv4 or IPv6 address, or null (the iRev document's own example sends "111.222.333.444"). */
export const ip = (value: unknown): string | null => checkIp(text(value));
/** An ISO country code in upper case, or null. */
export const countryCode = perText((value: unknown): string | null => checkCountryCode(text(value)?.toUpperCase() ?? null));
/** An ISO currency code in upper case, or null. */
export const currency = perText((value: unknown): string | null => checkCurrency(text(value)?.toUpperCase() ?? null));
/** An email address, or null. */
export const email = (value: unknown): string | null => checkEmail(text(value));
/** An IANA time zone, or null. */
export const timeZone = perText((value: unknown): string | null => checkTimeZone(text(value)));
/** An absolute URL (angle brackets around it are dropped), or null. */
export const url = (value: unknown): string | null => checkUrl(unbracketed(value));

/** Text without the angle brackets a vendor may write around a link (`<http://example.com/offer/3>`), or null for absent values. */
export function unbracketed(value: unknown): string | null {
  const raw = text(value);
  // Only a text that starts with "<" can be bracketed: the others skip the regular expression.
  return raw !== null && raw.charCodeAt(0) === 0x3c ? raw.replace(/^<(.*)>$/, '$1') : raw;
}

/** A calendar date `YYYY-MM-DD` as the schema's Date (midnight UTC), or null when it is not one (`2024-02-30` is not). */
export function calendarDate(value: unknown): Date | null {
  const raw = text(value);
  if (raw === null) return null;
  try {
    return DateResolver.parseValue(raw) as Date;
  } catch {
    return null;
  }
}

/** A schema Date as the vendors write it, `YYYY-MM-DD`. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A Date from unix seconds; null for 0 or junk (the vendors' "never"). */
export function unixTime(value: unknown): Date | null {
  const seconds = amount(value);
  return seconds && seconds > 0 ? new Date(seconds * 1000) : null;
}

/** A Date from an ISO 8601 string, or from "YYYY-MM-DD HH:MM:SS" in `timeZone`; null otherwise. */
export function time(value: unknown, timeZone = 'UTC'): Date | null {
  const raw = text(value);
  if (raw === null) return null;
  const local = readLocalTime(raw, timeZone);
  if (local !== undefined) return local;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Sub-ids by position, leaving out the empty ones. */
export function subIds(values: readonly unknown[]): SubIdModel[] {
  const out: SubIdModel[] = [];
  for (let i = 0; i < values.length; i++) {
    const present = text(values[i]);
    if (present !== null) out.push({ position: i + 1, value: present });
  }
  return out;
}

/** The schema enum value for a vendor value, or null for one the table does not know. */
export function enumValue<T extends string>(table: Readonly<Record<string, T>>, value: unknown): T | null {
  return typeof value === 'string' && Object.hasOwn(table, value) ? table[value] : null;
}

/**
 * One enum as a table of pairs, read both ways: `toVendor` spells a schema value as the vendor
 * does, `fromVendor` reads a vendor's value as the schema's (null for one the table does not
 * know, as `enumValue`). `aliases` are further vendor spellings of a schema value, read but
 * never sent (Everflow's "payum" for paxum).
 */
export interface EnumMap<G extends string, V extends string> {
  /** The schema's values, in table order. */
  readonly values: readonly G[];
  /** The vendor's spellings, in table order, then the aliases. */
  readonly vendorValues: readonly string[];
  toVendor(value: G): V;
  fromVendor(value: unknown): G | null;
}

/** The EnumMap of `pairs` (schema value: vendor spelling); see EnumMap. */
export function enumMap<G extends string, V extends string>(pairs: Readonly<Record<G, V>>, aliases: Readonly<Record<string, G>> = {}): EnumMap<G, V> {
  const reverse: Record<string, G> = {
    ...Object.fromEntries(Object.entries<V>(pairs).map(([value, spelling]) => [spelling, value as G])),
    ...aliases,
  };
  return {
    values: Object.keys(pairs) as G[],
    vendorValues: Object.keys(reverse),
    toVendor: (value) => pairs[value],
    fromVendor: (value) => enumValue(reverse, value),
  };
}

/**
 * The record without its null and undefined entries, as a request body leaves out what the
 * input does not give (GraphQL's null and absent both mean "not given"). Entries that cannot be
 * null stay required in the type.
 */
export function withoutNulls<T extends object>(record: T): WithoutNulls<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)) as WithoutNulls<T>;
}

/** `T` with the entries that may be null or undefined made optional and non-null. */
export type WithoutNulls<T> = {
  [K in keyof T as null extends T[K] ? never : undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as null extends T[K] ? K : undefined extends T[K] ? K : never]?: NonNullable<T[K]>;
};

/** Strings of a list, leaving out absent ones; [] when the value is not a list. */
export function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text).filter((v): v is string => v !== null) : [];
}

// Private:

/** Distinct texts a check keeps refusals of, or a perText normaliser results of; past this it starts again (the texts that repeat come back at once). */
const TEXTS_KEPT = 10_000;

/**
 * `normalise` computed once per distinct string it is given, for values that repeat on every row
 * (country codes, currencies, zones): a remembered result is one Map read, where trimming, upper-
 * casing and checking one took about five times as long.
 */
function perText(normalise: (value: unknown) => string | null): (value: unknown) => string | null {
  const results = new Map<string, string | null>();
  return (value) => {
    if (typeof value !== 'string') return normalise(value);
    let result = results.get(value);
    if (result === undefined) {
      result = normalise(value);
      if (results.size >= TEXTS_KEPT) results.clear();
      results.set(value, result);
    }
    return result;
  };
}

/**
 * The check of a text against a schema scalar: the text when `resolver` serialises it, else null.
 * Refused texts are remembered: a refusal costs an error with its stack (a few invalid IPs were
 * 1.2% of a 500-click request), and a vendor's junk repeats, while the valid values (IPs, emails)
 * are mostly distinct and so are not kept.
 */
function check(resolver: GraphQLScalarType): (value: string | null) => string | null {
  const refused = new Set<string>();
  return (value) => {
    if (value === null || refused.has(value)) return null;
    try {
      resolver.serialize(value);
      return value;
    } catch {
      if (refused.size >= TEXTS_KEPT) refused.clear();
      refused.add(value);
      return null;
    }
  };
}

const checkIp = check(IPResolver);
const checkCountryCode = check(scalars.CountryCode);
const checkCurrency = check(scalars.Currency);
const checkEmail = check(EmailAddressResolver);
const checkTimeZone = check(scalars.TimeZone);
const checkUrl = check(URLResolver);
