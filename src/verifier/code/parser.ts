import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, type Node, Parser, type Tree } from 'web-tree-sitter';
import type { FileFailure, ProjectFiles } from '../project-files.js';
import { LineIndex } from '../text.js';

/** The languages the code types understand (spec: "Languages by extension"). */
export type LanguageId =
  | 'python'
  | 'javascript'
  | 'typescript'
  | 'tsx'
  | 'go'
  | 'java'
  | 'csharp'
  | 'ruby'
  | 'rust'
  | 'php';

const EXTENSIONS: Record<string, LanguageId> = {
  '.py': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.go': 'go',
  '.java': 'java',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.rake': 'ruby',
  '.rs': 'rust',
  '.php': 'php',
};

/** Where each grammar's .wasm ships inside its npm package. */
const GRAMMARS: Record<LanguageId, string> = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
  csharp: 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
  ruby: 'tree-sitter-ruby/tree-sitter-ruby.wasm',
  rust: 'tree-sitter-rust/tree-sitter-rust.wasm',
  php: 'tree-sitter-php/tree-sitter-php.wasm',
};

/** The language of a file by its extension (Rakefile and Gemfile are Ruby), or null: such files are `skipped`. */
export function languageOf(file: string): LanguageId | null {
  const base = path.posix.basename(file);
  if (base === 'Rakefile' || base === 'Gemfile' || base === 'Guardfile') return 'ruby';
  return EXTENSIONS[path.posix.extname(file).toLowerCase()] ?? null;
}

const require = createRequire(import.meta.url);
let init: Promise<void> | undefined;
const languages = new Map<LanguageId, Promise<Language>>();
const parsers = new Map<LanguageId, Parser>();

async function loadLanguage(id: LanguageId): Promise<Language> {
  init ??= Parser.init();
  await init;
  let lang = languages.get(id);
  if (!lang) {
    lang = Language.load(require.resolve(GRAMMARS[id]));
    languages.set(id, lang);
  }
  return lang;
}

async function parserFor(id: LanguageId): Promise<Parser> {
  const language = await loadLanguage(id);
  let parser = parsers.get(id);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(id, parser);
  }
  return parser;
}

/** A parsed source file: the tree, its text and a line index. Freed by ProjectFiles.dispose() via delete(). */
export class SourceFile {
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly file: string,
    readonly language: LanguageId,
    readonly text: string,
    readonly tree: Tree,
  ) {}

  get root(): Node {
    return this.tree.rootNode;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  /** Evidence for a node: 1-based lines. */
  evidence(node: Node): { file: string; line: number; end_line: number } {
    return { file: this.file, line: node.startPosition.row + 1, end_line: node.endPosition.row + 1 };
  }

  /** `file:line` of a node, for details. */
  at(node: Node): string {
    return `${this.file}:${node.startPosition.row + 1}`;
  }

  delete(): void {
    this.tree.delete();
  }
}

export type ParsedSource =
  | { ok: true; source: SourceFile }
  | { ok: false; unsupported: true; failure?: undefined }
  | { ok: false; unsupported?: undefined; failure: FileFailure };

/**
 * Parses a code file once per run (through the run's ProjectFiles cache). A file in a language we do not support is
 * `{ ok: false, unsupported: true }`: the caller answers `skipped` with `language not supported`, never a guess.
 */
export async function parseSource(files: ProjectFiles, file: string): Promise<ParsedSource> {
  const language = languageOf(file);
  if (!language) return { ok: false, unsupported: true };
  const read = await files.memo(file, 'tree-sitter', async (text, rel) => {
    const parser = await parserFor(language);
    const tree = parser.parse(text);
    if (!tree) throw new Error(`tree-sitter could not parse ${rel}`);
    return new SourceFile(rel, language, text, tree);
  });
  if (!read.ok) return read;
  return { ok: true, source: read.value };
}

/**
 * The descendants of `node` (node included) whose type is one of `types` — named or anonymous, as `node.type` names
 * them — in document order. The search runs inside tree-sitter's wasm and only matches become JS Node objects: a
 * cursor walk from JS crosses into wasm several times per node and cost ~18% of a bench run.
 */
export function nodesOfTypes(node: Node, types: readonly string[]): Node[] {
  if (types.length === 0) return [];
  return node.descendantsOfType([...types]).filter((n): n is Node => n !== null);
}

/**
 * Walks every descendant of `node` (pre-order), without recursion so very deep trees cannot overflow the stack.
 * Materialises a Node per tree node (slow on big files): prefer `nodesOfTypes` when only some types matter.
 */
export function* descendants(node: Node): Generator<Node> {
  const cursor = node.walk();
  try {
    let depth = 0;
    while (true) {
      yield cursor.currentNode;
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (true) {
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}
