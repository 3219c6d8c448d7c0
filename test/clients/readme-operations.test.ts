/**
 * Every operation in README.md's `graphql` blocks is one a client can use as it stands: named
 * (codegen skips anonymous operations), selecting `id` on every record (so a normalised cache
 * can keep it), valid against the schema, and answered by the gateway without errors. README's
 * dates are written for 1 December 2026: the gateway and its simulators run on that clock here.
 */
import { jest } from '@jest/globals';
import {
  isInterfaceType,
  isObjectType,
  Kind,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { loadSchema, readmeOperations } from './helpers.js';

/** The instant README's examples are written for. */
const README_NOW = new Date('2026-12-01T12:00:00Z');

const schema = loadSchema();
const operations = readmeOperations();
/** Results of the operations run so far, by name: later operations take ids from earlier ones. */
const results: Record<string, any> = {};

/** Variables for the operations that declare some, from what the gateway answered before. */
const VARIABLES: Record<string, () => Promise<Record<string, unknown>>> = {
  AffiliatesByCursor: async () => {
    const first = await gw.query('{ affiliates(first: 25, search: "media") { pageInfo { endCursor } } }');
    return { after: first.data.affiliates.pageInfo.endCursor };
  },
  DeactivatePublishers: async () => ({ ids: [results.CreatePublisher.createPublisher.publisher.id] }),
  ExportProgress: async () => ({ id: results.RequestClickExport.createExport.export.id }),
  ExportDownload: async () => ({ id: results.RequestClickExport.createExport.export.id }),
  LinkPartnerAccounts: async () => ({ ids: results.FindPartners.partners.nodes.map((partner: { id: string }) => partner.id) }),
  UnlinkPartnerAccounts: async () => ({ ids: [results.FindPartners.partners.nodes[0].id] }),
  DeleteOffers: async () => {
    const offers = await gw.query('{ offers(integrationId: "64b7f0c2a1e4d3b2c1a00003", last: 1) { nodes { id } } }');
    return { ids: offers.data.offers.nodes.map((offer: { id: string }) => offer.id) };
  },
};

let gw: TestGateway;

beforeAll(async () => {
  // Only Date is faked, and it runs on from README_NOW: timers and I/O are real.
  jest.useFakeTimers({
    now: README_NOW,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.stop();
  jest.useRealTimers();
});

test('README has its operations, each named, every name once', () => {
  expect(operations.length).toBeGreaterThanOrEqual(18);
  const names = operations.map((operation) => operation.name);
  expect(names.filter((name) => name === '(anonymous)')).toEqual([]);
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
});

test('the checks see a record without id, and the clock is README_NOW', () => {
  const document = readmeOperations()[0].document;
  const withoutIds = visit(document, { Field: (node) => (node.name.value === 'id' ? null : undefined) });
  expect(selectionsWithoutId(schema, withoutIds)).toEqual(['affiliates.nodes (Affiliate)', 'affiliates.nodes.accountManager (Employee)']);
  expect(Math.abs(Date.now() - README_NOW.getTime())).toBeLessThan(600_000);
});

describe.each(operations.map((operation) => [operation.name, operation] as const))('%s', (name, operation) => {
  test('is valid against the schema and selects id on every record', () => {
    expect(validate(schema, operation.document).map((error) => error.message)).toEqual([]);
    expect(selectionsWithoutId(schema, operation.document)).toEqual([]);
  });

  test('runs against the gateway without errors', async () => {
    const declared = operation.document.definitions.some(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.variableDefinitions?.length,
    );
    if (declared && !VARIABLES[name]) throw new Error(`${name} declares variables: give their values in VARIABLES`);
    const variables = VARIABLES[name] ? await VARIABLES[name]() : undefined;
    const res = await gw.query(print(operation.document), variables);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual(expect.any(Object));
    results[name] = res.data;
    // FindPartners opens the link store (PGlite): seconds on a busy machine.
  }, 90_000);
});

/**
 * Paths of the selection sets that select a type with an `id` field but not `id` itself (an
 * inline fragment counts as its enclosing selection, which must select it).
 */
function selectionsWithoutId(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const missing: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter: (node) => void path.push(node.alias?.value ?? node.name.value),
        leave: () => void path.pop(),
      },
      SelectionSet(node, _key, parent) {
        const type = typeInfo.getParentType();
        if (!type || !(isObjectType(type) || isInterfaceType(type)) || !('id' in type.getFields())) return;
        if (parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === Kind.INLINE_FRAGMENT) return;
        const selectsId = node.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value === 'id' && !selection.alias);
        if (!selectsId) missing.push(`${path.join('.')} (${type.name})`);
      },
    }),
  );
  return missing;
}
