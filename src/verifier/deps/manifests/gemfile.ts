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

/** The gemspec methods that declare a dependency (`spec.add_dependency "x", ">= 1"`). */
const GEMSPEC_METHODS = new Set(['add_dependency', 'add_runtime_dependency', 'add_development_dependency']);

/** A Gemfile's `gemspec` directive: the gem's own dependencies come from the .gemspec in `path` (default: here). */
export interface GemspecDirective {
  path: string;
  name?: string;
  line: number;
}

export interface GemfileManifest extends Manifest {
  gemspecs: GemspecDirective[];
}

function optionString(args: Node[], option: string): string | undefined {
  for (const arg of args) {
    if (arg.type !== 'pair') continue;
    const key = arg.childForFieldName('key')?.text.replace(/^:|:$/g, '');
    if (key === option) return literal(arg.childForFieldName('value')) ?? undefined;
  }
  return undefined;
}

/**
 * A Gemfile or a .gemspec, on the Ruby syntax tree: each `gem 'name', 'req', …, opts` call and each
 * `spec.add_dependency`/`add_runtime_dependency`/`add_development_dependency 'name', 'req'…` (requirements may be
 * an array). Requirement strings are joined by ", " (all must hold); `git:`/`github:`/`path:` options make it a git
 * or path source. A Gemfile's `gemspec` directives are returned for the loader to follow.
 */
export function parseGemfile(source: SourceFile): GemfileManifest {
  const declarations: Declaration[] = [];
  const gemspecs: GemspecDirective[] = [];
  for (const node of descendants(source.root)) {
    // A bare `gemspec` (no arguments) is an identifier statement in the tree, not a call.
    if (
      node.type === 'identifier' &&
      node.text === 'gemspec' &&
      node.parent &&
      !/call|argument/.test(node.parent.type)
    ) {
      gemspecs.push({ path: '.', line: node.startPosition.row + 1 });
      continue;
    }
    if (node.type !== 'call') continue;
    const method = node.childForFieldName('method')?.text ?? '';
    const receiver = node.childForFieldName('receiver');
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
    if (!receiver && method === 'gemspec') {
      const name = optionString(args, 'name');
      gemspecs.push({
        path: optionString(args, 'path') ?? '.',
        ...(name ? { name } : {}),
        line: node.startPosition.row + 1,
      });
      continue;
    }
    const isGem = !receiver && method === 'gem';
    if (!isGem && !(receiver && GEMSPEC_METHODS.has(method))) continue;
    const name = literal(args[0] ?? null);
    if (!name) continue;
    const requirements: string[] = [];
    let kind: Source = 'registry';
    for (const arg of args.slice(1)) {
      const value = literal(arg);
      if (value !== null) requirements.push(value);
      if (arg.type === 'array') {
        for (const item of arg.namedChildren) {
          const v = literal(item);
          if (v !== null) requirements.push(v);
        }
      }
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
      section: isGem ? (groups.length ? `group ${groups.join(', ')}` : 'gem') : method,
      file: source.file,
      line: node.startPosition.row + 1,
      endLine: node.endPosition.row + 1,
    });
  }
  return { ecosystem: 'rubygems', file: source.file, declarations, includeProblems: [], gemspecs };
}

/** A Ruby string literal as gemspecs write them: `"x"`, `'x'`, `%q<x>`/`%q{x}`/`%q(x)`/`%q[x]`, maybe `.freeze`. */
const RUBY_STRING = String.raw`(?:"([^"\\#]*)"|'([^'\\]*)'|%q<([^>]*)>|%q\{([^}]*)\}|%q\(([^)]*)\)|%q\[([^\]]*)\])(?:\.freeze)?`;
const STRING_RE = new RegExp(RUBY_STRING, 'g');
const DEPENDENCY_CALL = new RegExp(
  String.raw`^\s*\w+\.(add_dependency|add_runtime_dependency|add_development_dependency)\b\s*\(?\s*${RUBY_STRING}(.*)$`,
);

const stringValue = (m: RegExpExecArray | RegExpMatchArray, from: number): string | undefined =>
  m.slice(from, from + 6).find((g) => g !== undefined);

/**
 * A .gemspec: its `spec.add_dependency`/`add_runtime_dependency`/`add_development_dependency` calls, one per line
 * (as `bundle gem` and `gem build` write them, including `%q<name>.freeze` and array requirements). Requirement
 * strings are joined by ", " (all must hold). Commented-out lines do not count.
 */
export function parseGemspec(text: string, file: string): Manifest {
  const declarations: Declaration[] = [];
  text.split(/\r?\n/).forEach((row, i) => {
    const m = DEPENDENCY_CALL.exec(row);
    if (!m) return;
    const name = stringValue(m, 2);
    if (!name) return;
    const rest = (m[8] ?? '').replace(/\s#.*$/, '');
    const requirements = [...rest.matchAll(STRING_RE)]
      .map((r) => stringValue(r, 1))
      .filter((r): r is string => r !== undefined);
    declarations.push({
      name,
      spec: requirements.length > 0 ? requirements.join(', ') : null,
      source: 'registry',
      section: m[1] as string,
      file,
      line: i + 1,
      endLine: i + 1,
    });
  });
  return { ecosystem: 'rubygems', file, declarations, includeProblems: [] };
}
