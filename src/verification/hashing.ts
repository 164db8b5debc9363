import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// a CommonJS module whose typings declare an ES default export: at run time the default import is the function
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** RFC 8785 canonical JSON: the same value always serialises to the same bytes, whatever its key order. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a result is verified against: sha256 (hex) over the canonical JSON of {type, params}. */
export function contentHash(type: string, params: Record<string, unknown>): string {
  return sha256(canonicalJson({ type, params }));
}

/**
 * Identifies a control's assertion set for sufficiency: sha256 over its sorted content hashes (one per line). A
 * verdict counts only while this still matches the control's current assertions.
 */
export function assertionSetHash(contentHashes: readonly string[]): string {
  return sha256([...contentHashes].sort().join('\n'));
}
