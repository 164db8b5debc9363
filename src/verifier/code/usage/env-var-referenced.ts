import path from 'node:path';
import type { ParamsOf } from '../../../assertions/catalogue.js';
import { failureResult } from '../../project-files.js';
import { LineIndex } from '../../text.js';
import { type CheckContext, type Checker, type CheckResult, error, fail, pass } from '../../types.js';
import { languageOf } from '../parser.js';
import { at, codeIndex, evidenceOf, guarded, type Loaded, refuseEscape, type Site, unsupported } from './common.js';
import { buildEnvIndex, type EnvIndex, indexReads } from './env-code.js';
import { isDockerfile, isShellScript, scanDockerfile, scanShell } from './env-shell.js';
import { scanYamlEnv } from './env-yaml.js';

type Params = ParamsOf<'env_var_referenced'>;

/** env_var_referenced: code, a shell script, a Dockerfile or deployment YAML reads the variable (ruling 13). */
export const envVarReferenced: Checker<Params> = (params, ctx) =>
  guarded(async (): Promise<CheckResult> => {
    const escaped = await refuseEscape(ctx, params.file);
    if (escaped) return escaped;
    const loaded = await envIndexOf(ctx, params.file);
    if (!loaded.ok) return loaded.result;
    const { byName, computed } = loaded.value;
    const hit = byName.get(params.variable)?.[0];
    if (hit) {
      return pass(`${at(hit.site)} reads ${params.variable} from the environment (${hit.how})`, evidenceOf(hit.site));
    }
    let details = `${params.file} does not read ${params.variable} from the environment`;
    const first = [...computed].sort((a, b) => a.line - b.line)[0];
    if (first) {
      const n = computed.length;
      details += `; ${n} read${n === 1 ? '' : 's'} with a computed key (first at ${params.file}:${first.line}) cannot be counted`;
    }
    return fail(details);
  });

/** The environment reads of one file, by the kind of file it is; built once per run per file. */
async function envIndexOf(ctx: CheckContext, file: string): Promise<Loaded<EnvIndex>> {
  if (languageOf(file)) {
    const code = await codeIndex(ctx, file, 'env', buildEnvIndex);
    return code.ok ? { ok: true, value: code.value.index } : code;
  }
  const ext = path.posix.extname(file).toLowerCase();
  if (ext === '.yml' || ext === '.yaml') {
    const read = await ctx.files.memo(file, 'code-usage-env-yaml', (text, rel) => {
      const scanned = scanYamlEnv(text);
      const lines = new LineIndex(text);
      if (!scanned.ok)
        return { ok: false as const, message: `${rel}:${lines.lineOf(scanned.offset)}: ${scanned.message}` };
      return { ok: true as const, index: toIndex(rel, lines, scanned.refs) };
    });
    if (!read.ok) return { ok: false, result: failureResult(read.failure) };
    if (!read.value.ok) return { ok: false, result: error(`could not parse YAML: ${read.value.message}`) };
    return { ok: true, value: read.value.index };
  }
  if (isDockerfile(file)) {
    const read = await ctx.files.memo(file, 'code-usage-env-dockerfile', (text, rel) =>
      toIndex(rel, new LineIndex(text), scanDockerfile(text)),
    );
    return read.ok ? { ok: true, value: read.value } : { ok: false, result: failureResult(read.failure) };
  }
  const text = await ctx.files.readText(file);
  if (!text.ok) {
    const kind = text.failure.kind;
    if (kind === 'binary' || kind === 'too_large') return { ok: false, result: unsupported(file) };
    return { ok: false, result: failureResult(text.failure) };
  }
  if (!isShellScript(file, text.value)) return { ok: false, result: unsupported(file) };
  const read = await ctx.files.memo(file, 'code-usage-env-shell', (t, rel) =>
    toIndex(rel, new LineIndex(t), scanShell(t)),
  );
  return read.ok ? { ok: true, value: read.value } : { ok: false, result: failureResult(read.failure) };
}

function toIndex(file: string, lines: LineIndex, refs: { name: string; offset: number; how: string }[]): EnvIndex {
  const reads = refs.map((r) => {
    const line = lines.lineOf(r.offset);
    const site: Site = { file, line, endLine: line };
    return { name: r.name, how: r.how, site };
  });
  return { byName: indexReads(reads), computed: [] };
}
