import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { AffiliateRelationship } from '../__generated__/resolvers.js';

/**
 * The Everflow relationships a query selects on the affiliates at `path` below the current
 * field (`[]` for the field itself, `['edges', 'node']` for a connection), so the first call
 * can ask for all of them: `users`, and every `relationship(name:)`, aliases included.
 */
export function selectedRelationships(info: GraphQLResolveInfo, paths: string[][]): AffiliateRelationship[] {
  const names = new Set<AffiliateRelationship>();
  for (const path of paths) {
    let fields: readonly FieldNode[] = info.fieldNodes;
    for (const segment of path) fields = subfields(fields, info).filter((field) => field.name.value === segment);
    for (const field of subfields(fields, info)) {
      if (field.name.value === 'users') names.add('USERS');
      if (field.name.value !== 'relationship') continue;
      const argument = field.arguments?.find((arg) => arg.name.value === 'name')?.value;
      if (argument?.kind === Kind.ENUM) names.add(argument.value as AffiliateRelationship);
      if (argument?.kind === Kind.VARIABLE) {
        const value = info.variableValues[argument.name.value];
        if (typeof value === 'string') names.add(value as AffiliateRelationship);
      }
    }
  }
  return [...names].sort();
}

/** The fields selected under some field nodes, with fragments expanded. */
export function subfields(fields: readonly FieldNode[], info: GraphQLResolveInfo): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) out.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  fields.forEach((field) => visit(field.selectionSet));
  return out;
}
