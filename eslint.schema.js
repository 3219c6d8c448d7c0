// Schema lint: @graphql-eslint's schema rules over schema/*.graphql, run by `npm run lint`
// (imported by eslint.config.js). Every rule of its `schema-all` and `schema-relay` sets is
// named here, on or off; each one off says why it does not fit this schema.
import graphql from '@graphql-eslint/eslint-plugin';

const rule = (name) => `@graphql-eslint/${name}`;

export default [
  {
    files: ['schema/**/*.graphql'],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: 'schema/*.graphql' } } },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      // graphql-js validation and the recommended naming and hygiene rules.
      ...graphql.configs['flat/schema-recommended'].rules,
      // A description on every type, field, argument, input field, enum value and scalar
      // (GitHub's schema: clients read them in their IDE and in the generated types).
      [rule('require-description')]: [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          ScalarTypeDefinition: true,
          DirectiveDefinition: true,
        },
      ],
      // camelCase fields and arguments, PascalCase types, SCREAMING_SNAKE enum values; no
      // `get`/`list`/`query` prefixes on reads, no `mutation` prefix or suffix on writes.
      [rule('naming-convention')]: [
        'error',
        {
          types: 'PascalCase',
          FieldDefinition: 'camelCase',
          InputValueDefinition: 'camelCase',
          Argument: 'camelCase',
          DirectiveDefinition: 'camelCase',
          EnumValueDefinition: 'UPPER_CASE',
          'FieldDefinition[parent.name.value=Query]': { forbiddenPrefixes: ['query', 'get', 'list'], forbiddenSuffixes: ['Query'] },
          'FieldDefinition[parent.name.value=Mutation]': { forbiddenPrefixes: ['mutation'], forbiddenSuffixes: ['Mutation'] },
          'EnumTypeDefinition,EnumTypeExtension': { forbiddenPrefixes: ['Enum'], forbiddenSuffixes: ['Enum'] },
          'InterfaceTypeDefinition,InterfaceTypeExtension': { forbiddenPrefixes: ['Interface'], forbiddenSuffixes: ['Interface'] },
          'ObjectTypeDefinition,ObjectTypeExtension': { forbiddenPrefixes: ['Type'], forbiddenSuffixes: ['Type'] },
        },
      ],
      // Every record has exactly one `id: ID!`. Connections, edges, payloads and the value
      // types below have no identity of their own, so they are exempt.
      [rule('strict-id-in-types')]: [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            suffixes: ['Connection', 'Edge', 'Payload', 'Details', 'Suggestions'],
            types: [
              'PageInfo',
              'SubId',
              'TimeRange',
              'Payout',
              'ExportQuery',
              'UserError',
              'LinkEvidence',
              'PartnerLinkSuggestion',
              'BulkItemResult',
              'AffiliateChange',
              'AffiliateResourceError',
              // Values, not records: a merged page's failed vendor, an amount and its currency.
              'MissingVendor',
              'Money',
              // Records without a global ID, for the lead: Employee's `id` is Everflow's nullable
              // Int and AffiliateUser has only `nativeId`; neither implements Node.
              'Employee',
              'AffiliateUser',
              // A value read off an Integr8 click row (`integr8Click` is the node).
              'ClickVerdict',
            ],
          },
        },
      ],

      // Relay: connections, edges, PageInfo and the paging arguments of every list.
      ...graphql.configs['flat/schema-relay'].rules,
      // Off: `listTypeCanWrapOnlyEdgeType`, which would forbid every list but `edges`: the
      // connections also have GitHub's `nodes`, and payloads return lists of changed records.
      [rule('relay-edge-types')]: ['error', { withEdgeSuffix: true, shouldImplementNode: true, listTypeCanWrapOnlyEdgeType: false }],

      // The rest of `schema-all`.
      [rule('input-name')]: ['error', { checkInputType: false }],
      [rule('no-scalar-result-type-on-mutation')]: 'error',
      [rule('require-nullable-fields-with-oneof')]: 'error',
      [rule('require-nullable-result-in-root')]: 'error',
      [rule('require-type-pattern-with-oneof')]: 'error',
      // Off: the types, fields and enum values are in domain order (id, vendor, nativeId, the
      // common fields, then each vendor's), which reads better than A to Z in docs and codegen.
      [rule('alphabetize')]: 'off',
      // Off: it asks every description to be of one style; the schema writes one-line
      // descriptions inline ("...") and longer ones as blocks ("""..."""), as Prettier keeps them.
      [rule('description-style')]: 'off',
      // Off: it forbids the Mutation type (for read-only APIs); the gateway has writes.
      [rule('no-root-type')]: 'off',
      // Off: payloads return the changed records themselves (a normalised client cache
      // updates from them), not a `query: Query` field to refetch with.
      [rule('require-field-of-type-query-in-mutation-result')]: 'off',
      // Off: it wants `@deprecated(deletionDate:)`, an argument the standard @deprecated does
      // not have; README's changelog carries the dates.
      [rule('require-deprecation-date')]: 'off',
      // Off until the lead renames Payout's `payout`, `payoutPercent` and `payoutType`
      // (a breaking change); every other type passes it.
      [rule('no-typename-prefix')]: 'off',
    },
  },
];
