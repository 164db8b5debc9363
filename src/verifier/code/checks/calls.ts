import type { DefinitionIndex } from '../defs/index.js';
import { type Definition, endsWithSegments, namesDefinition, qualifiedName, segmentsOf } from '../defs/model.js';
import { type CallSite, callsIn } from './body.js';
import { at, definitionCheck, evidenceOf, noFunction, targets } from './common.js';

interface Hop {
  def: Definition;
  /** The caller this hop started from. */
  origin: Definition;
  /** Names along the way, caller first. */
  path: string[];
}

/** Functions of this file a call may reach: by qualified name when the qualifier is a type here, else by name. */
function resolve(index: DefinitionIndex, call: CallSite): Definition[] {
  const last = call.path[call.path.length - 1] ?? '';
  const implemented = (index.byName.get(last) ?? []).filter((d) => d.kind === 'function' && d.hasBody && d.body);
  const exact = implemented.filter((d) => namesDefinition(call.path, d));
  return exact.length ? exact : implemented;
}

export const functionCalls = definitionCheck('function_calls', (index, params) => {
  const depth = params.depth ?? 1;
  const wanted = segmentsOf(index.source.language === 'rust' ? params.callee.replace(/!$/, '') : params.callee);
  if (wanted.length === 0) return { result: 'error', details: `callee "${params.callee}" names nothing` };
  const callers = targets(index, params.caller).defs;
  if (callers.length === 0) return noFunction(index, params.caller);

  // Breadth first, so the shortest path through helpers of this file is the one reported.
  const seen = new Set<Definition>(callers);
  let frontier: Hop[] = callers.map((def) => ({ def, origin: def, path: [def.name] }));
  for (let level = 1; level <= depth && frontier.length; level++) {
    for (const hop of frontier) {
      const hit = callsIn(index, hop.def).find((c) => endsWithSegments(c.path, wanted));
      if (!hit) continue;
      const caller = hop.origin;
      const route = [...hop.path, params.callee].join(' → ');
      const call = `${hit.written.join('.')}() at ${index.source.at(hit.node)}`;
      return {
        result: 'pass',
        details:
          level === 1
            ? `${qualifiedName(caller)} (${at(index, caller)}) calls ${call}`
            : `${route}: ${qualifiedName(caller)} (${at(index, caller)}) reaches ${call}`,
        evidence: evidenceOf(index, caller),
      };
    }
    if (level === depth) break;
    const next: Hop[] = [];
    for (const hop of frontier) {
      for (const call of callsIn(index, hop.def)) {
        for (const target of resolve(index, call)) {
          if (seen.has(target)) continue;
          seen.add(target);
          next.push({ def: target, origin: hop.origin, path: [...hop.path, target.name] });
        }
      }
    }
    frontier = next;
  }
  const caller = callers[0] as Definition;
  const how = depth > 1 ? ` (directly or through functions of ${index.source.file}, up to ${depth} calls deep)` : '';
  return {
    result: 'fail',
    details: `${qualifiedName(caller)} (${at(index, caller)}) does not call ${params.callee}${how}`,
    evidence: evidenceOf(index, caller),
  };
});
