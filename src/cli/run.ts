import { appendFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { UsageError } from './errors.js';
import { projectRootOption } from './project-root.js';
import { addRemoteOptions, connect, envValue, type RemoteOptions, setupError } from './remote.js';
import { createAttestor } from './run/attest.js';
import { detectCiEnvironment } from './run/ci-env.js';
import { createTier2Provider, TIER2_PROVIDERS, type Tier2ProviderName } from './run/llm.js';
import { formatRunGithub } from './run/output/github.js';
import { formatRunJson } from './run/output/json.js';
import { startRunProgress } from './run/output/progress.js';
import { formatRunSarif } from './run/output/sarif.js';
import { formatRunText } from './run/output/text.js';
import { executeRun } from './run/run.js';
import type { RunOutcome, RunOutputFormat } from './run/types.js';

interface RunCommandOptions extends RemoteOptions {
  all?: boolean;
  projectRoot?: string;
  repo?: string;
  tier2Provider?: Tier2ProviderName;
  tier2Model?: string;
  tier2ApiKey?: string;
  ollamaUrl?: string;
  concurrency: string;
  oidcTokenEnv: string;
  requireAttestation?: boolean;
  dryRun?: boolean;
  exec: boolean;
  output: RunOutputFormat;
}

function concurrencyOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency must be an integer from 1 to 64`);
  return n;
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description(
      'CI verification: pull the assertions of this repo, verify tier 1 on the checkout and tier 2 with an LLM, submit attested results, judge sufficiency, print the report',
    )
    .argument('[model_id]', 'the threat model to verify (or --all)')
    .option('--all', 'verify every model the credential can read')
    .option('--project-root <dir>', 'the checkout to verify (default: the current directory)')
    .option('--repo <org/name>', 'the repository (default: GITHUB_REPOSITORY, CI_PROJECT_PATH or the git remote)');
  addRemoteOptions(command)
    .addOption(new Option('--tier2-provider <name>', 'LLM for tier 2 and sufficiency').choices([...TIER2_PROVIDERS]))
    .option('--tier2-model <name>', 'model of the tier-2 provider')
    .option('--tier2-api-key <key>', "tier-2 provider's key (default: OPENAI_API_KEY / ANTHROPIC_API_KEY)")
    .option('--ollama-url <url>', 'Ollama server (default: OLLAMA_HOST or http://127.0.0.1:11434)')
    .option('--concurrency <n>', 'tier-2 calls in flight at once', '4')
    .option(
      '--oidc-token-env <VAR>',
      'environment variable holding a CI OIDC token (GitLab id_tokens)',
      'ASSAY_OIDC_TOKEN',
    )
    .option('--require-attestation', 'fail when the results cannot be attested (no OIDC token, no --signing-key)')
    .option('--dry-run', 'verify, but submit nothing')
    .option('--no-exec', 'never run project code: test_passes answers skipped')
    .addOption(
      new Option('--output <format>', 'output format').choices(['text', 'json', 'github', 'sarif']).default('text'),
    )
    .action(async (modelId: string | undefined, options: RunCommandOptions) => {
      const env = process.env;
      if (modelId && options.all) throw new UsageError('give a model id or --all, not both');
      if (!modelId && !options.all) throw new UsageError('give a model id, or --all for every model');
      const concurrency = concurrencyOption(options.concurrency);
      const projectRoot = projectRootOption(options.projectRoot);
      const remote = connect(options, env);
      const provider = createTier2Provider({
        env,
        ...(options.tier2Provider ? { provider: options.tier2Provider } : {}),
        ...(options.tier2Model ? { model: options.tier2Model } : {}),
        ...(options.tier2ApiKey ? { apiKey: options.tier2ApiKey } : {}),
        ...(options.ollamaUrl ? { ollamaUrl: options.ollamaUrl } : {}),
      });
      const ci = await detectCiEnvironment({
        env,
        projectRoot,
        oidcTokenEnv: options.oidcTokenEnv,
        ...(options.repo !== undefined ? { repo: options.repo } : {}),
      });
      const attestor = createAttestor({
        oidc: ci.oidc,
        serverUrl: remote.url,
        ...(remote.signingKey ? { signingKey: remote.signingKey } : {}),
      });
      if (options.requireAttestation && attestor.methods.length === 0) {
        throw new UsageError(
          `--require-attestation: no way to attest the results (no GitHub OIDC request variables, no token in ${options.oidcTokenEnv}, no --signing-key)`,
        );
      }

      let models: { id: string; title: string }[];
      try {
        models = options.all ? await remote.client.listModels() : [await remote.client.model(modelId!)];
      } catch (e) {
        throw setupError(e);
      }

      const progress = startRunProgress();
      let outcome: RunOutcome;
      try {
        outcome = await executeRun({
          client: remote.client,
          models: models.map((m) => ({ id: m.id, title: m.title })),
          scope: remote.scope,
          projectRoot,
          ci,
          attestor,
          signingKey: remote.signingKey,
          provider,
          concurrency,
          dryRun: options.dryRun === true,
          allowExec: options.exec,
          progress,
        });
      } finally {
        progress.finish();
      }
      if (remote.warning) outcome.warnings.unshift(remote.warning);
      await print(outcome, options.output, env);
      process.exitCode = outcome.exitCode;
    });
}

async function print(outcome: RunOutcome, format: RunOutputFormat, env: NodeJS.ProcessEnv): Promise<void> {
  if (format === 'github') {
    const { stdout, stepSummary } = formatRunGithub(outcome);
    process.stdout.write(stdout);
    const summaryFile = envValue(env, 'GITHUB_STEP_SUMMARY');
    if (summaryFile) await appendFile(summaryFile, stepSummary);
    return;
  }
  const formatter = { text: formatRunText, json: formatRunJson, sarif: formatRunSarif }[format];
  process.stdout.write(formatter(outcome));
}
