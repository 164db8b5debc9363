/**
 * A tokenizer for Groovy and Kotlin build scripts, enough to read dependency declarations without a grammar:
 * identifiers, string literals (with their interpolations kept as written), punctuation and newlines; comments,
 * numbers and everything else skipped.
 */
export type Token =
  | { kind: 'ident'; value: string; line: number }
  | { kind: 'string'; value: string; interpolated: boolean; line: number }
  | { kind: 'punct'; value: string; line: number }
  | { kind: 'newline'; line: number };

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      out.push({ kind: 'newline', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const startLine = line;
      let j = i + quote.length;
      let value = '';
      while (j < n && !text.startsWith(quote, j)) {
        const ch = text[j] as string;
        if (ch === '\\' && j + 1 < n) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (ch === '\n') {
          if (!triple) break; // an unterminated single-line string ends at the line end
          line++;
        }
        value += ch;
        j++;
      }
      out.push({ kind: 'string', value, interpolated: c === '"' && /\$/.test(value), line: startLine });
      i = text.startsWith(quote, j) ? j + quote.length : j;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j] as string)) j++;
      out.push({ kind: 'ident', value: text.slice(i, j), line });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j] as string)) j++;
      i = j;
    } else {
      out.push({ kind: 'punct', value: c, line });
      i++;
    }
  }
  return out;
}
