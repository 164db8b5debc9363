/**
 * Finds the exact bytes of one member's value in a JSON object as it arrived, without re-serializing anything: the
 * signed_hash of a results submission may be the SHA-256 of the `results` value exactly as CI wrote it.
 *
 * Works on the UTF-8 bytes: every structural character is ASCII, and no byte of a multi-byte UTF-8 sequence is below
 * 0x80, so scanning bytes is exact. The body has already been parsed as JSON when this runs; the scanner still
 * refuses anything it does not understand (returns null) rather than guess. A member named twice is ambiguous (JSON
 * parsers keep the last; a signer may have meant the first), so it is refused too.
 */
export function topLevelMemberSpan(body: Uint8Array, name: string): { start: number; end: number } | null {
  const n = body.length;
  let i = 0;
  const ws = () => {
    while (i < n && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d)) i++;
  };
  /** Index just past the closing quote of the string starting at i, or -1. */
  const stringEnd = (from: number): number => {
    let j = from + 1;
    while (j < n) {
      const c = body[j]!;
      if (c === 0x5c) j += 2;
      else if (c === 0x22) return j + 1;
      else if (c < 0x20) return -1;
      else j++;
    }
    return -1;
  };
  /** Index just past the value starting at i, or -1. */
  const valueEnd = (from: number): number => {
    const c = body[from];
    if (c === 0x22) return stringEnd(from);
    if (c === 0x7b || c === 0x5b) {
      let depth = 0;
      let j = from;
      while (j < n) {
        const d = body[j]!;
        if (d === 0x22) {
          j = stringEnd(j);
          if (j < 0) return -1;
          continue;
        }
        if (d === 0x7b || d === 0x5b) depth++;
        else if (d === 0x7d || d === 0x5d) {
          depth--;
          if (depth === 0) return j + 1;
        }
        j++;
      }
      return -1;
    }
    // number, true, false, null: up to the next delimiter
    let j = from;
    while (j < n && !' \t\n\r,]}'.includes(String.fromCharCode(body[j]!))) j++;
    return j > from ? j : -1;
  };

  ws();
  if (body[i] !== 0x7b) return null;
  i++;
  let found: { start: number; end: number } | null = null;
  let seen = 0;
  ws();
  if (body[i] === 0x7d) return null;
  for (;;) {
    ws();
    if (body[i] !== 0x22) return null;
    const keyEnd = stringEnd(i);
    if (keyEnd < 0) return null;
    let key: unknown;
    try {
      key = JSON.parse(Buffer.from(body.subarray(i, keyEnd)).toString('utf8'));
    } catch {
      return null;
    }
    i = keyEnd;
    ws();
    if (body[i] !== 0x3a) return null;
    i++;
    ws();
    const start = i;
    const end = valueEnd(i);
    if (end < 0) return null;
    if (key === name) {
      seen++;
      found = { start, end };
    }
    i = end;
    ws();
    if (body[i] === 0x2c) {
      i++;
      continue;
    }
    if (body[i] === 0x7d) break;
    return null;
  }
  i++;
  ws();
  if (i !== n) return null;
  return seen === 1 ? found : null;
}
