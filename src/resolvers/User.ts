import type { UserResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const User = {
  id: globalId,
} satisfies UserResolvers;
