import { describe, expect, it } from 'vitest';
import { exists, version } from './test-project.js';

const gomod = `module example.com/app

go 1.22

require github.com/single/dep v1.4.0

require (
	golang.org/x/crypto v0.17.0
	golang.org/x/net v0.0.0-20231109021931-daa7c04131f5 // indirect
	github.com/legacy/thing v2.3.0+incompatible
	github.com/Upper/Case v1.0.0
	github.com/forked/lib v1.0.0
	github.com/local/lib v1.0.0
)

replace github.com/forked/lib => github.com/me/lib v1.2.0

replace (
	github.com/local/lib => ../lib
)
`;

describe('go.mod', () => {
  it('finds single-line and block requirements, exact (case-sensitive) paths', async () => {
    const files = { 'go.mod': gomod };
    expect((await exists(files, 'go.mod', 'github.com/single/dep')).details).toBe(
      'go.mod:5 declares github.com/single/dep in require',
    );
    expect((await exists(files, 'go.mod', 'golang.org/x/net')).details).toBe(
      'go.mod:9 declares golang.org/x/net in require (indirect)',
    );
    expect((await exists(files, 'go.mod', 'github.com/upper/case')).result).toBe('fail');
    expect((await exists(files, 'go.mod', 'example.com/app')).result).toBe('fail');
  });

  it('treats the requirement as the selected version', async () => {
    const files = { 'go.mod': gomod };
    const ok = await version(files, 'go.mod', 'golang.org/x/crypto', '>=v0.17.0');
    expect(ok.result).toBe('pass');
    expect(ok.details).toContain('minimal version selection selects exactly the required version');
    expect((await version(files, 'go.mod', 'golang.org/x/crypto', 'v0.17.0')).result).toBe('pass'); // bare = minimum
    expect((await version(files, 'go.mod', 'golang.org/x/crypto', '>=0.18.0')).result).toBe('fail');
    expect((await version(files, 'go.mod', 'github.com/legacy/thing', '>=v2.3.0')).result).toBe('pass');
  });

  it('orders pseudo-versions as Go does', async () => {
    const files = { 'go.mod': gomod };
    expect((await version(files, 'go.mod', 'golang.org/x/net', '>=v0.0.0')).result).toBe('fail');
    expect((await version(files, 'go.mod', 'golang.org/x/net', '<v0.1.0')).result).toBe('pass');
  });

  it('follows replace directives; a local path replacement fails', async () => {
    const files = { 'go.mod': gomod };
    const forked = await version(files, 'go.mod', 'github.com/forked/lib', '>=v1.2.0');
    expect(forked.result).toBe('pass');
    expect(forked.details).toContain('replaced at go.mod:16 by github.com/me/lib v1.2.0');
    const local = await version(files, 'go.mod', 'github.com/local/lib', '>=v1.0.0');
    expect(local.result).toBe('fail');
    expect(local.details).toContain('from a path source');
  });

  it('go.sum is not a lockfile', async () => {
    const r = await version(
      { 'go.mod': gomod, 'go.sum': 'golang.org/x/crypto v0.1.0 h1:abc=\n' },
      'go.mod',
      'golang.org/x/crypto',
      '>=v0.17.0',
    );
    expect(r.result).toBe('pass');
  });
});

const cargo = `[package]
name = "app"
version = "0.1.0"

[dependencies]
serde = "1.0.190"
tokio = { version = "1.35", features = ["full"] }
mine = { path = "../mine" }
fromgit = { git = "https://github.com/x/y" }
anyhow = "*"
renamed = { package = "openssl", version = "0.10.60" }

[dependencies.rustls]
version = "~0.22.1"

[dev-dependencies]
proptest = ">=1.0, <1.5"

[build-dependencies]
cc = "=1.0.83"

[target.'cfg(unix)'.dependencies]
nix = "0.27"

[target.'cfg(windows)'.dev-dependencies]
winapi = "0.3.9"
`;

describe('Cargo.toml', () => {
  it('reads every dependency table, target tables and [dependencies.x]', async () => {
    const files = { 'Cargo.toml': cargo };
    const lines: Record<string, number> = {
      serde: 6,
      tokio: 7,
      openssl: 11,
      rustls: 13,
      proptest: 17,
      cc: 20,
      nix: 23,
      winapi: 26,
    };
    for (const [name, line] of Object.entries(lines)) {
      const r = await exists(files, 'Cargo.toml', name);
      expect(r.result, name).toBe('pass');
      expect(r.evidence?.line, name).toBe(line);
    }
    expect((await exists(files, 'Cargo.toml', 'Serde')).result).toBe('fail');
  });

  it('bare versions are caret requirements', async () => {
    const files = { 'Cargo.toml': cargo };
    expect((await version(files, 'Cargo.toml', 'serde', '>=1.0.190')).result).toBe('pass');
    expect((await version(files, 'Cargo.toml', 'serde', '>=1.0.190, <1.1')).result).toBe('fail');
    expect((await version(files, 'Cargo.toml', 'openssl', '>=0.10.60, <0.11')).result).toBe('pass');
    expect((await version(files, 'Cargo.toml', 'rustls', '^0.22.1')).result).toBe('pass');
    expect((await version(files, 'Cargo.toml', 'cc', '=1.0.83')).result).toBe('pass');
    expect((await version(files, 'Cargo.toml', 'nix', '>=0.27, <0.28')).result).toBe('pass');
    expect((await version(files, 'Cargo.toml', 'proptest', '>=1.2')).result).toBe('fail');
    expect((await version(files, 'Cargo.toml', 'anyhow', '>=1')).details).toContain('sets no version bound');
    expect((await version(files, 'Cargo.toml', 'mine', '>=1')).details).toContain('from a path source');
    expect((await version(files, 'Cargo.toml', 'fromgit', '>=1')).details).toContain('from a git source');
  });

  it('resolves workspace = true from the workspace root and uses its Cargo.lock', async () => {
    const files = {
      'Cargo.toml':
        '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\nserde = "1.0.195"\nrand = { version = "0.8" }\n',
      'crates/a/Cargo.toml':
        '[package]\nname = "a"\nversion = "0.1.0"\n\n[dependencies]\nserde = { workspace = true }\nrand.workspace = true\nmissing = { workspace = true }\n',
      'Cargo.lock':
        'version = 3\n\n[[package]]\nname = "a"\nversion = "0.1.0"\ndependencies = [\n "rand 0.8.4",\n "serde",\n]\n\n[[package]]\nname = "rand"\nversion = "0.7.3"\n\n[[package]]\nname = "rand"\nversion = "0.8.4"\n\n[[package]]\nname = "serde"\nversion = "1.0.195"\n',
    };
    const serde = await version(files, 'crates/a/Cargo.toml', 'serde', '>=1.0.195');
    expect(serde.result).toBe('pass');
    expect(serde.details).toContain('from Cargo.toml:5');
    expect(serde.details).toContain('Cargo.lock locks 1.0.195');
    const rand = await version(files, 'crates/a/Cargo.toml', 'rand', '>=0.8.0');
    expect(rand.result).toBe('pass'); // the 0.7.3 in the lock belongs to someone else
    expect(rand.details).toContain('Cargo.lock locks 0.8.4');
    const missing = await version(files, 'crates/a/Cargo.toml', 'missing', '>=1');
    expect(missing.details).toContain('Cargo.toml has no [workspace.dependencies] entry for it');
  });

  it('fails when Cargo.lock disagrees with the constraint', async () => {
    const files = { 'Cargo.toml': cargo, 'Cargo.lock': '[[package]]\nname = "serde"\nversion = "1.0.100"\n' };
    const r = await version(files, 'Cargo.toml', 'serde', '>=1.0.100');
    expect(r.result).toBe('pass');
    const bad = await version(
      {
        'Cargo.toml': '[dependencies]\nserde = ">=1.0.100, <2"\n',
        'Cargo.lock': '[[package]]\nname = "serde"\nversion = "1.0.99"\n',
      },
      'Cargo.toml',
      'serde',
      '>=1.0.100',
    );
    expect(bad.result).toBe('fail');
    expect(bad.details).toContain('Cargo.lock:1 locks serde 1.0.99');
  });
});
