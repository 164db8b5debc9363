import type { Node } from 'web-tree-sitter';
import type { Decorator, Param } from '../defs/model.js';
import type { LanguageRules } from '../defs/rules.js';
import { SKIP, scan } from '../defs/syntax.js';

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/**
 * Ruling 11/19: primitive types (numbers, booleans, strings, bytes, chars) do not validate; anything else (a model,
 * `Date`, an enum, a DTO) does. Containers and optionals are looked through (`Optional[str]`, `Vec<String>`,
 * `[]string` are primitive); `any`, `unknown`, `object` and friends never validate.
 */

const PRIMITIVE = words(
  'int integer long short byte sbyte ubyte float double decimal number bigint biginteger bigdecimal ' +
    'complex i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 int8 int16 int32 int64 uint ' +
    'uint8 uint16 uint32 uint64 uintptr float32 float64 complex64 complex128 ushort ulong nint nuint bool ' +
    'boolean str string charsequence char character rune bytes bytearray buffer uint8array',
);

/** Types that say nothing about the value. */
const NON_VALIDATING = words(
  'any unknown object mixed dynamic void null undefined never none nonetype nil interface self callable ' +
    'array var iterable',
);

/** Generic containers and optionals whose arguments decide. */
const WRAPPERS = words(
  'Optional Union List list Dict dict Set set FrozenSet frozenset Tuple tuple Sequence Iterable Mapping ' +
    'MutableMapping Annotated Array ReadonlyArray Record Map Readonly Partial Vec VecDeque Option Box Rc ' +
    'Arc Cow RefCell HashMap HashSet BTreeMap BTreeSet Nullable IEnumerable IList ICollection ' +
    'IReadOnlyList IReadOnlyCollection IDictionary Dictionary Collection ArrayList LinkedList Deque Slice ' +
    'Type',
);

/** The first non-primitive, non-container type name in an annotation, or null when it does not validate. */
export function validatingType(rules: LanguageRules, type: Node): string | null {
  for (const name of rules.typeNames(type)) {
    if (WRAPPERS.has(name)) continue;
    const lower = name.toLowerCase();
    if (PRIMITIVE.has(lower) || NON_VALIDATING.has(lower)) continue;
    // A single capital letter is a generic type parameter (`T`), not a model.
    if (/^[A-Z]$/.test(name)) continue;
    return name;
  }
  return null;
}

/** Names of calls/decorators that validate (spec: parameter_validated (b)). */
export const VALIDATING_NAME = /valid|check|parse|sanitiz|assert|verify|schema|clean/i;

/** Bean Validation, DataAnnotations and Symfony constraints on a parameter. */
const CONSTRAINTS = words(
  'NotNull NotBlank NotEmpty Size Min Max Pattern Email Positive PositiveOrZero Negative NegativeOrZero ' +
    'Past PastOrPresent Future FutureOrPresent DecimalMin DecimalMax Digits Range Length URL Url Required ' +
    'StringLength MinLength MaxLength RegularExpression EmailAddress Phone Uuid UUID',
);

/** Names in a decorator (its name and the non-string names in its arguments). */
function decoratorNames(rules: LanguageRules, d: Decorator): string[] {
  const names = [...d.segments];
  if (d.args) {
    scan(d.args, (v) => {
      if (rules.stringTypes.has(v.type)) return SKIP;
      if (v.node().childCount === 0 && /^[A-Za-z_]\w*$/.test(v.node().text)) names.push(v.node().text);
      return undefined;
    });
  }
  return names;
}

/** A decorator that parses or validates what it binds (`@Valid`, `ParseIntPipe`, `@NotBlank`, `validate_call`). */
export function validatingDecorator(rules: LanguageRules, d: Decorator): boolean {
  const last = d.segments[d.segments.length - 1] ?? '';
  if (CONSTRAINTS.has(last)) return true;
  return decoratorNames(rules, d).some((n) => VALIDATING_NAME.test(n) || /Pipe$/.test(n));
}

/**
 * A function-level decorator that validates every argument (`@validate_call`, `@validate_arguments`, flask-pydantic
 * `@validate()`, webargs `@use_args(schema)`, `@expects_json(schema)`); narrower than VALIDATING_NAME so that
 * `@check_permissions` does not pass for every parameter.
 */
export function validatingFunctionDecorator(rules: LanguageRules, d: Decorator): boolean {
  const last = d.segments[d.segments.length - 1] ?? '';
  return (
    /valid|schema|parse|^use_?(args|kwargs)$|^expects_?json$/i.test(last) ||
    decoratorNames(rules, d).some((n) => /schema/i.test(n))
  );
}

/** FastAPI/pydantic constraints in a default value: `Query(None, max_length=50)`, `Path(..., gt=0)`, `Field(…)`. */
const BINDERS = new Set(['Query', 'Path', 'Body', 'Field', 'Header', 'Cookie', 'Form']);
const CONSTRAINT_KEYWORDS =
  /\b(gt|ge|lt|le|min_length|max_length|regex|pattern|multiple_of|max_digits|decimal_places|min_items|max_items)\s*=/;

export function validatingDefault(param: Param): string | null {
  const value = param.defaultValue;
  if (value?.type !== 'call') return null;
  const fn = value.childForFieldName('function')?.text.split('.').pop() ?? '';
  if (!BINDERS.has(fn)) return null;
  const args = value.childForFieldName('arguments');
  return args && CONSTRAINT_KEYWORDS.test(args.text) ? fn : null;
}
