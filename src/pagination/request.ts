import { BadUserInputError } from '../errors.js';

/** The pagination arguments every list field takes. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  page?: number | null;
  pageSize?: number | null;
}

/** A validated pagination request: page numbers, or Relay cursors forwards or backwards. */
export type PageRequest =
  | { mode: 'page'; page: number; pageSize: number }
  | { mode: 'forward'; first: number; after?: string }
  | { mode: 'backward'; last: number; before?: string };

/** Page-size limits of one list: its default and the most the vendor serves in one call. */
export interface PageLimits {
  defaultSize: number;
  maxSize: number;
}

/**
 * Validates pagination arguments. Page mode (`page`/`pageSize`) and cursor mode
 * (`first`/`after`/`last`/`before`) do not mix; `first` and `last` do not mix; a size over the
 * list's maximum is an error, never a silent clamp. With no arguments: the first page of the
 * default size.
 */
export function parsePageArgs(args: PageArgs, limits: PageLimits): PageRequest {
  const { first, after, last, before, page, pageSize } = args;
  const pageMode = page != null || pageSize != null;
  const cursorMode = first != null || after != null || last != null || before != null;
  if (pageMode && cursorMode) {
    throw new BadUserInputError('Use either page/pageSize or first/after/last/before, not both.', 'page');
  }
  if (pageMode) {
    const size = checkSize(pageSize ?? limits.defaultSize, 'pageSize', limits.maxSize);
    if (size === 0) throw new BadUserInputError('pageSize must be at least 1.', 'pageSize');
    const number = page ?? 1;
    if (!Number.isInteger(number) || number < 1) {
      throw new BadUserInputError(`page must be 1 or more, got ${number}.`, 'page');
    }
    return { mode: 'page', page: number, pageSize: size };
  }
  if (first != null && last != null) {
    throw new BadUserInputError('Use either first or last, not both.', 'last');
  }
  if (last != null || (before != null && first == null)) {
    if (after != null) throw new BadUserInputError('Use after with first, and before with last.', 'after');
    const size = checkSize(last ?? limits.defaultSize, 'last', limits.maxSize);
    return { mode: 'backward', last: size, ...(before != null && { before }) };
  }
  if (before != null) throw new BadUserInputError('Use after with first, and before with last.', 'before');
  const size = checkSize(first ?? limits.defaultSize, 'first', limits.maxSize);
  return { mode: 'forward', first: size, ...(after != null && { after }) };
}

function checkSize(size: number, name: string, max: number): number {
  if (!Number.isInteger(size) || size < 0) {
    throw new BadUserInputError(`${name} must be 0 or more, got ${size}.`, name);
  }
  if (size > max) {
    throw new BadUserInputError(`${name} must be at most ${max} for this list, got ${size}; ask for more pages instead.`, name);
  }
  return size;
}
