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
 * time that occurs twice (when clocks go back) reads as the later instant.
 */
export function parseLocalTime(value: string, timeZone = 'UTC'): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1).map(Number) as number[];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, Number(second));
  if (Number.isNaN(asUtc)) return null;
  // The zone's offset at that moment; a second pass settles times next to a DST change.
  let guess = asUtc - offsetMs(new Date(asUtc), timeZone);
  guess = asUtc - offsetMs(new Date(guess), timeZone);
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

function offsetMs(date: Date, timeZone: string): number {
  const local = formatLocalTime(date, timeZone);
  const [datePart, timePart] = local.split(' ');
  const [y, m, d] = datePart.split('-').map(Number);
  const [h, min, s] = timePart.split(':').map(Number);
  return Date.UTC(y, m - 1, d, h, min, s) - Math.floor(date.getTime() / 1000) * 1000;
}
