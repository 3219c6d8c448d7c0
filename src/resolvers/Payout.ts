import type { PayoutResolvers } from '../__generated__/resolvers.js';
import { money } from './Money.js';

export const Payout = {
  payoutMoney: (payout) => money(payout.payout, payout.currency),
  revenueMoney: (payout) => money(payout.revenue, payout.currency),
} satisfies PayoutResolvers;
