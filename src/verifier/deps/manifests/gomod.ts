import type { Declaration, Manifest } from '../model.js';

interface Replace {
  path: string;
  /** Only this required version is replaced (`replace x v1.2.3 => …`); undefined replaces every version. */
  version?: string;
  target: string;
  targetVersion?: string;
  line: number;
}

/** Splits a go.mod line into tokens, honouring quoted paths, and drops the `//` comment. */
function tokens(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let comment = '';
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\/\/.*)$|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[3] !== undefined) {
      comment = m[3].slice(2).trim();
      break;
    }
    words.push(m[1] ?? m[2] ?? m[4] ?? '');
  }
  return { words, comment };
}

/**
 * go.mod: `require` lines and blocks are the declarations (minimal version selection selects exactly the listed
 * version for the main module, so each is a pin); `replace` directives redirect a module to another version or to a
 * local path.
 */
export function parseGoMod(text: string, file: string): Manifest {
  const declarations: Declaration[] = [];
  const replaces: Replace[] = [];
  let block: string | null = null;
  let moduleName: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const { words, comment } = tokens(lines[i] as string);
    if (words.length === 0) continue;
    let verb: string;
    let args: string[];
    if (block !== null) {
      if (words[0] === ')') {
        block = null;
        continue;
      }
      verb = block;
      args = words;
    } else {
      verb = words[0] as string;
      args = words.slice(1);
      if (args[0] === '(') {
        block = verb;
        continue;
      }
    }
    const line = i + 1;
    if (verb === 'module' && args[0]) moduleName = args[0];
    if (verb === 'require' && args.length >= 2) {
      const section = /\bindirect\b/.test(comment) ? 'require (indirect)' : 'require';
      declarations.push({
        name: args[0] as string,
        spec: args[1] as string,
        source: 'registry',
        section,
        file,
        line,
        endLine: line,
      });
    }
    if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow === 1 || arrow === 2) {
        const target = args[arrow + 1];
        if (target) {
          replaces.push({
            path: args[0] as string,
            ...(arrow === 2 ? { version: args[1] as string } : {}),
            target,
            ...(args[arrow + 2] ? { targetVersion: args[arrow + 2] as string } : {}),
            line,
          });
        }
      }
    }
  }
  for (const d of declarations) {
    const replace = replaces.find((r) => r.path === d.name && (r.version === undefined || r.version === d.spec));
    if (!replace) continue;
    if (/^\.{0,2}\//.test(replace.target) || !replace.targetVersion) {
      d.source = 'path';
      d.section = `${d.section}, replaced at ${file}:${replace.line} by a local path`;
    } else {
      d.spec = replace.targetVersion;
      d.section = `${d.section}, replaced at ${file}:${replace.line} by ${replace.target} ${replace.targetVersion}`;
    }
  }
  return { ecosystem: 'go', file, declarations, includeProblems: [], ...(moduleName ? { selfName: moduleName } : {}) };
}
