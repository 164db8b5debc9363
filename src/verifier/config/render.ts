import type { ConfigNode, ScalarValue } from './model.js';

/** Rendering stops here: a YAML alias graph can describe a huge tree in a small file. */
const MAX_RENDER = 100_000;

/**
 * The value as JSON text for `matches` (spec): strings without quotes, numbers, booleans and null as JSON,
 * maps and lists as compact JSON. An XML element with text and attributes renders as its text.
 */
export function renderForMatch(node: ConfigNode): string {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? node.value : JSON.stringify(node.value);
  if (node.kind === 'map' && node.text !== undefined) return node.text;
  const out: string[] = [];
  let size = 0;
  const emit = (s: string) => {
    out.push(s);
    size += s.length;
  };
  const visit = (n: ConfigNode): void => {
    if (size > MAX_RENDER) return;
    if (n.kind === 'scalar') emit(JSON.stringify(n.value));
    else if (n.kind === 'list') {
      emit('[');
      n.items.forEach((item, i) => {
        if (i > 0) emit(',');
        visit(item.node);
      });
      emit(']');
    } else {
      emit('{');
      let first = true;
      for (const [k, v] of n.entries) {
        emit(`${first ? '' : ','}${JSON.stringify(k)}:`);
        first = false;
        visit(v.node);
      }
      emit('}');
    }
  };
  visit(node);
  return out.join('').slice(0, MAX_RENDER);
}

/** Key names whose values are never printed in details. */
const SECRET_KEY =
  /pass(?:word|wd|phrase)?|pwd|secret|token|api[-_.]?key|private|credential|auth|access[-_.]?key|salt|signing|dsn|connection[-_.]?string/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A short description of a value for details: numbers, booleans and null as JSON; strings quoted and cut to 60
 * characters; maps and lists by kind. Values of secret-looking keys and URLs with credentials are never shown.
 */
export function describeValue(node: ConfigNode, key: string): string {
  if (node.kind === 'list') return `an array of ${node.items.length}`;
  if (node.kind === 'map') {
    if (node.text !== undefined) return describeScalar(node.text, key);
    return `an object with ${node.entries.size} key${node.entries.size === 1 ? '' : 's'}`;
  }
  return describeScalar(node.value, key);
}

function describeScalar(value: ScalarValue, key: string): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  if (isSecretKey(key) || /:\/\/[^/\s]*@/.test(value)) return `a value of ${value.length} characters (not shown)`;
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** The comparison operand as written in details (hidden for secret keys, like the value it is compared with). */
export function describeExpected(expected: string | number | boolean, key: string): string {
  if (typeof expected !== 'string') return JSON.stringify(expected);
  if (isSecretKey(key)) return 'the expected value (not shown)';
  return JSON.stringify(expected.length > 60 ? `${expected.slice(0, 57)}...` : expected);
}

/** The `in` list as the user wrote it (it is JSON already), cut to 80 characters; hidden for secret keys. */
export function describeList(expected: string | number | boolean, key: string): string {
  if (isSecretKey(key)) return 'the expected values (not shown)';
  const text = String(expected);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
