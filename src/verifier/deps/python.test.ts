import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyVersion } from './check.js';
import { exists, project, version } from './test-project.js';

const requirements = [
  '# pinned',
  'Django>=4.2,<5.0  # web',
  'requests[socks] == 2.31.0 ; python_version >= "3.8"',
  'zope.interface~=6.0',
  'flask',
  '-e git+https://github.com/x/y.git#egg=mylib',
  'cryptography>=41.0.0 \\',
  '    --hash=sha256:abc',
  '',
].join('\n');

describe('requirements.txt', () => {
  it('finds packages with PEP 503 name normalisation', async () => {
    for (const name of ['django', 'Requests', 'zope-interface', 'ZOPE_INTERFACE', 'flask', 'mylib', 'cryptography']) {
      expect((await exists({ 'requirements.txt': requirements }, 'requirements.txt', name)).result, name).toBe('pass');
    }
    const r = await exists({ 'requirements.txt': requirements }, 'requirements.txt', 'zope_interface');
    expect(r.details).toBe('requirements.txt:4 declares zope.interface in requirements');
    expect((await exists({ 'requirements.txt': requirements }, 'requirements.txt', 'pinned')).result).toBe('fail');
    expect((await exists({ 'requirements.txt': requirements }, 'requirements.txt', 'web')).result).toBe('fail');
  });

  it('checks specifiers, and fails bare names and VCS sources', async () => {
    const files = { 'requirements.txt': requirements };
    expect((await version(files, 'requirements.txt', 'django', '>=4.0')).result).toBe('pass');
    expect((await version(files, 'requirements.txt', 'django', '>=4.2.8')).result).toBe('fail');
    expect((await version(files, 'requirements.txt', 'requests', '>=2.31')).result).toBe('pass');
    expect((await version(files, 'requirements.txt', 'requests', '>=2.32')).result).toBe('fail');
    expect((await version(files, 'requirements.txt', 'cryptography', '>=41.0')).result).toBe('pass');
    const bare = await version(files, 'requirements.txt', 'flask', '>=2');
    expect(bare).toMatchObject({
      result: 'fail',
      details: 'requirements.txt:5 declares flask with no version (a bare name) in requirements',
    });
    const vcs = await version(files, 'requirements.txt', 'mylib', '>=1');
    expect(vcs.details).toContain('from a git source');
  });

  it('follows -r and -c includes inside the root, once per cycle', async () => {
    const files = {
      'requirements/base.txt': 'urllib3\nidna>=3.7\n-r ../requirements.txt\n',
      'requirements.txt': '-r requirements/base.txt\n-c constraints.txt\nrequests>=2.0\n',
      'constraints.txt': 'urllib3==2.2.2\nrequests<3\n',
    };
    expect((await exists(files, 'requirements.txt', 'idna')).details).toBe(
      'requirements/base.txt:2 declares idna in requirements',
    );
    // urllib3 is only named with no version, but the -c file pins it.
    const pinned = await version(files, 'requirements.txt', 'urllib3', '>=2.2.2');
    expect(pinned.result).toBe('pass');
    expect(pinned.details).toContain('constrained at constraints.txt:1');
    const narrowed = await version(files, 'requirements.txt', 'requests', '>=2.0,<3');
    expect(narrowed.result).toBe('pass');
    // A package only in a constraints file is not declared by the requirements.
    const onlyConstrained = await exists(
      { 'requirements.txt': '-c c.txt\n', 'c.txt': 'six==1\n' },
      'requirements.txt',
      'six',
    );
    expect(onlyConstrained.result).toBe('fail');
    // …but a constraints file named as the manifest declares its pins.
    expect((await version({ 'constraints.txt': 'six==1.16\n' }, 'constraints.txt', 'six', '>=1.16')).result).toBe(
      'pass',
    );
  });

  it('an include escaping the root is refused, and reported when the package is not found', async () => {
    const { root, ctx } = project({ 'app/requirements.txt': '-r ../../x.txt\nflask==3.0\n' });
    fs.writeFileSync(path.join(path.dirname(root), 'x.txt'), 'secretpkg==1\n');
    const found = await dependencyVersion(
      { manifest: 'app/requirements.txt', package: 'flask', constraint: '>=3' },
      ctx,
    );
    expect(found.result).toBe('pass');
    const r = await dependencyVersion(
      { manifest: 'app/requirements.txt', package: 'secretpkg', constraint: '>=1' },
      ctx,
    );
    expect(r.result).toBe('fail');
    expect(r.details).toBe(
      'secretpkg is not declared in app/requirements.txt, and app/requirements.txt:1 includes ../../x.txt: path escapes project root',
    );
  });

  it('a missing include is reported too', async () => {
    const r = await exists({ 'requirements.txt': '-r dev.txt\n' }, 'requirements.txt', 'pytest');
    expect(r.details).toBe('pytest is not declared in requirements.txt, and dev.txt does not exist');
  });
});

const pyproject = `[build-system]
requires = ["hatchling>=1.18"]

[project]
name = "demo"
dependencies = [
  "httpx>=0.27,<1",
  "pydantic[email] >=2.5",
  "My_Package",
]

[project.optional-dependencies]
crypto = ["cryptography>=42"]

[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff==0.6.1"]

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.110"
uvicorn = { version = ">=0.29", extras = ["standard"] }
local = { path = "../local" }

[tool.poetry.group.dev.dependencies]
black = "~24.1"
`;

describe('pyproject.toml', () => {
  it('reads PEP 621, optional dependencies, dependency groups, Poetry tables and groups', async () => {
    const files = { 'pyproject.toml': pyproject };
    const lines: Record<string, number> = {
      httpx: 7,
      pydantic: 8,
      'my-package': 9,
      cryptography: 13,
      pytest: 16,
      ruff: 17,
      fastapi: 21,
      uvicorn: 22,
      black: 26,
      hatchling: 2,
    };
    for (const [name, line] of Object.entries(lines)) {
      const r = await exists(files, 'pyproject.toml', name);
      expect(r.result, name).toBe('pass');
      expect(r.evidence?.line, name).toBe(line);
    }
    expect((await exists(files, 'pyproject.toml', 'python')).result).toBe('fail');
  });

  it('uses Poetry semantics in Poetry tables and PEP 440 elsewhere', async () => {
    const files = { 'pyproject.toml': pyproject };
    expect((await version(files, 'pyproject.toml', 'fastapi', '>=0.110,<0.111')).result).toBe('pass');
    expect((await version(files, 'pyproject.toml', 'black', '>=24.1,<24.2')).result).toBe('pass');
    expect((await version(files, 'pyproject.toml', 'uvicorn', '>=0.29')).result).toBe('pass');
    expect((await version(files, 'pyproject.toml', 'httpx', '<1')).result).toBe('pass');
    expect((await version(files, 'pyproject.toml', 'pydantic', '>=2.5,<3')).result).toBe('fail');
    expect((await version(files, 'pyproject.toml', 'local', '>=1')).details).toContain('from a path source');
    expect((await version(files, 'pyproject.toml', 'ruff', '==0.6.1')).result).toBe('pass');
  });

  it('checks poetry.lock and uv.lock entries', async () => {
    const lock =
      '[[package]]\nname = "httpx"\nversion = "0.26.0"\n\n[[package]]\nname = "fastapi"\nversion = "0.110.1"\n';
    const files = { 'pyproject.toml': pyproject, 'poetry.lock': lock };
    const r = await version(files, 'pyproject.toml', 'httpx', '>=0.27');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('poetry.lock:1 locks httpx 0.26.0, which does not satisfy >=0.27');
    const ok = await version(files, 'pyproject.toml', 'fastapi', '>=0.110.1');
    expect(ok.result).toBe('fail'); // ^0.110 admits 0.110.0
    const uv = await version(
      { 'pyproject.toml': pyproject, 'uv.lock': lock.replace('0.26.0', '0.27.2') },
      'pyproject.toml',
      'httpx',
      '>=0.27',
    );
    expect(uv.details).toContain('uv.lock locks 0.27.2');
    const pdm = await version({ 'pyproject.toml': pyproject, 'pdm.lock': lock }, 'pyproject.toml', 'httpx', '>=0.27');
    expect(pdm.result).toBe('fail');
  });

  it('a requirements.txt has no lockfile', async () => {
    const r = await version(
      { 'requirements.txt': 'httpx>=0.27\n', 'poetry.lock': '[[package]]\nname = "httpx"\nversion = "0.1"\n' },
      'requirements.txt',
      'httpx',
      '>=0.27',
    );
    expect(r.result).toBe('pass');
  });

  it('a TOML syntax error is an error naming the line', async () => {
    const r = await exists({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n' }, 'pyproject.toml', 'x');
    expect(r.result).toBe('error');
    expect(r.details).toMatch(/^pyproject\.toml could not be parsed: line \d+/);
  });
});

describe('Pipfile', () => {
  it('reads packages and dev-packages; "*" is unpinned', async () => {
    const pipfile =
      '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nrequests = "*"\nDjango = {version = ">=4.2"}\n\n[dev-packages]\npytest = "==8.1.1"\n';
    const files = { Pipfile: pipfile };
    expect((await exists(files, 'Pipfile', 'django')).details).toBe('Pipfile:6 declares Django in packages');
    expect((await version(files, 'Pipfile', 'requests', '>=2')).details).toContain('sets no version bound');
    expect((await version(files, 'Pipfile', 'pytest', '>=8')).result).toBe('pass');
    expect((await version(files, 'Pipfile', 'django', '>=4.2')).result).toBe('pass');
  });
});
