import type { Node } from 'web-tree-sitter';
import type { CheckResult } from '../../types.js';
import type { DefinitionIndex } from '../defs/index.js';
import { type Definition, type Param, qualifiedName } from '../defs/model.js';
import { SKIP, scan } from '../defs/syntax.js';
import { callsIn } from './body.js';
import { at, definitionCheck, evidenceOf, noFunction, targets } from './common.js';
import { rejection } from './reject.js';
import {
  VALIDATING_NAME,
  validatingDecorator,
  validatingDefault,
  validatingFunctionDecorator,
  validatingType,
} from './validating-types.js';

/** Calls that test their argument and throw by themselves: `Objects.requireNonNull(x)`, `ThrowIfNull(x)`, `abort_if`. */
const GUARD_CALL = /^(requireNonNull\w*|ThrowIf\w*|abort_?(if|unless)|throw_?(if|unless)|ensure)$/i;

/** Does `node` read the variable `name` (outside strings)? */
function mentions(index: DefinitionIndex, node: Node, name: string): boolean {
  const { rules } = index;
  let hit = false;
  scan(node, (v) => {
    if (hit || rules.stringTypes.has(v.type)) return SKIP;
    if (rules.reference(v) === name) hit = true;
    return undefined;
  });
  return hit;
}

/** Bindings `target = value` across the grammars: [target field, value field]. */
const BINDINGS: Record<string, [string, string]> = {
  variable_declarator: ['name', 'value'],
  assignment: ['left', 'right'],
  assignment_expression: ['left', 'right'],
  short_var_declaration: ['left', 'right'],
  let_declaration: ['pattern', 'value'],
};
/** Targets that bind plain names (not `obj.field = …`). */
const NAME_TARGETS =
  /^(identifier|variable_name|object_pattern|array_pattern|pattern_list|tuple_pattern|expression_list|tuple|list_pattern|left_assignment_list|tuple_struct_pattern)$/;
/** Reads off a value: member access, indexing, getter calls, await, `?`, parentheses (the value is the first child). */
const ACCESS =
  /^(member_expression|subscript_expression|subscript|attribute|call|call_expression|await_expression|await|parenthesized_expression|non_null_expression|selector_expression|index_expression|type_assertion_expression|method_invocation|field_access|array_access|invocation_expression|member_access_expression|element_access_expression|conditional_access_expression|field_expression|try_expression|member_call_expression|nullsafe_member_call_expression|nullsafe_member_access_expression|element_reference|expression_list)$/;

/** The variable a value expression is read off (`req.headers.authorization` → req, `r.Header.Get("X")` → r). */
function rootOf(index: DefinitionIndex, value: Node): string | null {
  let node: Node | null = value;
  for (let i = 0; node && i < 32 && ACCESS.test(node.type); i++) {
    // a getter takes constants only (`headers.get("X")`); a call fed other values (`db.get(id)`) computes a new value
    const args = node.childForFieldName('arguments');
    if (args && readsVariables(index, args)) return null;
    node = node.namedChildren[0] ?? null;
  }
  if (!node) return null;
  let name: string | null = null;
  scan(node, (v) => {
    if (v.depth === 0) name = index.rules.reference(v);
    return SKIP;
  });
  return name;
}

/** Does `node` read any variable (outside strings)? Constants spelled in capitals (`header::AUTHORIZATION`) do not count. */
function readsVariables(index: DefinitionIndex, node: Node): boolean {
  let hit = false;
  scan(node, (v) => {
    if (hit || index.rules.stringTypes.has(v.type)) return SKIP;
    const name = index.rules.reference(v);
    if (name && !/^[A-Z][A-Z0-9_]*$/.test(name) && v.parentType !== 'scoped_identifier') hit = true;
    return undefined;
  });
  return hit;
}

/**
 * Locals holding a value read off the parameter (`const header = req.headers.authorization`,
 * `const { email } = req.body`, `token := r.Header.Get("X")`), and values read off those in turn. Testing one of
 * them tests the parameter; a value computed by a call that merely takes the parameter (`db.find(req.id)`) is not one.
 */
function derivedFrom(index: DefinitionIndex, def: Definition, param: string): Set<string> {
  const { rules } = index;
  const names = new Set([param]);
  scan(def.body as Node, (v) => {
    if (rules.stringTypes.has(v.type)) return SKIP;
    const fields = BINDINGS[v.type];
    if (!fields) return undefined;
    const node = v.node();
    const target = node.childForFieldName(fields[0]);
    const value = node.childForFieldName(fields[1]);
    if (!target || !value || !NAME_TARGETS.test(target.type)) return undefined;
    const root = rootOf(index, value);
    if (!root || !names.has(root)) return undefined;
    scan(target, (t) => {
      if (t.field === 'key' || t.field === 'type') return SKIP;
      const name = rules.reference(t) ?? (t.type === 'shorthand_property_identifier_pattern' ? t.node().text : null);
      if (name) names.add(name);
      return undefined;
    });
    return undefined;
  });
  return names;
}

/** (a): the parameter is tested in a condition whose branch rejects (ruling 19), or by a guard call that throws. */
function testedAndRejected(index: DefinitionIndex, def: Definition, param: string): CheckResult | null {
  const { rules, source } = index;
  let result: CheckResult | null = null;
  const derived = derivedFrom(index, def, param);
  scan(def.body as Node, (v) => {
    if (result) return SKIP;
    if (rules.stringTypes.has(v.type)) return SKIP;
    const cond = rules.conditional(v);
    if (!cond) return undefined;
    const tested = [...derived].find((name) => cond.tests.some((t) => mentions(index, t, name)));
    if (!tested) return undefined;
    const how = cond.inherent ?? cond.branches.map((b) => rejection(rules, b)).find((r) => r !== null);
    if (how) {
      const node = v.node();
      const via = tested === param ? '' : ` (through ${tested}, read off it)`;
      result = {
        result: 'pass',
        details: `(a) ${param} is tested at ${source.at(node)}${via} and the branch ${how === 'assert' ? 'asserts' : how}`,
        evidence: source.evidence(node),
      };
    }
    return undefined;
  });
  if (result) return result;
  for (const call of callsIn(index, def)) {
    const last = call.path[call.path.length - 1] ?? '';
    if (GUARD_CALL.test(last) && mentions(index, call.node, param)) {
      return {
        result: 'pass',
        details: `(a) ${param} is checked by ${call.written.join('.')}() at ${source.at(call.node)}, which rejects`,
        evidence: source.evidence(call.node),
      };
    }
  }
  return null;
}

/** (b): the parameter is passed to (or is the receiver of) a call whose name validates. */
function passedToValidator(index: DefinitionIndex, def: Definition, param: string): CheckResult | null {
  for (const call of callsIn(index, def)) {
    const name = call.written.filter((s) => s !== param && s !== '?' && s !== 'self' && s !== 'this').join('.');
    if (!VALIDATING_NAME.test(name) || !mentions(index, call.node, param)) continue;
    return {
      result: 'pass',
      details: `(b) ${param} is passed to ${call.written.join('.')}() at ${index.source.at(call.node)}`,
      evidence: index.source.evidence(call.node),
    };
  }
  return null;
}

/** (c): a validating annotation, a validating/parsing decorator on the parameter or the function, or a constrained binder. */
function validatingBinding(index: DefinitionIndex, def: Definition, param: Param): CheckResult | null {
  const { rules, source } = index;
  const pass = (what: string, node: Node): CheckResult => ({
    result: 'pass',
    details: `(c) ${param.name} ${what} (${source.at(node)})`,
    evidence: source.evidence(node),
  });
  const type = param.type ? validatingType(rules, param.type) : null;
  if (type) return pass(`is annotated with the non-primitive type ${type}`, param.node);
  const onParam = param.decorators.find((d) => validatingDecorator(rules, d));
  if (onParam) return pass(`is bound by the validating ${onParam.name}`, onParam.node);
  const binder = validatingDefault(param);
  if (binder) return pass(`is bound by a constrained ${binder}(…)`, param.node);
  const onFunction = def.decorators.find((d) => validatingFunctionDecorator(rules, d));
  if (onFunction) return pass(`is validated by the function's decorator ${onFunction.name}`, onFunction.node);
  return null;
}

const bare = (name: string): string => name.trim().replace(/^[$*&]+|:$/g, '');

export const parameterValidated = definitionCheck('parameter_validated', (index, params) => {
  const wanted = bare(params.parameter);
  const { defs } = targets(index, params.function);
  if (defs.length === 0) return noFunction(index, params.function);
  const withParam = defs.filter((d) => d.params.some((p) => p.name === wanted));
  if (withParam.length === 0) {
    const def = defs[0] as Definition;
    const names = def.params.map((p) => p.name).join(', ') || 'none';
    return {
      result: 'fail',
      details: `${qualifiedName(def)} (${at(index, def)}) has no parameter named ${wanted} (parameters: ${names})`,
      evidence: evidenceOf(index, def),
    };
  }
  for (const def of withParam) {
    const param = def.params.find((p) => p.name === wanted) as Param;
    const found =
      testedAndRejected(index, def, wanted) ??
      passedToValidator(index, def, wanted) ??
      validatingBinding(index, def, param);
    if (found) return { ...found, details: `${qualifiedName(def)}: ${found.details}` };
  }
  const def = withParam[0] as Definition;
  return {
    result: 'fail',
    details:
      `${qualifiedName(def)} (${at(index, def)}) does not validate ${wanted}: no rejecting condition on it, ` +
      'no validating call with it, no validating type or decorator',
    evidence: evidenceOf(index, def),
  };
});
