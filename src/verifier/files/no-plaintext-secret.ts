import type { ParamsOf } from '../../assertions/catalogue.js';
import { failureResult } from '../project-files.js';
import { compileUserRegex, type UserRegex } from '../regex.js';
import type { Checker } from '../types.js';
import { error, fail, pass } from '../types.js';
import { gatherTexts, listLocations, plural, skippedNote } from './gather.js';
import { builtInHits, customHits, type SecretHit } from './secrets/scan.js';

/**
 * no_plaintext_secret: no built-in rule (secrets/rules.ts) and no custom pattern matches in the file or any file of
 * the glob. Details list `file:line (rule)` only — never the secret or the matched text. Binary and too-large files
 * inside a glob are skipped and counted (see gather.ts).
 */
export const noPlaintextSecret: Checker<ParamsOf<'no_plaintext_secret'>> = async (params, ctx) => {
  const custom: UserRegex[] = [];
  for (const [i, source] of (params.patterns ?? []).entries()) {
    const compiled = compileUserRegex(source);
    if (!compiled.ok) return error(`patterns[${i}] is not a valid RE2 regex: ${compiled.message}`);
    custom.push(compiled.regex);
  }
  const gathered = await gatherTexts(ctx.files, params.file);
  if (!gathered.ok) return gathered.result;

  const hits: SecretHit[] = [];
  for (const tf of gathered.files) {
    if (ctx.signal.aborted) return error('check timed out');
    const builtIn = await builtInHits(ctx.files, tf.file);
    if (!builtIn.ok) return failureResult(builtIn.failure);
    const own = await customHits(ctx.files, tf.file, tf.text, custom);
    hits.push(...[...builtIn.value, ...own].sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule)));
  }
  const note = skippedNote(gathered.skipped);
  if (hits.length) {
    const first = hits[0]!;
    const where = listLocations(hits.map((h) => `${h.file}:${h.line} (${h.rule})`));
    return fail(`${plural(hits.length, 'possible plaintext secret')} found: ${where}${note}`, {
      file: first.file,
      line: first.line,
      end_line: first.line,
    });
  }
  const scope = gathered.glob ? `${plural(gathered.files.length, 'file')} matched by ${params.file}` : params.file;
  return pass(`no plaintext secret found in ${scope}${note}`);
};
