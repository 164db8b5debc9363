import { describe, expect, it } from 'vitest';
import { TIER2_SKIPPED_WARNING } from './common.js';
import { developerOutcome, providerOutcome } from './fixtures.test-util.js';
import { escapeData, escapeProperty, formatRunGithub, md } from './github.js';

/** The lines a runner would take as workflow commands while command processing is on. */
function activeCommands(stdout: string): string[] {
  const out: string[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split('\n')) {
    const trimmed = line.trimStart();
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed);
    if (stop) stopToken = stop[1];
    else if (trimmed.startsWith('::')) out.push(trimmed);
  }
  return out;
}

describe('formatRunGithub', () => {
  it('annotates each failure with its place, escaping values as the Actions toolkit does', () => {
    const { stdout } = formatRunGithub(providerOutcome(), {});
    const commands = activeCommands(stdout);
    expect(commands.filter((c) => c.startsWith('::error'))).toHaveLength(7);
    // the newline of the crafted description is %0A: "::error::injected" never starts a line
    expect(commands).toContain(
      '::error file=src/session.ts,line=10,endLine=12,title=Assay tier 1 failure%3A function_exists (AC-2)::' +
        'Tier 1 failed: assertion a2 "sessions expire ::error::injected" (control AC-2, function_exists): no function expire in src/session.ts',
    );
    expect(stdout.split('\n').filter((l) => l.startsWith('::error::injected'))).toEqual([]);
    // "," ":" "%" in a file name are escaped in the property; no line → no line properties
    expect(commands).toContain(
      '::error file=src/we%2Cird%3Ana%25me.ts,title=Assay tier 1 error%3A test_passes (AC-3)::' +
        'Tier 1 could not be checked: assertion a5 "tests pass" (control AC-3, test_passes): the test command timed out after 60 s',
    );
    expect(commands).toContain(
      '::error file=src/we%2Cird%3Ana%25me.ts,title=Assay tier 2 failure%3A config_key_exists (AC-3)::' +
        'Tier 2 failed by openai:gpt-4o-mini: assertion a4 "rate limit configured" (control AC-3, config_key_exists): the reviewer answered NO: the limit is disabled in production',
    );
    // no location (a glob): title only
    expect(commands.some((c) => c.startsWith('::error title=Assay tier 1 failure%3A pattern_absent (AC-2)::'))).toBe(
      true,
    );
    expect(commands).toContain(
      '::error title=Assay%3A control AC-3 is insufficient (m1)::only the API is limited Gaps: no rate limit on /login; no lockout after failed logins',
    );
    expect(commands).toContain(
      '::error title=Assay%3A submission failed (m2)::SUBMISSION FAILED: HTTP 403: attestation required for this workspace',
    );
    expect(commands).toContain('::warning::the run took longer than 5 minutes');
    expect(commands).toContain('::warning::m2: the report could not be fetched: HTTP 503: database unavailable');
    // the text report follows with commands stopped, and commands are resumed at the end
    expect(stdout).toContain('Model m1 — Payments API');
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^::[0-9a-f-]{36}::$/);
    expect(lines).toContain(`::stop-commands::${lines.at(-1)!.slice(2, -2)}`);
  });

  it('escapes raw newlines, commas and colons in warnings, control ids and file names', () => {
    const outcome = providerOutcome();
    outcome.warnings = ['look\n::error::injected 100%'];
    const a2 = outcome.models[0]!.tier1[1]!;
    a2.controlId = 'AC,2:x\n::error::y';
    a2.evidence = { file: 'src/a,b:c%d\n.ts', line: 1, end_line: 1 };
    const { stdout } = formatRunGithub(outcome, {});
    const commands = activeCommands(stdout);
    expect(commands).toContain('::warning::look%0A::error::injected 100%25');
    expect(
      commands.some((c) =>
        c.startsWith(
          '::error file=src/a%2Cb%3Ac%25d%0A.ts,line=1,endLine=1,title=Assay tier 1 failure%3A function_exists (AC%2C2%3Ax%0A%3A%3Aerror%3A%3Ay)::',
        ),
      ),
    ).toBe(true);
    expect(commands.filter((c) => c.startsWith('::error::'))).toEqual([]);
  });

  it('prefixes annotation paths with the project root inside the workspace', () => {
    const outcome = providerOutcome();
    outcome.projectRoot = '/w/services/api';
    const { stdout } = formatRunGithub(outcome, { workspace: '/w' });
    expect(stdout).toContain('::error file=services/api/src/session.ts,line=10,endLine=12,');
    const outside = formatRunGithub(outcome, { workspace: '/elsewhere' }).stdout;
    expect(outside).toContain('::error file=src/session.ts,line=10,');
  });

  it('warns that tier 2 was skipped, in the annotations and in the job summary', () => {
    const { stdout, stepSummary } = formatRunGithub(developerOutcome(), {});
    expect(activeCommands(stdout)).toContain(`::warning::${TIER2_SKIPPED_WARNING}`);
    expect(stepSummary).toContain('> [!WARNING]');
    expect(stepSummary).toContain(`> ${md(TIER2_SKIPPED_WARNING)}`);
    expect(stepSummary).toContain('**Tier 2 reviewer:** **none — tier 2 skipped**');
    expect(stepSummary).toContain('**Submission:** NOT SUBMITTED: developer key (mk\\_) — results are only shown');
  });

  it('writes a Markdown job summary with a table per model, failures and escaped cell text', () => {
    const { stepSummary } = formatRunGithub(providerOutcome(), {});
    expect(stepSummary.startsWith('## Assay run: acme/app\\@222222222222 (main) — github run 123-1\n')).toBe(true);
    expect(stepSummary).toContain('### Admin \\| portal \\*bold\\* (m2)');
    expect(stepSummary).toContain('| Control | Status | Tier 1 | Tier 2 | Sufficiency |');
    expect(stepSummary).toContain('| AC-1 | ✅ verified | 1 pass | 1 pass | ✅ sufficient |');
    expect(stepSummary).toContain('| AC-3 | ❌ unverified | 1 pass, 1 error | 1 fail | ❌ insufficient |');
    expect(stepSummary).toContain('| AD-1 | — | 1 pass | 1 error | — |');
    expect(stepSummary).toContain('— at src/session.ts:10-12');
    expect(stepSummary).toContain('- **INSUFFICIENT** control AC-3: only the API is limited');
    expect(stepSummary).toContain('  - no rate limit on /login');
    expect(stepSummary).toContain('**Report:** could not be fetched: HTTP 503: database unavailable');
    expect(stepSummary).toContain('| Submitted | 1 of 2 models |');
    // every table row has exactly the separators of its columns: no unescaped | from values
    for (const row of stepSummary.split('\n').filter((l) => l.startsWith('| AC') || l.startsWith('| AD'))) {
      expect(row.replaceAll('\\|', '').split('|')).toHaveLength(7);
    }
    expect(stepSummary).not.toContain('\n::');
  });

  it('escapes like @actions/core', () => {
    expect(escapeData('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac:d,e');
    expect(escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
    expect(md('a|b*c_[x](y)<img>\n@team')).toBe('a\\|b\\*c\\_\\[x\\](y)\\<img\\> \\@team');
  });
});
