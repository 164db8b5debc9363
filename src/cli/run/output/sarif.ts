import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isGlob } from '../../../verifier/project-files.js';
import { physicalLocation, rules, SARIF_SCHEMA, SRCROOT, toolVersion } from '../../output/sarif.js';
import type { RunOutcome } from '../types.js';
import {
  allWarnings,
  type Failure,
  failureMessage,
  failuresOf,
  type SourceLocation,
  submissionText,
  totalsOf,
} from './common.js';

/**
 * SARIF 2.1.0 of one `assay run`, built like `assay check --output sarif` (same rule table, same location rules):
 * - tier-1 and tier-2 failures and errors are results, `ruleId` the assertion type; `properties.tier` tells the tiers
 *   apart (and the fingerprint includes it, so both tiers of one assertion are separate alerts);
 * - every result has a location: the evidence, else the assertion's plain file (tier 2: what tier 1 pointed at), else
 *   the fixed directory a glob starts in, else the workflow file that ran assay (GITHUB_WORKFLOW_REF), else the
 *   project root;
 * - warnings, checks that could not run and refused submissions are `toolExecutionNotifications`;
 * - the counts of the whole run are in `runs[0].properties.summary`.
 */
export function formatRunSarif(
  outcome: RunOutcome,
  options: { workflowRef?: string } = { workflowRef: process.env.GITHUB_WORKFLOW_REF },
): string {
  const ruleTable: { id: string }[] = rules();
  const ruleIndex = new Map<string, number>(ruleTable.map((r, i) => [r.id, i]));
  const workflowFile = workflowFileOf(options.workflowRef);
  const results = [];
  const notifications: Record<string, unknown>[] = allWarnings(outcome).map((w) => ({
    level: 'warning',
    message: { text: w },
  }));
  let failedSubmissions = 0;
  for (const model of outcome.models) {
    for (const f of failuresOf(model)) {
      if (!ruleIndex.has(f.type)) {
        // A type this CLI's catalogue does not know still gets a rule, so every ruleId is in the table.
        ruleIndex.set(f.type, ruleTable.length);
        ruleTable.push(unknownRule(f.type));
      }
      const index = ruleIndex.get(f.type)!;
      const message = failureMessage(f);
      results.push({
        ruleId: f.type,
        ruleIndex: index,
        kind: 'fail',
        level: f.result === 'fail' ? 'error' : 'warning',
        message: { text: message },
        locations: [physicalLocation(resultLocation(f, workflowFile))],
        partialFingerprints: {
          'assayAssertion/v1': createHash('sha256')
            .update(`${f.modelId}\u0000${f.assertionId}\u0000${f.type}\u0000tier${f.tier}`)
            .digest('hex'),
        },
        properties: {
          tier: f.tier,
          modelId: f.modelId,
          assertionId: f.assertionId,
          controlId: f.controlId,
          outcome: f.result,
          details: f.details,
          ...(f.tier === 2 ? { reviewer: f.reviewer } : {}),
        },
      });
      if (f.result === 'error') {
        notifications.push({ level: 'error', message: { text: message }, associatedRule: { id: f.type, index } });
      }
    }
    for (const s of [model.submission, model.sufficiencySubmission]) {
      if (s?.state !== 'failed') continue;
      failedSubmissions++;
      notifications.push({ level: 'error', message: { text: `${model.modelId}: ${submissionText(s)}` } });
    }
  }
  const totals = totalsOf(outcome);
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'assay', version: toolVersion(), rules: ruleTable } },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(path.resolve(outcome.projectRoot)).href}/` } },
        invocations: [
          {
            executionSuccessful: totals.tier1.error === 0 && totals.tier2.error === 0 && failedSubmissions === 0,
            exitCode: outcome.exitCode,
            startTimeUtc: outcome.startedAt.toISOString(),
            endTimeUtc: outcome.endedAt.toISOString(),
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        properties: {
          summary: {
            tier1: totals.tier1,
            tier2: totals.tier2,
            controls: totals.controls,
            insufficientControls: totals.insufficient,
            submittedModels: totals.submittedModels,
            models: totals.models,
          },
          pipeline: outcome.pipeline,
          tier2Reviewer: outcome.tier2Reviewer,
          attestation: outcome.attestation,
          models: outcome.models.map((m) => ({
            modelId: m.modelId,
            title: m.title,
            submission: m.submission.state,
            runId: m.submission.runId ?? null,
          })),
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function unknownRule(type: string) {
  return {
    id: type,
    name: type,
    shortDescription: { text: `Assertion type ${type} (not in this version of assay's catalogue)` },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['assay'] },
  };
}

/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` → `.github/workflows/ci.yml`. */
function workflowFileOf(ref: string | undefined): string | undefined {
  const match = ref ? /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(ref) : null;
  return match?.[1] && safeRelative(match[1]) ? match[1] : undefined;
}

function safeRelative(file: string): boolean {
  const normal = path.posix.normalize(file);
  return !(normal.startsWith('/') || normal === '..' || normal.startsWith('../') || /^[A-Za-z]:\//.test(normal));
}

/** The directory a glob's fixed part names: `src/**\/*.ts` → `src`; undefined when it starts with a wildcard. */
function globDirectory(params: Record<string, unknown>): string | undefined {
  const pattern = typeof params.file === 'string' ? params.file : undefined;
  if (!pattern || !isGlob(pattern)) return undefined;
  const parts = pattern.replaceAll('\\', '/').split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (isGlob(part)) break;
    fixed.push(part);
  }
  const dir = path.posix.normalize(fixed.join('/') || '.').replace(/\/$/, '');
  return dir !== '.' && safeRelative(dir) ? dir : undefined;
}

function resultLocation(f: Failure, workflowFile: string | undefined): SourceLocation {
  if (f.location) return f.location;
  const dir = globDirectory(f.params);
  if (dir) return { file: dir };
  if (workflowFile) return { file: workflowFile, line: 1 };
  return { file: '.', line: 1 };
}
