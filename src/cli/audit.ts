import type { JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { kidOf, p256PublicKey } from '../audit/crypto.js';
import type { BundleVerification, TrustedKey } from '../audit/verify.js';
import { verifyBundle } from '../audit/verify.js';
import { EXIT, UsageError } from './errors.js';

interface VerifyOptions {
  instanceKey?: string;
  jwks?: string;
  output: string;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The keys the caller trusts: one PEM public key, or a JWKS document (e.g. a saved /.well-known/jwks.json). */
function trustedKeys(options: VerifyOptions): TrustedKey[] | undefined {
  if (options.instanceKey && options.jwks) throw new UsageError('give --instance-key or --jwks, not both');
  if (options.instanceKey) {
    try {
      const key = p256PublicKey(readText(options.instanceKey, 'instance key'));
      return [{ kid: kidOf(key), key }];
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--instance-key ${options.instanceKey}: not a P-256 public key (PEM)`);
    }
  }
  if (options.jwks) {
    let doc: { keys?: unknown };
    try {
      doc = JSON.parse(readText(options.jwks, 'JWKS'));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--jwks ${options.jwks}: not JSON`);
    }
    if (!Array.isArray(doc.keys)) throw new UsageError(`--jwks ${options.jwks}: no "keys" array`);
    return doc.keys.map((jwk, i) => {
      try {
        const key = p256PublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
        return { kid: kidOf(key), key };
      } catch {
        throw new UsageError(`--jwks ${options.jwks}: keys[${i}] is not a P-256 public key`);
      }
    });
  }
  return undefined;
}

function render(file: string, v: BundleVerification): string {
  const rows = [['RUN', 'REPO', 'COMMIT', 'METHOD', 'SIGNER', 'VERDICT']].concat(
    v.runs.map((r) => [r.run, r.repo ?? '-', (r.commit ?? '-').slice(0, 12), r.method, r.signer, r.verdict]),
  );
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  const out = [`Audit bundle ${file}`, '', ...lines, ''];
  for (const f of v.failures) out.push(`FAIL ${f.where}: ${f.message}`);
  out.push(
    v.ok
      ? `VERIFIED: ${v.runs.length} run(s), every signature, hash, chain link and key window holds${v.trust === 'self' ? ' (self-consistency only)' : ''}.`
      : `NOT VERIFIED: ${v.failures.length} problem(s).`,
  );
  return `${out.join('\n')}\n`;
}

export async function auditVerify(file: string, options: VerifyOptions): Promise<number> {
  if (options.output !== 'text' && options.output !== 'json')
    throw new UsageError(`--output must be text or json, not ${options.output}`);
  const trusted = trustedKeys(options);
  let bundle: unknown;
  try {
    bundle = JSON.parse(readText(file, 'bundle'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: not JSON`);
  }
  const result = verifyBundle(bundle, trusted ? { trusted } : {});
  if (result.trust === 'self')
    process.stderr.write(
      'assay: warning: no --instance-key or --jwks given; the bundle is checked against its own keys, which proves only self-consistency, not that this Assay instance produced it\n',
    );
  if (options.output === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(render(file, result));
  return result.ok ? EXIT.ok : EXIT.failed;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('Audit bundles');
  audit
    .command('verify')
    .description('Verify an audit bundle offline: signatures, hashes, chain links, key validity windows')
    .argument('<bundle>', 'the bundle JSON (GET /api/models/:mid/audit-bundle)')
    .option('--instance-key <pem>', "the instance's public key (PEM) to trust")
    .option('--jwks <file>', "the instance's JWKS (a saved /.well-known/jwks.json) to trust")
    .option('--output <format>', 'text or json', 'text')
    .action(async (file: string, options: VerifyOptions) => {
      process.exitCode = await auditVerify(file, options);
    });
}
