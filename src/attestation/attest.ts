import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { DbOrTx } from '../db/client.js';
import { workspaceSettings } from '../db/schema/index.js';
import { AppError, badRequest, forbidden, unauthorized, unprocessable } from '../http/errors.js';
import { matchSignedHash, SIGNED_HASH_FORMAT, verifyEcdsaSignature } from './ecdsa.js';
import { currentWorkspaceKey } from './keys.js';
import { type ReplayClaim, verifyOidcToken } from './oidc.js';

/** What the server *verified* about a submission; what CI merely sent stays in the run's `received`. */
export type VerifiedAttestation = { method: 'none' } | { method: 'oidc' | 'ecdsa'; [fact: string]: unknown };

export interface AttestationInput {
  workspaceId: string;
  /**
   * The model the run is for. An OIDC token attests one run per model: one CI job legitimately verifies several
   * models (`assay run --all`) and GitLab gives a job a single token, while a second run of the same model with the
   * same token (or GitHub run attempt) is a replay.
   */
  modelId: string;
  /**
   * What a token is spent for within the model: results runs (default) and sufficiency verdicts are separate, so one
   * CI job can attest both with one GitLab token; a second use for the same purpose is a replay.
   */
  purpose?: 'results' | 'sufficiency';
  signature?: string | undefined;
  signedHash?: string | undefined;
  oidcToken?: string | undefined;
  /** The results as parsed (used for the canonical form when the raw body is not available). */
  results: unknown;
}

/** A workspace's attestation settings (defaults when it never saved any). */
export async function attestationSettings(db: DbOrTx, workspaceId: string) {
  const [row] = await db.select().from(workspaceSettings).where(eq(workspaceSettings.workspaceId, workspaceId));
  return {
    requireCiAttestation: row?.requireCiAttestation ?? false,
    trustedOidcIssuers: row?.trustedOidcIssuers ?? [],
    requiredOidcClaims: row?.requiredOidcClaims ?? {},
    oidcAudience: row?.oidcAudience ?? 'assay',
  };
}

/** The `results` value exactly as CI sent it (before validation trimmed anything), for the canonical form. */
function receivedResults(rawBody: Buffer | undefined, fallback: unknown): unknown {
  if (!rawBody) return fallback;
  try {
    return (JSON.parse(rawBody.toString('utf8')) as { results?: unknown }).results ?? fallback;
  } catch {
    return fallback;
  }
}

/** ECDSA over `sha256:<hex>` with the workspace key valid now; then the hash must cover the results. */
async function verifyEcdsa(ctx: AppContext, request: FastifyRequest, input: AttestationInput) {
  const { signature, signedHash } = input;
  if (!signature || !signedHash) {
    throw badRequest('signature_incomplete', 'Send signature and signed_hash together.');
  }
  if (!SIGNED_HASH_FORMAT.test(signedHash)) {
    throw unprocessable(
      'signed_hash_mismatch',
      'signed_hash must be "sha256:" followed by 64 lowercase hex digits of the SHA-256 of the results.',
    );
  }
  const key = await currentWorkspaceKey(ctx.db, input.workspaceId);
  if (!key) throw unauthorized('This workspace has no signing key to verify the signature with.', 'bad_signature');
  if (!verifyEcdsaSignature(key.key, signedHash, signature)) {
    throw unauthorized("The signature does not verify against the workspace's current signing key.", 'bad_signature');
  }
  const covers = matchSignedHash(signedHash, request.rawBody, receivedResults(request.rawBody, input.results));
  if (!covers) {
    throw unprocessable(
      'signed_hash_mismatch',
      'signed_hash is not the SHA-256 of the results as sent, nor of their canonical JSON (RFC 8785).',
    );
  }
  return { key_fingerprint: key.fingerprint, signed_hash: signedHash, signature, hash_of: covers };
}

/**
 * Verifies what a submission claims about its origin, before anything is stored. An OIDC token comes back with the
 * replay claim the caller must spend in the transaction that stores the run (spendReplayClaim). Everything sent must verify (a bad
 * signature is never silently downgraded to "none"); with `require_ci_attestation` a submission with neither is
 * refused (403 attestation_required).
 */
export async function attest(
  ctx: AppContext,
  request: FastifyRequest,
  input: AttestationInput,
): Promise<{ verified: VerifiedAttestation; replay?: ReplayClaim }> {
  const settings = await attestationSettings(ctx.db, input.workspaceId);
  const hasEcdsa = input.signature !== undefined || input.signedHash !== undefined;
  const hasOidc = input.oidcToken !== undefined;
  if (!hasEcdsa && !hasOidc) {
    if (settings.requireCiAttestation) {
      throw forbidden(
        'This workspace requires attested results: send an oidc_token or a signature with signed_hash.',
        'attestation_required',
      );
    }
    return { verified: { method: 'none' } };
  }
  const ecdsa = hasEcdsa ? await verifyEcdsa(ctx, request, input) : null;
  const oidc = hasOidc
    ? await verifyOidcToken(
        ctx,
        input.oidcToken!,
        settings,
        input.workspaceId,
        input.purpose === 'sufficiency' ? `${input.modelId}#sufficiency` : input.modelId,
      )
    : null;
  if (oidc) return { verified: { method: 'oidc', ...oidc.facts, ...(ecdsa ? { ecdsa } : {}) }, replay: oidc.replay };
  if (ecdsa) return { verified: { method: 'ecdsa', ...ecdsa } };
  throw new AppError(500, 'internal_error', 'unreachable');
}
