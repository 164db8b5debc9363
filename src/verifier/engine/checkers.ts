import type { CheckerLookup } from './run-check.js';

/**
 * The checkers a run uses: the registry's, or those of another module exporting `checkerFor` (tests use this to run
 * throwing, hanging and blocking checkers inside real worker threads, where functions cannot be passed in).
 */
export async function loadCheckerLookup(moduleUrl?: string): Promise<CheckerLookup> {
  if (moduleUrl) {
    const mod = (await import(moduleUrl)) as { checkerFor?: CheckerLookup };
    if (typeof mod.checkerFor !== 'function') throw new Error(`${moduleUrl} does not export checkerFor`);
    return mod.checkerFor;
  }
  const { checkerFor } = await import('../registry.js');
  return checkerFor as CheckerLookup;
}
