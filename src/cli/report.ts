import { type Command, Option } from 'commander';
import { addRemoteOptions, connect, type RemoteOptions, setupError } from './remote.js';
import { formatPendingText, formatReportText } from './run/output/report.js';

interface ReadOptions extends RemoteOptions {
  output: 'text' | 'json';
  repo?: string;
}

const outputOption = () => new Option('--output <format>', 'output format').choices(['text', 'json']).default('text');

/** `assay report <model_id>`: the computed verification status of every control, as the server reports it. */
export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description('Print the verification report of a model: each control’s computed status, drift, sufficiency')
    .argument('<model_id>', 'the threat model');
  addRemoteOptions(command)
    .addOption(outputOption())
    .action(async (modelId: string, options: ReadOptions) => {
      const { client, warning } = connect(options);
      if (warning) process.stderr.write(`assay: warning: ${warning}\n`);
      try {
        const [model, report] = await Promise.all([client.model(modelId), client.report(modelId)]);
        process.stdout.write(
          options.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReportText(report, model.title),
        );
      } catch (e) {
        throw setupError(e);
      }
    });
}

export interface PendingRow {
  control_id: string;
  tier1: number;
  tier2: number;
  sufficiency: boolean;
}

/** Pending work per control, in the order controls first appear in the lists. */
export function pendingRows(
  tier1: { control_id: string }[],
  tier2: { control_id: string }[],
  sufficiency: { control_id: string }[],
): PendingRow[] {
  const rows = new Map<string, PendingRow>();
  const row = (id: string) => {
    const existing = rows.get(id);
    if (existing) return existing;
    const created = { control_id: id, tier1: 0, tier2: 0, sufficiency: false };
    rows.set(id, created);
    return created;
  };
  for (const a of tier1) row(a.control_id).tier1++;
  for (const a of tier2) row(a.control_id).tier2++;
  for (const c of sufficiency) row(c.control_id).sufficiency = true;
  return [...rows.values()];
}

/** `assay list <model_id>`: what CI still has to verify, per control. */
export function registerList(program: Command): void {
  const command = program
    .command('list')
    .description(
      'List what awaits verification in a model: pending tier-1 and tier-2 assertions and sufficiency, per control',
    )
    .argument('<model_id>', 'the threat model')
    .option('--repo <org/name>', 'only what a run of this repository would verify');
  addRemoteOptions(command)
    .addOption(outputOption())
    .action(async (modelId: string, options: ReadOptions) => {
      const { client, warning } = connect(options);
      if (warning) process.stderr.write(`assay: warning: ${warning}\n`);
      try {
        const [model, tier1, tier2, sufficiency] = await Promise.all([
          client.model(modelId),
          client.pending(modelId, '1', options.repo),
          client.pending(modelId, '2', options.repo),
          client.pendingSufficiency(modelId),
        ]);
        const rows = pendingRows(tier1, tier2, sufficiency);
        process.stdout.write(
          options.output === 'json'
            ? `${JSON.stringify({ model_id: modelId, controls: rows }, null, 2)}\n`
            : formatPendingText(rows, model.title),
        );
      } catch (e) {
        throw setupError(e);
      }
    });
}
