import type { DocumentNode } from 'graphql';

/** The fenced code blocks of one language in a Markdown text, in order, with the heading each sits under. */
export function codeBlocks(markdown: string, language: string): { heading: string; code: string }[];
/** graphql-codegen's custom document loader: every `graphql` block of the Markdown file at `pointer`. */
export default function readmeDocuments(pointer: string): DocumentNode;
