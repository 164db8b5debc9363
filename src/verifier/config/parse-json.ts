import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../text.js';
import type { ConfigNode, Entry, ParseOutcome } from './model.js';

/** JSON and JSONC: comments and trailing commas are tolerated everywhere (tsconfig.json, VS Code settings). */
export function parseJson(text: string): ParseOutcome {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lines = new LineIndex(text);
  const first = errors[0];
  if (first || !tree) {
    const line = first ? lines.lineOf(first.offset) : 1;
    const what = first ? printParseErrorCode(first.error) : 'no JSON value';
    return { ok: false, line, message: `JSON parse error: ${what}` };
  }
  const toEntry = (node: JsonNode, startOffset = node.offset): Entry => ({
    node: toNode(node),
    line: lines.lineOf(startOffset),
    endLine: lines.lineOf(Math.max(node.offset, node.offset + node.length - 1)),
  });
  const toNode = (node: JsonNode): ConfigNode => {
    switch (node.type) {
      case 'object': {
        const entries = new Map<string, Entry>();
        for (const prop of node.children ?? []) {
          const [keyNode, valueNode] = prop.children ?? [];
          if (!keyNode || !valueNode) continue;
          // Duplicate keys: the last one wins, as with JSON.parse.
          entries.set(String(keyNode.value), toEntry(valueNode, keyNode.offset));
        }
        return { kind: 'map', entries };
      }
      case 'array':
        return { kind: 'list', items: (node.children ?? []).map((child) => toEntry(child)) };
      case 'string':
      case 'number':
      case 'boolean':
        return { kind: 'scalar', value: node.value as string | number | boolean };
      default:
        return { kind: 'scalar', value: null };
    }
  };
  return {
    ok: true,
    config: { format: 'json', documents: [toEntry(tree)], flatKeys: false, caseInsensitive: false, fanOut: false },
  };
}
