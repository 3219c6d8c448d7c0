import type { LandingPageResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const LandingPage = {
  id: globalId,
  offer: async (page, _, ctx) => (await ctx.resolve(page.offerRef))!,
} satisfies LandingPageResolvers;
