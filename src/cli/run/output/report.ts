import type { WireReport } from '../types.js';
import { driftText, oneLine } from './common.js';

/** Columns padded to their widest cell, two spaces apart; a row that would start with `::` gets a visible prefix. */
function table(header: string[], rows: string[][], indent = ''): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]) =>
    `${indent}${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [render(header), ...rows.map(render)].map((l) => (/^\s*::/.test(l) ? `» ${l}` : l));
}

/** `2 pass, 1 pending` over tier states; `—` when there are none. */
function statesText(states: string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts.size ? [...counts].map(([s, n]) => `${n} ${s}`).join(', ') : '—';
}

const heading = (what: string, id: string, title: string | undefined) =>
  title ? `${what}: ${oneLine(title)} (${oneLine(id)})` : `${what}: ${oneLine(id)}`;

/** `assay report <model>`: the server's verification report of a threat model, for a person. */
export function formatReportText(report: WireReport, title?: string): string {
  const s = report.summary;
  const lines = [
    heading('Verification report', report.model_id, title),
    `Controls: ${s.verified} verified, ${s.partially_verified} partially verified, ${s.pending} pending, ${s.unverified} unverified` +
      (report.coherence_warnings ? ` · ${report.coherence_warnings} coherence warnings` : ''),
    '',
  ];
  if (report.controls.length === 0) lines.push('No controls.');
  else {
    lines.push(
      ...table(
        ['CONTROL', 'STATUS', 'IMPLEMENTATION', 'TIER 1', 'TIER 2', 'SUFFICIENCY'],
        report.controls.map((c) => [
          oneLine(c.control_id),
          c.verification_status,
          c.implementation_status,
          statesText(c.assertions.map((a) => a.tier1)),
          statesText(c.assertions.map((a) => a.tier2)),
          c.sufficiency.status,
        ]),
      ),
    );
  }
  for (const c of report.controls) {
    lines.push('');
    const objectives = c.objective_ids.length ? ` (objectives ${c.objective_ids.map(oneLine).join(', ')})` : '';
    lines.push(`${oneLine(c.control_id)}${objectives}: ${c.verification_status}`);
    if (c.assertions.length === 0) lines.push('  no assertions');
    else {
      lines.push(
        ...table(
          ['ASSERTION', 'TYPE', 'REPO', 'TIER 1', 'TIER 2', 'COHERENCE'],
          c.assertions.map((a) => [
            oneLine(a.id),
            oneLine(a.type),
            oneLine(a.repo ?? 'any'),
            a.tier1,
            a.tier2,
            a.coherence,
          ]),
          '  ',
        ),
      );
    }
    const suff = c.sufficiency;
    const by = suff.evaluator ? ` by ${oneLine(suff.evaluator)}` : '';
    const reasoning = suff.reasoning ? `: ${oneLine(suff.reasoning)}` : '';
    lines.push(`  sufficiency: ${suff.status}${by}${reasoning}`);
    for (const gap of suff.gaps) lines.push(`    - ${oneLine(gap)}`);
  }
  if (report.drift_items.length) {
    lines.push('', `Drift (${report.drift_items.length}):`);
    for (const d of report.drift_items) lines.push(`  ${driftText(d)}`);
  }
  if (report.repos.length) {
    lines.push('', 'Verified from:');
    for (const r of report.repos) {
      const sha = r.commit_sha ? oneLine(r.commit_sha.slice(0, 12)) : 'unknown commit';
      lines.push(`  ${oneLine(r.repo ?? 'any repository')}@${sha} at ${oneLine(r.verified_at)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `assay list <model>`: what is still waiting for verification, per control. */
export function formatPendingText(
  rows: { control_id: string; tier1: number; tier2: number; sufficiency: boolean }[],
  title?: string,
): string {
  const lines = [title ? `Pending verification: ${oneLine(title)}` : 'Pending verification', ''];
  if (rows.length === 0) {
    lines.push('Nothing pending: every assertion has results and every control a sufficiency verdict.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    ...table(
      ['CONTROL', 'TIER 1', 'TIER 2', 'SUFFICIENCY'],
      rows.map((r) => [
        oneLine(r.control_id),
        String(r.tier1),
        String(r.tier2),
        r.sufficiency ? 'awaiting verdict' : '—',
      ]),
    ),
  );
  const tier1 = rows.reduce((n, r) => n + r.tier1, 0);
  const tier2 = rows.reduce((n, r) => n + r.tier2, 0);
  const sufficiency = rows.filter((r) => r.sufficiency).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    '',
    `Total: ${plural(tier1, 'assertion')} pending at tier 1, ${plural(tier2, 'assertion')} at tier 2, ` +
      `${plural(sufficiency, 'control')} awaiting a sufficiency verdict`,
  );
  return `${lines.join('\n')}\n`;
}
