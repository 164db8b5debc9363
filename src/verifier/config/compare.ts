import { compileUserRegex } from '../regex.js';
import type { ConfigNode, ScalarNode } from './model.js';
import { renderForMatch } from './render.js';

export type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'matches' | 'in';
export type Expected = string | number | boolean;
type Element = string | number | boolean | null;

/** A compiled comparison: params are checked once, before any file is read. */
export type Comparison = { ok: true; test: (node: ConfigNode) => Verdict } | { ok: false; message: string };

/** `holds` says whether the comparison is true; `reason` explains a value that cannot be compared at all. */
export interface Verdict {
  holds: boolean;
  reason?: string;
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);

/** A number from a number or a numeric string (decimal, optional sign, fraction and exponent); otherwise null. */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
  return null;
}

/** The boolean an expected operand stands for: `true`/`false` or the strings "true"/"false" (any case). */
function expectedBoolean(expected: Element): boolean | null {
  if (typeof expected === 'boolean') return expected;
  if (typeof expected === 'string') {
    const word = expected.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  return null;
}

/** The comparable scalar at a node: XML elements with text compare as their text; maps and lists are not scalars. */
function scalarOf(node: ConfigNode): ScalarNode | null {
  if (node.kind === 'scalar') return node;
  if (node.kind === 'map' && node.text !== undefined) return { kind: 'scalar', value: node.text, untyped: true };
  return null;
}

/**
 * Equality with the expected operand read in the type of the actual value, because `value` often arrives as a
 * string from a form: 8080 eq "8080", true eq "true", "strict" eq "strict". Untyped strings (INI, .env,
 * .properties, XML, YAML 1.1 `yes`/`on`) compare as booleans against true/false (ruling 7) and as numbers when
 * both sides are numeric; other strings compare exactly (case-sensitive).
 */
export function scalarEquals(actual: ScalarNode, expected: Element): boolean {
  const value = actual.value;
  if (value === null) return expected === null || expected === 'null' || expected === '~';
  if (expected === null) return false;
  if (typeof value === 'boolean') return expectedBoolean(expected) === value;
  if (typeof value === 'number') {
    if (typeof expected === 'boolean') return false;
    return numericValue(expected) === value;
  }
  if (actual.untyped) {
    const wanted = expectedBoolean(expected);
    const word = value.trim().toLowerCase();
    if (wanted !== null && (TRUE_WORDS.has(word) || FALSE_WORDS.has(word))) return TRUE_WORDS.has(word) === wanted;
    const a = numericValue(value);
    const b = typeof expected === 'boolean' ? null : numericValue(expected);
    if (a !== null && b !== null) return a === b;
    return value.trim() === String(expected);
  }
  if (typeof expected === 'number') {
    const a = numericValue(value);
    return a !== null && a === expected;
  }
  return value === String(expected);
}

export function compileComparison(operator: Operator, expected: Expected): Comparison {
  switch (operator) {
    case 'eq':
    case 'ne': {
      const wantEqual = operator === 'eq';
      return {
        ok: true,
        test: (node) => {
          const scalar = scalarOf(node);
          if (!scalar) return { holds: false, reason: `which is not a single value, so ${operator} cannot compare it` };
          return { holds: scalarEquals(scalar, expected) === wantEqual };
        },
      };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const bound = typeof expected === 'boolean' ? null : numericValue(expected);
      if (bound === null) {
        return { ok: false, message: `operator ${operator} needs a numeric value, got ${JSON.stringify(expected)}` };
      }
      return {
        ok: true,
        test: (node) => {
          const scalar = scalarOf(node);
          const actual = scalar && typeof scalar.value !== 'boolean' ? numericValue(scalar.value) : null;
          if (actual === null) return { holds: false, reason: `which is not a number, so ${operator} cannot hold` };
          return { holds: orderHolds(operator, actual, bound) };
        },
      };
    }
    case 'matches': {
      // A number or boolean operand is taken as the pattern it spells (`31536000`, `true`).
      const pattern = String(expected);
      const compiled = compileUserRegex(pattern);
      if (!compiled.ok) return { ok: false, message: `invalid regex ${JSON.stringify(pattern)}: ${compiled.message}` };
      return { ok: true, test: (node) => ({ holds: compiled.regex.matcher(renderForMatch(node)).find() }) };
    }
    case 'in': {
      const list = parseInList(expected);
      if (!list.ok) return list;
      return {
        ok: true,
        test: (node) => {
          const scalar = scalarOf(node);
          if (!scalar) return { holds: false, reason: 'which is not a single value, so in cannot compare it' };
          return { holds: list.values.some((element) => scalarEquals(scalar, element)) };
        },
      };
    }
    default:
      return { ok: false, message: `unknown operator ${JSON.stringify(operator)}` };
  }
}

function orderHolds(operator: 'gt' | 'gte' | 'lt' | 'lte', actual: number, bound: number): boolean {
  if (operator === 'gt') return actual > bound;
  if (operator === 'gte') return actual >= bound;
  if (operator === 'lt') return actual < bound;
  return actual <= bound;
}

function parseInList(expected: Expected): { ok: true; values: Element[] } | { ok: false; message: string } {
  const bad = { ok: false as const, message: 'operator in needs value to be a JSON array, e.g. ["TLSv1.2","TLSv1.3"]' };
  if (typeof expected !== 'string') return bad;
  let parsed: unknown;
  try {
    parsed = JSON.parse(expected);
  } catch {
    return bad;
  }
  if (!Array.isArray(parsed)) return bad;
  const values: Element[] = [];
  for (const element of parsed) {
    if (element !== null && typeof element === 'object') {
      return {
        ok: false,
        message: 'operator in compares scalars: the array may hold strings, numbers, booleans, null',
      };
    }
    values.push(element as Element);
  }
  return { ok: true, values };
}
