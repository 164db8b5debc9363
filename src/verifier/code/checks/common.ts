import { type AssertionType, type ParamsOf, paramSchemas } from '../../../assertions/catalogue.js';
import { failureResult } from '../../project-files.js';
import type { Checker, CheckResult, Evidence } from '../../types.js';
import { error, skipped } from '../../types.js';
import { type DefinitionIndex, loadDefinitions } from '../defs/index.js';
import { type Definition, namesDefinition, qualifiedName, segmentsOf } from '../defs/model.js';

/**
 * Wraps a definition-centric check: validates params against the catalogue schema (bad params → error), loads the
 * file's definitions index (unsupported language → skipped, unreadable → error, missing → fail) and never throws.
 */
export function definitionCheck<T extends AssertionType>(
  type: T,
  run: (index: DefinitionIndex, params: ParamsOf<T>) => CheckResult,
): Checker<ParamsOf<T>> {
  return async (raw, ctx) => {
    const parsed = paramSchemas[type].safeParse(raw);
    if (!parsed.success) {
      return error(`invalid params for ${type}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    const params = parsed.data as ParamsOf<T>;
    const file = (params as { file: string }).file;
    try {
      const loaded = await loadDefinitions(ctx.files, file);
      if (!loaded.ok) {
        if ('unsupported' in loaded) return skipped(`${file}: language not supported`);
        return failureResult(loaded.failure);
      }
      return run(loaded.index, params);
    } catch (e) {
      return error(`${type} could not check ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** Definitions of a kind named by a (possibly qualified) user name, in document order. */
export function lookup(index: DefinitionIndex, name: string, kind: Definition['kind']): Definition[] {
  const wanted = segmentsOf(name);
  const last = wanted[wanted.length - 1];
  if (last === undefined) return [];
  return (index.byName.get(last) ?? []).filter((d) => d.kind === kind && namesDefinition(wanted, d));
}

/** The definitions with the same last segment but another qualifier, for a helpful failure sentence. */
export function nearMisses(index: DefinitionIndex, name: string, kind: Definition['kind']): Definition[] {
  const last = segmentsOf(name).pop();
  return (index.byName.get(last ?? '') ?? []).filter((d) => d.kind === kind);
}

/** `file:line` of a definition (its first decorator when decorators stand before it). */
export const at = (index: DefinitionIndex, def: Definition): string => index.source.at(def.start ?? def.node);

/** Evidence for a definition: from its first decorator to its end. */
export function evidenceOf(index: DefinitionIndex, def: Definition): Evidence {
  const range = index.source.evidence(def.node);
  return def.start ? { ...range, line: def.start.startPosition.row + 1 } : range;
}

/** A short list of definitions for details: `Orders.get (a.py:3), Carts.get (a.py:9)`. */
export function listDefinitions(index: DefinitionIndex, defs: Definition[], max = 3): string {
  const shown = defs.slice(0, max).map((d) => `${qualifiedName(d)} (${at(index, d)})`);
  return defs.length > max ? `${shown.join(', ')} and ${defs.length - max} more` : shown.join(', ');
}

/** The functions named by `name` that have an implementation; falls back to types when no function matches. */
export function targets(index: DefinitionIndex, name: string): { defs: Definition[]; declaredOnly: Definition[] } {
  const functions = lookup(index, name, 'function');
  const implemented = functions.filter((d) => d.hasBody && d.body);
  return { defs: implemented, declaredOnly: functions.filter((d) => !d.hasBody || !d.body) };
}

/** The failure sentence when `name` does not resolve to an implemented function. */
export function noFunction(index: DefinitionIndex, name: string): CheckResult {
  const file = index.source.file;
  const { declaredOnly } = targets(index, name);
  if (declaredOnly.length) {
    const d = declaredOnly[0] as Definition;
    return {
      result: 'fail',
      details: `${name} is only declared, not implemented, at ${at(index, d)}`,
      evidence: evidenceOf(index, d),
    };
  }
  const near = nearMisses(index, name, 'function');
  if (near.length)
    return { result: 'fail', details: `no function ${name} in ${file}; found ${listDefinitions(index, near)}` };
  return { result: 'fail', details: `no function or method named ${name} is defined in ${file}` };
}
