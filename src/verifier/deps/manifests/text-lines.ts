/** Line lookups for formats whose parsers give no positions (TOML, XML): evidence points at the declaring line. */
export class TextLines {
  readonly lines: string[];

  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
  }

  /** 1-based line of the first line at or after `from` matching `re`, or undefined. */
  find(re: RegExp, from = 1): number | undefined {
    for (let i = Math.max(0, from - 1); i < this.lines.length; i++) {
      if (re.test(this.lines[i] as string)) return i + 1;
    }
    return undefined;
  }

  /** Like `find` after the first line matching `anchor` (when there is one), else anywhere; 1 when nothing matches. */
  findAfter(anchor: RegExp | undefined, re: RegExp): number {
    const start = anchor ? this.find(anchor) : undefined;
    return (start !== undefined ? this.find(re, start) : undefined) ?? this.find(re) ?? start ?? 1;
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A TOML key as written, bare or quoted. */
export function tomlKeyPattern(key: string): string {
  const k = escapeRegExp(key);
  return `(?:${k}|"${k}"|'${k}')`;
}

/** The header line of a TOML table such as `[tool.poetry.dependencies]` (quotes around segments tolerated). */
export function tomlHeaderPattern(path: string[], array = false): RegExp {
  const body = path.map((p) => `\\s*${tomlKeyPattern(p)}\\s*`).join('\\.');
  return array ? new RegExp(`^\\s*\\[\\[${body}\\]\\]`) : new RegExp(`^\\s*\\[${body}\\]`);
}
