import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { failureResult } from '../../project-files.js';
import { type CheckContext, type CheckResult, error, fail, skipped } from '../../types.js';
import { type Numbered, usageNodes } from '../nodes.js';
import { nodesOfTypes, parseSource, type SourceFile } from '../parser.js';
import { MENTION_TYPES } from './node-types.js';
import { asCall, type Call, isCallNode, stringValue } from './syntax.js';

export type Loaded<T> = { ok: true; value: T } | { ok: false; result: CheckResult };

/** `fail` for a path that leaves the root, checked before anything else (even for unsupported languages). */
export async function refuseEscape(ctx: CheckContext, file: string): Promise<CheckResult | null> {
  const resolved = await ctx.files.resolve(file);
  if (!resolved.ok && resolved.failure.kind === 'escape') return failureResult(resolved.failure);
  return null;
}

/**
 * Parses a code file and builds (once per run, through `files.memo`) a per-file index of what one usage type looks
 * at. Unsupported languages answer `skipped`; unreadable or missing files answer as ProjectFiles says.
 */
export async function codeIndex<T>(
  ctx: CheckContext,
  file: string,
  kind: string,
  build: (source: SourceFile, nodes: NodeTable) => T,
): Promise<Loaded<{ source: SourceFile; index: T }>> {
  const escaped = await refuseEscape(ctx, file);
  if (escaped) return { ok: false, result: escaped };
  const parsed = await parseSource(ctx.files, file);
  if (!parsed.ok) {
    if ('failure' in parsed && parsed.failure) return { ok: false, result: failureResult(parsed.failure) };
    return { ok: false, result: unsupported(file) };
  }
  const source = parsed.source;
  const found = await usageNodes(ctx.files, source);
  if (!found.ok) return { ok: false, result: failureResult(found.failure) };
  const table = await ctx.files.memo(file, 'code-usage-nodes', () => new NodeTable(found.value));
  if (!table.ok) return { ok: false, result: failureResult(table.failure) };
  const index = await ctx.files.memo(file, `code-usage-${kind}`, () => build(source, table.value));
  if (!index.ok) return { ok: false, result: failureResult(index.failure) };
  return { ok: true, value: { source, index: index.value } };
}

export const unsupported = (file: string): CheckResult => skipped(`${file}: language not supported`);

/** Runs a checker body so that nothing it throws escapes as an exception (the contract: never throw). */
export async function guarded(run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (e) {
    return error(`internal error while checking: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Nodes of the types the usage indexes read, in document order, from the file's one wasm-side node search (shared
 * with the definitions index: code/nodes.ts).
 */
export class NodeTable {
  private readonly calls = new Map<number, Call | null>();

  constructor(private readonly byType: ReadonlyMap<string, readonly Numbered[]>) {}

  /** `asCall(node)`, computed once per node for all the indexes of the file (reading a call is the costly part). */
  call(node: Node): Call | null {
    let hit = this.calls.get(node.id);
    if (hit === undefined) {
      hit = asCall(node);
      this.calls.set(node.id, hit);
    }
    return hit;
  }

  /** Every collected node of these types, in document order. */
  ofTypes(types: readonly string[]): Node[] {
    const lists = [...new Set(types)].flatMap((t) => this.byType.get(t) ?? []);
    return lists.sort((a, b) => a.seq - b.seq).map((e) => e.node);
  }
}

/**
 * Walks the tree with a cursor and materialises only nodes whose type is in `types` (creating a Node object is what
 * makes a naive walk slow on big files).
 */
export function typedWalk(root: Node, types: ReadonlySet<string>, visit: (node: Node, seq: number) => void): void {
  const cursor = root.walk();
  try {
    let seq = 0;
    while (true) {
      if (types.has(cursor.nodeType)) visit(cursor.currentNode, seq);
      seq++;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** One thing found in a file: where, and a short human description for details. */
export interface Site {
  file: string;
  line: number;
  endLine: number;
}

/**
 * Where a node is. A call at the end of a multi-line method chain (`Router::new()\n  .layer(X)`) starts at its
 * method name, so evidence points at the line that decides, not at the head of the chain.
 */
export function siteOf(source: SourceFile, node: Node): Site {
  let start = node.startPosition.row;
  if (isCallNode(node)) {
    const fn = node.childForFieldName('function');
    const name =
      node.childForFieldName('method') ??
      (node.type === 'method_invocation' || node.type.endsWith('member_call_expression')
        ? node.childForFieldName('name')
        : null) ??
      fn?.childForFieldName('property') ??
      fn?.childForFieldName('field') ??
      fn?.childForFieldName('attribute') ??
      (fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : null);
    if (name && name.startPosition.row > start) start = name.startPosition.row;
  }
  return { file: source.file, line: start + 1, endLine: node.endPosition.row + 1 };
}

export const evidenceOf = (site: Site) => ({ file: site.file, line: site.line, end_line: site.endLine });
export const at = (site: Site) => `${site.file}:${site.line}`;

/** Orders sites by position so results are deterministic and name the first occurrence. */
export function byPosition<T extends { site: Site }>(a: T, b: T): number {
  return a.site.line - b.site.line || a.site.endLine - b.site.endLine;
}

/** A quoted, shortened name or value for details (never a large excerpt). */
export function quote(value: string, max = 60): string {
  const one = value.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > max ? `${one.slice(0, max)}…` : one);
}

/** `fail` with no evidence: nothing matching was found in the file. */
export const notFound = (details: string): CheckResult => fail(details);

/** The directory of a root-relative file, as POSIX segments (`src/app/x.py` → [src, app]). */
export function dirSegments(file: string): string[] {
  const dir = path.posix.dirname(file);
  return dir === '.' || dir === '' ? [] : dir.split('/');
}

/**
 * Name segments (ruling 2): `.`, `::`, `\`, `/` separate; `Auth` matches `app.middleware.Auth` and `Auth` but not
 * `OAuth` or `AuthAdmin`; a qualified wanted name must match whole trailing segments.
 */
export function splitName(name: string): string[] {
  return name
    .replace(/^[\\:]+/, '')
    .split(/::|\\|\.|\//)
    .filter((s) => s.length > 0);
}

export function matchesTrailing(candidate: string, wanted: string, caseInsensitive = false): boolean {
  const c = splitName(candidate);
  const w = splitName(wanted);
  if (w.length === 0 || w.length > c.length) return false;
  const offset = c.length - w.length;
  for (let i = 0; i < w.length; i++) {
    const a = c[offset + i] ?? '';
    const b = w[i] ?? '';
    if (caseInsensitive ? a.toLowerCase() !== b.toLowerCase() : a !== b) return false;
  }
  return true;
}

/** Every name and short string literal of a file with its first line: read only to explain a fail. */
export interface Mentions {
  names: Map<string, number>;
  strings: { value: string; line: number }[];
}

export async function mentionsOf(ctx: CheckContext, source: SourceFile): Promise<Mentions | null> {
  const read = await ctx.files.memo(source.file, 'code-usage-mentions', () => {
    const names = new Map<string, number>();
    const strings: { value: string; line: number }[] = [];
    for (const node of nodesOfTypes(source.root, MENTION_TYPES)) {
      const line = node.startPosition.row + 1;
      if (node.childCount === 0 && !node.type.includes('string')) {
        const text = node.text.replace(/^:/, '');
        if (!names.has(text)) names.set(text, line);
        continue;
      }
      const value = stringValue(node, source.language);
      if (value !== null && value.length <= 200) strings.push({ value, line });
    }
    return { names, strings };
  });
  return read.ok ? read.value : null;
}

/** Appends to the list under `key` (creating it): linear, unlike re-spreading the list each time. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}
