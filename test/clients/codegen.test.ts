/**
 * codegen.client.yml, the client codegen README recommends, generates types for README's
 * operations that type-check with each client, and types every custom scalar of the schema (none
 * comes out `unknown` or `any`). Codegen and tsc run as child processes into a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  getNamedType,
  isScalarType,
  parse,
  specifiedScalarTypes,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type NamedTypeNode,
} from 'graphql';
import { loadSchema, readmeOperations, ROOT } from './helpers.js';

/** One field (or variable) of every custom scalar, for the type checks below. */
const SCALAR_PROBE = `
query ScalarProbe($day: Date!) {
  exports(filter: { startDate: $day }, first: 1) { nodes { id createdAt downloadUrl raw } }
  publishers(first: 1) { nodes { id email country timezone } }
  clicks(source: { irev: {} }, first: 1) { nodes { id ip currency } }
}
`;

/** Uses the generated documents with each client and pins the type of every custom scalar. */
const USAGE = `
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { GraphQLClient } from 'graphql-request';
import {
  AffiliatesByPageDocument,
  AffiliatesByCursorDocument,
  DeactivatePublishersDocument,
  type ScalarProbeQuery,
  type ScalarProbeQueryVariables,
} from './gql/graphql.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type Json = null | boolean | number | string | unknown[] | { [key: string]: unknown };
type Export = NonNullable<ScalarProbeQuery['exports']>['nodes'][number];
type Publisher = NonNullable<ScalarProbeQuery['publishers']>['nodes'][number];
type Click = NonNullable<ScalarProbeQuery['clicks']>['nodes'][number];

export type ScalarTypes = [
  Expect<Equals<Export['createdAt'], string | null>>, // DateTime
  Expect<Equals<ScalarProbeQueryVariables['day'], string>>, // Date
  Expect<Equals<Publisher['timezone'], string | null>>, // TimeZone
  Expect<Equals<Click['ip'], string | null>>, // IP
  Expect<Equals<Publisher['country'], string | null>>, // CountryCode
  Expect<Equals<Click['currency'], string | null>>, // Currency
  Expect<Equals<Export['downloadUrl'], string | null>>, // URL
  Expect<Equals<Publisher['email'], string | null>>, // EmailAddress
  Expect<Equals<Export['raw'], Json>>, // JSON
];

export async function useEveryClient(url: string): Promise<number[]> {
  const apollo = new ApolloClient({ link: new HttpLink({ uri: url }), cache: new InMemoryCache() });
  const page = await apollo.query({ query: AffiliatesByPageDocument });
  const revenue: number | null | undefined = page.data?.affiliates?.nodes[0]?.todayRevenue;

  const urql = new Client({ url, exchanges: [cacheExchange, fetchExchange], preferGetMethod: false });
  const cursor = await urql.query(AffiliatesByCursorDocument, { after: null }).toPromise();
  const endCursor: string | null | undefined = cursor.data?.affiliates?.pageInfo.endCursor;

  const deactivated = await new GraphQLClient(url).request(DeactivatePublishersDocument, { ids: ['an id'] });
  const active: (boolean | null)[] = deactivated.setPublishersActive?.publishers.map((publisher) => publisher.active) ?? [];

  return [revenue ?? 0, endCursor?.length ?? 0, active.length];
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    verbatimModuleSyntax: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['*.ts', 'gql/*.ts'],
};

/** Runs codegen.client.yml with one more document, into `dir`/gql/ (codegen's config loading does the YAML). */
const GENERATE = `
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
const { config } = await loadCodegenConfig({ configFilePath: 'codegen.client.yml' });
await generate({ ...config, documents: [config.documents, process.env.EXTRA_DOCUMENT].flat(), silent: true, cwd: process.cwd() });
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'client-codegen-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(path.join(dir, 'probe.graphql'), SCALAR_PROBE);
  writeFileSync(path.join(dir, 'usage.ts'), USAGE);
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the scalar probe reads every custom scalar of the schema', () => {
  const schema = loadSchema();
  const custom = Object.values(schema.getTypeMap())
    .filter((type) => isScalarType(type) && !specifiedScalarTypes.some((builtIn) => builtIn.name === type.name))
    .map((type) => type.name);
  const typeInfo = new TypeInfo(schema);
  const probed = new Set<string>();
  visit(
    parse(SCALAR_PROBE),
    visitWithTypeInfo(typeInfo, {
      Field: () => void probed.add(getNamedType(typeInfo.getType())!.name),
      VariableDefinition: (node) => void probed.add(getNamedType(typeFromAST(schema, node.type as NamedTypeNode))!.name),
    }),
  );
  expect(custom.filter((name) => !probed.has(name))).toEqual([]);
  expect(custom).toHaveLength(9);
});

test("codegen.client.yml generates README's operations, and they type-check with Apollo Client, urql and graphql-request", () => {
  const generated = spawnSync(process.execPath, ['--input-type=module', '-e', GENERATE], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CLIENT_TYPES_DIR: path.join(dir, 'gql') + path.sep, EXTRA_DOCUMENT: path.join(dir, 'probe.graphql') },
  });
  expect({ status: generated.status, stderr: generated.stderr }).toEqual({ status: 0, stderr: '' });
  const types = readFileSync(path.join(dir, 'gql', 'graphql.ts'), 'utf8');
  // Every README operation has its document (codegen skips anonymous ones).
  const names = readmeOperations().map((operation) => operation.name);
  expect(names.filter((name) => !types.includes(`export const ${name}Document = `))).toEqual([]);

  const checked = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], {
    encoding: 'utf8',
  });
  expect({ status: checked.status, output: checked.stdout + checked.stderr }).toEqual({ status: 0, output: '' });
}, 60_000);
