import type { ParamsOf } from '../../assertions/catalogue.js';
import { failureResult } from '../project-files.js';
import type { Checker, Evidence } from '../types.js';
import { error, fail, pass } from '../types.js';
import { lineIndexOf } from './gather.js';

const HEX_DIGITS: Record<'sha256' | 'sha384' | 'sha512', number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * file_hash: the file's digest (streamed: any size, binary allowed) equals `expected_hash`, AND `pinned_in` — the
 * code that checks the hash — contains that hash literally.
 *
 * How the pin is searched (ruling 16: hex compares case-insensitively, also in the pin): `pinned_in` must be a
 * readable text file (under 5 MiB, no NUL bytes); the lowercased hash must occur in the lowercased text as a whole
 * hex run — not inside a longer hex string (an sha512 that happens to contain the sha256 is not a pin of it). A hash
 * split across lines or string concatenations does not count: the claim is that the code holds this exact value.
 * The same digest in base64, as Subresource Integrity attributes and npm/Nix integrity strings write it, is the
 * same pin.
 * Both halves are always evaluated so details can name every half that failed.
 */
export const fileHash: Checker<ParamsOf<'file_hash'>> = async (params, ctx) => {
  const algorithm = params.algorithm ?? 'sha256';
  const expected = params.expected_hash.toLowerCase();
  if (!/^[0-9a-f]+$/.test(expected)) return error('expected_hash must be hexadecimal');
  if (expected.length !== HEX_DIGITS[algorithm]) {
    return error(
      `expected_hash has ${expected.length} hex digits, but a ${algorithm} digest has ${HEX_DIGITS[algorithm]}`,
    );
  }

  const digest = await ctx.files.digest(params.file, algorithm);
  if (!digest.ok) return failureResult(digest.failure);
  const pinText = await ctx.files.readText(params.pinned_in);
  if (!pinText.ok) {
    const base = failureResult(pinText.failure);
    return { ...base, details: `pinned_in: ${base.details}` };
  }

  const pinFile = ctx.files.normalize(params.pinned_in);
  const pinName = pinFile.ok ? pinFile.value : params.pinned_in;
  const target = ctx.files.normalize(params.file);
  const targetName = target.ok ? target.value : params.file;

  const digestMatches = digest.value === expected;
  let pinOffset = findWholeHex(pinText.value.toLowerCase(), expected);
  if (pinOffset < 0) pinOffset = findBase64Digest(pinText.value, expected);
  let evidence: Evidence | undefined;
  if (pinOffset >= 0) {
    const line = (await lineIndexOf(ctx.files, pinName, pinText.value)).lineOf(pinOffset);
    evidence = { file: pinName, line, end_line: line };
  }

  if (digestMatches && evidence) {
    return pass(`${targetName} has the expected ${algorithm} digest, pinned at ${pinName}:${evidence.line}`, evidence);
  }
  const problems: string[] = [];
  if (!digestMatches) {
    problems.push(`${targetName} has ${algorithm} digest ${digest.value}, not the expected ${expected}`);
  }
  if (!evidence) problems.push(`${pinName} does not contain the expected hash`);
  else problems.push(`the hash is pinned at ${pinName}:${evidence.line}`);
  return fail(`${problems.join('; ')}`, evidence);
};

/**
 * Offset of the same digest written in base64 (Subresource Integrity `sha384-…`, npm/Nix `sha512-…`/`sha256-…`),
 * standard or URL-safe alphabet, where it is not part of a longer base64 run; or -1. Base64 is case-sensitive.
 */
function findBase64Digest(text: string, hex: string): number {
  const bytes = Buffer.from(hex, 'hex');
  const standard = bytes.toString('base64');
  const forms: [string, RegExp][] = [
    [standard, /[A-Za-z0-9+/=]/],
    [standard.replace(/=+$/, ''), /[A-Za-z0-9+/=]/],
    [bytes.toString('base64url'), /[A-Za-z0-9_=-]/],
  ];
  for (const [form, alphabet] of forms) {
    const inRun = (c: string | undefined) => c !== undefined && alphabet.test(c);
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
      if (!inRun(text[at - 1]) && !inRun(text[at + form.length])) return at;
    }
  }
  return -1;
}

/** Offset of `hex` in `text` where it is not part of a longer run of hex digits, or -1. */
function findWholeHex(text: string, hex: string): number {
  const isHex = (c: string | undefined) => c !== undefined && /[0-9a-f]/.test(c);
  for (let at = text.indexOf(hex); at !== -1; at = text.indexOf(hex, at + 1)) {
    if (!isHex(text[at - 1]) && !isHex(text[at + hex.length])) return at;
  }
  return -1;
}
