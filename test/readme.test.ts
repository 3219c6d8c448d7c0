/**
 * README.md's "How it is built" tree matches the disk: every file and folder it names exists
 * where the tree puts it, and every file of src/, src/vendors/ and each vendor's folder is named,
 * so the tree cannot drift from the code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vendorKeys } from '../src/vendors/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Lines indented this far or more continue the entry above them (the description column). */
const CONTINUATION = 16;

/** The tree's code block. */
function tree(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /## How it is built\s+```\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no "How it is built" code block');
  return block[1].split('\n').filter((line) => line.trim() !== '');
}

/** File and folder names in a piece of the tree: `x.ts`, `x.graphql`, `dir/`, `a/b` paths. */
function names(text: string): string[] {
  return text
    .split(/[\s,()·]+/)
    .map((token) => token.replace(/^[^\w<]+|[^\w/>]+$/g, ''))
    .filter((token) => /^[\w.<>-]+\/$/.test(token) || /^[\w<>-]+\.(ts|js|json|yml|md|graphql)$/.test(token));
}

/** Every path the tree names, relative to the root; `<vendor>` stands for each vendor's folder. */
function namedPaths(): string[] {
  const stack: string[] = [];
  const found: string[] = [];
  let current = '';
  for (const line of tree()) {
    const indent = line.length - line.trimStart().length;
    const [first, ...others] = names(line);
    if (first === undefined) continue;
    // After an entry's own name, only file names count: a folder there is prose ("mirrors src/").
    const rest = others.filter((name) => !name.endsWith('/'));
    if (indent >= CONTINUATION) {
      found.push(...[first, ...rest].filter((name) => !name.endsWith('/')).map((name) => path.posix.join(current, name)));
      continue;
    }
    const depth = indent / 2;
    stack.length = depth;
    const own = path.posix.join(...stack, first);
    found.push(own);
    if (first.endsWith('/')) {
      stack.push(first.slice(0, -1));
      current = own;
    } else current = path.posix.join(...stack);
    found.push(...rest.map((name) => path.posix.join(current, name)));
  }
  return [...new Set(found)];
}

function exists(relative: string): boolean {
  if (!relative.includes('<vendor>')) return existsSync(path.join(ROOT, relative));
  return vendorKeys().some((vendor) => existsSync(path.join(ROOT, relative.replace('<vendor>', vendor))));
}

test('every file and folder the tree names exists where the tree puts it', () => {
  const named = namedPaths();
  expect(named.length).toBeGreaterThan(30);
  expect(named.filter((relative) => !exists(relative))).toEqual([]);
});

test('every file of src/, src/vendors/ and the vendor folders is in the tree', () => {
  const named = new Set(namedPaths().map((relative) => relative.replace(/\/$/, '')));
  const listed = (dir: string, as = dir) => readdirSync(path.join(ROOT, dir)).map((entry) => path.posix.join(as, entry));
  const missing = [
    ...listed('src'),
    ...listed('src/vendors'),
    ...vendorKeys().flatMap((vendor) => listed(`src/vendors/${vendor}`, 'src/vendors/<vendor>')),
  ].filter((relative) => !named.has(relative) && !vendorKeys().some((vendor) => relative === `src/vendors/${vendor}`));
  expect([...new Set(missing)]).toEqual([]);
});
