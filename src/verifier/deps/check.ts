import type { ParamsOf } from '../../assertions/catalogue.js';
import { type Checker, type CheckResult, type Evidence, error, fail, pass } from '../types.js';
import { lockedVersions } from './lockfiles/index.js';
import { loadManifest } from './manifests/index.js';
import { at, type Declaration, type Manifest, sameName } from './model.js';
import { schemeFor } from './schemes.js';
import type { VersionScheme } from './versions/scheme.js';

const evidenceOf = (d: Declaration): Evidence => ({
  file: d.file,
  line: d.line,
  end_line: Math.max(d.line, d.endLine),
});

/** Declarations of the package: the manifest's own first, then included files, each by line. */
function declarationsOf(manifest: Manifest, wanted: string): Declaration[] {
  return manifest.declarations
    .filter((d) => sameName(manifest.ecosystem, d.name, wanted))
    .sort(
      (a, b) =>
        (a.file === manifest.file ? 0 : 1) - (b.file === manifest.file ? 0 : 1) ||
        a.file.localeCompare(b.file) ||
        a.line - b.line,
    );
}

function notDeclared(manifest: Manifest, wanted: string): CheckResult {
  const problem = manifest.includeProblems[0];
  if (problem)
    return {
      result: problem.result.result,
      details: `${wanted} is not declared in ${manifest.file}, and ${problem.result.details}`,
    };
  return fail(`${wanted} is not declared in ${manifest.file}`);
}

function badPackage(name: string): CheckResult | null {
  return name.trim() === '' ? error('package must not be empty') : null;
}

export const dependencyExists: Checker<ParamsOf<'dependency_exists'>> = async (params, ctx) => {
  const bad = badPackage(params.package);
  if (bad) return bad;
  const loaded = await loadManifest(ctx.files, params.manifest);
  if (!loaded.ok) return loaded.result;
  const manifest = loaded.manifest;
  const found = declarationsOf(manifest, params.package).filter((d) => !d.constraintOnly);
  const first = found[0];
  if (!first) return notDeclared(manifest, params.package);
  const more = found.length > 1 ? ` (and ${found.length - 1} more declaration${found.length > 2 ? 's' : ''})` : '';
  return pass(`${at(first)} declares ${first.name} in ${first.section}${more}`, evidenceOf(first));
};

export const dependencyVersion: Checker<ParamsOf<'dependency_version'>> = async (params, ctx) => {
  const bad = badPackage(params.package);
  if (bad) return bad;
  if (params.constraint.trim() === '') return error('constraint must not be empty');
  const loaded = await loadManifest(ctx.files, params.manifest);
  if (!loaded.ok) return loaded.result;
  const manifest = loaded.manifest;
  const all = declarationsOf(manifest, params.package);
  const declared = all.filter((d) => !d.constraintOnly);
  if (declared.length === 0) return notDeclared(manifest, params.package);
  const constraintScheme = schemeFor(manifest.ecosystem, declared[0]);
  const constraint = constraintScheme.constraint(params.constraint);
  if (!constraint.ok) {
    return error(
      `constraint ${JSON.stringify(params.constraint)} is not a valid ${constraintScheme.syntax}: ${constraint.reason}`,
    );
  }
  return verifyVersion(
    constraintScheme,
    constraint.range,
    params.constraint,
    manifest,
    declared,
    all.filter((d) => d.constraintOnly),
    ctx.files,
  );
};

async function verifyVersion<R>(
  scheme: VersionScheme<R>,
  constraint: R,
  constraintText: string,
  manifest: Manifest,
  declared: Declaration[],
  narrowing: Declaration[],
  files: Parameters<typeof lockedVersions>[0],
): Promise<CheckResult> {
  // pip `-c` constraint files narrow what the requirements admit.
  let narrowed: { range: R; where: string } | undefined;
  for (const c of narrowing) {
    if (c.source !== 'registry' || c.spec === null) continue;
    const range = (schemeFor(manifest.ecosystem, c) as VersionScheme<R>).declared(c.spec);
    if (!range.ok)
      return error(`${at(c)}: cannot read the version requirement ${JSON.stringify(c.spec)} (${range.reason})`);
    narrowed = { range: narrowed ? intersectVia(scheme, narrowed.range, range.range) : range.range, where: at(c) };
  }
  const summaries: string[] = [];
  for (const d of declared) {
    const subject = `${at(d)} declares ${d.name}`;
    if (d.source !== 'registry') {
      return fail(
        `${subject} from a ${d.source === 'branch' ? 'branch' : `${d.source} source`} (${d.spec ?? d.section}), so no version is pinned`,
        evidenceOf(d),
      );
    }
    let range: R;
    let shown: string;
    if (d.spec === null) {
      if (!narrowed)
        return fail(`${subject} with no version (${d.unresolved ?? 'a bare name'}) in ${d.section}`, evidenceOf(d));
      range = narrowed.range;
      shown = `with no version of its own, constrained at ${narrowed.where}`;
    } else {
      const own = (schemeFor(manifest.ecosystem, d) as VersionScheme<R>).declared(d.spec);
      if (!own.ok) return error(`${subject} with a version requirement that cannot be read: ${own.reason}`);
      range = narrowed ? intersectVia(scheme, own.range, narrowed.range) : own.range;
      shown = narrowed ? `${d.spec} (narrowed at ${narrowed.where})` : d.spec;
    }
    if (scheme.isEmpty(range))
      return fail(`${subject} ${shown} in ${d.section}, which admits no version at all`, evidenceOf(d));
    if (scheme.isAll(range))
      return fail(`${subject} ${shown} in ${d.section}, which sets no version bound`, evidenceOf(d));
    if (!scheme.subset(range, constraint) && manifest.ecosystem === 'go') {
      return fail(
        `${subject} ${shown} in ${d.section}; minimal version selection selects exactly that version, which does not satisfy ${constraintText}`,
        evidenceOf(d),
      );
    }
    if (!scheme.subset(range, constraint)) {
      return fail(
        `${subject} ${shown} in ${d.section}, which admits versions outside ${constraintText} (${scheme.describe(range)})`,
        evidenceOf(d),
      );
    }
    summaries.push(`${subject} ${shown} in ${d.section}`);
  }
  const locked = await lockedVersions(files, manifest, declared);
  if (!locked.ok) return locked.result;
  const lockNotes: string[] = [];
  for (const lock of locked.locks) {
    if (lock.entries.length === 0) {
      lockNotes.push(`${lock.lockfile} does not list it`);
      continue;
    }
    for (const entry of lock.entries) {
      const where = `${lock.lockfile}:${entry.line}`;
      const version = scheme.version(entry.version);
      if (!version.ok) {
        if (manifest.ecosystem === 'composer' && /^dev-|-dev$/.test(entry.version)) {
          return fail(`${where} locks ${entry.name} to the branch ${entry.version}, not a version`, {
            file: lock.lockfile,
            line: entry.line,
            end_line: entry.line,
          });
        }
        return error(
          `${where} locks ${entry.name} ${entry.version}, which cannot be read as a version (${version.reason})`,
        );
      }
      if (!scheme.subset(version.range, constraint)) {
        return fail(
          `${where} locks ${entry.name} ${entry.version}, which does not satisfy ${constraintText} (the manifest allows it: ${summaries[0]})`,
          {
            file: lock.lockfile,
            line: entry.line,
            end_line: entry.line,
          },
        );
      }
    }
    lockNotes.push(`${lock.lockfile} locks ${[...new Set(lock.entries.map((e) => e.version))].join(', ')}`);
  }
  const first = declared[0] as Declaration;
  const more =
    declared.length > 1
      ? ` (and ${declared.length - 1} more declaration${declared.length > 2 ? 's' : ''}, all within it)`
      : '';
  const goNote = manifest.ecosystem === 'go' ? ' (minimal version selection selects exactly the required version)' : '';
  const lockNote = lockNotes.length ? `; ${lockNotes.join('; ')}` : '';
  return pass(
    `${summaries[0]}${goNote}, which admits only versions satisfying ${constraintText}${more}${lockNote}`,
    evidenceOf(first),
  );
}

function intersectVia<R>(scheme: VersionScheme<R>, a: R, b: R): R {
  return scheme.intersect ? scheme.intersect(a, b) : a;
}
