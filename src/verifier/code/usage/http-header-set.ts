import type { ParamsOf } from '../../../assertions/catalogue.js';
import { failureResult } from '../../project-files.js';
import { compileUserRegex } from '../../regex.js';
import { LineIndex } from '../../text.js';
import { type CheckContext, type Checker, type CheckResult, error, fail, pass } from '../../types.js';
import { languageOf, type SourceFile } from '../parser.js';
import {
  at,
  codeIndex,
  evidenceOf,
  guarded,
  type Loaded,
  mentionsOf,
  quote,
  refuseEscape,
  unsupported,
} from './common.js';
import { headerKey, isSensitiveHeader } from './header-config-keys.js';
import { buildHeaderIndex, type HeaderIndex, indexFacts } from './headers-code.js';
import { type ServerHeader, scanIisConfig, scanServerConfig, serverConfigKind } from './headers-server-config.js';

type Params = ParamsOf<'http_header_set'>;

/**
 * http_header_set: a response header with that name (case-insensitive) is set — by a setter call, a headers
 * subscript, a library config key that emits it (helmet, Django, Spring Security, unrolled/secure), or server
 * configuration (nginx, Apache, IIS). With value_pattern, a literal value must match (RE2).
 */
export const httpHeaderSet: Checker<Params> = (params, ctx) =>
  guarded(async (): Promise<CheckResult> => {
    let pattern: ReturnType<typeof compileUserRegex> | undefined;
    if (params.value_pattern !== undefined) {
      pattern = compileUserRegex(params.value_pattern);
      if (!pattern.ok) return error(`value_pattern is not a valid RE2 regex: ${pattern.message}`);
    }
    const escaped = await refuseEscape(ctx, params.file);
    if (escaped) return escaped;
    const loaded = await headerIndexOf(ctx, params.file);
    if (!loaded.ok) return loaded.result;
    const wanted = params.header.trim();
    const key = headerKey(wanted);
    const found = loaded.value.index.byKey.get(key) ?? [];
    const first = found[0];
    if (!first) {
      const line = loaded.value.index.mentions?.get(key) ?? (await codeMention(ctx, loaded.value.source, key));
      const mention = line ? ` (the name appears at line ${line}, but not as a header being set)` : '';
      return fail(`${params.file} does not set the ${wanted} header${mention}`);
    }
    if (!pattern?.ok) {
      return pass(`${at(first.site)} sets the ${wanted} header (${first.how})`, evidenceOf(first.site));
    }
    const show = (v: string) => (isSensitiveHeader(wanted) ? '(value hidden)' : quote(v));
    for (const f of found) {
      if (f.value !== null && pattern.regex.matcher(f.value).find()) {
        return pass(
          `${at(f.site)} sets the ${wanted} header to ${show(f.value)}, matching ${quote(params.value_pattern ?? '')} (${f.how})`,
          evidenceOf(f.site),
        );
      }
    }
    const literal = found.find((f) => f.value !== null);
    if (literal && literal.value !== null) {
      return fail(
        `${at(literal.site)} sets the ${wanted} header to ${show(literal.value)}, which does not match ${quote(params.value_pattern ?? '')}`,
        evidenceOf(literal.site),
      );
    }
    return fail(
      `${at(first.site)} sets the ${wanted} header but its value is not a literal, so value_pattern cannot be checked (${first.how})`,
      evidenceOf(first.site),
    );
  });

/** The headers a file sets, by the kind of file it is; built once per run per file. */
async function headerIndexOf(
  ctx: CheckContext,
  file: string,
): Promise<Loaded<{ index: HeaderIndex; source: SourceFile | null }>> {
  if (languageOf(file)) return codeIndex(ctx, file, 'headers', buildHeaderIndex);
  const kind = serverConfigKind(file);
  if (!kind) return { ok: false, result: unsupported(file) };
  const read = await ctx.files.memo(file, `code-usage-headers-${kind}`, (text, rel) => {
    const lines = new LineIndex(text);
    if (kind === 'iis') {
      const scanned = scanIisConfig(text);
      if (!scanned.ok) return { ok: false as const, message: `${rel}:${scanned.line}: ${scanned.message}` };
      return { ok: true as const, index: toIndex(rel, lines, scanned.headers, text) };
    }
    return { ok: true as const, index: toIndex(rel, lines, scanServerConfig(text), text) };
  });
  if (!read.ok) return { ok: false, result: failureResult(read.failure) };
  if (!read.value.ok) return { ok: false, result: error(`could not parse XML: ${read.value.message}`) };
  return { ok: true, value: { index: read.value.index, source: null } };
}

function toIndex(file: string, lines: LineIndex, headers: ServerHeader[], text: string): HeaderIndex {
  const mentions = new Map<string, number>();
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+/g)) {
    const k = headerKey(m[0]);
    if (!mentions.has(k)) mentions.set(k, lines.lineOf(m.index ?? 0));
  }
  const facts = headers.map((h) => {
    const line = lines.lineOf(h.offset);
    return {
      header: h.header,
      key: headerKey(h.header),
      value: h.value,
      how: h.how,
      site: { file, line, endLine: line },
    };
  });
  return { byKey: indexFacts(facts), mentions };
}

/** The first line of a code file where a string starts with the header's name (e.g. a log message). */
async function codeMention(ctx: CheckContext, source: SourceFile | null, key: string): Promise<number | undefined> {
  if (!source) return undefined;
  const mentions = await mentionsOf(ctx, source);
  return mentions?.strings.find((s) => {
    const name = /^\s*([A-Za-z][A-Za-z0-9-]*)/.exec(s.value)?.[1];
    return name !== undefined && headerKey(name) === key;
  })?.line;
}
