// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell, YAML and Spring placeholders are the subject here
import path from 'node:path';

/**
 * Shell scripts have no grammar installed, so this is a small scanner that knows just enough of POSIX shell to find
 * parameter expansions (`$X`, `${X}`, `${X:-default}`, `${#X}`) in code: it skips comments, single-quoted strings,
 * `$'…'` strings and quoted here-documents, honours backslash escapes, and scans double quotes, unquoted
 * here-documents, `$(…)` and backticks (where expansions are live).
 */

export interface ShellRef {
  name: string;
  /** 0-based character offset of the `$`. */
  offset: number;
  how: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Is this file a shell script (by extension, name or shebang)? Dockerfiles are handled as their own kind. */
export function isShellScript(file: string, text: string): boolean {
  const base = path.posix.basename(file).toLowerCase();
  const ext = path.posix.extname(base);
  if (['.sh', '.bash', '.zsh', '.ksh', '.dash', '.bats', '.command'].includes(ext)) return true;
  if (base === '.envrc' || base === '.bashrc' || base === '.profile' || base === '.zshrc' || base === '.bash_profile') {
    return true;
  }
  return /^#!\s*\S*\/(env\s+(-\S+\s+)*)?(ba|z|k|da|a)?sh\b/.test(text);
}

export function isDockerfile(file: string): boolean {
  const base = path.posix.basename(file).toLowerCase();
  return (
    base === 'dockerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile') || base === 'containerfile'
  );
}

/** Every parameter expansion of a named variable in shell code. */
export function scanShell(text: string): ShellRef[] {
  const refs: ShellRef[] = [];
  const n = text.length;
  let i = 0;
  let inDouble = false;
  /** Here-documents whose bodies start at the next newline. */
  let pending: { delim: string; quoted: boolean; stripTabs: boolean }[] = [];

  /** Reads `$…` at `i` (text[i] === '$'); returns the index after what it consumed. */
  const expansion = (at: number): number => {
    const next = text[at + 1] ?? '';
    if (next === '{') {
      let j = at + 2;
      if (text[j] === '#' || text[j] === '!') j++; // ${#X} length, ${!X} indirection
      const start = j;
      if (NAME_START.test(text[j] ?? '')) {
        while (j < n && NAME_CHAR.test(text[j] ?? '')) j++;
        refs.push({ name: text.slice(start, j), offset: at, how: '${…} expansion' });
      }
      return j; // keep scanning inside the braces: `${A:-$B}` reads B too
    }
    if (NAME_START.test(next)) {
      let j = at + 1;
      while (j < n && NAME_CHAR.test(text[j] ?? '')) j++;
      refs.push({ name: text.slice(at + 1, j), offset: at, how: '$ expansion' });
      return j;
    }
    return at + 1;
  };

  const atWordStart = (at: number): boolean => at === 0 || /[\s;&|()<>]/.test(text[at - 1] ?? '');

  while (i < n) {
    const c = text[i];
    if (c === '\n' && pending.length > 0 && !inDouble) {
      i = hereDocs(i + 1);
      continue;
    }
    if (c === '\\') {
      i += 2; // an escaped character is literal: \$X is not an expansion
      continue;
    }
    if (inDouble) {
      if (c === '"') inDouble = false;
      else if (c === '$') {
        i = expansion(i);
        continue;
      }
      i++;
      continue;
    }
    switch (c) {
      case '#':
        if (atWordStart(i)) {
          while (i < n && text[i] !== '\n') i++;
          continue;
        }
        break;
      case "'":
        i = skipSingle(i + 1);
        continue;
      case '"':
        inDouble = true;
        break;
      case '$':
        if (text[i + 1] === "'") {
          i = skipAnsiC(i + 2);
          continue;
        }
        i = expansion(i);
        continue;
      case '<':
        if (text[i + 1] === '<' && text[i + 2] !== '<') {
          const parsed = readHereDocHead(i + 2);
          if (parsed) {
            pending.push(parsed.doc);
            i = parsed.end;
            continue;
          }
        }
        break;
    }
    i++;
  }
  return refs;

  function skipSingle(from: number): number {
    const end = text.indexOf("'", from);
    return end === -1 ? n : end + 1;
  }

  function skipAnsiC(from: number): number {
    let j = from;
    while (j < n && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  }

  function readHereDocHead(
    from: number,
  ): { doc: { delim: string; quoted: boolean; stripTabs: boolean }; end: number } | null {
    let j = from;
    let stripTabs = false;
    if (text[j] === '-') {
      stripTabs = true;
      j++;
    }
    while (text[j] === ' ' || text[j] === '\t') j++;
    const m = /^(?:'([^'\n]*)'|"([^"\n]*)"|\\?([A-Za-z0-9_.-]+))/.exec(text.slice(j, j + 200));
    if (!m) return null;
    const delim = m[1] ?? m[2] ?? m[3] ?? '';
    const quoted = m[1] !== undefined || m[2] !== undefined || m[0].startsWith('\\');
    return { doc: { delim, quoted, stripTabs }, end: j + m[0].length };
  }

  /** Consumes the bodies of the pending here-documents starting at `from`; returns where code resumes. */
  function hereDocs(from: number): number {
    let j = from;
    for (const doc of pending) {
      while (j < n) {
        const eol = text.indexOf('\n', j);
        const lineEnd = eol === -1 ? n : eol;
        const line = text.slice(j, lineEnd);
        const bare = doc.stripTabs ? line.replace(/^\t+/, '') : line;
        if (bare === doc.delim || bare === `${doc.delim}\r`) {
          j = lineEnd + 1;
          break;
        }
        if (!doc.quoted) {
          // an unquoted here-document expands parameters (quotes and # are literal text there)
          for (let k = j; k < lineEnd; k++) {
            if (text[k] === '\\') k++;
            else if (text[k] === '$') k = expansion(k) - 1;
          }
        }
        j = lineEnd + 1;
      }
    }
    pending = [];
    return j;
  }
}

/**
 * Dockerfile: `$X`/`${X}` in instructions (Docker substitutes them; RUN hands them to the shell) and `ENV X=…`
 * declarations (they put X in the container's environment, like compose `environment:`). `#` lines are comments.
 */
export function scanDockerfile(text: string): ShellRef[] {
  const refs: ShellRef[] = [];
  let offset = 0;
  const lines = text.split('\n');
  let continued = false;
  let body = '';
  let bodyStart = 0;
  const flush = () => {
    if (!body.trim()) return;
    const m = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(body);
    if (m && m[1]?.toUpperCase() === 'ENV') {
      const args = m[2] ?? '';
      const names = args.includes('=')
        ? [...args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)].map((x) => x[1] ?? '')
        : [/^([A-Za-z_][A-Za-z0-9_]*)/.exec(args.trim())?.[1] ?? ''];
      for (const name of names) if (name) refs.push({ name, offset: bodyStart, how: 'Dockerfile ENV' });
    }
    for (const ref of scanShell(body)) refs.push({ ...ref, offset: bodyStart + ref.offset });
  };
  for (const line of lines) {
    const isComment = /^\s*#/.test(line);
    if (!continued) {
      flush();
      body = '';
      bodyStart = offset;
    }
    if (!isComment) {
      // keep offsets aligned with the file: pad what we drop with spaces
      body += (body ? '\n' : '') + line;
    } else if (body) {
      body += `\n${' '.repeat(line.length)}`;
    }
    continued = !isComment ? /\\\s*$/.test(line) : continued;
    offset += line.length + 1;
  }
  flush();
  return refs;
}
