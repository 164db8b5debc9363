import { isAssertionType } from '../../assertions/catalogue.js';
import type { AssertionRef, CoherenceVerdict, ControlRef, Evaluator, SufficiencyVerdict } from '../evaluator.js';
import { type Aspect, emptyReading, list, type Reading, read, wordsFor } from './aspects.js';
import { requirements } from './requirements.js';
import { IGNORED_PARAMS, LOCATION_PARAMS, TYPE_RULES } from './type-aspects.js';

/**
 * The offline evaluator: deterministic, no network. It reads word stems, not meaning.
 *
 * Coherence: the aspects the control's wording names (authentication, session management …, see aspects.ts) against
 * what the assertion's type can evidence (type-aspects.ts), refined by the names in its params and its description.
 * Sufficiency: the control's wording split into clauses, each clause's aspects, and for each clause an assertion
 * that evidences one of them (and names the specific mechanism when the clause names one, e.g. HSTS or MFA).
 *
 * Limits, said in every verdict: it cannot tell whether a function really enforces anything (that is tier 2), a
 * clause it cannot read is folded into its neighbour, words it does not know are ignored, negation is not
 * understood ("without authentication" still names authentication), and it can be satisfied by well-chosen names.
 */

export const RULES_EVALUATOR = 'rules';
const NOTE = '(rules heuristic: word stems of the control against what the assertion type can evidence)';

interface Judgement {
  status: CoherenceVerdict['status'];
  /** the control's aspects this assertion evidences */
  evidences: Set<Aspect>;
  reason: string;
  /** what the params and description name */
  names: Reading;
}

const REGEX_PARAMS = new Set(['pattern', 'patterns', 'scope_start', 'scope_end', 'value_pattern']);

function paramText(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => paramText(key, v)).join(' ');
  if (typeof value !== 'string') return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  // regex escapes are not words: \bevalb( is "eval"
  return REGEX_PARAMS.has(key) ? value.replace(/\\[bBwWdDsSAzZ]/g, ' ') : value;
}

/** What the assertion's names say (strong) and where it points (weak: paths tie, never contradict). */
function hints(a: AssertionRef): { strong: Reading; weak: Reading } {
  const strong: string[] = [a.description];
  const weak: string[] = [];
  for (const [key, value] of Object.entries(a.params)) {
    if (IGNORED_PARAMS.has(key)) continue;
    (LOCATION_PARAMS.has(key) ? weak : strong).push(paramText(key, value));
  }
  return { strong: read(strong.join(' . ')), weak: read(weak.join(' . ')) };
}

const intersect = (a: Iterable<Aspect>, b: Set<Aspect>) => new Set([...a].filter((x) => b.has(x)));
const union = (...sets: Iterable<Aspect>[]) => new Set(sets.flatMap((s) => [...s]));
const quoted = (ws: string[]) => ws.map((w) => `"${w}"`).join(', ');

function merge(a: Reading, b: Reading): Reading {
  return {
    aspects: union(a.aspects, b.aspects),
    keywords: new Map([...b.keywords, ...a.keywords]),
    specific: new Set([...a.specific, ...b.specific]),
  };
}

/** Coherence of one assertion against a control already read. */
function judge(control: Reading, a: AssertionRef): Judgement {
  const about = list(control.aspects);
  if (!isAssertionType(a.type)) {
    return {
      status: 'unchecked',
      evidences: new Set(),
      reason: `unknown assertion type ${a.type}`,
      names: emptyReading(),
    };
  }
  const rule = TYPE_RULES[a.type];
  const { strong, weak } = hints(a);
  const names = merge(strong, weak);
  const coherent = (evidences: Set<Aspect>, why: string): Judgement => ({
    status: 'coherent',
    evidences,
    reason: `${a.type} can evidence ${list(evidences)}, which the control asks for: ${why}`,
    names,
  });
  const incoherent = (why: string): Judgement => ({
    status: 'incoherent',
    evidences: new Set(),
    reason: `${why}; the control is about ${about}`,
    names,
  });
  const named = (aspects: Set<Aspect>) => `its params or description name it (${quoted(wordsFor(names, aspects))})`;

  if (rule.kind === 'specific') {
    const native = intersect(rule.fits, control.aspects);
    const hinted = rule.hinted ? intersect(names.aspects, control.aspects) : new Set<Aspect>();
    const extra = new Set([...hinted].filter((x) => !native.has(x)));
    const evidences = union(native, hinted);
    if (evidences.size > 0) {
      const why = [
        native.size ? `${list(native)} by its nature` : '',
        extra.size ? `${list(extra)} as ${named(extra)}` : '',
      ].filter(Boolean);
      return coherent(evidences, why.join('; '));
    }
    return incoherent(`${a.type} evidences ${list(rule.fits)}${rule.hinted ? ' or what its params name' : ''}`);
  }
  if (rule.kind === 'broad') {
    if (strong.aspects.size > 0) {
      const evidences = intersect(names.aspects, control.aspects);
      if (evidences.size > 0) return coherent(evidences, named(evidences));
      return incoherent(
        `this ${a.type} is about ${list(strong.aspects)} (${quoted(wordsFor(strong, strong.aspects))})`,
      );
    }
    const evidences = intersect(union(rule.fits, weak.aspects), control.aspects);
    if (evidences.size > 0) return coherent(evidences, 'it is the usual guard for it');
    return incoherent(`${a.type} usually evidences ${list(rule.fits)}, and its params name no other aspect`);
  }
  const evidences = intersect(names.aspects, control.aspects);
  if (evidences.size > 0) return coherent(evidences, named(evidences));
  if (strong.aspects.size > 0) {
    return incoherent(`this ${a.type} is about ${list(strong.aspects)} (${quoted(wordsFor(strong, strong.aspects))})`);
  }
  if (rule.withoutHint === 'coherent') {
    return {
      status: 'coherent',
      evidences: new Set(),
      reason: `${a.type} can support any aspect as evidence, but nothing in its params names ${about}, so it covers none of them`,
      names,
    };
  }
  return {
    status: 'unchecked',
    evidences: new Set(),
    reason: `${a.type} can evidence almost anything and nothing in its params or description names ${about}: cannot judge it`,
    names,
  };
}

const label = (a: AssertionRef): string => {
  const p = a.params;
  const main = [
    'decorator',
    'middleware',
    'header',
    'name',
    'callee',
    'parameter',
    'package',
    'variable',
    'key',
    'module',
    'test_name',
    'pattern',
    'exception',
    'file',
  ]
    .map((k) => p[k])
    .find((v) => typeof v === 'string');
  return main ? `${a.type} ${String(main)}` : a.type;
};

export function createRulesEvaluator(): Evaluator {
  return {
    name: RULES_EVALUATOR,
    async coherence(control: ControlRef, assertion: AssertionRef): Promise<CoherenceVerdict> {
      const reading = read(control.description);
      if (reading.aspects.size === 0) {
        return {
          status: 'unchecked',
          reason: `the control's wording names no security aspect the rules know, so coherence cannot be judged ${NOTE}`,
          evaluator: RULES_EVALUATOR,
        };
      }
      const j = judge(reading, assertion);
      return { status: j.status, reason: `${j.reason} ${NOTE}`, evaluator: RULES_EVALUATOR };
    },

    async sufficiency(control: ControlRef, assertions: AssertionRef[]): Promise<SufficiencyVerdict> {
      const reqs = requirements(control.description);
      if (reqs.length === 0) {
        return {
          status: 'pending',
          gaps: [],
          reasoning: `the control's wording names no security aspect the rules know, so sufficiency cannot be judged ${NOTE}`,
          evaluator: RULES_EVALUATOR,
        };
      }
      const controlReading = read(control.description);
      const judged = assertions.map((a) => ({ a, j: judge(controlReading, a) }));
      const gaps: string[] = [];
      const covered: string[] = [];
      for (const r of reqs) {
        const by = judged.filter(
          ({ j }) => j.status === 'coherent' && [...j.evidences].some((x) => r.reading.aspects.has(x)),
        );
        const missing = [...r.reading.specific].filter((s) => !by.some(({ j }) => j.names.specific.has(s)));
        const aspects = list(r.reading.aspects);
        if (by.length === 0) {
          gaps.push(`"${r.text}": no assertion evidences ${aspects}`);
        } else if (missing.length > 0) {
          const written = missing.map((s) => r.reading.keywords.get(s) ?? s);
          gaps.push(`"${r.text}": no assertion names ${quoted(written)}`);
        } else {
          covered.push(`"${r.text}" (${aspects}) by ${by.map(({ a }) => label(a)).join(', ')}`);
        }
      }
      const parts = [
        `${reqs.length} requirement${reqs.length === 1 ? '' : 's'} read from the control`,
        covered.length ? `covered: ${covered.join('; ')}` : '',
        gaps.length ? `not covered: ${gaps.join('; ')}` : '',
      ].filter(Boolean);
      return {
        status: gaps.length === 0 ? 'sufficient' : 'insufficient',
        gaps,
        reasoning: `${parts.join('. ')} ${NOTE}`,
        evaluator: RULES_EVALUATOR,
      };
    },
  };
}
