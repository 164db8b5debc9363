import { type LanguageId, parseSource } from '../code/parser.js';
import type { FileFailure, ProjectFiles } from '../project-files.js';
import { discoverGo, discoverRust } from './discover-go-rust.js';
import { discoverCsharp, discoverJava } from './discover-java-csharp.js';
import { discoverJs } from './discover-js.js';
import { discoverPhp } from './discover-php.js';
import { discoverPython } from './discover-python.js';
import { discoverRuby } from './discover-ruby.js';
import { type FoundTest, finish, type TestIndex } from './model.js';

export type IndexRead =
  | { ok: true; index: TestIndex }
  | { ok: false; unsupported: true }
  | { ok: false; failure: FileFailure };

/** The tests defined in a file, built once per run and file (files.memo 'tests-index') and shared by every check. */
export async function testIndexOf(files: ProjectFiles, file: string): Promise<IndexRead> {
  const parsed = await parseSource(files, file);
  if (!parsed.ok)
    return 'unsupported' in parsed ? { ok: false, unsupported: true } : { ok: false, failure: parsed.failure };
  if (!('source' in parsed)) return { ok: false, unsupported: true };
  const source = parsed.source;
  const read = await files.memo(file, 'tests-index', (): TestIndex => {
    const found = discover(source.language, source.root, source.file);
    return { file: source.file, language: source.language, tests: found.map(finish) };
  });
  if (!read.ok) return { ok: false, failure: read.failure };
  return { ok: true, index: read.value };
}

function discover(language: LanguageId, root: import('web-tree-sitter').Node, file: string): FoundTest[] {
  switch (language) {
    case 'python':
      return discoverPython(root);
    case 'javascript':
    case 'typescript':
    case 'tsx':
      return discoverJs(root);
    case 'go':
      return discoverGo(root, file);
    case 'rust':
      return discoverRust(root);
    case 'java':
      return discoverJava(root);
    case 'csharp':
      return discoverCsharp(root);
    case 'ruby':
      return discoverRuby(root);
    case 'php':
      return discoverPhp(root);
  }
}
