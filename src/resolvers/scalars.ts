import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import {
  CountryCodeResolver,
  CurrencyResolver,
  DateResolver,
  DateTimeResolver,
  EmailAddressResolver,
  IPResolver,
  JSONResolver,
  TimeZoneResolver,
  URLResolver,
} from 'graphql-scalars';

/**
 * The schema's custom scalars, implemented by graphql-scalars. Outputs serialise exactly as
 * graphql-scalars does (vendor values are checked with the same resolvers in
 * `vendors/normalize.ts`); inputs are parsed by it too, with these adjustments so that a parsed
 * input is what the vendors are sent, and a bad literal is reported at its place:
 *
 * - CountryCode and Currency take any case and arrive in upper case (`nl` is `NL`).
 * - URL arrives as the text given (graphql-scalars makes a WHATWG `URL` object of it, which
 *   would add a trailing slash), and a value that is not a URL is told as
 *   `Value is not a valid URL: ...` like the other scalars' errors.
 * - A literal's parse error carries the literal's node (graphql-scalars' TimeZone leaves it
 *   out), so that the error has a location and formatError can name the argument and field.
 * - DateTime serialises to its ISO text, the text JSON.stringify would write for the Date
 *   graphql-scalars returns: stringify calling each Date's toJSON cost a list of 1000 clicks
 *   0.7 ms more than writing the texts first.
 * - TimeZone, CountryCode and Currency remember what serialising each distinct text gave: the
 *   values repeat on every row, and graphql-scalars' TimeZone check builds two Intl objects a
 *   call (half the CPU of a 100-publisher list before).
 */
export const scalars = {
  DateTime: isoText(DateTimeResolver),
  Date: DateResolver,
  TimeZone: remembered(adjusted(TimeZoneResolver)),
  IP: IPResolver,
  CountryCode: remembered(adjusted(CountryCodeResolver, (value) => String(value).toUpperCase())),
  Currency: remembered(adjusted(CurrencyResolver, (value) => String(value).toUpperCase())),
  URL: adjusted(URLResolver, (_, given) => String(given), 'Value is not a valid URL'),
  EmailAddress: EmailAddressResolver,
  JSON: JSONResolver,
};

// Private:

/**
 * `base` with its parsed input values passed through `after` (which also sees the value as
 * given). `invalid`, when set, replaces the message of a parse failure that is not a
 * GraphQLError (URL's `TypeError: Invalid URL`) by `${invalid}: ${value}`.
 */
function adjusted(
  base: GraphQLScalarType,
  after: (parsed: unknown, given: unknown) => unknown = (parsed) => parsed,
  invalid?: string,
): GraphQLScalarType {
  const parse = (given: unknown, run: () => unknown, node?: ValueNode): unknown => {
    try {
      return after(run(), given);
    } catch (error) {
      if (error instanceof GraphQLError) {
        if (!node || error.nodes?.length) throw error;
        throw new GraphQLError(error.message, { nodes: node, originalError: error });
      }
      if (!invalid) throw error;
      throw new GraphQLError(`${invalid}: ${typeof given === 'string' ? given : JSON.stringify(given)}`, { nodes: node });
    }
  };
  return new GraphQLScalarType({
    ...base.toConfig(),
    parseValue: (value) => parse(value, () => base.parseValue(value)),
    parseLiteral: (ast: ValueNode, variables) => parse(literalText(ast), () => base.parseLiteral(ast, variables), ast),
  });
}

/** `base` whose serialised Dates become their ISO text (the same JSON). */
function isoText(base: GraphQLScalarType): GraphQLScalarType {
  const serialize = base.serialize.bind(base);
  return new GraphQLScalarType({
    ...base.toConfig(),
    serialize(value) {
      const serialised = serialize(value);
      return serialised instanceof Date ? serialised.toISOString() : serialised;
    },
  });
}

/** Distinct texts a remembered scalar keeps outcomes of; past this it starts again (the values that repeat come back at once). */
const REMEMBERED = 10_000;

/** `base` whose serialisation of a string is computed once per distinct string: the value, or the error to throw again. */
function remembered(base: GraphQLScalarType): GraphQLScalarType {
  const outcomes = new Map<string, { value: unknown } | { error: unknown }>();
  const serialize = base.serialize.bind(base);
  return new GraphQLScalarType({
    ...base.toConfig(),
    serialize(value) {
      if (typeof value !== 'string') return serialize(value);
      let outcome = outcomes.get(value);
      if (!outcome) {
        try {
          outcome = { value: serialize(value) };
        } catch (error) {
          outcome = { error };
        }
        if (outcomes.size >= REMEMBERED) outcomes.clear();
        outcomes.set(value, outcome);
      }
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    },
  });
}

/** The text of a literal, for `after` and the messages (the literal's kind for non-strings). */
function literalText(ast: ValueNode): unknown {
  return 'value' in ast && typeof ast.value === 'string' ? ast.value : ast.kind;
}
