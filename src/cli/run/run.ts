import type { KeyObject } from 'node:crypto';
import type { LlmProvider } from '../../llm/providers/provider.js';
import { RESULT_BATCH_LIMIT } from '../../verification/schemas.js';
import { runAssertions } from '../../verifier/engine.js';
import type { ApiClient } from './api-client.js';
import { type Attestor, keyFingerprint } from './attest.js';
import type { CiEnvironment } from './ci-env.js';
import type { RunProgress } from './output/progress.js';
import { runSufficiency } from './sufficiency.js';
import { runTier2 } from './tier2.js';
import type {
  ModelRun,
  RunOutcome,
  SubmissionOutcome,
  SufficiencyOutcome,
  Tier1Outcome,
  Tier2Outcome,
  WireAssertionList,
  WirePipeline,
  WireResult,
} from './types.js';

/**
 * `assay run`, one model after another: fetch every assertion of this repo → tier 1 on the checkout → tier 2 for
 * what passed → one attested submission with both tiers → sufficiency for controls awaiting a verdict → the server's
 * report. A failure of one model (the server refused, the network broke) is recorded on that model and the run goes
 * on with the next; the exit code says whether everything that ran passed.
 *
 * What is submitted, and why:
 * - tier 1: pass, fail and error results. A `skipped` result (a --no-exec run, a type this CLI does not know) is not
 *   sent: the server counts a stored skip as falling short, and a run that chose not to look must not mark a control
 *   as failing. It stays as it was, and the output says so.
 * - tier 2: the provider's YES (pass) and NO or malformed answer (fail). A provider failure (timeout, 5xx) is shown
 *   and not sent, so the assertion waits for the next run instead of failing for the provider's sake. Without a
 *   provider nothing of tier 2 is sent.
 * Developer keys (`mk_`) and --dry-run submit nothing at all.
 */

export type CredentialScope = 'developer' | 'verifier' | 'ci_token';

export interface RunOptions {
  client: ApiClient;
  /** The models to verify (the command resolved `--all` to the list). */
  models: { id: string; title: string }[];
  scope: CredentialScope;
  projectRoot: string;
  ci: CiEnvironment;
  attestor: Attestor;
  /** The private key behind --signing-key, to warn when it is not the workspace's key. */
  signingKey?: KeyObject | undefined;
  provider: LlmProvider | null;
  concurrency: number;
  dryRun: boolean;
  allowExec: boolean;
  progress: RunProgress;
}

export async function executeRun(options: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const pipeline = pipelineOf(options.ci);
  const warnings: string[] = [];
  const reviewer = options.provider ? `${options.provider.name}:${options.provider.model}` : null;
  // the tier-2-skipped warning is every output format's own business (output/common.ts), so none can omit it
  if (options.scope === 'developer') {
    warnings.push(
      'NOT SUBMITTED: a developer key (mk_) only runs the checks; use a verifier key (mv_) in CI to submit.',
    );
  } else if (options.dryRun) {
    warnings.push('DRY RUN: nothing was submitted.');
  }
  if (!options.ci.commitSha && submits(options)) {
    warnings.push(
      'No commit SHA: set GITHUB_SHA/CI_COMMIT_SHA or run inside a git checkout; results are not submitted.',
    );
  }
  if (options.ci.uncommittedChanges && submits(options)) {
    warnings.push(
      `The checkout has uncommitted changes: the results reflect the working tree but are submitted for commit ${pipeline.commit_sha.slice(0, 12)}.`,
    );
  }
  const models: ModelRun[] = [];
  for (const model of options.models) models.push(await verifyModel(options, model, pipeline, reviewer));
  if (models.every((m) => m.tier1.length === 0)) {
    // a renamed repo or model must not pass CI by verifying nothing
    warnings.push(
      `NOTHING VERIFIED: ${models.length === 0 ? 'the credential can read no model' : `no assertion of ${models.length === 1 ? 'this model' : 'these models'} is for ${options.ci.repo ? `repo ${options.ci.repo}` : 'this run'}`}; exit 1.`,
    );
  }
  const outcome: RunOutcome = {
    models,
    warnings,
    pipeline,
    tier2Reviewer: reviewer,
    attestation: options.attestor.methods.includes('oidc')
      ? 'oidc'
      : options.attestor.methods.includes('ecdsa')
        ? 'ecdsa'
        : 'none',
    projectRoot: options.projectRoot,
    startedAt,
    endedAt: new Date(),
    exitCode: 0,
  };
  outcome.exitCode = exitCodeOfRun(outcome);
  return outcome;
}

const submits = (o: Pick<RunOptions, 'scope' | 'dryRun'>) => o.scope !== 'developer' && !o.dryRun;

export function pipelineOf(ci: CiEnvironment): WirePipeline {
  return {
    ...ci.extra,
    provider: ci.provider,
    run_id: ci.runId,
    run_url: ci.runUrl,
    repo: ci.repo,
    // the server requires a commit; a run without one is never submitted (see the warning above)
    commit_sha: ci.commitSha ?? '',
    branch: ci.branch,
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function verifyModel(
  options: RunOptions,
  model: { id: string; title: string },
  pipeline: WirePipeline,
  reviewer: string | null,
): Promise<ModelRun> {
  const run: ModelRun = {
    modelId: model.id,
    title: model.title,
    tier1: [],
    tier2: [],
    sufficiency: [],
    submission: { state: 'nothing', drift: [] },
    warnings: [],
  };
  let list: WireAssertionList;
  try {
    list = await options.client.assertions(model.id, options.ci.repo);
  } catch (e) {
    run.submission = { state: 'failed', drift: [], error: `cannot fetch the assertions: ${messageOf(e)}` };
    return run;
  }
  // Only what this checkout can speak for: assertions of its repo and those naming none. Without a repo the server
  // lists every repo's assertions; checked here they would fail (another repo's code is not here), and the server
  // refuses a submission holding any of them (repo_mismatch).
  const foreign = list.assertions.filter((a) => a.repo !== null && a.repo !== options.ci.repo).length;
  if (foreign) {
    list = { ...list, assertions: list.assertions.filter((a) => a.repo === null || a.repo === options.ci.repo) };
    run.warnings.push(
      options.ci.repo === null
        ? `${foreign} assertion${foreign === 1 ? ' names a repository' : 's name repositories'}, and this run does not know its own (give --repo, or run where GITHUB_REPOSITORY, CI_PROJECT_PATH or a git remote "origin" tells it): not verified`
        : `${foreign} assertion${foreign === 1 ? ' of another repository was' : 's of other repositories were'} left out`,
    );
  }
  if (list.assertions.length === 0) {
    run.warnings.push(`no assertions for ${options.ci.repo ? `repo ${options.ci.repo}` : 'this run'}`);
  }
  warnAboutAttestation(options, list, run);

  // tier 1 on the checkout
  const byId = new Map(list.assertions.map((a) => [a.id, a]));
  const engine = await runAssertions(
    list.assertions.map((a) => ({ id: a.id, type: a.type, params: a.params })),
    {
      projectRoot: options.projectRoot,
      allowExec: options.allowExec,
      onProgress: (done, total) => options.progress.phase(`${model.id} tier 1`, done, total),
    },
  );
  run.tier1 = engine.results.map((r): Tier1Outcome => {
    const a = byId.get(r.id)!;
    return {
      assertionId: r.id,
      controlId: a.control_id,
      type: a.type,
      description: a.description,
      params: a.params,
      result: r.result,
      details: r.details,
      ...(r.evidence ? { evidence: r.evidence } : {}),
    };
  });
  const skipped = run.tier1.filter((r) => r.result === 'skipped').length;
  if (skipped) {
    run.warnings.push(
      `${skipped} assertion${skipped === 1 ? ' was' : 's were'} skipped at tier 1 (see details) and not submitted`,
    );
  }

  // tier 2 for what passed tier 1 now
  const passed = run.tier1.filter((r) => r.result === 'pass');
  run.tier2 = await runTier2(
    passed.map((tier1) => ({ assertion: byId.get(tier1.assertionId)!, tier1 })),
    {
      provider: options.provider,
      projectRoot: options.projectRoot,
      concurrency: options.concurrency,
      onProgress: (done, total) => options.progress.phase(`${model.id} tier 2`, done, total),
    },
  );
  const providerErrors = run.tier2.filter((r) => r.result === 'error').length;
  if (providerErrors) {
    run.warnings.push(
      `${providerErrors} tier-2 review${providerErrors === 1 ? '' : 's'} got no usable answer from the provider and ` +
        `${providerErrors === 1 ? 'was' : 'were'} not submitted (still pending)`,
    );
  }

  run.submission = await submit(options, model.id, list, pipeline, run.tier1, run.tier2);
  await judgeSufficiency(options, run, reviewer, list.attestation.oidc_audience);

  try {
    run.report = await options.client.report(model.id);
  } catch (e) {
    run.reportError = messageOf(e);
  }
  return run;
}

function warnAboutAttestation(options: RunOptions, list: WireAssertionList, run: ModelRun): void {
  if (!submits(options)) return;
  if (list.attestation.required && options.attestor.methods.length === 0) {
    run.warnings.push(
      'this workspace requires attested results, and this run has neither an OIDC token nor --signing-key: the server will refuse the submission',
    );
  }
  if (options.signingKey && options.attestor.methods.includes('ecdsa')) {
    const mine = keyFingerprint(options.signingKey);
    const theirs = list.attestation.signing_key_fingerprint;
    if (theirs === null) run.warnings.push('--signing-key was given, but the workspace has no signing key configured');
    else if (theirs !== mine) {
      run.warnings.push(
        `--signing-key (fingerprint ${mine.slice(0, 16)}…) is not the workspace's current key (${theirs.slice(0, 16)}…)`,
      );
    }
  }
}

/** The results one submission carries (see the module comment for what is left out). */
export function resultsToSubmit(
  list: WireAssertionList,
  tier1: readonly Tier1Outcome[],
  tier2: readonly Tier2Outcome[],
): WireResult[] {
  const hash = new Map(list.assertions.map((a) => [a.id, a.content_hash]));
  const out: WireResult[] = [];
  for (const r of tier1) {
    if (r.result === 'skipped') continue;
    out.push({
      assertion_id: r.assertionId,
      tier: 1,
      result: r.result,
      details: r.details.slice(0, 10_000),
      evidence: r.evidence ?? null,
      content_hash: hash.get(r.assertionId)!,
    });
  }
  for (const r of tier2) {
    if (r.result !== 'pass' && r.result !== 'fail') continue;
    out.push({
      assertion_id: r.assertionId,
      tier: 2,
      result: r.result,
      details: r.details.slice(0, 10_000),
      reviewer: r.reviewer,
      evidence: r.evidence ?? null,
      content_hash: hash.get(r.assertionId)!,
    });
  }
  return out;
}

async function submit(
  options: RunOptions,
  modelId: string,
  list: WireAssertionList,
  pipeline: WirePipeline,
  tier1: readonly Tier1Outcome[],
  tier2: readonly Tier2Outcome[],
): Promise<SubmissionOutcome> {
  if (options.scope === 'developer') return { state: 'developer_key', drift: [] };
  if (options.dryRun) return { state: 'dry_run', drift: [] };
  const results = resultsToSubmit(list, tier1, tier2);
  if (results.length === 0) return { state: 'nothing', drift: [] };
  if (results.length > RESULT_BATCH_LIMIT) {
    // not split: the server takes one submission per run id and model, and an OIDC token attests one run per model
    return {
      state: 'failed',
      drift: [],
      error: `${results.length} results exceed the server's limit of ${RESULT_BATCH_LIMIT} per submission; nothing was sent (split the model's assertions across repositories or models)`,
    };
  }
  if (!pipeline.commit_sha) {
    return { state: 'failed', drift: [], error: 'no commit SHA to submit the results for' };
  }
  let attestation: Awaited<ReturnType<Attestor['attest']>>;
  try {
    attestation = await options.attestor.attest(results, list.attestation.oidc_audience);
  } catch (e) {
    return { state: 'failed', drift: [], error: `attestation failed: ${messageOf(e)}` };
  }
  try {
    const res = await options.client.submitResults(modelId, { pipeline, results, ...attestation });
    return {
      state: 'submitted',
      runId: res.run_id,
      replayed: res.replayed,
      attestation: res.attestation.method,
      drift: res.drift,
    };
  } catch (e) {
    return { state: 'failed', drift: [], error: messageOf(e) };
  }
}

async function judgeSufficiency(
  options: RunOptions,
  run: ModelRun,
  reviewer: string | null,
  audience: string,
): Promise<void> {
  let awaiting: Awaited<ReturnType<ApiClient['pendingSufficiency']>>;
  try {
    awaiting = await options.client.pendingSufficiency(run.modelId);
  } catch (e) {
    run.sufficiencySubmission = {
      state: 'failed',
      drift: [],
      error: `cannot fetch pending sufficiency: ${messageOf(e)}`,
    };
    return;
  }
  if (awaiting.length === 0) return;
  run.sufficiency = await runSufficiency(awaiting, { provider: options.provider, concurrency: options.concurrency });
  const verdicts = run.sufficiency.filter(
    (s): s is SufficiencyOutcome & { status: 'sufficient' | 'insufficient' } =>
      s.status === 'sufficient' || s.status === 'insufficient',
  );
  if (!reviewer) {
    run.warnings.push(
      `${awaiting.length} control${awaiting.length === 1 ? ' awaits' : 's await'} a sufficiency verdict (no tier-2 provider to judge it)`,
    );
    return;
  }
  if (verdicts.length === 0) return;
  if (options.scope === 'developer') {
    run.sufficiencySubmission = { state: 'developer_key', drift: [] };
    return;
  }
  if (options.dryRun) {
    run.sufficiencySubmission = { state: 'dry_run', drift: [] };
    return;
  }
  const wire = verdicts.map((v) => ({
    control_id: v.controlId,
    status: v.status,
    gaps: v.gaps,
    reasoning: v.reasoning,
    assertion_set_hash: v.assertionSetHash,
  }));
  let attestation: Awaited<ReturnType<Attestor['attest']>>;
  try {
    // attested like the results: a workspace that requires attestation refuses unattested verdicts
    attestation = await options.attestor.attest(wire, audience);
  } catch (e) {
    run.sufficiencySubmission = { state: 'failed', drift: [], error: `attestation failed: ${messageOf(e)}` };
    return;
  }
  try {
    await options.client.submitSufficiency(run.modelId, reviewer, wire, attestation);
    run.sufficiencySubmission = { state: 'submitted', drift: [] };
  } catch (e) {
    run.sufficiencySubmission = { state: 'failed', drift: [], error: messageOf(e) };
  }
}

/**
 * 1 when nothing was verified at all (no model, or no assertion for this repo: a CI gate must not pass by checking
 * nothing), or when anything that ran fell short: a tier-1 or tier-2 fail/error, an insufficient control (judged now
 * or in the server's report), a submission that failed, or a report that could not be fetched; else 0. Skipped steps
 * are allowed (their warnings say so).
 */
export function exitCodeOfRun(outcome: Pick<RunOutcome, 'models'>): 0 | 1 {
  if (outcome.models.every((m) => m.tier1.length === 0)) return 1;
  for (const m of outcome.models) {
    if (m.tier1.some((r) => r.result === 'fail' || r.result === 'error')) return 1;
    if (m.tier2.some((r) => r.result === 'fail' || r.result === 'error')) return 1;
    if (m.sufficiency.some((s) => s.status === 'insufficient' || s.status === 'error')) return 1;
    if (m.report?.controls.some((c) => c.sufficiency.status === 'insufficient')) return 1;
    if (m.submission.state === 'failed' || m.sufficiencySubmission?.state === 'failed') return 1;
    if (m.reportError !== undefined) return 1;
  }
  return 0;
}
