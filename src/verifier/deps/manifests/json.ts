import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../../text.js';

/** A JSON(C) document with positions, tolerant of comments and trailing commas. Throws naming the line. */
export class JsonDoc {
  readonly root: JsonNode;
  readonly lines: LineIndex;

  constructor(raw: string) {
    // A UTF-8 byte order mark (editors on Windows write one) is not JSON, but npm and Composer skip it; a space in
    // its place keeps every offset where it was.
    const text = raw.charCodeAt(0) === 0xfeff ? ` ${raw.slice(1)}` : raw;
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    this.lines = new LineIndex(text);
    const first = errors[0];
    if (first) throw new Error(`line ${this.lines.lineOf(first.offset)}: ${printParseErrorCode(first.error)}`);
    if (root?.type !== 'object') throw new Error('line 1: the document is not a JSON object');
    this.root = root;
  }

  /** The object-valued property `key` of an object node. */
  property(obj: JsonNode | undefined, key: string): JsonNode | undefined {
    if (obj?.type !== 'object') return undefined;
    for (const prop of obj.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k?.value === key) return v;
    }
    return undefined;
  }

  /** Entries of an object node: key, value node, and the 1-based lines of the whole property. */
  entries(obj: JsonNode | undefined): { key: string; value: JsonNode; line: number; endLine: number }[] {
    if (obj?.type !== 'object') return [];
    const out: { key: string; value: JsonNode; line: number; endLine: number }[] = [];
    for (const prop of obj.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v || typeof k.value !== 'string') continue;
      out.push({
        key: k.value,
        value: v,
        line: this.lines.lineOf(prop.offset),
        endLine: this.lines.lineOf(prop.offset + prop.length),
      });
    }
    return out;
  }

  lineOf(node: JsonNode): number {
    return this.lines.lineOf(node.offset);
  }
}
