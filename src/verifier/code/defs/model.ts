import type { Node } from 'web-tree-sitter';

/** A decorator, annotation or attribute as applied in the source (`@auth.login_required()` → `auth.login_required`). */
export interface Decorator {
  /** The applied name as written, without `@`, `[ ]`, `#[ ]` or arguments. */
  name: string;
  /** `name` split at `.`, `::` and `\`. */
  segments: string[];
  /** The argument list, when the decorator is called. */
  args: Node | null;
  node: Node;
}

export interface Param {
  /** Without sigils (`$id` → `id`, `*args` → `args`). */
  name: string;
  /** The type annotation, when there is one. */
  type: Node | null;
  /** Decorators/annotations/attributes on the parameter itself (`@Valid`, `[FromBody]`, `@Param('id', ParseIntPipe)`). */
  decorators: Decorator[];
  /** The default value (FastAPI `Query(..., max_length=50)`), when there is one. */
  defaultValue: Node | null;
  node: Node;
}

export type DefinitionKind = 'function' | 'type';

/** What a language's rules say about one syntax node during the definitions walk. */
export interface FoundDefinition {
  kind: DefinitionKind;
  /** class, interface, enum, struct, trait, record, type alias, module, …; `function` for functions. */
  typeKind: string;
  name: string;
  /** The definition (for evidence, together with `start`). */
  node: Node;
  /** Where the evidence region starts when decorators sit before `node` as siblings (TS members, Rust items). */
  start?: Node;
  /** The implementation; null for declarations (ruling 18) and for types. */
  body: Node | null;
  /** False for declarations without implementation: abstract/interface methods, overloads, `declare function`. */
  hasBody: boolean;
  decorators: Decorator[];
  params: Param[];
  /** Qualifier segments that are not lexical ancestors (Go receiver type, `Foo.prototype.bar = function`). */
  qualifier?: string[];
  /** Go: the receiver variable (`h` in `func (h *Users) Get`), read like `self` in calls. */
  receiver?: string;
  /** For types: the scope segments their members see (a Ruby `class A::B` opens `A`, `B`); default `[name]`. */
  opens?: string[];
}

/** A node that qualifies the definitions inside it without being a definition itself (Rust `impl X`, JS object). */
export interface FoundScope {
  kind: 'scope';
  names: string[];
  /**
   * A file-level namespace or package statement (`namespace App\Http;`, `package com.acme;`): it qualifies every
   * definition after it in the file although it contains none of them. A later one replaces it.
   */
  untilEndOfFile?: boolean;
}

export interface Definition extends FoundDefinition {
  /** The chain of enclosing type definitions, outermost first (ruling 1). */
  scope: string[];
  /** Position in document order; sorts results deterministically. */
  order: number;
}

/**
 * Splits a user-given or applied name into segments at `.`, `::`, `\`, `#`, `->` (ruling 2); drops sigils, generic
 * arguments and a trailing call `()`. `\App\Err` → [App, Err]; `tokio::main` → [tokio, main].
 */
export function segmentsOf(name: string): string[] {
  const bare = name
    .trim()
    .replace(/\(.*\)\s*$/s, '')
    .replace(/<[^<>]*(<[^<>]*>[^<>]*)*>/g, '')
    .replace(/\s+/g, '');
  return bare
    .split(/::|->|\?->|\?\.|[.\\#]/)
    .map((s) => s.replace(/^[$@&*]+/, ''))
    .filter((s) => s.length > 0);
}

/** True when `wanted` (segments) names a definition: same name, and its qualifier a suffix of the enclosing chain. */
export function namesDefinition(wanted: string[], def: { name: string; scope: string[] }): boolean {
  const last = wanted[wanted.length - 1];
  if (last === undefined || last !== def.name) return false;
  const qualifier = wanted.slice(0, -1);
  if (qualifier.length > def.scope.length) return false;
  const offset = def.scope.length - qualifier.length;
  return qualifier.every((seg, i) => def.scope[offset + i] === seg);
}

/** True when `wanted` equals the applied name or its whole trailing segments (ruling 2). */
export function endsWithSegments(
  applied: string[],
  wanted: string[],
  same = (a: string, b: string) => a === b,
): boolean {
  if (wanted.length === 0 || wanted.length > applied.length) return false;
  const offset = applied.length - wanted.length;
  return wanted.every((seg, i) => same(applied[offset + i] as string, seg));
}

/** The qualified name of a definition for details (`UsersController.show`). */
export function qualifiedName(def: { name: string; scope: string[] }): string {
  return [...def.scope, def.name].join('.');
}
