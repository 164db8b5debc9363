import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyExists, dependencyVersion } from './check.js';
import { depsCheckers } from './index.js';
import { exists, project, version } from './test-project.js';

describe('deps checkers: params, files and caching', () => {
  it('is exported through the family index', () => {
    expect(depsCheckers.dependency_exists).toBe(dependencyExists);
    expect(depsCheckers.dependency_version).toBe(dependencyVersion);
  });

  it('fails on a missing manifest and on path escapes', async () => {
    expect(await exists({}, 'package.json', 'x')).toEqual({ result: 'fail', details: 'package.json does not exist' });
    for (const manifest of ['../package.json', '/etc/package.json', 'a/../../package.json']) {
      const r = await exists({ 'package.json': '{}' }, manifest, 'x');
      expect(r.result, manifest).toBe('fail');
      expect(r.details).toContain('path escapes project root');
    }
    const { root, ctx } = project({});
    const outside = fs.mkdtempSync(path.join(path.dirname(root), 'assay-out-'));
    fs.writeFileSync(path.join(outside, 'package.json'), '{"dependencies":{"x":"1.0.0"}}');
    fs.symlinkSync(path.join(outside, 'package.json'), path.join(root, 'package.json'));
    expect(await dependencyExists({ manifest: 'package.json', package: 'x' }, ctx)).toEqual({
      result: 'fail',
      details: 'package.json: path escapes project root',
    });
  });

  it('skips a file that is not a manifest (only when it exists); bad params are errors', async () => {
    expect(await exists({ 'deps.txt': 'x\n' }, 'deps.txt', 'x')).toEqual({
      result: 'skipped',
      details: expect.stringContaining('deps.txt: not a supported dependency manifest'),
    });
    expect((await exists({}, 'deps.txt', 'x')).result).toBe('fail');
    expect((await exists({ 'package.json': '{}' }, 'package.json', '  ')).result).toBe('error');
    expect((await version({ 'package.json': '{"dependencies":{"x":"1.0.0"}}' }, 'package.json', 'x', ' ')).result).toBe(
      'error',
    );
  });

  it('names the constraint and syntax when a constraint cannot be read, in every ecosystem', async () => {
    const cases: [Record<string, string>, string, string, string][] = [
      [{ 'package.json': '{"dependencies":{"x":"1.0.0"}}' }, 'package.json', 'x', 'npm semver range'],
      [{ 'requirements.txt': 'x==1\n' }, 'requirements.txt', 'x', 'PEP 440 specifier'],
      [{ 'go.mod': 'module m\nrequire x v1.0.0\n' }, 'go.mod', 'x', 'Go module version constraint'],
      [{ 'Cargo.toml': '[dependencies]\nx = "1"\n' }, 'Cargo.toml', 'x', 'Cargo version requirement'],
      [
        {
          'pom.xml':
            '<project><dependencies><dependency><groupId>g</groupId><artifactId>x</artifactId><version>1</version></dependency></dependencies></project>',
        },
        'pom.xml',
        'x',
        'Maven version or range',
      ],
      [{ Gemfile: 'gem "x", "1.0"\n' }, 'Gemfile', 'x', 'RubyGems requirement'],
      [{ 'composer.json': '{"require":{"a/x":"1.0"}}' }, 'composer.json', 'a/x', 'Composer version constraint'],
      [
        { 'a.csproj': '<Project><ItemGroup><PackageReference Include="x" Version="1.0"/></ItemGroup></Project>' },
        'a.csproj',
        'x',
        'NuGet version range',
      ],
    ];
    for (const [files, manifest, pkg, syntax] of cases) {
      const r = await version(files, manifest, pkg, '>=>= nonsense ((');
      expect(r.result, manifest).toBe('error');
      expect(r.details, manifest).toContain(`constraint ">=>= nonsense ((" is not a valid ${syntax}`);
    }
  });

  it('an unreadable declared requirement is an error naming the declaration', async () => {
    const r = await version({ 'requirements.txt': 'x>=1.0,<<2\n' }, 'requirements.txt', 'x', '>=1');
    expect(r.result).toBe('error');
    expect(r.details).toContain('requirements.txt:1 declares x with a version requirement that cannot be read');
    const cargo = await version({ 'Cargo.toml': '[dependencies]\nx = "one"\n' }, 'Cargo.toml', 'x', '>=1');
    expect(cargo.result).toBe('error');
    expect(cargo.details).toContain('Cargo.toml:2 declares x with a version requirement that cannot be read');
  });

  it('fails an empty declared range', async () => {
    const r = await version({ 'package.json': '{"dependencies":{"x":">=2.0.0 <1.0.0"}}' }, 'package.json', 'x', '>=1');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('admits no version at all');
  });

  it('every declaration must satisfy the constraint', async () => {
    const files = { 'package.json': '{\n"dependencies":{"x":"^2.0.0"},\n"devDependencies":{"x":"^1.0.0"}\n}' };
    const r = await version(files, 'package.json', 'x', '>=2');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('package.json:3 declares x ^1.0.0 in devDependencies');
    const ok = await version(files, 'package.json', 'x', '>=1');
    expect(ok.details).toContain('and 1 more declaration, all within it');
  });

  it('parses each manifest once per run', async () => {
    const { ctx } = project({
      'package.json': '{"dependencies":{"a":"1.0.0","b":"2.0.0"}}',
      'package-lock.json': '{"packages":{}}',
    });
    for (const pkg of ['a', 'b', 'a']) {
      await dependencyExists({ manifest: 'package.json', package: pkg }, ctx);
      await dependencyVersion({ manifest: 'package.json', package: pkg, constraint: '>=1' }, ctx);
    }
    expect(ctx.files.stats.parses).toBe(2); // the manifest and its lockfile
  });

  it('handles include cycles', async () => {
    const files = { 'requirements.txt': '-r b.txt\nx==1\n', 'b.txt': '-r requirements.txt\ny==2\n' };
    expect((await version(files, 'requirements.txt', 'y', '==2')).result).toBe('pass');
  });
});
