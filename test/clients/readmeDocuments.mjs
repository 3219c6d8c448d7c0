// README.md's GraphQL: its fenced code blocks, and a graphql-codegen document loader that
// reads README's `graphql` blocks as documents (codegen.client.yml). Plain JavaScript, so that
// graphql-codegen can import it as it is; test/clients/helpers.ts uses the same functions.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';

/**
 * The fenced code blocks of one language in a Markdown text, in order, with the heading each
 * sits under; a block indented in a list item is dedented.
 * @param {string} markdown
 * @param {string} language
 * @returns {{ heading: string, code: string }[]}
 */
export function codeBlocks(markdown, language) {
  const blocks = [];
  let heading = '';
  for (const match of markdown.matchAll(/^( *)```(\S*)[^\n]*\n([\s\S]*?)^\1```[ \t]*$|^(#{1,6} .*)$/gm)) {
    if (match[4]) heading = match[4].replace(/^#+ /, '');
    else if (match[2] === language) blocks.push({ heading, code: dedent(match[3], match[1].length) });
  }
  return blocks;
}

/**
 * graphql-codegen's custom document loader: every `graphql` block of the Markdown file at
 * `pointer`, one document each.
 * @param {string} pointer
 * @returns {import('graphql').DocumentNode}
 */
export default function readmeDocuments(pointer) {
  const definitions = codeBlocks(readFileSync(pointer, 'utf8'), 'graphql').flatMap(({ code }) => parse(code).definitions);
  return { kind: 'Document', definitions };
}

/** @param {string} code @param {number} indent */
function dedent(code, indent) {
  return code
    .split('\n')
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join('\n');
}
