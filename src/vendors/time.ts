/**
 * Wall-clock times in a named zone, as the vendors write them ("YYYY-MM-DD HH:MM:SS"),
 * converted to and from instants with Intl (no time-zone library needed), and the checks of a
 * time range every vendor's requests make.
 */
import { BadUserInputError } from '../errors.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Formats an instant as "YYYY-MM-DD HH:MM:SS" on the wall clock of `timeZone`. */
export function formatLocalTime(date: Date, timeZone = 'UTC'): string {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * Parses "YYYY-MM-DD HH:MM[:SS]" read on the wall clock of `timeZone`; null when malformed. A wall
 * time that occurs twice (when clocks go back) reads as one of its two instants: the later in
 * Europe/Berlin, the earlier in America/New_York (the documents do not say which they mean).
 */
export function parseLocalTime(value: string, timeZone = 'UTC'): Date | null {
  return readLocalTime(value, timeZone) ?? null;
}

/** As parseLocalTime, but undefined when `value` is not written "YYYY-MM-DD HH:MM[:SS]" (one match serves both questions). */
export function readLocalTime(value: string, timeZone = 'UTC'): Date | null | undefined {
  const match = LOCAL_TIME.exec(value);
  if (!match) return undefined;
  // The seconds are optional: "10:00" is 10:00:00 (it read as null before, its seconds NaN).
  const asUtc = Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], match[6] === undefined ? 0 : +match[6]);
  if (Number.isNaN(asUtc)) return null;
  if (timeZone === 'UTC') return new Date(asUtc);
  // The zone's offset at that moment; a second pass settles times next to a DST change.
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  return new Date(guess);
}

/** Whether `timeZone` is an IANA zone Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Seconds since the epoch. */
export function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Checks that `from` is not after `to`; BAD_USER_INPUT at `${field}.from` when it is. */
export function checkOrder(from: Date, to: Date, field: string): void {
  if (from.getTime() > to.getTime()) {
    throw new BadUserInputError(`${field}.from (${from.toISOString()}) must not be after ${field}.to (${to.toISOString()}).`, `${field}.from`);
  }
}

// Private:

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Offsets by zone, then by quarter hour of UTC: every zone changes its offset on a quarter hour,
 * so one Intl call serves every time of the quarter (reading a list formatted two per row before).
 * Keyed by number within a zone, so that a row's lookups build no key strings.
 */
const offsets = new Map<string, Map<number, number>>();
let offsetsKept = 0;
const QUARTER_HOUR_MS = 900_000;
/** Quarter hours remembered, over all zones; past this the maps start again. */
const OFFSETS_KEPT = 50_000;

function offsetMs(instant: number, timeZone: string): number {
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  let offset = offsets.get(timeZone)?.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR_MS;
    const local = formatLocalTime(new Date(start), timeZone);
    const [datePart, timePart] = local.split(' ');
    const [y, m, d] = datePart.split('-').map(Number);
    const [h, min, s] = timePart.split(':').map(Number);
    offset = Date.UTC(y, m - 1, d, h, min, s) - start;
    if (offsetsKept >= OFFSETS_KEPT) {
      offsets.clear();
      offsetsKept = 0;
    }
    // The zone's map is made only once its first offset is known: a name Intl refuses leaves none behind.
    let zone = offsets.get(timeZone);
    if (!zone) {
      zone = new Map();
      offsets.set(timeZone, zone);
    }
    zone.set(quarter, offset);
    offsetsKept++;
  }
  return offset;
}
