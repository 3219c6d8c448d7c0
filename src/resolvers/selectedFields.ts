import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { subfields } from './selectedRelationships.js';

/**
 * Whether the query selects the field at `path` below the current field (by name, so aliases
 * count; fragments are expanded; a field under `@skip`/`@include` counts as selected), so that a
 * resolver can leave out work nothing will read.
 */
export function selectsField(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let fields: readonly FieldNode[] = info.fieldNodes;
  for (const segment of path) fields = subfields(fields, info).filter((field) => field.name.value === segment);
  return fields.length > 0;
}

/** Whether a connection's total is selected: `totalCount`, or `pageInfo.totalPages`, which is computed from it. */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  return selectsField(info, ['totalCount']) || selectsField(info, ['pageInfo', 'totalPages']);
}
