import type { Node } from 'web-tree-sitter';
import type { Decorator, FoundDefinition, FoundScope } from './model.js';
import type { Visit } from './syntax.js';

/** An error handler found in a body: `except`, `catch`, `rescue`, Go `if err != nil`, Rust `Err(…)` arm, … */
export interface Handler {
  /** The deciding node (evidence). */
  node: Node;
  /** What kind of handler, for details (`try/except`, `catch`, `if err != nil`, `.map_err`). */
  kind: string;
  /** The exception types the handler names, as segments (`requests.HTTPError` → [requests, HTTPError]). */
  types: string[][];
  /** Where an `isinstance`/`instanceof` test narrows a generic handler (the handler's body). */
  body: Node | null;
}

/** A condition and the branches it guards (`if`/`elif`/`unless`/ternary, Ruby modifier forms). */
export interface Conditional {
  /** The condition (and, in Go, the `if` initializer). */
  tests: Node[];
  branches: Node[];
  /** Set when the construct rejects by itself (`assert x`, C# `ArgumentNullException.ThrowIfNull(x)`). */
  inherent?: string;
}

/**
 * What one language contributes to the definition-centric checks. Everything generic (name matching, walks, result
 * wording) lives in the checks; a rules object only says how this grammar spells definitions, calls and handlers.
 */
export interface LanguageRules {
  /** Node types `define` may accept (the index asks the parser for these only). */
  definitionTypes: readonly string[];
  /** Describes a node met by the definitions walk: a definition, a qualifying scope, or nothing. */
  define(v: Visit): FoundDefinition | FoundScope | null;
  /** Node types that may be calls (filter before `callee`). */
  callTypes: ReadonlySet<string>;
  /** The callee path of a call node (`self.session.end()` → [self, session, end]); null when not a call. */
  callee(node: Node): string[] | null;
  /** The variable a node reads, when it is a value reference (not a property name, keyword or member name). */
  reference(v: Visit): string | null;
  /** Node types of nested function literals (lambdas, closures, inner defs). */
  functionTypes: ReadonlySet<string>;
  /** An error handler at this node, or null. */
  handler(v: Visit): Handler | null;
  /** Type names tested at this node (`isinstance(e, X)`, `e instanceof X`, `e is X`, `e.is_a?(X)`), or null. */
  instanceTest(node: Node): string[][] | null;
  /** A conditional at this node, or null. */
  conditional(v: Visit): Conditional | null;
  /** Node types that throw by themselves (`raise`, `throw`). */
  throwTypes: ReadonlySet<string>;
  /** The value of a return statement (null for a bare return); undefined when the node is not a return. */
  returned(v: Visit): Node | null | undefined;
  /** String literal and comment node types: their text is never a name (spec: code types). */
  stringTypes: ReadonlySet<string>;
  /** Integer literal node types (status codes such as 400–499). */
  integerTypes: ReadonlySet<string>;
  /** The type names a parameter's annotation mentions (last segments), for the primitive test. */
  typeNames(type: Node): string[];
  /** Class-level handlers that count when `function` names the class (Ruby `rescue_from`, Spring `@ExceptionHandler`). */
  classHandler?(v: Visit): Handler | null;
  /** Handlers a function definition is by its own decorators (Spring/ASP.NET `@ExceptionHandler(X.class)`). */
  decoratorHandler?(decorator: Decorator): Handler | null;
  /** Ruby: bare identifiers that are method calls; given the names that are local variables in the body. */
  bareCall?(v: Visit, locals: ReadonlySet<string>): string[] | null;
  /** Ruby: the local variable names assigned or bound in a body (params excluded). */
  locals?(body: Node): Set<string>;
}
