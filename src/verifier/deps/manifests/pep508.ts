import type { Source } from '../model.js';

export interface Requirement {
  name: string;
  spec: string | null;
  source: Source;
}

/**
 * A PEP 508 requirement: `name[extras] (specifiers) ; markers` or `name @ url`. Markers and extras do not change
 * which versions are admitted, so they are dropped. Returns null for text that is not a requirement.
 */
export function parsePep508(text: string): Requirement | null {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/s.exec(text);
  if (!m) return null;
  const name = m[1] as string;
  let rest = (m[2] ?? '').trim();
  if (rest.startsWith('@')) return { name, spec: null, source: urlSource(rest.slice(1).trim()) };
  const semicolon = rest.indexOf(';');
  if (semicolon !== -1) rest = rest.slice(0, semicolon).trim();
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  if (rest !== '' && !/^(===|~=|==|!=|<=|>=|<|>)/.test(rest)) return null;
  return { name, spec: rest === '' ? null : rest, source: 'registry' };
}

export function urlSource(url: string): Source {
  if (/^(git\+|hg\+|svn\+|bzr\+)/.test(url) || /\.git(@|#|$)/.test(url)) return 'git';
  if (/^(file:|\.{1,2}\/|\/)/.test(url)) return 'path';
  return 'url';
}
