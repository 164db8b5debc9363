import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createWorld, json, type TestApp, type World } from '../helpers/app.js';
import { type EcKey, ecKey, sha256Tag, signHash, uploadSigningKey } from '../helpers/attestation.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { fnExists, newModel, runBody, submitAssertions } from './verification-fixtures.js';

/**
 * Sufficiency verdicts from CI are attested like results when the workspace requires attestation: otherwise a copied
 * verifier key could mark any control's coverage sufficient from a laptop. A token is spent once for a model's
 * results and once for its verdicts.
 */

let t: TestApp;
let w: World;
let mid: string;
let issuer: TestIssuer;
let key: EcKey;
let jti = 0;

const CLAIMS = { repository: 'acme/api', ref: 'refs/heads/main' };
const token = () => issuer.token({ aud: 'assay', ...CLAIMS, jti: `job-${++jti}` });
const verdicts = [{ control_id: 'CTRL-01', status: 'sufficient', gaps: [], reasoning: 'covers every aspect' }];

async function verdictCount(): Promise<number> {
  const result = await t.ctx.db.execute<{ n: number }>(sql.raw('select count(*)::int as n from sufficiency_verdicts'));
  const rows = (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

const post = (payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/models/${mid}/verification/sufficiency`,
    ...w.verifierKey,
    payload: { evaluator: 'openai:gpt-4o-mini', results: verdicts, ...payload },
  });

beforeAll(async () => {
  t = await createTestApp({ ASSAY_ALLOW_INSECURE_ISSUERS: '1' });
  w = await createWorld(t.app);
  mid = await newModel(t.app, w);
  await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')]);
  issuer = await startTestIssuer();
  key = ecKey();
  await uploadSigningKey(t.app, w.owner, w.workspaceId, key.publicPem);
  await json(
    t.app.inject({
      method: 'PATCH',
      url: `/api/workspaces/${w.workspaceId}/settings`,
      ...w.owner,
      payload: { require_ci_attestation: true, trusted_oidc_issuers: [issuer.url], required_oidc_claims: CLAIMS },
    }),
    200,
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  await issuer?.close();
});

describe('sufficiency verdicts in a workspace that requires attestation', () => {
  it('unattested: 403 attestation_required, nothing stored', async () => {
    const before = await verdictCount();
    const res = await post({});
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('attestation_required');
    expect(await verdictCount()).toBe(before);
  });

  it('an OIDC token attests them, and the same token still attests the model’s results run once', async () => {
    const jwt = await token();
    const res = await post({ oidc_token: jwt });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attestation.method).toBe('oidc');
    // GitLab gives a job one token: results and verdicts of one model are separate uses
    const run = await t.app.inject({
      method: 'POST',
      url: `/api/models/${mid}/verification/results`,
      ...w.verifierKey,
      payload: { ...runBody({ run_id: `suf-${jti}`, results: [] }), oidc_token: jwt },
    });
    expect(run.statusCode, run.body).toBe(201);
    const before = await verdictCount();
    const again = await post({ oidc_token: jwt });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('replay');
    expect(await verdictCount()).toBe(before);
  });

  it('a token with the wrong claims is refused and stores nothing', async () => {
    const before = await verdictCount();
    const res = await post({ oidc_token: await issuer.token({ aud: 'assay', repository: 'acme/other', jti: 'x1' }) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('oidc_claim_mismatch');
    expect(await verdictCount()).toBe(before);
  });

  it('an ECDSA signature over the verdicts attests them; a signature over other verdicts is refused', async () => {
    const signedHash = sha256Tag(JSON.stringify(verdicts));
    const res = await post({ signed_hash: signedHash, signature: signHash(key.privateKey, signedHash) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().attestation.method).toBe('ecdsa');
    const before = await verdictCount();
    const other = sha256Tag(JSON.stringify([{ ...verdicts[0], status: 'insufficient' }]));
    const mismatch = await post({ signed_hash: other, signature: signHash(key.privateKey, other) });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.code).toBe('signed_hash_mismatch');
    expect(await verdictCount()).toBe(before);
  });
});
