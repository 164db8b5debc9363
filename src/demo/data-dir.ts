import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Written into a demo data directory, so that a later run knows it may delete it. */
export const DEMO_MARKER = '.assay-demo';

/**
 * Empties (or creates) the demo's data directory. It is deleted only when it is empty or carries the marker a
 * previous demo left, and never when it is, or contains, the instance's own data directory (`<root>/data`): pointing
 * ASSAY_DEMO_DATA_DIR at real data is refused instead of wiping it.
 */
export function recreateDemoDataDir(dir: string, repoRoot: string): string {
  const target = path.resolve(dir);
  const realData = path.resolve(repoRoot, 'data');
  const contains = (outer: string, inner: string) => {
    const rel = path.relative(outer, inner);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  if (contains(target, realData) || target === path.parse(target).root) {
    throw new Error(`refusing to use ${target} for the demo: it is or contains ${realData}, the non-demo data`);
  }
  if (existsSync(target)) {
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
      throw new Error(
        `refusing to delete ${target}: it is not empty and was not created by the demo (no ${DEMO_MARKER} file)`,
      );
    }
    rmSync(target, { recursive: true, force: true });
  }
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, DEMO_MARKER), 'Created by `npm run demo`; deleted and recreated on every run.\n');
  return target;
}
