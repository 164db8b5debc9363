import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertionTypes, typeInfo } from '../../assertions/catalogue.js';
import type { AssertionResult } from '../../verifier/engine.js';
import { type CheckReport, locationOf, type SourceLocation } from './report.js';

/**
 * SARIF 2.1.0 for GitHub code scanning. Choices, per the SARIF spec and GitHub's subset:
 * - one rule per catalogue type (all 21, so `ruleIndex` is stable), described by the catalogue;
 * - only `fail` and `error` become results (`kind: "fail"`, level `error` and `warning`): code scanning turns every
 *   result into an alert, and SARIF allows a log to list only what needs attention. Passing and skipped assertions
 *   are counted in `runs[0].properties.summary` instead;
 * - every result has a location (GitHub refuses results without one): the evidence region, else the assertion's
 *   file, else the assertions file itself (for globs and escaping paths);
 * - `invocations[0].executionSuccessful` is false when any check could not run (`error`); each such check is also
 *   a `toolExecutionNotifications` entry.
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export function toolVersion(): string {
  try {
    // src/cli/output and dist/cli/output both sit three levels under the package root.
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const pascal = (type: string) =>
  type
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

const uriOf = (file: string) => file.split('/').map(encodeURIComponent).join('/');

export function rules() {
  return assertionTypes.map((type) => ({
    id: type,
    name: pascal(type),
    shortDescription: { text: typeInfo[type].description },
    fullDescription: { text: `${typeInfo[type].description} Tier 2 confirms: ${typeInfo[type].criterion}` },
    help: { text: `Assertion type ${type}. ${typeInfo[type].description}` },
    defaultConfiguration: { level: 'error' },
    properties: { family: typeInfo[type].family, tags: ['assay', typeInfo[type].family] },
  }));
}

/** The assertions file as a root-relative path when it lives in the checkout, else its base name. */
function assertionsFileLocation(report: CheckReport): SourceLocation {
  const relative = path.relative(path.resolve(report.projectRoot), path.resolve(report.assertionsFile));
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return { file: inside ? relative.split(path.sep).join('/') : path.basename(report.assertionsFile), line: 1 };
}

export function physicalLocation(location: SourceLocation) {
  const startLine = location.line ?? 1;
  return {
    physicalLocation: {
      artifactLocation: { uri: uriOf(location.file), uriBaseId: SRCROOT },
      region: { startLine, endLine: Math.max(startLine, location.endLine ?? startLine) },
    },
  };
}

function resultMessage(result: AssertionResult, description: string | undefined): string {
  const subject = description ? `Assertion ${result.id} (${description})` : `Assertion ${result.id}`;
  return result.result === 'error'
    ? `${subject} could not be checked: ${result.details}`
    : `${subject} failed: ${result.details}`;
}

export function formatCheckSarif(report: CheckReport): string {
  const ruleIndex = new Map<string, number>(assertionTypes.map((type, i) => [type, i]));
  const fallback = assertionsFileLocation(report);
  const results = [];
  const notifications = [];
  for (const [i, result] of report.results.entries()) {
    if (result.result !== 'fail' && result.result !== 'error') continue;
    const assertion = report.assertions[i];
    const index = ruleIndex.get(result.type);
    const location = locationOf(result, assertion?.params ?? {}) ?? fallback;
    const message = resultMessage(result, assertion?.description);
    results.push({
      ruleId: result.type,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      kind: 'fail',
      level: result.result === 'fail' ? 'error' : 'warning',
      message: { text: message },
      locations: [physicalLocation(location)],
      partialFingerprints: {
        'assayAssertion/v1': createHash('sha256').update(`${result.id}\u0000${result.type}`).digest('hex'),
      },
      properties: { assertionId: result.id, outcome: result.result, details: result.details },
    });
    if (result.result === 'error') {
      notifications.push({
        level: 'error',
        message: { text: message },
        ...(index !== undefined ? { associatedRule: { id: result.type, index } } : {}),
      });
    }
  }
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'assay',
            version: toolVersion(),
            rules: rules(),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(path.resolve(report.projectRoot)).href}/` } },
        invocations: [
          {
            executionSuccessful: report.summary.error === 0,
            exitCode: report.exitCode,
            startTimeUtc: report.startedAt.toISOString(),
            endTimeUtc: report.endedAt.toISOString(),
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        properties: { summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
