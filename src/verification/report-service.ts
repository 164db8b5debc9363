import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { controls, verificationRuns } from '../db/schema/index.js';
import { objectiveLinks } from '../models/repository.js';
import type { DriftItem, VerificationStatus } from './schemas.js';
import { computeModel } from './status.js';
import { loadFacts } from './status-repository.js';

/**
 * The verification report of a model: a constant number of set-based queries (controls, objective links,
 * assertions, heads, verdicts, newest run per repo), then everything computed in memory.
 */
export async function buildReport(db: DbOrTx, modelId: string) {
  const [controlRows, links, facts, repoRows] = await Promise.all([
    db
      .select({ id: controls.id, implementationStatus: controls.implementationStatus })
      .from(controls)
      .where(eq(controls.modelId, modelId))
      .orderBy(asc(controls.position)),
    objectiveLinks(db, modelId),
    loadFacts(db, modelId),
    db
      .selectDistinctOn([verificationRuns.repo], {
        repo: verificationRuns.repo,
        commitSha: verificationRuns.commitSha,
        receivedAt: verificationRuns.receivedAt,
      })
      .from(verificationRuns)
      .where(eq(verificationRuns.modelId, modelId))
      .orderBy(asc(verificationRuns.repo), desc(verificationRuns.receivedAt)),
  ]);
  const computed = computeModel(
    controlRows.map((c) => c.id),
    facts.assertions,
    facts.heads,
    facts.verdicts,
    facts.drift,
  );
  const summary: Record<VerificationStatus, number> = {
    verified: 0,
    partially_verified: 0,
    pending: 0,
    unverified: 0,
  };
  const driftItems: DriftItem[] = [];
  let coherenceWarnings = 0;
  const controlsOut = controlRows.map((c) => {
    const v = computed.get(c.id)!;
    summary[v.status] += 1;
    const objectiveIds = links.get(c.id) ?? [];
    const drift = v.drift.map(({ controlId: _, ...d }) => ({ ...d, control_id: c.id, objective_ids: objectiveIds }));
    driftItems.push(...drift);
    return {
      control_id: c.id,
      implementation_status: c.implementationStatus,
      verification_status: v.status,
      objective_ids: objectiveIds,
      assertions: v.assertions.map(({ facts: a, state }) => {
        if (a.coherenceStatus === 'incoherent') coherenceWarnings += 1;
        return {
          id: a.id,
          type: a.type,
          repo: a.repo,
          tier1: state.tier1,
          tier2: state.tier2,
          coherence: a.coherenceStatus,
        };
      }),
      sufficiency: v.sufficiency,
      drift,
    };
  });
  return {
    model_id: modelId,
    summary,
    controls: controlsOut,
    drift_items: driftItems,
    coherence_warnings: coherenceWarnings,
    repos: repoRows.map((r) => ({ repo: r.repo, commit_sha: r.commitSha, verified_at: r.receivedAt.toISOString() })),
  };
}
