// Draws the benchmark's assertions (all 21 types, fixed counts, seeded) from the generated repository's inventory.
// About one in eight asks about something that is not there, so fail paths are measured too. test_passes entries are
// real, but the benchmark runs with --no-exec semantics, so they answer `skipped` and no project code runs.

import { rng } from './generate-repo.mjs';
import { LANGUAGES, testTitle } from './languages.mjs';

/** How many assertions of each type (10,000 in total). */
export const MIX = {
  function_exists: 1400,
  class_exists: 700,
  decorator_present: 600,
  function_calls: 700,
  parameter_validated: 500,
  error_handled: 600,
  import_present: 700,
  env_var_referenced: 600,
  middleware_registered: 300,
  http_header_set: 500,
  file_exists: 500,
  file_hash: 130,
  pattern_matches: 600,
  pattern_absent: 500,
  no_plaintext_secret: 200,
  config_key_exists: 400,
  config_value_matches: 300,
  dependency_exists: 300,
  dependency_version: 200,
  test_exists: 220,
  test_passes: 50,
};

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DANGEROUS = [
  '\\beval\\(',
  'pickle\\.loads',
  '\\bmd5\\(',
  'exec\\(',
  'innerHTML\\s*=',
  'shell=True',
  'unsafe\\s*\\{',
];

/** The module name as import_present expects it for each language's import line. */
function importModule([mod, name]) {
  return { module: mod, ...(name ? { name } : {}) };
}

export function generateAssertions(inventory, { seed = 7, mix = MIX } = {}) {
  const r = rng(seed);
  const out = [];
  const modules = inventory.modules;
  const withDecorators = modules.filter((m) => m.methods.some((f) => f.decorator));
  const missing = () => r.chance(0.12);
  const anyDef = (m) => {
    const fromClass = r.chance(0.5);
    const f = r.pick(fromClass ? m.methods : m.functions);
    return { f, name: fromClass && r.chance(0.3) ? `${m.className}.${f.name}` : f.name };
  };
  const dirGlob = (m) => `${m.file.slice(0, m.file.lastIndexOf('/'))}/*.${LANGUAGES[m.lang].ext}`;

  const makers = {
    function_exists: () => {
      const m = r.pick(modules);
      const { name } = anyDef(m);
      return { file: m.file, name: missing() ? `${name}Missing` : name };
    },
    class_exists: () => {
      const m = r.pick(modules);
      return { file: m.file, name: missing() ? `${m.className}Legacy` : m.className };
    },
    decorator_present: () => {
      const m = r.pick(withDecorators);
      const f = r.pick(m.methods.filter((x) => x.decorator));
      return { file: m.file, function: f.name, decorator: missing() ? `${f.decorator}_admin` : f.decorator };
    },
    function_calls: () => {
      const m = r.pick(modules);
      const f = r.pick(m.methods);
      const callee = f.calls[0];
      const next = m.functions.find((h) => h.name === callee)?.calls[0];
      if (next && r.chance(0.3)) return { file: m.file, caller: f.name, callee: next, depth: 2 };
      return { file: m.file, caller: f.name, callee: missing() ? 'invalidateSession' : callee };
    },
    parameter_validated: () => {
      const m = r.pick(modules);
      const { f, name } = anyDef(m);
      return { file: m.file, function: name, parameter: f.params[0] };
    },
    error_handled: () => {
      const m = r.pick(modules);
      const { f, name } = anyDef(m);
      const p = { file: m.file, function: name };
      if (f.handles && f.handles !== 'err' && r.chance(0.5)) p.exception = f.handles;
      return p;
    },
    import_present: () => {
      const m = r.pick(modules);
      if (missing()) return { file: m.file, module: 'left_pad' };
      return { file: m.file, ...importModule(r.pick(m.imports)) };
    },
    env_var_referenced: () => {
      const m = r.pick(modules);
      const env = [...m.methods, ...m.functions].map((f) => f.env).filter(Boolean);
      return { file: m.file, variable: env.length && !missing() ? r.pick(env) : 'UNSET_VARIABLE' };
    },
    middleware_registered: () => {
      const m = r.pick(modules);
      return { file: m.file, middleware: missing() ? 'NoSuchMiddleware' : m.middleware };
    },
    http_header_set: () => {
      const m = r.pick(modules);
      const headers = [...m.methods, ...m.functions].map((f) => f.header).filter(Boolean);
      if (!headers.length || missing()) return { file: m.file, header: 'Content-Security-Policy' };
      const [header, value] = r.pick(headers);
      return r.chance(0.4) ? { file: m.file, header, value_pattern: `^${escapeRe(value)}$` } : { file: m.file, header };
    },
    file_exists: () => {
      const m = r.pick(modules);
      return { file: missing() ? `${m.file}.orig` : m.file };
    },
    file_hash: () => {
      const h = r.pick(inventory.hashed);
      const hash = missing() ? h.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) : h.sha256;
      return { file: h.file, expected_hash: hash, pinned_in: 'deploy/verify.py' };
    },
    pattern_matches: () => {
      const m = r.pick(modules);
      const { f } = anyDef(m);
      const file = r.chance(0.15) ? dirGlob(m) : m.file;
      if (r.chance(0.2))
        return { file: m.file, pattern: `${escapeRe(f.name)}\\(`, scope_start: escapeRe(m.className), flags: 'm' };
      return { file, pattern: `${escapeRe(f.name)}\\(` };
    },
    pattern_absent: () => {
      const m = r.pick(modules);
      return { file: r.chance(0.2) ? dirGlob(m) : m.file, pattern: r.pick(DANGEROUS) };
    },
    no_plaintext_secret: () => {
      const svc = r.pick(inventory.services);
      const choice = r.int(3);
      if (choice === 0) return { file: `${svc}/config/*` };
      if (choice === 1) return { file: r.pick(modules.filter((m) => m.file.startsWith(svc))).file };
      return { file: `${svc}/config/app.yaml`, patterns: ['sk_live_[0-9a-z]{24}'] };
    },
    config_key_exists: () => {
      const c = r.pick(inventory.configs);
      return { file: c.file, key: missing() ? `${c.key}.not_configured` : c.key };
    },
    config_value_matches: () => {
      const c = r.pick(inventory.configs);
      if (typeof c.value === 'number')
        return { file: c.file, key: c.key, operator: r.pick(['gte', 'lte', 'eq']), value: String(c.value) };
      return { file: c.file, key: c.key, operator: 'eq', value: c.value };
    },
    dependency_exists: () => {
      const mf = r.pick(inventory.manifests);
      return { manifest: mf.file, package: missing() ? 'left-pad' : r.pick(Object.keys(mf.deps)) };
    },
    dependency_version: () => {
      const mf = r.pick(inventory.manifests);
      const pkg = r.pick(Object.keys(mf.deps));
      const major = Number(String(mf.deps[pkg]).replace(/^v/, '').split('.')[0]);
      return { manifest: mf.file, package: pkg, constraint: `>=${Math.max(0, major - r.int(2))}.0` };
    },
    test_exists: () => {
      const t = r.pick(inventory.tests);
      const name = testTitle(t.lang, r.pick(t.names));
      return r.chance(0.3)
        ? { file: `${t.dir}/*`, test_name: name }
        : { file: t.file, ...(missing() ? { test_name: 'missing test' } : { test_name: name }) };
    },
    test_passes: () => {
      const t = r.pick(inventory.tests);
      return { file: t.file, test_name: testTitle(t.lang, r.pick(t.names)), timeout_seconds: 120 };
    },
  };

  for (const [type, count] of Object.entries(mix)) {
    for (let i = 0; i < count; i++) out.push({ type, params: makers[type]() });
  }
  // Shuffle (seeded) so the engine, not the input order, is what groups assertions by file.
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.map((a, i) => ({ id: `bench_${String(i + 1).padStart(5, '0')}`, ...a }));
}

/**
 * The floor's regex for an assertion: one JS RegExp derived from its name or pattern, compiled once (before the
 * timed part). What a naive grep-based verifier would run.
 */
export function floorRegex(a) {
  const p = a.params;
  const word = (s) =>
    new RegExp(
      `\\b${escapeRe(
        String(s)
          .split(/[.:\\]/)
          .pop(),
      )}\\b`,
    );
  switch (a.type) {
    case 'pattern_matches':
    case 'pattern_absent':
      return new RegExp(p.pattern, p.flags ?? '');
    case 'no_plaintext_secret':
      return /(password|secret|api_key|token)\s*[:=]|sk_live_[0-9a-z]{24}/i;
    case 'file_hash':
      return new RegExp(p.expected_hash, 'i');
    case 'config_key_exists':
    case 'config_value_matches':
      return word(
        String(p.key)
          .replace(/\[\d+\]$/, '')
          .replaceAll('"', '')
          .replace('@', ''),
      );
    case 'dependency_exists':
    case 'dependency_version':
      return new RegExp(escapeRe(p.package));
    case 'file_exists':
      return /./;
    case 'test_exists':
    case 'test_passes':
      return new RegExp(escapeRe(p.test_name ?? 'test'));
    default:
      return word(
        p.name ?? p.function ?? p.caller ?? p.variable ?? p.middleware ?? p.header ?? p.module ?? p.decorator,
      );
  }
}
