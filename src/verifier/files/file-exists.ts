import type { ParamsOf } from '../../assertions/catalogue.js';
import { failureResult } from '../project-files.js';
import type { Checker } from '../types.js';
import { pass } from '../types.js';

/**
 * file_exists: a regular file (not a directory) inside the root. A symlink to a file inside the root counts (the
 * path rules of ProjectFiles follow it); a link leaving the root, `..` or an absolute path fails as an escape.
 * Binary and large files are accepted: existence does not need the content.
 */
export const fileExists: Checker<ParamsOf<'file_exists'>> = async (params, ctx) => {
  const file = await ctx.files.regularFile(params.file);
  if (!file.ok) return failureResult(file.failure);
  const norm = ctx.files.normalize(params.file);
  const shown = norm.ok ? norm.value : params.file;
  return pass(`${shown} exists (${file.value.size} bytes)`);
};
