import type { LandingPageResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const LandingPage = {
  id: globalId,
  offer: (page, _, ctx) => ctx.resolve(page.offerRef),
} satisfies LandingPageResolvers;
