import type { LanguageId } from '../parser.js';
import { csharpRules } from './csharp.js';
import { goRules } from './go.js';
import { javaRules } from './java.js';
import { javascriptRules } from './javascript.js';
import { phpRules } from './php.js';
import { pythonRules } from './python.js';
import { rubyRules } from './ruby.js';
import type { LanguageRules } from './rules.js';
import { rustRules } from './rust.js';

/** The definition rules of each language. */
export const RULES: Record<LanguageId, LanguageRules> = {
  python: pythonRules,
  javascript: javascriptRules,
  typescript: javascriptRules,
  tsx: javascriptRules,
  go: goRules,
  java: javaRules,
  csharp: csharpRules,
  ruby: rubyRules,
  rust: rustRules,
  php: phpRules,
};
