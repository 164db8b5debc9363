import type { ParamsOf } from '../../../assertions/catalogue.js';
import { type Checker, type CheckResult, fail, pass } from '../../types.js';
import { at, byPosition, codeIndex, evidenceOf, guarded, pushTo } from './common.js';
import { buildImportIndex, type ImportFact, splitModule } from './import-index.js';

type Params = ParamsOf<'import_present'>;

/**
 * import_present: the file imports `module` (or a submodule of it, at separator boundaries only — ruling 3) and,
 * with `name`, that symbol is imported from it.
 */
export const importPresent: Checker<Params> = (params, ctx) =>
  guarded(async (): Promise<CheckResult> => {
    const loaded = await codeIndex(ctx, params.file, 'imports', (source, nodes) =>
      bucketByHead(buildImportIndex(source, nodes)),
    );
    if (!loaded.ok) return loaded.result;
    const { all, byHead } = loaded.value.index;
    // only imports whose first segment is the module's first segment, however the module is spelled
    const heads = new Set(
      (['.', '/', '::', '\\'] as const).map((sep) =>
        headKey(splitModule(params.module.trim().replace(/^node:/, ''), sep)[0]),
      ),
    );
    const facts = [...new Set([...heads].flatMap((h) => byHead.get(h) ?? []))].sort(byPosition);
    const caseInsensitive = loaded.value.source.language === 'php';
    const wanted = params.module.trim();

    let moduleOnly: ImportFact | undefined;
    for (const fact of facts) {
      const match = matchFact(fact, wanted, params.name, caseInsensitive);
      if (match === 'module') {
        moduleOnly ??= fact;
        continue;
      }
      if (!match) continue;
      const what = params.name ? `${wanted} and the name ${params.name}` : wanted;
      const how = match === 'wildcard' ? `, by the wildcard/namespace import of ${fact.module}` : '';
      return pass(`${at(fact.site)} imports ${what} (${fact.form} ${fact.module}${how})`, evidenceOf(fact.site));
    }
    if (moduleOnly) {
      return fail(
        `${at(moduleOnly.site)} imports ${moduleOnly.module} but not the name ${params.name} from ${wanted}`,
        evidenceOf(moduleOnly.site),
      );
    }
    const count = all.length;
    return fail(
      `${params.file} does not import ${wanted}${params.name ? ` (name ${params.name})` : ''} (${count} import${count === 1 ? '' : 's'} checked)`,
    );
  });

/**
 * How a fact satisfies the assertion: 'full' (module, and name if asked), 'wildcard' (module, name by wildcard),
 * 'module' (module only, name missing), or null.
 */
function matchFact(
  fact: ImportFact,
  module: string,
  name: string | undefined,
  caseInsensitive: boolean,
): 'full' | 'wildcard' | 'module' | null {
  const eq = (a: string, b: string) => (caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b);
  const wantedForms = userForms(module, fact);
  let moduleOk = false;
  for (const form of fact.forms) {
    for (const want of wantedForms) {
      if (isPrefix(want, form, eq)) moduleOk = true;
      // `import a.b.N` / `use a::b::N` / `import a.b.N` (Java) import N from a.b
      if (name && isPrefix([...want, name], form, eq)) return 'full';
      // … and from a submodule of a.b (`use a\b\sub\N`), as `from a.b.sub import N` satisfies a.b with N
      if (name && !fact.wildcard && fact.names.length === 0 && want.length < form.length - 1) {
        if (isPrefix(want, form, eq) && eq(form[form.length - 1] ?? '', name)) return 'full';
      }
      // a wildcard `a.b.*` brings in every member of a.b, so module a.b.C is in scope too
      if (!name && fact.wildcard && want.length === form.length + 1 && isPrefix(form, want, eq)) return 'wildcard';
    }
  }
  if (!moduleOk) return null;
  if (!name) return 'full';
  if (fact.names.some((n) => eq(n, name))) return 'full';
  if (fact.wildcard) return 'wildcard';
  return 'module';
}

/** The user's module split the way the fact's language separates modules (tolerating `.` for `::`/`\` paths). */
function userForms(module: string, fact: ImportFact): string[][] {
  let sep = fact.sep;
  let text = module;
  if (sep === '::' && !text.includes('::') && text.includes('.')) text = text.replaceAll('.', '::');
  if (sep === '\\') {
    text = text.replace(/^\\+/, '');
    if (!text.includes('\\') && text.includes('.')) text = text.replaceAll('.', '\\');
    if (!text.includes('\\') && text.includes('/') && fact.form === 'use') text = text.replaceAll('/', '\\');
  }
  if (sep === '/' && fact.module.includes('\\')) sep = '\\';
  const forms = [splitModule(text, sep)];
  if (sep === '/') {
    const stripped = text
      .replace(/^node:/, '')
      .replace(/\.(m?[jt]sx?|c[jt]s|rb)$/, '')
      .replace(/\/index$/, '');
    if (stripped !== text) forms.push(splitModule(stripped, '/'));
  }
  return forms.filter((f) => f.length > 0 && f.every((s, i) => s.length > 0 || i === 0));
}

function isPrefix(prefix: string[], full: string[], eq: (a: string, b: string) => boolean): boolean {
  if (prefix.length === 0 || prefix.length > full.length) return false;
  for (let i = 0; i < prefix.length; i++) if (!eq(prefix[i] ?? '', full[i] ?? '')) return false;
  return true;
}

function headKey(segment: string | undefined): string {
  return (segment ?? '').replace(/^node:/, '').toLowerCase();
}

/** Imports by the lower-cased first segment of each of their forms. */
function bucketByHead(facts: ImportFact[]): { all: ImportFact[]; byHead: Map<string, ImportFact[]> } {
  const byHead = new Map<string, ImportFact[]>();
  for (const fact of facts) {
    for (const key of new Set(fact.forms.map((f) => headKey(f[0])))) pushTo(byHead, key, fact);
  }
  return { all: facts, byHead };
}
