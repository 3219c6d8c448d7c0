import type { MoneyModel } from '../models/index.js';

/** An amount with its currency; null when there is no amount. */
export function money(amount: number | null, currency: string | null): MoneyModel | null {
  return amount === null ? null : { amount, currency };
}
