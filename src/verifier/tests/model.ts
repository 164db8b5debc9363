import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../code/parser.js';

/**
 * One test (or one group of tests, such as a `describe` block) found on the syntax tree of a test file.
 * A group counts as a name a `test_name` can match, but never as a test on its own: an empty describe defines nothing.
 */
export interface TestCase {
  kind: 'test' | 'group';
  /** The test's own name or title, as written (a Rails `test "logs out"` is `logs out`). */
  name: string;
  /** Enclosing titles (describe/context blocks, classes, Rust modules, a Go parent test) then the own name. */
  path: string[];
  /** Every spelling test_name may match: the own name, the path joined with ` > `, and language-specific forms. */
  matchNames: string[];
  /** Skipped, todo or disabled, directly or through an enclosing block (a group: all of its tests are). */
  skipped: boolean;
  /** Why it does not count, for details ("skip", "xit", "@Disabled", …). */
  skipReason?: string;
  /** 1-based lines of the deciding node (the definition, with its decorators/attributes). */
  line: number;
  endLine: number;
  /** Package or namespace the test class lives in (Java package, C# and PHP namespace), for runner selectors. */
  scope?: string;
  /** Framework that defines it, when it matters to the runner ("unittest", "minitest", "pest", "rails", …). */
  framework?: string;
}

/** Every test defined in one file, in source order. Built once per file and run (files.memo 'tests-index'). */
export interface TestIndex {
  file: string;
  language: LanguageId;
  tests: TestCase[];
}

/** A test under construction: the discoverers give node + names; `finish` turns it into a TestCase. */
export interface FoundTest {
  kind: 'test' | 'group';
  name: string;
  path: string[];
  node: Node;
  /** Where the evidence starts when it is not `node` (the first attribute or annotation before a definition). */
  from?: Node | undefined;
  skipReason?: string | undefined;
  /** Extra spellings beyond the own name and the ` > ` path. */
  aliases?: string[];
  scope?: string | undefined;
  framework?: string | undefined;
}

export function finish(found: FoundTest): TestCase {
  const names = [found.name, found.path.join(' > '), ...(found.aliases ?? [])];
  const test: TestCase = {
    kind: found.kind,
    name: found.name,
    path: found.path,
    matchNames: [...new Set(names.filter((n) => n.length > 0))],
    skipped: found.skipReason !== undefined,
    line: (found.from ?? found.node).startPosition.row + 1,
    endLine: found.node.endPosition.row + 1,
  };
  if (found.skipReason !== undefined) test.skipReason = found.skipReason;
  if (found.scope) test.scope = found.scope;
  if (found.framework) test.framework = found.framework;
  return test;
}

/** `a.b.c`, `a::b::c` and `a\b\c` all end in `c` (ruling 2: segments are separated by `.`, `::` or `\`). */
export function lastSegment(name: string): string {
  const parts = name.split(/::|\.|\\/);
  return parts[parts.length - 1] ?? name;
}

/** Qualified spellings of a path of class-like containers: `A.B.m` and `A::B::m` (ruling 1: any suffix matches). */
export function qualifiedForms(path: string[]): string[] {
  const out: string[] = [];
  for (let start = 0; start < path.length - 1; start++) {
    const suffix = path.slice(start);
    out.push(suffix.join('.'), suffix.join('::'));
  }
  return out;
}

const STRING_CONTENT = new Set([
  'string_content',
  'string_fragment',
  'interpreted_string_literal_content',
  'raw_string_literal_content',
  'string_literal_content',
  'escape_sequence',
  'string_value',
]);

const STRING_NODES = new Set([
  'string',
  'template_string',
  'interpreted_string_literal',
  'raw_string_literal',
  'string_literal',
  'verbatim_string_literal',
  'raw_string',
  'encapsed_string',
  'nowdoc',
  'heredoc',
]);

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function decodeEscape(seq: string): string {
  const ch = seq.slice(1);
  return ch.length === 1 ? (SIMPLE_ESCAPES[ch] ?? ch) : seq;
}

/**
 * The value of a string literal node, or null when the node is not a string literal. An interpolation is kept as
 * written (`${id}`), so a title built from a template still has a stable, matchable text.
 */
export function stringValue(node: Node): string | null {
  if (node.type === 'simple_symbol') return node.text.replace(/^:/, '');
  if (node.type === 'verbatim_string_literal') return node.text.replace(/^@"|"$/g, '');
  if (!STRING_NODES.has(node.type)) return null;
  let out = '';
  let sawContent = false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (STRING_CONTENT.has(child.type)) {
      out += child.type === 'escape_sequence' ? decodeEscape(child.text) : child.text;
      sawContent = true;
    } else if (child.type !== 'string_start' && child.type !== 'string_end') {
      out += child.text;
      sawContent = true;
    }
  }
  if (!sawContent && node.type === 'raw_string_literal') return node.text.replace(/^`|`$/g, '');
  return out;
}

/** Named children without nulls (web-tree-sitter types them as nullable). */
export function children(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}
