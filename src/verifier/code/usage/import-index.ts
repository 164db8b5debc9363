import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { LanguageId, SourceFile } from '../parser.js';
import { dirSegments, type NodeTable, type Site, siteOf } from './common.js';
import { IMPORT_TYPES } from './node-types.js';
import { asCall, kids, pathOf, stringValue } from './syntax.js';

/** How a language separates the parts of a module path. */
export type Separator = '.' | '/' | '::' | '\\';

/** One import found in a file. */
export interface ImportFact {
  /** The module as written (`cryptography.fernet`, `lodash/merge`, `std::env`). */
  module: string;
  /** The module's segments, plus equivalent spellings (a resolved relative import, `crate::` dropped, …). */
  forms: string[][];
  sep: Separator;
  /** Symbols imported from the module by name (and the local name of a default/whole-module binding). */
  names: string[];
  /** Every name of the module is imported (`from m import *`, Java `a.b.*`, Rust `a::*`, C# `using Ns;`). */
  wildcard: boolean;
  /** The statement form, for details (`from … import`, `require`, `use`, …). */
  form: string;
  site: Site;
}

export function splitModule(module: string, sep: Separator): string[] {
  if (sep === '.') {
    const rel = /^(\.+)(.*)$/.exec(module); // Python relative import: the dots are one segment
    if (rel) return [rel[1] ?? '.', ...(rel[2] ? rel[2].split('.') : [])];
    return module.split('.');
  }
  if (sep === '\\') return module.replace(/^\\/, '').split('\\');
  return module.split(sep).filter((s, i) => s.length > 0 || i === 0);
}

/** Builds the import index of a parsed file. */
export function buildImportIndex(source: SourceFile, nodes: NodeTable): ImportFact[] {
  const out: ImportFact[] = [];
  const lang = source.language;
  const add = (node: Node, module: string, sep: Separator, form: string, names: string[] = [], wildcard = false) => {
    if (!module) return;
    out.push({
      module,
      forms: formsOf(module, sep, lang, source.file),
      sep,
      names: [...new Set(names)],
      wildcard,
      form,
      site: siteOf(source, node),
    });
  };
  const visit = (node: Node): void => {
    switch (lang) {
      case 'python':
        pythonImport(node, add);
        break;
      case 'javascript':
      case 'typescript':
      case 'tsx':
        jsImport(node, add);
        break;
      case 'go':
        if (node.type === 'import_spec') goImport(node, add);
        break;
      case 'java':
        if (node.type === 'import_declaration') javaImport(node, add);
        break;
      case 'csharp':
        if (node.type === 'using_directive') csharpUsing(node, add);
        break;
      case 'rust':
        rustUse(node, add);
        break;
      case 'ruby':
        rubyRequire(node, add);
        break;
      case 'php':
        phpUse(node, add);
        break;
    }
  };
  for (const node of nodes.ofTypes(IMPORT_TYPES)) visit(node);
  return out;
}

type Add = (node: Node, module: string, sep: Separator, form: string, names?: string[], wildcard?: boolean) => void;

/** Equivalent spellings of one module, so a user can name it the way they think of it. */
function formsOf(module: string, sep: Separator, lang: LanguageId, file: string): string[][] {
  const forms: string[][] = [];
  const primary = splitModule(module, sep);
  forms.push(primary);
  if (lang === 'python' && primary[0]?.startsWith('.')) {
    // `from .models import X` in src/app/views.py is app.models (and src.app.models): every package suffix
    const up = (primary[0]?.length ?? 1) - 1;
    const dir = dirSegments(file);
    const base = up > 0 ? dir.slice(0, Math.max(0, dir.length - up)) : dir;
    const rest = primary.slice(1);
    for (let i = 0; i < base.length; i++) forms.push([...base.slice(i), ...rest]);
  }
  if (sep === '/' && (lang === 'javascript' || lang === 'typescript' || lang === 'tsx' || lang === 'ruby')) {
    const stripped = stripExtension(module.replace(/^node:/, ''));
    forms.push(splitModule(stripped, '/'));
    if (stripped.startsWith('.')) {
      // a relative import also names the root-relative file it resolves to
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), stripped));
      if (!resolved.startsWith('..')) forms.push(splitModule(resolved, '/'));
    }
  }
  if (sep === '::' && ['crate', 'self', 'super'].includes(primary[0] ?? '')) forms.push(primary.slice(1));
  return forms.filter((f) => f.length > 0);
}

function stripExtension(spec: string): string {
  return spec.replace(/\.(m?[jt]sx?|c[jt]s|rb)$/, '').replace(/\/index$/, '');
}

function pythonImport(node: Node, add: Add): void {
  if (node.type === 'import_statement') {
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      if (dotted) add(node, dotted.text, '.', 'import');
    }
    return;
  }
  if (node.type === 'import_from_statement' || node.type === 'future_import_statement') {
    const moduleNode = node.childForFieldName('module_name');
    const module =
      node.type === 'future_import_statement' ? '__future__' : (moduleNode?.text.replace(/\s+/g, '') ?? '');
    const names: string[] = [];
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      if (imported) names.push(imported.text);
    }
    const wildcard = kids(node).some((k) => k.type === 'wildcard_import');
    add(node, module, '.', 'from … import', names, wildcard);
    // `from pkg import sub` also imports the submodule pkg.sub when sub is one
    const base = module.endsWith('.') ? module : `${module}.`;
    for (const n of names) add(node, `${base}${n}`, '.', 'from … import', [], false);
    return;
  }
  if (node.type !== 'call' || !/import/.test(node.childForFieldName('function')?.text ?? '')) return;
  const call = asCall(node);
  if (!call) return;
  // __import__('m'), importlib.import_module('m')
  const callee = pathOf(call.callee)?.join('.');
  if (callee === '__import__' || callee === 'importlib.import_module' || callee === 'import_module') {
    const module = stringValue(call.args[0] ?? null, 'python');
    if (module) add(node, module, '.', 'dynamic import', bindingNames(node));
  }
}

function jsImport(node: Node, add: Add): void {
  if (node.type === 'import_statement' || (node.type === 'export_statement' && node.childForFieldName('source'))) {
    const source = stringValue(node.childForFieldName('source'));
    const requireClause = kids(node)
      .flatMap((k) => (k.type === 'import_require_clause' ? [k] : []))
      .at(0);
    if (requireClause) {
      // TS `import fs = require('fs')`
      const module = stringValue(requireClause.childForFieldName('source'));
      const local = kids(requireClause).find((k) => k.type === 'identifier');
      if (module) add(node, module, '/', 'import … = require', local ? [local.text] : []);
      return;
    }
    if (source === null) return;
    const names: string[] = [];
    for (const part of kids(node)) {
      if (part.type === 'import_clause') {
        for (const c of kids(part)) {
          if (c.type === 'identifier') names.push(c.text); // default import: the local binding
          if (c.type === 'namespace_import') names.push(...kids(c).map((k) => k.text));
          if (c.type === 'named_imports') names.push(...specifierNames(c));
        }
      }
      if (part.type === 'export_clause') names.push(...specifierNames(part));
    }
    add(node, source, '/', node.type === 'export_statement' ? 'export … from' : 'import', names);
    return;
  }
  if (node.type !== 'call_expression') return;
  const fn = node.childForFieldName('function');
  if (!fn || !(fn.type === 'import' || (fn.type === 'identifier' && fn.text === 'require'))) return;
  const call = asCall(node);
  if (!call) return;
  const isRequire = call.method === 'require' && call.callee?.type === 'identifier';
  if (!isRequire && call.method !== 'import') return;
  const module = stringValue(call.args[0] ?? null);
  if (module === null) return;
  add(node, module, '/', isRequire ? 'require' : 'dynamic import', bindingNames(node));
}

/** Names of `import { a, b as c }` / `export { a }`: the imported name; `default as X` binds X. */
function specifierNames(clause: Node): string[] {
  const names: string[] = [];
  for (const spec of kids(clause)) {
    const name = spec.childForFieldName('name');
    const alias = spec.childForFieldName('alias');
    if (!name) continue;
    const imported = stringValue(name) ?? name.text;
    if (imported === 'default' && alias) names.push(alias.text);
    else names.push(imported);
  }
  return names;
}

/**
 * What a require()/import() call binds: `const { a, b: c } = require('m')` → a, b; `const x = require('m')` → x;
 * `require('m').foo` → foo. Looks through `await`.
 */
function bindingNames(call: Node): string[] {
  let node = call;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === 'await_expression' || parent.type === 'parenthesized_expression' || parent.type === 'await')
  ) {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return [];
  if ((parent.type === 'member_expression' || parent.type === 'attribute') && parent.child(0)?.id === node.id) {
    const prop = parent.childForFieldName('property') ?? parent.childForFieldName('attribute');
    return prop ? [prop.text] : [];
  }
  if (parent.type === 'variable_declarator' || parent.type === 'assignment') {
    const target = parent.childForFieldName('name') ?? parent.childForFieldName('left');
    if (!target) return [];
    if (target.type === 'identifier') return [target.text];
    if (target.type === 'object_pattern') {
      return kids(target).flatMap((p) => {
        if (p.type === 'shorthand_property_identifier_pattern') return [p.text];
        if (p.type === 'pair_pattern') return [p.childForFieldName('key')?.text ?? ''];
        if (p.type === 'object_assignment_pattern') return [p.childForFieldName('left')?.text ?? ''];
        return [];
      });
    }
  }
  return [];
}

function goImport(node: Node, add: Add): void {
  const module = stringValue(node.childForFieldName('path'));
  if (!module) return;
  const alias = node.childForFieldName('name');
  if (alias?.type === 'dot') {
    add(node, module, '/', 'import', [], true);
    return;
  }
  const segments = module.split('/');
  let last = segments[segments.length - 1] ?? module;
  if (/^v\d+$/.test(last) && segments.length > 1) last = segments[segments.length - 2] ?? last; // gopkg/x/v5
  const names = alias && alias.type === 'package_identifier' ? [alias.text] : [last.replace(/^go-|\.v\d+$/g, '')];
  add(node, module, '/', 'import', names);
}

function javaImport(node: Node, add: Add): void {
  const target = kids(node).find((k) => k.type === 'scoped_identifier' || k.type === 'identifier');
  if (!target) return;
  const wildcard = kids(node).some((k) => k.type === 'asterisk');
  const isStatic = node.children.some((c) => c?.type === 'static');
  add(node, pathOf(target)?.join('.') ?? target.text, '.', isStatic ? 'import static' : 'import', [], wildcard);
}

function csharpUsing(node: Node, add: Add): void {
  const alias = node.childForFieldName('name');
  const target = kids(node).find((k) => k !== alias && k.id !== alias?.id && k.type !== 'name_equals');
  if (!target) return;
  const module = pathOf(target)?.join('.') ?? target.text;
  // `using Ns;` brings every type of the namespace into scope, like a wildcard; an alias names one type
  add(node, module, '.', alias ? 'using … =' : 'using', [], !alias);
}

function rustUse(node: Node, add: Add): void {
  if (node.type === 'extern_crate_declaration') {
    const name = node.childForFieldName('name');
    if (name) add(node, name.text, '::', 'extern crate');
    return;
  }
  if (node.type !== 'use_declaration') return;
  const visit = (tree: Node | null, prefix: string[]): void => {
    if (!tree) return;
    switch (tree.type) {
      case 'scoped_use_list': {
        const base = pathOf(tree.childForFieldName('path')) ?? [];
        for (const item of kids(tree.childForFieldName('list'))) visit(item, [...prefix, ...base]);
        return;
      }
      case 'use_list':
        for (const item of kids(tree)) visit(item, prefix);
        return;
      case 'use_as_clause':
        visit(tree.childForFieldName('path'), prefix);
        return;
      case 'use_wildcard': {
        const base = pathOf(kids(tree)[0] ?? null) ?? [];
        add(node, [...prefix, ...base].join('::'), '::', 'use', [], true);
        return;
      }
      case 'self':
        add(node, prefix.join('::'), '::', 'use');
        return;
      default: {
        const p = pathOf(tree);
        if (!p) return;
        const full = p[p.length - 1] === 'self' ? [...prefix, ...p.slice(0, -1)] : [...prefix, ...p];
        add(node, full.join('::'), '::', 'use');
      }
    }
  };
  visit(node.childForFieldName('argument'), []);
}

function rubyRequire(node: Node, add: Add): void {
  if (node.type !== 'call' || !/^require(_relative)?$/.test(node.childForFieldName('method')?.text ?? '')) return;
  const call = asCall(node);
  if (!call || call.receiver) return;
  if (call.method !== 'require' && call.method !== 'require_relative') return;
  const module = stringValue(call.args[0] ?? null);
  if (module === null) return;
  if (call.method === 'require_relative') {
    add(node, module.startsWith('.') ? module : `./${module}`, '/', 'require_relative');
  } else {
    add(node, module, '/', 'require');
  }
}

function phpUse(node: Node, add: Add): void {
  if (node.type === 'namespace_use_declaration') {
    const group = node.childForFieldName('body');
    if (group) {
      const prefix = pathOf(kids(node).find((k) => k.type === 'namespace_name') ?? null) ?? [];
      for (const clause of kids(group)) {
        const target = kids(clause).find((k) => k.type === 'qualified_name' || k.type === 'name');
        const p = pathOf(target ?? null);
        if (p) add(node, [...prefix, ...p].join('\\'), '\\', 'use');
      }
      return;
    }
    for (const clause of kids(node)) {
      if (clause.type !== 'namespace_use_clause') continue;
      const target = kids(clause).find((k) => k.type === 'qualified_name' || k.type === 'name');
      const p = pathOf(target ?? null);
      if (p) add(node, p.join('\\'), '\\', 'use');
    }
    return;
  }
  if (/^(require|include)(_once)?_expression$/.test(node.type)) {
    const module = stringValue(kids(node)[0] ?? null, 'php');
    if (module) add(node, module, '/', node.type.replace(/_expression$/, ''));
  }
}
