import { hashOf } from './crypto.js';

export const BUNDLE_FORMAT = 'assay.audit-bundle/v1';

/** The sections the manifest hashes. */
export const BUNDLE_SECTIONS = ['model', 'report', 'findings', 'runs', 'chain', 'repos', 'keys'] as const;

/** The manifest hash: over the format, generation time and every section's hash. */
export const manifestHashOf = (m: { format: unknown; generated_at: unknown; sections: unknown }) =>
  hashOf({ format: m.format, generated_at: m.generated_at, sections: m.sections });
