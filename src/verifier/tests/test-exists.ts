import type { ParamsOf } from '../../assertions/catalogue.js';
import { type Checker, fail, pass } from '../types.js';
import {
  collectIndexes,
  describeSkipped,
  evidenceOf,
  type Located,
  matcherFor,
  selectTests,
  where,
} from './collect.js';

/**
 * test_exists. Without test_name the files must define at least one test that runs (an empty test file, or one whose
 * tests are all skipped, proves nothing); with test_name at least one runnable test — or a describe/context group
 * holding one — must match it (own name, ` > ` path, or a qualified `Class.method` spelling).
 */
export const testExists: Checker<ParamsOf<'test_exists'>> = async (params, ctx) => {
  const matcher = matcherFor(params.test_name);
  if (!matcher.ok) return matcher.result;
  const collected = await collectIndexes(ctx.files, params.file);
  if (!collected.ok) return collected.result;
  const { indexes, scope } = collected;
  const { active, skipped } = selectTests(indexes, matcher.match);
  const testCount = indexes.reduce((n, i) => n + i.tests.filter((t) => t.kind === 'test' && !t.skipped).length, 0);

  if (params.test_name === undefined) {
    const first = active[0];
    if (first) {
      const filesWithTests = new Set(active.map((a) => a.index.file)).size;
      const where_ = indexes.length > 1 ? `${filesWithTests} of ${scope}` : scope;
      return pass(
        `${where_} define${indexes.length > 1 ? '' : 's'} ${plural(active.length, 'test')} (first: \`${label(first)}\` at ${where(first)})`,
        evidenceOf(first),
      );
    }
    const skippedNote = skipped[0] ? `; ${skipped.length} skipped, e.g. ${describeSkipped(skipped[0])}` : '';
    return fail(`${scope} define${indexes.length > 1 ? '' : 's'} no test that runs${skippedNote}`);
  }

  const best = active.find((a) => a.test.kind === 'test') ?? active[0];
  if (best) {
    const kind = best.test.kind === 'group' ? 'test group' : 'test';
    return pass(
      `${kind} \`${label(best)}\` matching ${JSON.stringify(params.test_name)} is defined at ${where(best)}`,
      evidenceOf(best),
    );
  }
  if (skipped[0]) {
    return fail(
      `no runnable test matches ${JSON.stringify(params.test_name)} in ${scope}: ${describeSkipped(skipped[0])}`,
      evidenceOf(skipped[0]),
    );
  }
  return fail(
    `no test matching ${JSON.stringify(params.test_name)} in ${scope} (${plural(testCount, 'test')} defined)`,
  );
};

function label(located: Located): string {
  return located.test.path.join(' > ');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
