import type { Node } from 'web-tree-sitter';
import { descendants, type SourceFile } from '../../code/parser.js';
import type { Declaration, Manifest, Source } from '../model.js';

/** The literal value of a plain string node (no interpolation), or null. */
function literal(node: Node | null): string | null {
  if (node?.type !== 'string') return null;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return null;
  return node.namedChildren.map((c) => c?.text ?? '').join('');
}

const SOURCE_KEYS: Record<string, Source> = {
  git: 'git',
  github: 'git',
  gitlab: 'git',
  bitbucket: 'git',
  gist: 'git',
  path: 'path',
};

/** Group names from enclosing `group :dev, :test do … end` blocks. */
function groupsOf(node: Node): string[] {
  const groups: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'call' && p.childForFieldName('method')?.text === 'group') {
      const args = p.childForFieldName('arguments');
      for (const a of args?.namedChildren ?? []) if (a?.type === 'simple_symbol') groups.push(a.text.slice(1));
    }
  }
  return groups;
}

/**
 * A Gemfile, on the Ruby syntax tree: each `gem 'name', 'req', …, opts` call. Its requirement strings are joined by
 * ", " (all must hold); `git:`/`github:`/`path:` options make it a git or path source.
 */
export function parseGemfile(source: SourceFile): Manifest {
  const declarations: Declaration[] = [];
  for (const node of descendants(source.root)) {
    if (node.type !== 'call' || node.childForFieldName('receiver')) continue;
    if (node.childForFieldName('method')?.text !== 'gem') continue;
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
    const name = literal(args[0] ?? null);
    if (!name) continue;
    const requirements: string[] = [];
    let kind: Source = 'registry';
    for (const arg of args.slice(1)) {
      const value = literal(arg);
      if (value !== null) requirements.push(value);
      if (arg.type === 'pair') {
        const key = arg.childForFieldName('key')?.text.replace(/^:|:$/g, '') ?? '';
        if (SOURCE_KEYS[key]) kind = SOURCE_KEYS[key];
      }
    }
    const groups = groupsOf(node);
    declarations.push({
      name,
      spec: kind === 'registry' && requirements.length > 0 ? requirements.join(', ') : null,
      source: kind,
      section: groups.length ? `group ${groups.join(', ')}` : 'gem',
      file: source.file,
      line: node.startPosition.row + 1,
      endLine: node.endPosition.row + 1,
    });
  }
  return { ecosystem: 'rubygems', file: source.file, declarations, includeProblems: [] };
}
