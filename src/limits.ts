import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getNamedType, GraphQLError, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
// The CommonJS build: its ESM build imports graphql/index.mjs, a second copy of graphql beside
// the CommonJS one everything else loads, and graphql refuses objects from another copy.
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity/cjs';
import type { Config } from './config.js';

/** The code of every query-shape limit: depth, aliases, tokens, directives, cost. */
export const LIMIT_CODE = 'QUERY_LIMIT_EXCEEDED';

/** Tokens a document may hold; graphql's parser stops there, before deep nesting can exhaust the stack. */
export const MAX_TOKENS = 2000;

/** Size assumed for a list field asked for without first/last/pageSize (the lists' default). */
const DEFAULT_LIST_SIZE = 50;

/**
 * Limits on the shape of queries, checked before anything runs: graphql-armor's depth,
 * aliases, directives and token counts, and a cost where a list's fields count once per item
 * it may return (so `first: 100` under `first: 100` costs 10,000 times its fields).
 */
export function queryLimits(limits: Config['limits']): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxDirectives: { n: 50, exposeLimits: true },
    // Tokens are limited by graphql's own parser (parseOptions in server.ts): armor's plugin parses
    // again in a hook, where a syntax error becomes a 500 instead of a 400.
    maxTokens: { enabled: false },
    // The gateway's own cost rule below multiplies by list sizes; armor's does not.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  // armor declares Apollo's CommonJS plugin type; the objects are the same under ESM.
  return { validationRules: armor.validationRules, plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), costPlugin(limits.maxCost)] };
}

/** How much a field costs: one, plus its selection; a connection's selection once per item. */
export const listCost: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (getNamedType(field.type).name.endsWith('Connection')) {
    const size = Number(args.first ?? args.last ?? args.pageSize ?? DEFAULT_LIST_SIZE);
    return 1 + Math.max(1, size) * childComplexity;
  }
  if (field.name === 'nodes' && Array.isArray(args.ids)) return 1 + args.ids.length * childComplexity;
  return 1 + childComplexity;
};

function costPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = costOf(schema, document, request.operationName, request.variables);
          } catch {
            // Variables that do not coerce: execution reports them as BAD_USER_INPUT, with the field.
            return;
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `This query could cost ${cost} field reads, over the limit of ${maxCost}: ask for smaller pages (first/pageSize) or fewer nested lists.`,
              { extensions: { code: LIMIT_CODE, cost, maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

// Private: costs remembered per document

/** The arguments whose values the cost reads (listCost); every other variable leaves it unchanged. */
const SIZE_ARGUMENTS = new Set(['first', 'last', 'pageSize', 'ids']);
/** Costs kept per document (Apollo keeps one parsed document per distinct query text). */
const COSTS_PER_DOCUMENT = 50;

interface DocumentCosts {
  /** The variables used anywhere inside a size argument. */
  sizeVariables: string[];
  /** Cost by operation name and the size variables' values. */
  costs: Map<string, number>;
}

const documentCosts = new WeakMap<DocumentNode, DocumentCosts>();

/**
 * The cost of an operation, computed once per document, operation and values of the variables
 * the cost depends on: walking the document with its types was a twentieth of a one-entity
 * request's CPU, and a repeated query with another id costs the same.
 */
function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  let known = documentCosts.get(document);
  if (!known) {
    known = { sizeVariables: sizeVariablesOf(document), costs: new Map() };
    documentCosts.set(document, known);
  }
  const key = JSON.stringify([operationName ?? null, known.sizeVariables.map((name) => variables?.[name] ?? null)]);
  let cost = known.costs.get(key);
  if (cost === undefined) {
    cost = getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [listCost] });
    if (known.costs.size >= COSTS_PER_DOCUMENT) known.costs.clear();
    known.costs.set(key, cost);
  }
  return cost;
}

function sizeVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  let depth = 0;
  visit(document, {
    Argument: {
      enter: (node) => void (SIZE_ARGUMENTS.has(node.name.value) && depth++),
      leave: (node) => void (SIZE_ARGUMENTS.has(node.name.value) && depth--),
    },
    Variable: (node) => void (depth > 0 && names.add(node.name.value)),
  });
  return [...names].sort();
}
