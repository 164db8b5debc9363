/**
 * Key paths of config_key_exists / config_value_matches (spec: "Key syntax: dots and indices,
 * `server.tls.min_version`, `servers[0].port`; a key containing dots is quoted: `headers."X-Frame-Options"`").
 *
 * Grammar: segment ( '.' segment )*, where a segment is a bare name or a quoted name, followed by any number of
 * `[n]` indices; the path may also start with an index (`[0].name`, a top-level array). A bare name is any run of
 * characters other than `.`, `[`, `]` and quotes (so `@requireSSL`, `tool:pytest`, `X-Frame-Options` are bare).
 * Quoted names use `"…"` or `'…'`; inside them a backslash escapes the next character.
 */
export type KeyStep = { kind: 'name'; name: string } | { kind: 'index'; index: number };

export type ParsedKey = { ok: true; steps: KeyStep[] } | { ok: false; message: string };

const BARE_STOP = new Set(['.', '[', ']', '"', "'"]);

export function parseKeyPath(rawKey: string): ParsedKey {
  // Surrounding whitespace is never part of a key the user meant (quote the segment if it is).
  const key = rawKey.trim();
  const steps: KeyStep[] = [];
  const bad = (why: string): ParsedKey => ({ ok: false, message: `invalid key ${JSON.stringify(key)}: ${why}` });
  if (key.length === 0) return bad('the key is empty');
  let pos = 0;
  // A segment is expected at the start and after every dot; a leading index stands in for the first segment.
  let expectSegment = key[0] !== '[';
  while (pos < key.length) {
    const ch = key[pos] as string;
    if (expectSegment) {
      if (ch === '"' || ch === "'") {
        let name = '';
        let i = pos + 1;
        let closed = false;
        while (i < key.length) {
          const c = key[i] as string;
          if (c === '\\' && i + 1 < key.length) {
            name += key[i + 1];
            i += 2;
          } else if (c === ch) {
            closed = true;
            i++;
            break;
          } else {
            name += c;
            i++;
          }
        }
        if (!closed) return bad(`unterminated quote starting at character ${pos + 1}`);
        if (name.length === 0) return bad(`empty quoted segment at character ${pos + 1}`);
        steps.push({ kind: 'name', name });
        pos = i;
      } else {
        let i = pos;
        while (i < key.length && !BARE_STOP.has(key[i] as string)) i++;
        if (i === pos) {
          return bad(
            ch === '.' ? `empty segment at character ${pos + 1}` : `unexpected "${ch}" at character ${pos + 1}`,
          );
        }
        steps.push({ kind: 'name', name: key.slice(pos, i) });
        pos = i;
      }
      expectSegment = false;
      continue;
    }
    if (ch === '.') {
      if (pos === key.length - 1) return bad('it ends with a dot');
      expectSegment = true;
      pos++;
    } else if (ch === '[') {
      const close = key.indexOf(']', pos);
      if (close === -1) return bad(`unclosed "[" at character ${pos + 1}`);
      const digits = key.slice(pos + 1, close);
      if (!/^\d+$/.test(digits)) return bad(`index "[${digits}]" is not a non-negative integer`);
      const index = Number(digits);
      if (!Number.isSafeInteger(index)) return bad(`index "[${digits}]" is too large`);
      steps.push({ kind: 'index', index });
      pos = close + 1;
    } else {
      return bad(`unexpected "${ch}" at character ${pos + 1} (quote a segment that contains it)`);
    }
  }
  return { ok: true, steps };
}

/** A run of steps written back as one flat key (`server.ssl.enabled`, `servers[0].port`), quotes removed. */
export function joinSteps(steps: readonly KeyStep[], from = 0, to = steps.length): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const step = steps[i] as KeyStep;
    if (step.kind === 'index') out += `[${step.index}]`;
    else out += i === from ? step.name : `.${step.name}`;
  }
  return out;
}

/** The steps rendered in key syntax, for details: names with dots or brackets are quoted again. */
export function formatKeyPath(steps: readonly KeyStep[]): string {
  let out = '';
  steps.forEach((step, i) => {
    if (step.kind === 'index') {
      out += `[${step.index}]`;
      return;
    }
    const needsQuotes = [...step.name].some((c) => BARE_STOP.has(c));
    const name = needsQuotes ? JSON.stringify(step.name) : step.name;
    out += i === 0 ? name : `.${name}`;
  });
  return out;
}
