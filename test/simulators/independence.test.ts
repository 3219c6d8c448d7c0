/**
 * The simulators are an independent reading of the vendors' documents: nothing under
 * src/simulators/ may import gateway code. Every file there is parsed (TypeScript's own parser,
 * not a pattern), and every module it names, by a static `import`, `export ... from`, a dynamic
 * `import()`, an `import('...')` type, `import x = require()` or `require()`, must be one of:
 * - a relative or absolute path that resolves (path.resolve) inside src/simulators/;
 * - a Node built-in (`node:fs`, `fs`);
 * - an npm package declared in package.json.
 * A dynamic import whose specifier is not a string literal cannot be checked, so it fails too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { vendorKeys } from '../../src/vendors/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIMULATORS = path.join(ROOT, 'src', 'simulators');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
const PACKAGES = new Set([...Object.keys(PACKAGE.dependencies ?? {}), ...Object.keys(PACKAGE.devDependencies ?? {})]);
const BUILTINS = new Set(builtinModules);

/** One module a file names: the specifier as written (null when computed) and the line. */
interface Specifier {
  text: string | null;
  line: number;
}

/** Every module `source` names, by any kind of import or re-export. */
function specifiers(fileName: string, source: string): Specifier[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: Specifier[] = [];
  const add = (node: ts.Node, expression: ts.Node | undefined) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push({ text: expression && ts.isStringLiteralLike(expression) ? expression.text : null, line });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      add(node, node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Why `specifier`, named in `fileName`, is not allowed; null when it is. */
function problem(fileName: string, specifier: string | null): string | null {
  if (specifier === null) return 'a computed specifier, which cannot be checked';
  if (specifier.startsWith('node:') ? BUILTINS.has(specifier.slice(5)) || BUILTINS.has(specifier) : BUILTINS.has(specifier)) return null;
  let target: string | null = null;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) target = path.resolve(path.dirname(fileName), specifier);
  else if (specifier.startsWith('file:')) target = fileURLToPath(specifier);
  if (target !== null) {
    const relative = path.relative(SIMULATORS, target);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
      ? null
      : `resolves to ${path.relative(ROOT, target) || '.'}, outside src/simulators/`;
  }
  if (specifier.startsWith('#')) return 'a package.json import map entry, which may point anywhere';
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return PACKAGES.has(name) ? null : `"${name}" is neither a Node built-in nor a package in package.json`;
}

/** The offending imports of one file, as "file:line specifier: why". */
function offences(fileName: string, source: string): string[] {
  return specifiers(fileName, source).flatMap(({ text, line }) => {
    const why = problem(fileName, text);
    return why === null ? [] : [`${path.relative(ROOT, fileName)}:${line} ${text === null ? '(computed)' : JSON.stringify(text)}: ${why}`];
  });
}

/** Every source file under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(c|m)?(t|j)sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const FILES = sourceFiles(SIMULATORS);
/** The simulators' top-level parts: one folder per vendor, and the shared files. */
const PARTS = [...new Set(FILES.map((file) => path.relative(SIMULATORS, file).split(path.sep)[0]))].map((part) => [
  part,
  FILES.filter((file) => path.relative(SIMULATORS, file).split(path.sep)[0] === part),
]) as [string, string[]][];

test('finds the simulators of every vendor', () => {
  expect(PARTS.map(([part]) => part)).toEqual(expect.arrayContaining([...vendorKeys(), 'server.ts', 'random.ts']));
});

test.each(PARTS)('src/simulators/%s imports nothing outside src/simulators/ but Node built-ins and npm packages', (_, files) => {
  expect(files.flatMap((file) => offences(file, readFileSync(file, 'utf8')))).toEqual([]);
});

describe('the check itself', () => {
  const at = path.join(SIMULATORS, 'irev', 'index.ts');
  const check = (source: string) => offences(at, source).map((line) => line.replace(/^\S+ /, ''));

  test('finds every kind of import of gateway code, and says where it resolves', () => {
    const source = [
      `import type { IrevClick } from '../../vendors/irev/types.js';`,
      `import { log } from '../../log.js';`,
      `import '../../config.js';`,
      `export { mapClick } from '../../vendors/irev/mappers.js';`,
      `export * from '../../errors.js';`,
      `const m = await import('../../vendors/restClient.js');`,
      `type T = import('../../models/index.js').ClickModel;`,
      `import cfg = require('../../config.js');`,
      `const r = require('../../ids.js');`,
      `const dynamic = await import(someName);`,
      // Back into the tree after leaving it: still gateway code.
      `import { x } from '../../simulators/../vendors/shape.js';`,
      `import { y } from '${path.join(ROOT, 'src', 'server.ts')}';`,
      `import { z } from 'not-a-dependency';`,
      `import { w } from '#internal';`,
    ].join('\n');
    expect(check(source)).toEqual([
      '"../../vendors/irev/types.js": resolves to src/vendors/irev/types.js, outside src/simulators/',
      '"../../log.js": resolves to src/log.js, outside src/simulators/',
      '"../../config.js": resolves to src/config.js, outside src/simulators/',
      '"../../vendors/irev/mappers.js": resolves to src/vendors/irev/mappers.js, outside src/simulators/',
      '"../../errors.js": resolves to src/errors.js, outside src/simulators/',
      '"../../vendors/restClient.js": resolves to src/vendors/restClient.js, outside src/simulators/',
      '"../../models/index.js": resolves to src/models/index.js, outside src/simulators/',
      '"../../config.js": resolves to src/config.js, outside src/simulators/',
      '"../../ids.js": resolves to src/ids.js, outside src/simulators/',
      '(computed): a computed specifier, which cannot be checked',
      '"../../simulators/../vendors/shape.js": resolves to src/vendors/shape.js, outside src/simulators/',
      `${JSON.stringify(path.join(ROOT, 'src', 'server.ts'))}: resolves to src/server.ts, outside src/simulators/`,
      '"not-a-dependency": "not-a-dependency" is neither a Node built-in nor a package in package.json',
      '"#internal": a package.json import map entry, which may point anywhere',
    ]);
  });

  test('allows the simulators’ own files, Node built-ins and declared packages; comments and strings are not imports', () => {
    const source = [
      `import { SimServer } from '../server.js';`,
      `import type { IrevClick } from './types.js';`,
      `import { hashString } from '../../simulators/random.js';`,
      `import { isIP } from 'node:net';`,
      `import http from 'http';`,
      `import got from 'got';`,
      `import { GraphQLError } from 'graphql/error/index.js';`,
      `const fs = await import('node:fs');`,
      `// import { log } from '../../log.js';`,
      `const text = "import { log } from '../../log.js'";`,
    ].join('\n');
    expect(check(source)).toEqual([]);
  });
});
