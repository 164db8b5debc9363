import { describe, expect, it } from 'vitest';
import { exists, version } from './test-project.js';

const pkg = JSON.stringify(
  {
    name: 'app',
    dependencies: {
      express: '^4.18.2',
      lodash: '*',
      left: 'latest',
      mine: 'file:../mine',
      gh: 'user/repo',
      '@scope/x': '~1.2.3',
    },
    devDependencies: { vitest: '>=3' },
    peerDependencies: { react: '>=18 <20' },
    optionalDependencies: { fsevents: '2.3.3' },
  },
  null,
  2,
);

describe('package.json', () => {
  it('finds declarations in all four sections, exact names', async () => {
    for (const name of ['express', 'vitest', 'react', 'fsevents', '@scope/x']) {
      const r = await exists({ 'package.json': pkg }, 'package.json', name);
      expect(r.result, name).toBe('pass');
      expect(r.details).toContain(`declares ${name}`);
    }
    const express = await exists({ 'package.json': pkg }, 'package.json', 'express');
    expect(express.details).toBe('package.json:4 declares express in dependencies');
    expect(express.evidence).toEqual({ file: 'package.json', line: 4, end_line: 4 });
    const missing = await exists({ 'package.json': pkg }, 'package.json', 'Express');
    expect(missing).toEqual({ result: 'fail', details: 'Express is not declared in package.json' });
  });

  it('checks ranges as subsets of the constraint', async () => {
    const ok = await version({ 'package.json': pkg }, 'package.json', 'express', '>=4.0');
    expect(ok.result).toBe('pass');
    expect(ok.details).toContain('package.json:4 declares express ^4.18.2 in dependencies');
    const low = await version({ 'package.json': pkg }, 'package.json', 'vitest', '>=4.0');
    expect(low.result).toBe('fail');
    expect(low.details).toContain('admits versions outside >=4.0');
    expect((await version({ 'package.json': pkg }, 'package.json', 'react', '>=18')).result).toBe('pass');
    expect((await version({ 'package.json': pkg }, 'package.json', 'react', '>=18 <19')).result).toBe('fail');
    expect((await version({ 'package.json': pkg }, 'package.json', 'fsevents', '>=2.3.3')).result).toBe('pass');
  });

  it('fails unpinned, tag, path and git declarations saying so', async () => {
    const star = await version({ 'package.json': pkg }, 'package.json', 'lodash', '>=4.17.21');
    expect(star.result).toBe('fail');
    expect(star.details).toContain('sets no version bound');
    const tag = await version({ 'package.json': pkg }, 'package.json', 'left', '>=1');
    expect(tag.details).toContain('with no version (the dist-tag latest)');
    const path = await version({ 'package.json': pkg }, 'package.json', 'mine', '>=1');
    expect(path.details).toContain('from a path source');
    const git = await version({ 'package.json': pkg }, 'package.json', 'gh', '>=1');
    expect(git.details).toContain('from a git source');
  });

  it('bad constraint syntax is an error naming it', async () => {
    const r = await version({ 'package.json': pkg }, 'package.json', 'express', '>=4.0 <<');
    expect(r.result).toBe('error');
    expect(r.details).toContain('constraint ">=4.0 <<" is not a valid npm semver range');
  });

  it('a malformed package.json is an error naming the file and line', async () => {
    const r = await exists(
      { 'package.json': '{\n  "dependencies": {\n    "a": "1.0.0"\n    "b": "2"\n  }\n}\n' },
      'package.json',
      'a',
    );
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/^package\.json could not be parsed: line 4: /);
  });

  it('tolerates comments and trailing commas', async () => {
    const r = await exists(
      { 'package.json': '{\n // c\n "dependencies": { "a": "1.0.0", },\n}\n' },
      'package.json',
      'a',
    );
    expect(r.result).toBe('pass');
  });
});

describe('npm lockfiles', () => {
  const manifest = JSON.stringify({ name: 'app', dependencies: { express: '^4.17.0' } });

  it('package-lock v3: the top-level entry must satisfy the constraint too', async () => {
    const lock = (v: string) =>
      JSON.stringify(
        {
          lockfileVersion: 3,
          packages: {
            '': { name: 'app' },
            'node_modules/express': { version: v },
            'node_modules/x/node_modules/express': { version: '3.0.0' },
          },
        },
        null,
        2,
      );
    const good = await version(
      { 'package.json': manifest, 'package-lock.json': lock('4.19.2') },
      'package.json',
      'express',
      '>=4.17.0',
    );
    expect(good.result).toBe('pass');
    expect(good.details).toContain('package-lock.json locks 4.19.2');
    const stale = await version(
      { 'package.json': manifest, 'package-lock.json': lock('4.17.1') },
      'package.json',
      'express',
      '>=4.18.0 <5',
    );
    expect(stale.result).toBe('fail'); // the manifest itself admits 4.17.x
    const lockOnly = await version(
      {
        'package.json': JSON.stringify({ dependencies: { express: '>=4.18.0 <5' } }),
        'package-lock.json': lock('4.17.1'),
      },
      'package.json',
      'express',
      '>=4.18.0',
    );
    expect(lockOnly.result).toBe('fail');
    expect(lockOnly.details).toContain('package-lock.json:7 locks express 4.17.1, which does not satisfy >=4.18.0');
    expect(lockOnly.evidence).toEqual({ file: 'package-lock.json', line: 7, end_line: 7 });
  });

  it('package-lock v1', async () => {
    const lock = JSON.stringify({
      lockfileVersion: 1,
      dependencies: { express: { version: '4.16.0', dependencies: {} } },
    });
    const r = await version(
      { 'package.json': manifest, 'package-lock.json': lock },
      'package.json',
      'express',
      '>=4.17.0',
    );
    expect(r.result).toBe('fail');
    expect(r.details).toContain('locks express 4.16.0');
  });

  it('yarn.lock v1 and berry: the entry for the declared range', async () => {
    const v1 =
      '# yarn lockfile v1\n\n"express@^3.0.0":\n  version "3.21.2"\n\nexpress@^4.17.0, "express@^4.18.0":\n  version "4.18.2"\n  resolved "x"\n';
    const r1 = await version({ 'package.json': manifest, 'yarn.lock': v1 }, 'package.json', 'express', '>=4.17.0');
    expect(r1.result).toBe('pass');
    expect(r1.details).toContain('yarn.lock locks 4.18.2');
    const berry =
      '__metadata:\n  version: 6\n\n"express@npm:>=4.17.1 <5":\n  version: 4.17.0\n  resolution: "express@npm:4.17.0"\n';
    const tight = JSON.stringify({ dependencies: { express: '>=4.17.1 <5' } });
    const r2 = await version({ 'package.json': tight, 'yarn.lock': berry }, 'package.json', 'express', '>=4.17.1');
    expect(r2.result).toBe('fail');
    expect(r2.details).toContain('yarn.lock:4 locks express 4.17.0');
  });

  it('pnpm-lock.yaml v6 and v9', async () => {
    const manifest = JSON.stringify({ dependencies: { express: '^4.18.0' } });
    const v6 =
      "lockfileVersion: '6.0'\ndependencies:\n  express:\n    specifier: ^4.17.0\n    version: 4.18.1(supports-color@8.0.0)\n";
    const r6 = await version({ 'package.json': manifest, 'pnpm-lock.yaml': v6 }, 'package.json', 'express', '>=4.18.0');
    expect(r6.result).toBe('pass');
    expect(r6.details).toContain('pnpm-lock.yaml locks 4.18.1');
    const v9 =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      express:\n        specifier: ^4.17.0\n        version: 4.17.3\n";
    const r9 = await version({ 'package.json': manifest, 'pnpm-lock.yaml': v9 }, 'package.json', 'express', '>=4.18.0');
    expect(r9.result).toBe('fail');
    expect(r9.details).toContain('pnpm-lock.yaml:5 locks express 4.17.3');
  });

  it('notes a lockfile that does not list the package', async () => {
    const r = await version(
      { 'package.json': manifest, 'yarn.lock': '# yarn lockfile v1\n' },
      'package.json',
      'express',
      '>=4.17.0',
    );
    expect(r.result).toBe('pass');
    expect(r.details).toContain('yarn.lock does not list it');
  });
});
