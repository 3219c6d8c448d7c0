/**
 * Small, pure helpers for the benchmark: percentiles, number formatting and a plain-text
 * table. Nothing here measures anything.
 */

/**
 * The `p`-th percentile (0..100) of `values` by the nearest-rank method on a sorted copy;
 * NaN for an empty list. Nearest rank keeps every reported figure a value that was measured.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The 50th percentile (see `percentile`). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Milliseconds with one decimal, or "-" when not a number. */
export function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '-';
}

/** A ratio as "12.3x", or "-" when either side is missing or the divisor is 0. */
export function ratio(numerator: number, denominator: number): string {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return '-';
  return `${(numerator / denominator).toFixed(1)}x`;
}

/** Bytes as mebibytes with one decimal, signed when `signed` is set. */
export function mib(bytes: number, signed = false): string {
  const value = (bytes / 1024 / 1024).toFixed(1);
  return signed && bytes >= 0 ? `+${value}` : value;
}

/**
 * A plain-text table: a header row, a rule and the rows, every column padded to its widest
 * cell. The first column is left-aligned (labels), the others right-aligned (figures).
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
