/**
 * The content hash of an assertion and the set hash of a control's assertions, for the LLM jobs. Defined once, in
 * src/verification/hashing.ts (the pipeline's status computation uses the same functions), and re-exported here so
 * a verdict written by a job always matches what the status computation looks for.
 */
export { assertionSetHash, contentHash } from '../verification/hashing.js';
