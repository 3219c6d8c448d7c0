import type { ExportResolvers } from '../__generated__/resolvers.js';
import { globalId } from './Node.js';

export const Export = {
  id: globalId,
  type: (record) => record.exportType,
  // The signed URL is fetched only when asked for, and only once the file exists.
  downloadUrl: (record, _, ctx) => (record.status === 'DONE' && record.artifactName ? ctx.integr8.downloadUrl(record.artifactName) : null),
} satisfies ExportResolvers;
