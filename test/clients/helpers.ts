/**
 * Shared by the client tests: README's code blocks and operations, the schema, and a record of
 * the GraphQL requests a client sends to the gateway.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeBlocks } from './readmeDocuments.mjs';
import { buildSchema, Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type OperationTypeNode } from 'graphql';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** README.md's fenced code blocks of one language, in order, with the heading they sit under. */
export function readmeBlocks(language: string): { heading: string; code: string }[] {
  return codeBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), language);
}

/** One request a client sent to the gateway. */
export interface SentRequest {
  method: string;
  operationName: string | null;
}

/**
 * Records every fetch to `url` (the clients use the global fetch) until `stop()`; the requests
 * still go through.
 */
export function recordRequests(url: string): { sent: SentRequest[]; stop(): void } {
  const original = globalThis.fetch;
  const sent: SentRequest[] = [];
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.url.startsWith(url)) {
      const body = request.method === 'POST' ? JSON.parse(await request.clone().text()) : null;
      const operationName = body ? body.operationName : new URL(request.url).searchParams.get('operationName');
      sent.push({ method: request.method, operationName: operationName ?? null });
    }
    return original(request);
  };
  return { sent, stop: () => void (globalThis.fetch = original) };
}

/** The gateway's schema as clients see it: schema/*.graphql, no resolvers. */
export function loadSchema(): GraphQLSchema {
  const dir = path.join(ROOT, 'schema');
  const sdl = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
  return buildSchema(sdl.join('\n'));
}

/** One operation of README.md: its name, the heading it sits under, and a document of it alone. */
export interface ReadmeOperation {
  name: string;
  kind: OperationTypeNode;
  heading: string;
  document: DocumentNode;
}

/**
 * Every operation in README.md's `graphql` code blocks, in README order, each as a document of
 * its own (with the block's fragments). An anonymous operation is named `(anonymous)`.
 */
export function readmeOperations(): ReadmeOperation[] {
  return readmeBlocks('graphql').flatMap(({ heading, code }) => {
    const document = parse(code);
    const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    return document.definitions
      .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => ({
        name: operation.name?.value ?? '(anonymous)',
        kind: operation.operation,
        heading,
        document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
      }));
  });
}
