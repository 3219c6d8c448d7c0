/**
 * Errors that accompany data instead of replacing it: a merged list whose one vendor failed
 * still answers the others' rows, and the failure is an error at a path inside the answer.
 * graphql-js records an error only for a field that throws (and nulls it), so these are kept
 * per operation and added to the response by the server's plugin (see server.ts).
 */
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';

/** By operation: Apollo gives each operation (of a batch, too) its own copy of the context object. */
const pending = new WeakMap<object, GraphQLError[]>();

/** Records `error` for the operation of `context` at the path of the current field plus `below`. */
export function reportPartialError(context: object, info: GraphQLResolveInfo, error: Error, below: readonly (string | number)[]): void {
  const path: (string | number)[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = info.path; at; at = at.prev) path.unshift(at.key);
  const located = new GraphQLError(error.message, { nodes: info.fieldNodes, path: [...path, ...below], originalError: error });
  pending.set(context, [...(pending.get(context) ?? []), located]);
}

/** The errors recorded for the operation of `context`, once (they are forgotten as they are taken). */
export function takePartialErrors(context: object): GraphQLError[] {
  const errors = pending.get(context) ?? [];
  pending.delete(context);
  return errors;
}

/** A merged page with each failed vendor also reported as an error at its `missingVendors` entry. */
export function reportMissingVendors<C extends { missingVendors: readonly { error: Error }[] }>(
  context: object,
  info: GraphQLResolveInfo,
  connection: C,
): C {
  connection.missingVendors.forEach(({ error }, i) => reportPartialError(context, info, error, ['missingVendors', i]));
  return connection;
}
