import { Kind, parse, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';

/** One preloaded editor tab of the IDE: a named operation and the comment lines above it. */
export interface ExampleTab {
  /** The operation's name (`AffiliatesByPage`). */
  name: string;
  /** The text of the tab: the comments above the operation, the operation and any fragments it spreads. */
  query: string;
}

/**
 * The named operations of a Markdown text's ```graphql blocks, in order, one tab each: the
 * operation's source as written (with the `#` comment lines right above it, so a tab says what
 * it shows), followed by the fragments of its block that it spreads. A block indented in a list
 * item is dedented; a block that does not parse, and an anonymous operation, are left out.
 */
export function exampleTabs(markdown: string): ExampleTab[] {
  const tabs: ExampleTab[] = [];
  for (const code of graphqlBlocks(markdown)) {
    let definitions: readonly DefinitionNode[];
    try {
      definitions = parse(code).definitions;
    } catch {
      continue;
    }
    const fragments = new Map(
      definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    let previousEnd = 0;
    for (const definition of definitions) {
      const { start, end } = definition.loc!;
      const before = code.slice(previousEnd, start);
      previousEnd = end;
      if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
      const used = spreadFragments(definition, fragments).map((fragment) => code.slice(fragment.loc!.start, fragment.loc!.end));
      const query = [leadingComments(before) + code.slice(start, end), ...used].join('\n\n') + '\n';
      tabs.push({ name: definition.name.value, query });
    }
  }
  return tabs;
}

// Private:

/** The ```graphql fenced blocks of a Markdown text, dedented. */
function graphqlBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  for (const match of markdown.matchAll(/^( *)```graphql[^\n]*\n([\s\S]*?)^\1```[ \t]*$/gm)) {
    const indent = match[1].length;
    blocks.push(
      match[2]
        .split('\n')
        .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
        .join('\n'),
    );
  }
  return blocks;
}

/** The `#` comment lines that end `text` (the lines right above a definition), with their newline. */
function leadingComments(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const comments: string[] = [];
  for (let i = lines.length - 1; i >= 0 && /^\s*#/.test(lines[i]); i--) comments.unshift(lines[i].trim());
  return comments.length > 0 ? comments.join('\n') + '\n' : '';
}

/** The fragments a definition spreads, directly or through other fragments, in first-use order. */
function spreadFragments(definition: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(fragment.name.value)) {
          found.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(definition);
  return [...found.values()];
}
