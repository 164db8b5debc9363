import type { DefinitionIndex } from '../defs/index.js';
import { type Decorator, type Definition, endsWithSegments, qualifiedName, segmentsOf } from '../defs/model.js';
import type { LanguageId } from '../parser.js';
import { at, definitionCheck, evidenceOf, listDefinitions, lookup, nearMisses, noFunction } from './common.js';

export const functionExists = definitionCheck('function_exists', (index, { name }) => {
  const found = lookup(index, name, 'function');
  const implemented = found.find((d) => d.hasBody);
  if (implemented) {
    return {
      result: 'pass',
      details: `${qualifiedName(implemented)} is defined at ${at(index, implemented)}`,
      evidence: evidenceOf(index, implemented),
    };
  }
  return noFunction(index, name);
});

export const classExists = definitionCheck('class_exists', (index, { name }) => {
  const found = lookup(index, name, 'type')[0];
  if (found) {
    return {
      result: 'pass',
      details: `${found.typeKind} ${qualifiedName(found)} is defined at ${at(index, found)}`,
      evidence: evidenceOf(index, found),
    };
  }
  const near = nearMisses(index, name, 'type');
  const file = index.source.file;
  if (near.length)
    return { result: 'fail', details: `no type ${name} in ${file}; found ${listDefinitions(index, near)}` };
  const fn = lookup(index, name, 'function')[0];
  if (fn) return { result: 'fail', details: `${name} is a function at ${at(index, fn)}, not a type` };
  return {
    result: 'fail',
    details: `no class, interface, enum, struct, trait or type named ${name} is defined in ${file}`,
  };
});

/** The decorator param without `@`, `[ ]`, `#[ ]`, split into name segments and optional argument text. */
function parseWanted(raw: string): { segments: string[]; args: string | null; label: string } {
  let text = raw
    .trim()
    .replace(/^#!?\[|^\[|^@/, '')
    .replace(/\]$/, '')
    .trim();
  let args: string | null = null;
  const open = text.indexOf('(');
  if (open > 0 && text.endsWith(')')) {
    args = normaliseArgs(text.slice(open + 1, -1));
    text = text.slice(0, open);
  }
  return { segments: segmentsOf(text), args: args || null, label: text };
}

const normaliseArgs = (text: string): string => text.replace(/\s+/g, '').replaceAll("'", '"');

const withoutAttribute = (s: string): string => (s.endsWith('Attribute') && s.length > 9 ? s.slice(0, -9) : s);

function sameSegment(language: LanguageId): (a: string, b: string) => boolean {
  // C# attributes match with or without the `Attribute` suffix on either side (ruling 2).
  if (language === 'csharp') return (a, b) => a === b || withoutAttribute(a) === withoutAttribute(b);
  return (a, b) => a === b;
}

function display(language: LanguageId, d: Decorator): string {
  if (language === 'csharp') return `[${d.name}]`;
  if (language === 'rust' || language === 'php') return `#[${d.name}]`;
  return `@${d.name}`;
}

function matching(
  index: DefinitionIndex,
  def: Definition,
  wanted: ReturnType<typeof parseWanted>,
): Decorator | undefined {
  const same = sameSegment(index.source.language);
  return def.decorators.find(
    (d) =>
      endsWithSegments(d.segments, wanted.segments, same) &&
      (wanted.args === null || normaliseArgs(d.args?.text ?? '').includes(wanted.args)),
  );
}

export const decoratorPresent = definitionCheck('decorator_present', (index, params) => {
  const wanted = parseWanted(params.decorator);
  if (wanted.segments.length === 0)
    return { result: 'error', details: `decorator "${params.decorator}" names nothing` };
  const language = index.source.language;
  // Class-level decorators count only when `function` names the class itself.
  const candidates = [...lookup(index, params.function, 'function'), ...lookup(index, params.function, 'type')].sort(
    (a, b) => a.order - b.order,
  );
  for (const def of candidates) {
    const hit = matching(index, def, wanted);
    if (hit) {
      return {
        result: 'pass',
        details: `${qualifiedName(def)} at ${at(index, def)} carries ${display(language, hit)} (${index.source.at(hit.node)})`,
        evidence: evidenceOf(index, def),
      };
    }
  }
  if (candidates.length === 0) {
    const fail = noFunction(index, params.function);
    return fail.details.startsWith('no function or method')
      ? {
          result: 'fail',
          details: `no function, method or class named ${params.function} is defined in ${index.source.file}`,
        }
      : fail;
  }
  const def = candidates[0] as Definition;
  const applied = def.decorators.map((d) => display(language, d));
  const have = applied.length ? `carries ${applied.join(', ')} but not` : 'has no decorator, so not';
  const owner =
    def.kind === 'function'
      ? (index.byName.get(def.scope[def.scope.length - 1] ?? '') ?? []).find(
          (t) => t.kind === 'type' && matching(index, t, wanted),
        )
      : undefined;
  const note = owner ? ` (its class ${owner.name} carries it, which counts only when the class itself is named)` : '';
  return {
    result: 'fail',
    details: `${qualifiedName(def)} at ${at(index, def)} ${have} ${display(language, { name: wanted.label } as Decorator)}${note}`,
    evidence: evidenceOf(index, def),
  };
});
