// ESLint (flat config): typescript-eslint's recommended rules for the code, formatting left to
// Prettier, and the schema lint for schema/*.graphql (eslint.schema.js).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import schema from './eslint.schema.js';

const CODE = ['**/*.{js,mjs,cjs,ts,mts,cts}'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/__generated__/', 'coverage/'] },
  { files: CODE, extends: [js.configs.recommended, ...tseslint.configs.recommended, prettier] },
  {
    files: CODE,
    rules: {
      // `_name` marks a value destructured away on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Tests read untyped JSON answers (GraphQL responses, vendor bodies) as `any`.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...schema,
);
