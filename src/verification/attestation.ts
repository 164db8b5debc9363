import type { FastifyRequest } from 'fastify';
import { attest } from '../attestation/attest.js';
import type { ReplayClaim } from '../attestation/oidc.js';
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
 * AppError (422 when signed_hash does not match the results, 401 for a bad signature or token, 403
 * attestation_required when the workspace requires attestation and none was sent) and nothing is written. The
 * verification itself lives in src/attestation/.
 */
export async function attestSubmission(
  ctx: AppContext,
  request: FastifyRequest,
  submission: SubmissionToAttest,
): Promise<{ verified: Attestation; replay?: ReplayClaim }> {
  return attest(ctx, request, {
    workspaceId: submission.workspaceId,
    modelId: submission.modelId,
    signature: submission.signature,
    signedHash: submission.signedHash,
    oidcToken: submission.oidcToken,
    results: submission.results,
  });
}
