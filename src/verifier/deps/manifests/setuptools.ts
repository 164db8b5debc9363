import { LineIndex } from '../../text.js';
import type { Declaration, Manifest } from '../model.js';
import { parsePep508 } from './pep508.js';

const CFG_OPTION_KEYS = new Set(['install_requires', 'tests_require', 'setup_requires']);

/**
 * setup.cfg (setuptools' declarative config): `[options]` `install_requires`, `tests_require`, `setup_requires` and
 * every extra of `[options.extras_require]`, one PEP 508 requirement per line (or `;`-free item after `=`), with
 * indented continuation lines.
 */
export function parseSetupCfg(text: string, file: string): Manifest {
  const declarations: Declaration[] = [];
  let section = '';
  let current: string | null = null;
  const add = (item: string, line: number) => {
    const value = item.replace(/(^|\s)#.*$/, '').trim();
    if (value === '' || current === null) return;
    const req = parsePep508(value);
    if (req) declarations.push({ ...req, section: current, file, line, endLine: line });
  };
  text.split(/\r?\n/).forEach((row, i) => {
    const line = i + 1;
    if (/^\s*[#;]/.test(row) || row.trim() === '') return;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(row);
    if (header) {
      section = (header[1] as string).trim();
      current = null;
      return;
    }
    if (/^\s/.test(row)) {
      add(row, line); // a continuation line of the current key
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(row);
    if (!kv) return;
    const key = (kv[1] as string).trim();
    current =
      section === 'options' && CFG_OPTION_KEYS.has(key)
        ? `options.${key}`
        : section === 'options.extras_require'
          ? `options.extras_require.${key}`
          : null;
    add(kv[2] as string, line);
  });
  return { ecosystem: 'pypi', file, declarations, includeProblems: [] };
}

const PY_KEYWORDS = /\b(install_requires|tests_require|setup_requires|extras_require)\s*=\s*([[{])/g;

/**
 * setup.py: the string literals of `install_requires=[…]`, `tests_require=[…]`, `setup_requires=[…]` and the list
 * values of `extras_require={…}` written inline in the call (a list held in a variable is not followed).
 */
export function parseSetupPy(text: string, file: string): Manifest {
  const declarations: Declaration[] = [];
  const lines = new LineIndex(text);
  for (const m of text.matchAll(PY_KEYWORDS)) {
    const keyword = m[1] as string;
    let depth = 0;
    let extra: string | null = null;
    for (let i = (m.index ?? 0) + m[0].length - 1; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '#') {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? text.length : nl;
        continue;
      }
      if (c === '[' || c === '{' || c === '(') depth++;
      else if (c === ']' || c === '}' || c === ')') {
        depth--;
        if (depth === 0) break;
      } else if (c === '"' || c === "'") {
        const triple = text.startsWith(c.repeat(3), i);
        const quote = triple ? c.repeat(3) : c;
        const end = text.indexOf(quote, i + quote.length);
        if (end === -1) break;
        const value = text.slice(i + quote.length, end);
        const after = text.slice(end + quote.length).match(/^\s*(:)?/);
        if (after?.[1])
          extra = value; // a dict key: the extra's name
        else {
          const req = parsePep508(value);
          const section = keyword === 'extras_require' ? `extras_require.${extra ?? '?'}` : keyword;
          const line = lines.lineOf(i);
          if (req) declarations.push({ ...req, section, file, line, endLine: line });
        }
        i = end + quote.length - 1;
      }
    }
  }
  return { ecosystem: 'pypi', file, declarations, includeProblems: [] };
}
