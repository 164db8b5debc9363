import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashOf, p256PublicKey, verifyHash } from '../../src/audit/crypto.js';
import { type Notarization, notarizedPayload, recordHashOf } from '../../src/audit/notarize.js';
import { instanceKeys, verificationRuns } from '../../src/db/schema/index.js';
import { createTestApp, createWorld, type TestApp, type World } from '../helpers/app.js';
import { fnExists, newModel, pass, runBody, submitAssertions, submitRun } from './verification-fixtures.js';

let t: TestApp;
let w: World;
let mid: string;
let ids: string[];
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.app);
  mid = await newModel(t.app, w);
  ids = (await submitAssertions(t.app, w.developerKey, mid, 'CTRL-01', [fnExists('require_auth')])).assertions.map(
    (a) => a.id,
  );
}, 120_000);
afterAll(async () => t?.close());

async function chain(workspaceId: string) {
  const rows = await t.ctx.db.select().from(verificationRuns).where(eq(verificationRuns.workspaceId, workspaceId));
  return rows
    .map((r) => ({ run: r, n: r.notarization as Notarization }))
    .sort((a, b) => (a.n?.seq ?? 0) - (b.n?.seq ?? 0));
}

async function expectValidChain(workspaceId: string, count: number) {
  const keys = new Map((await t.ctx.db.select().from(instanceKeys)).map((k) => [k.kid, p256PublicKey(k.publicKeyPem)]));
  const links = await chain(workspaceId);
  expect(links).toHaveLength(count);
  let prev: string | null = null;
  links.forEach(({ run, n }, i) => {
    expect(n, `run ${run.id} is notarized`).toBeTruthy();
    expect(n.seq).toBe(i + 1);
    expect(n.prev_hash).toBe(prev);
    const received = run.received as { pipeline: unknown; results: unknown };
    expect(n.hash).toBe(
      hashOf(
        notarizedPayload({
          run_id: run.id,
          model_id: run.modelId,
          workspace_id: run.workspaceId,
          received_at: run.receivedAt.toISOString(),
          pipeline: received.pipeline,
          results: received.results,
          attestation: { method: run.attestationMethod, ...(run.attestation as object) },
        }),
      ),
    );
    expect(n.record_hash).toBe(recordHashOf({ ...n, workspace_id: run.workspaceId, run_id: run.id }));
    const key = keys.get(n.kid)!;
    expect(key).toBeTruthy();
    expect(verifyHash(key, n.hash, n.signature)).toBe(true);
    expect(verifyHash(key, n.record_hash, n.record_signature)).toBe(true);
    prev = n.record_hash;
  });
}

describe('platform notarization', () => {
  it('every accepted run is notarized: hash of the canonical payload, signed by the instance key', async () => {
    const out = await submitRun(t.app, w.verifierKey, mid, { run_id: 'n-1', results: pass(ids, 1) });
    const [row] = await t.ctx.db.select().from(verificationRuns).where(eq(verificationRuns.id, out.run_id));
    const n = row!.notarization as Notarization;
    expect(n.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(n.kid).toMatch(/^[0-9a-f]{64}$/);
    expect(n.prev_hash).toBeNull();
    expect(Buffer.from(n.signature, 'base64')[0]).toBe(0x30); // DER SEQUENCE
    await expectValidChain(w.workspaceId, 1);
  });

  it('a replayed run is not notarized twice', async () => {
    await submitRun(t.app, w.verifierKey, mid, { run_id: 'n-1', results: pass(ids, 1) });
    await expectValidChain(w.workspaceId, 1);
  });

  it('runs chain per workspace, also when many arrive at once', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/models/${mid}/verification/results`,
          ...w.verifierKey,
          payload: runBody({ run_id: `c-${i}`, results: pass(ids, 1) }),
        }),
      ),
    ).then((rs) => expect(rs.map((r) => r.statusCode)).toEqual(Array(8).fill(201)));
    await expectValidChain(w.workspaceId, 9);
  });

  it("another workspace's runs start their own chain", async () => {
    const other = await newModel(t.app, w, undefined, { cred: w.other.owner, workspaceId: w.other.workspaceId });
    const a = await submitAssertions(t.app, w.other.developerKey, other, 'CTRL-01', [fnExists('x')]);
    await submitRun(t.app, w.other.verifierKey, other, {
      run_id: 'o-1',
      results: pass(
        a.assertions.map((x) => x.id),
        1,
      ),
    });
    await expectValidChain(w.other.workspaceId, 1);
    await expectValidChain(w.workspaceId, 9);
  });
});
