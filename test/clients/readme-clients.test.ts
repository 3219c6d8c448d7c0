/**
 * README's "Using it from a client" quotes the client set-ups the tests import and the codegen
 * config the codegen test runs, whole: a change to either side without the other fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readmeBlocks, ROOT } from './helpers.js';

const QUOTED = [
  ['ts', 'test/clients/setup/apollo.ts'],
  ['ts', 'test/clients/setup/urql.ts'],
  ['ts', 'test/clients/setup/graphqlRequest.ts'],
  ['yaml', 'codegen.client.yml'],
] as const;

test.each(QUOTED)('README quotes %s block %s verbatim, in "Using it from a client"', (language, file) => {
  const quoted = readmeBlocks(language)
    .filter(({ heading }) => ['Apollo Client', 'urql', 'graphql-request', "Types: graphql-codegen's client preset"].includes(heading))
    .map(({ code }) => code);
  expect(quoted).toContain(readFileSync(path.join(ROOT, file), 'utf8'));
});
