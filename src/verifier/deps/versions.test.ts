import { describe, expect, it } from 'vitest';
import { schemeFor } from './schemes.js';
import { mavenOrder, parseMavenVersion } from './versions/maven.js';
import { poetryScheme } from './versions/pep440.js';
import type { VersionScheme } from './versions/scheme.js';

type Eco = Parameters<typeof schemeFor>[0];

/** declared ⊆ constraint under the ecosystem's semantics (throws on a parse failure, so typos cannot pass). */
function admits(eco: Eco | VersionScheme<unknown>, declared: string, constraint: string): boolean {
  const scheme = typeof eco === 'string' ? schemeFor(eco) : eco;
  const d = scheme.declared(declared);
  const c = scheme.constraint(constraint);
  if (!d.ok) throw new Error(`declared ${declared}: ${d.reason}`);
  if (!c.ok) throw new Error(`constraint ${constraint}: ${c.reason}`);
  return scheme.subset(d.range, c.range);
}

function locked(eco: Eco, version: string, constraint: string): boolean {
  const scheme = schemeFor(eco);
  const v = scheme.version(version);
  const c = scheme.constraint(constraint);
  if (!v.ok || !c.ok) throw new Error('parse');
  return scheme.subset(v.range, c.range);
}

describe('spec examples (ruling 4) in every ecosystem with comparator syntax', () => {
  it('npm: ^4.18.0 satisfies >=4.0; >=3 does not; >=6.4.2 vs >=6.4.2, >=6.0, >=6.4.2 <7', () => {
    expect(admits('npm', '^4.18.0', '>=4.0')).toBe(true);
    expect(admits('npm', '>=3', '>=4.0')).toBe(false);
    expect(admits('npm', '>=6.4.2', '>=6.4.2')).toBe(true);
    expect(admits('npm', '>=6.4.2', '>=6.0')).toBe(true);
    expect(admits('npm', '>=6.4.2', '>=6.4.2 <7')).toBe(false);
  });

  it('PEP 440 and Poetry', () => {
    expect(admits('pypi', '>=6.4.2', '>=6.4.2')).toBe(true);
    expect(admits('pypi', '>=6.4.2', '>=6.0')).toBe(true);
    expect(admits('pypi', '>=6.4.2', '>=6.4.2,<7')).toBe(false);
    expect(admits('pypi', '>=6.4.2', '>=6.4.2 <7')).toBe(false); // Poetry-style spaces in a constraint
    expect(admits('pypi', '>=3', '>=4.0')).toBe(false);
    expect(admits(poetryScheme, '^4.18.0', '>=4.0')).toBe(true);
  });

  it('RubyGems, Composer, NuGet, Maven, Cargo, Go', () => {
    expect(admits('rubygems', '>= 6.4.2', '>= 6.0')).toBe(true);
    expect(admits('rubygems', '>= 6.4.2', '>= 6.4.2, < 7')).toBe(false);
    expect(admits('composer', '^4.18.0', '>=4.0')).toBe(true);
    expect(admits('composer', '>=3', '>=4.0')).toBe(false);
    expect(admits('nuget', '[6.4.2,)', '>=6.0')).toBe(true);
    expect(admits('nuget', '[6.4.2,)', '[6.4.2,7.0)')).toBe(false);
    expect(admits('maven', '[6.4.2,)', '>=6.0')).toBe(true);
    expect(admits('maven', '[6.4.2,)', '[6.4.2,7)')).toBe(false);
    expect(admits('cargo', '>=6.4.2', '>=6.0')).toBe(true);
    expect(admits('cargo', '>=6.4.2', '>=6.4.2, <7')).toBe(false);
    expect(locked('go', 'v6.4.2', '>=v6.0.0')).toBe(true);
  });
});

describe('npm semver', () => {
  it('handles ^ ~ x-ranges, hyphen ranges and ||', () => {
    expect(admits('npm', '~1.2.3', '>=1.2.0 <1.3.0')).toBe(true);
    expect(admits('npm', '1.x', '>=1.0.0 <2')).toBe(true);
    expect(admits('npm', '1.2.3 - 1.4', '<1.5')).toBe(true);
    expect(admits('npm', '^1.2.0 || ^2.0.0', '>=1.2.0')).toBe(true);
    expect(admits('npm', '^1.2.0 || ^2.0.0', '^1.2.0')).toBe(false);
    expect(admits('npm', '^0.2.3', '<0.3.0')).toBe(true);
  });

  it('prereleases: a range admits only those npm would install; a pin compares by ordering', () => {
    expect(admits('npm', '^1.0.0-beta', '>=1.0.0')).toBe(false); // admits 1.0.0-beta.2
    expect(admits('npm', '2.0.0-beta.1', '>=1.5.0')).toBe(true);
    expect(admits('npm', '2.0.0-beta.1', '>=2.0.0')).toBe(false);
    expect(admits('npm', '^1.2.3-beta.2', '>=1.2.3-beta.1')).toBe(true);
  });

  it('recognises unbounded and empty ranges', () => {
    const npm = schemeFor('npm');
    const all = npm.declared('*');
    const x = npm.declared('x');
    const empty = npm.declared('>=2.0.0 <1.0.0');
    expect(all.ok && npm.isAll(all.range)).toBe(true);
    expect(x.ok && npm.isAll(x.range)).toBe(true);
    expect(empty.ok && npm.isEmpty(empty.range)).toBe(true);
    expect(npm.constraint('>=4.0 <<').ok).toBe(false);
  });
});

describe('PEP 440', () => {
  it('~=, ==X.*, !=, === and arbitrary specifier sets', () => {
    expect(admits('pypi', '~=1.4.2', '>=1.4.2,<1.5')).toBe(true);
    expect(admits('pypi', '~=1.4', '>=1.4,<2')).toBe(true);
    expect(admits('pypi', '~=1.4', '<1.5')).toBe(false);
    expect(admits('pypi', '==1.4.*', '>=1.4,<1.5')).toBe(true);
    expect(admits('pypi', '==1.4.*', '>=1.4.1')).toBe(false);
    expect(admits('pypi', '==2.0', '>=2.0')).toBe(true);
    expect(admits('pypi', '==2.0', '==2.0.0')).toBe(true); // zero padding
    expect(admits('pypi', '>=1.0,!=1.5', '>=1.0')).toBe(true);
    expect(admits('pypi', '>=1,<2', '!=1.5')).toBe(false);
    expect(admits('pypi', '>=1,<2,!=1.5.*', '!=1.5.2')).toBe(true);
    expect(admits('pypi', '===1.0', '>=1.0')).toBe(true);
    expect(admits('pypi', '>=1.0,<1.0', '>=5')).toBe(true); // empty: the checker fails it separately
  });

  it('orders pre-, post-, dev- and local versions as PEP 440 does', () => {
    expect(locked('pypi', '1.0rc1', '>=1.0')).toBe(false);
    expect(locked('pypi', '1.0.post1', '>1.0')).toBe(false); // > excludes post-releases of the version
    expect(locked('pypi', '1.0.1', '>1.0')).toBe(true);
    expect(locked('pypi', '2.0a1', '<2.0')).toBe(false); // < excludes pre-releases of the version
    expect(locked('pypi', '1.0.dev1', '<1.0a1')).toBe(true);
    expect(locked('pypi', '1.0+local.1', '==1.0')).toBe(true);
    expect(locked('pypi', '1.0+local.1', '<=1.0')).toBe(true);
    expect(locked('pypi', '1!0.5', '>=2.0')).toBe(true); // epochs
  });

  it('Poetry ^, ~, bare pins and ||', () => {
    expect(admits(poetryScheme, '^1.2.3', '>=1.2.3,<2')).toBe(true);
    expect(admits(poetryScheme, '^0.2.3', '<0.3')).toBe(true);
    expect(admits(poetryScheme, '~1.2', '>=1.2,<1.3')).toBe(true);
    expect(admits(poetryScheme, '1.2.3', '==1.2.3')).toBe(true);
    expect(admits(poetryScheme, '>=1.2 <1.5 || ^2', '>=1.2')).toBe(true);
    expect(admits(poetryScheme, '>=1.2 <1.5 || ^2', '<2')).toBe(false);
  });

  it('rejects bad specifiers', () => {
    expect(schemeFor('pypi').declared('>=1.0 <2').ok).toBe(false); // spaces are not PEP 440 separators
    expect(schemeFor('pypi').declared('~=1').ok).toBe(false);
    expect(schemeFor('pypi').constraint('>=banana').ok).toBe(false);
  });
});

describe('Cargo', () => {
  it('bare versions are caret requirements; = ~ * and comma lists', () => {
    expect(admits('cargo', '1.2.3', '>=1.2.3, <2')).toBe(true);
    expect(admits('cargo', '1.2.3', '>=1.2.3, <1.3')).toBe(false);
    expect(admits('cargo', '0.2.3', '>=0.2.3, <0.3')).toBe(true);
    expect(admits('cargo', '~1.2', '>=1.2.0, <1.3')).toBe(true);
    expect(admits('cargo', '=1.2.3', '=1.2.3')).toBe(true);
    expect(admits('cargo', '>=1.2, <1.5', '^1.2')).toBe(true);
    expect(admits('cargo', '1.*', '>=1.0.0')).toBe(true);
    const star = schemeFor('cargo').declared('*');
    expect(star.ok && schemeFor('cargo').isAll(star.range)).toBe(true);
    expect(schemeFor('cargo').constraint('>= 1.2 || 2').ok).toBe(false);
  });
});

describe('Go module versions', () => {
  it('a requirement is the selected version; a bare constraint is a minimum', () => {
    expect(admits('go', 'v1.2.3', 'v1.2.0')).toBe(true);
    expect(admits('go', 'v1.2.3', '>=v1.2.4')).toBe(false);
    expect(admits('go', 'v1.2.3', '>=1.2.0, <1.3.0')).toBe(true);
    expect(admits('go', 'v2.0.0+incompatible', '>=v2.0.0')).toBe(true);
  });

  it('pseudo-versions are prereleases of the version after their base', () => {
    expect(admits('go', 'v1.2.4-0.20191109021931-daa7c04131f5', '>v1.2.3')).toBe(true);
    expect(admits('go', 'v1.2.4-0.20191109021931-daa7c04131f5', '>=v1.2.4')).toBe(false);
    expect(admits('go', 'v0.0.0-20191109021931-daa7c04131f5', '>=v0.0.0')).toBe(false);
    expect(admits('go', 'v1.3.0-pre.0.20191109021931-daa7c04131f5', '>v1.3.0-pre')).toBe(true);
  });
});

describe('Maven', () => {
  const cmp = (a: string, b: string) => mavenOrder.compare(parseMavenVersion(a)!, parseMavenVersion(b)!);

  it('orders qualifiers as ComparableVersion', () => {
    expect(cmp('1.0-alpha', '1.0-beta')).toBeLessThan(0);
    expect(cmp('1.0-beta', '1.0-milestone')).toBeLessThan(0);
    expect(cmp('1.0-rc1', '1.0-snapshot')).toBeLessThan(0);
    expect(cmp('1.0-snapshot', '1.0')).toBeLessThan(0);
    expect(cmp('1.0', '1.0-sp')).toBeLessThan(0);
    expect(cmp('1.0-jre', '1.0')).toBeGreaterThan(0);
    expect(cmp('31.1-android', '31.1-jre')).toBeLessThan(0);
    expect(cmp('32.0.0-jre', '31.1-jre')).toBeGreaterThan(0);
    expect(cmp('1.0.0', '1')).toBe(0);
    expect(cmp('1-ga', '1')).toBe(0);
    expect(cmp('1.0-final', '1.0')).toBe(0);
    expect(cmp('1a1', '1-alpha-1')).toBe(0);
    expect(cmp('1.0-cr1', '1.0-rc1')).toBe(0);
    expect(cmp('1.10', '1.9')).toBeGreaterThan(0);
  });

  it('ranges and unions; a soft requirement is a pin', () => {
    expect(admits('maven', '[1.0,2.0)', '[1.0,)')).toBe(true);
    expect(admits('maven', '(,1.0]', '[0.5,)')).toBe(false);
    expect(admits('maven', '[1.2]', '[1.2,1.3)')).toBe(true);
    expect(admits('maven', '[1,2),[3,4)', '[1,4)')).toBe(true);
    expect(admits('maven', '[1,2),[3,4)', '[1,3)')).toBe(false);
    expect(admits('maven', '31.1-jre', '>=31.0')).toBe(true);
    expect(admits('maven', '2.17.1', '[2.17.1,)')).toBe(true);
    expect(admits('maven', '2.0-SNAPSHOT', '[2.0,)')).toBe(false);
    expect(admits('maven', '1.2.+', '[1.2,1.3)')).toBe(true);
    expect(schemeFor('maven').constraint('[1.0,2.0').ok).toBe(false);
  });
});

describe('RubyGems', () => {
  it('~> and multiple requirements', () => {
    expect(admits('rubygems', '~> 1.2', '>= 1.2, < 2')).toBe(true);
    expect(admits('rubygems', '~> 1.2', '< 1.3')).toBe(false);
    expect(admits('rubygems', '~> 1.2.3', '~> 1.2')).toBe(true);
    expect(admits('rubygems', '~> 1.2.3, >= 1.2.5', '>= 1.2.5, < 1.3')).toBe(true);
    expect(admits('rubygems', '>= 1.2, != 1.5', '!= 1.5')).toBe(true);
    expect(locked('rubygems', '2.0.0.rc1', '>= 2.0')).toBe(false); // prerelease letters sort before the release
    expect(locked('rubygems', '2.0.0-rc1', '< 2.0')).toBe(true);
    expect(schemeFor('rubygems').constraint('~> one').ok).toBe(false);
  });
});

describe('Composer', () => {
  it('^ ~ wildcards, hyphen ranges, OR/AND, stability flags and v prefixes', () => {
    expect(admits('composer', '^1.2', '>=1.2 <2.0')).toBe(true);
    expect(admits('composer', '~1.2', '>=1.2,<2.0')).toBe(true); // Composer ~1.2 is <2.0, unlike npm
    expect(admits('composer', '~1.2.3', '<1.3')).toBe(true);
    expect(admits('composer', '^0.3', '<0.4')).toBe(true);
    expect(admits('composer', '1.2.*', '~1.2.0')).toBe(true);
    expect(admits('composer', '1.0 - 2.0', '<2.1')).toBe(true);
    expect(admits('composer', '1.0 - 2.0', '<2.0')).toBe(false);
    expect(admits('composer', 'v1.2.3', '>=1.2')).toBe(true);
    expect(admits('composer', '^1.2@beta || ^2.0', '>=1.2')).toBe(true);
    expect(admits('composer', '^1.2 | ^2.0', '<2.0')).toBe(false);
    expect(locked('composer', 'v2.0.0-RC1', '>=2.0')).toBe(false);
  });
});

describe('NuGet', () => {
  it('a bare version is a minimum; intervals, exact and floating versions', () => {
    expect(admits('nuget', '8.0.2', '>=8.0')).toBe(true);
    expect(admits('nuget', '8.0.2', '[8.0,9.0)')).toBe(false); // unbounded above
    expect(admits('nuget', '[8.0.2]', '[8.0,9.0)')).toBe(true);
    expect(admits('nuget', '8.*', '[8.0,9.0)')).toBe(true);
    expect(admits('nuget', '8.0.*', '>=8.0.0 <8.1')).toBe(true);
    expect(admits('nuget', '[1.0,2.0)', '>=1.0 <2.0')).toBe(true);
    expect(admits('nuget', '(,2.0]', '>=1.0')).toBe(false);
    expect(locked('nuget', '8.0.0-RC.1', '>=8.0')).toBe(false);
    expect(locked('nuget', '8.0.0.1', '>8.0')).toBe(true);
    expect(schemeFor('nuget').constraint('[8.0').ok).toBe(false);
  });
});
