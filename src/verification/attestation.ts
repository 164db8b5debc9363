import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';

/** What the server established about who produced a run's results (api.md: `attestation:{method, …}`). */
export type Attestation = { method: 'none' } | { method: 'oidc' | 'ecdsa'; [claim: string]: unknown };

export interface SubmissionToAttest {
  workspaceId: string;
  modelId: string;
  signature?: string | undefined;
  signedHash?: string | undefined;
  oidcToken?: string | undefined;
  /** The results as received, which a signed_hash must cover. */
  results: unknown[];
}

/**
 * The attestation step of a results submission, run before anything is stored; a refused attestation throws an
 * AppError (422 when signed_hash does not match the results, 401/403 for a bad token) and nothing is written.
 *
 * Today no signature or OIDC token is verified: every run is recorded as `none`, and the signature and token stay in
 * the run's `received` copy so that they can be verified later. Verifying them (ECDSA over signed_hash, OIDC against
 * the workspace's trusted issuers, `require_ci_attestation`) replaces this function's body, not its callers.
 */
export async function attestSubmission(
  _ctx: AppContext,
  _request: FastifyRequest,
  _submission: SubmissionToAttest,
): Promise<Attestation> {
  return { method: 'none' };
}
