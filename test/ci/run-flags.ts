/**
 * The flags of `assay run` (the design of issue #6) that the CI integrations may use. test/ci/*.test.ts also compare
 * this list with the options the registered `run` command really has, so it cannot drift from the CLI.
 */
export const RUN_FLAGS = [
  '--all',
  '--api-key',
  '--url',
  '--project-root',
  '--repo',
  '--workspace',
  '--tier2-provider',
  '--tier2-model',
  '--tier2-api-key',
  '--ollama-url',
  '--concurrency',
  '--signing-key',
  '--oidc-token-env',
  '--require-attestation',
  '--dry-run',
  '--no-exec',
  '--output',
] as const;

export const OUTPUT_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
