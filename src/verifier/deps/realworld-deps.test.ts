import { describe, expect, it } from 'vitest';
import { exists, version } from './test-project.js';

/** Manifest shapes from real repositories that the ecosystem's own tools accept. */
describe('npm: versions as npm reads them', () => {
  it('reads a v-prefixed version (`v2.0.0`) as that version, not as a dist-tag', async () => {
    const files = { 'package.json': JSON.stringify({ dependencies: { a: 'v2.0.0', b: '=v1.4.2' } }, null, 2) };
    const a = await version(files, 'package.json', 'a', '>=2.0.0');
    expect(a.result, a.details).toBe('pass');
    const b = await version(files, 'package.json', 'b', '>=1.4.2');
    expect(b.result, b.details).toBe('pass');
    const low = await version(files, 'package.json', 'a', '>=2.1.0');
    expect(low.result, low.details).toBe('fail');
    const tag = await version(
      { 'package.json': JSON.stringify({ dependencies: { c: 'next' } }) },
      'package.json',
      'c',
      '>=1',
    );
    expect(tag.details).toContain('dist-tag next');
  });
});

describe('MSBuild: properties from Directory.Build.props and Directory.Build.targets', () => {
  const csproj = `<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="$(EfCoreVersion)" />
    <PackageReference Include="Serilog" Version="$(SerilogVersion)" />
  </ItemGroup>
</Project>
`;
  const buildProps = `<Project>
  <PropertyGroup>
    <EfCoreVersion>8.0.1</EfCoreVersion>
    <SerilogVersion>2.0.0</SerilogVersion>
  </PropertyGroup>
</Project>
`;
  it('resolves $(Prop) from the nearest Directory.Build.props above the project', async () => {
    const files = { 'src/Api/Api.csproj': csproj, 'Directory.Build.props': buildProps };
    const ef = await version(files, 'src/Api/Api.csproj', 'Microsoft.EntityFrameworkCore', '[8.0.1,)');
    expect(ef.result, ef.details).toBe('pass');
    const tooHigh = await version(files, 'src/Api/Api.csproj', 'Microsoft.EntityFrameworkCore', '[8.0.2,)');
    expect(tooHigh.result, tooHigh.details).toBe('fail');
  });

  it('lets the project override Directory.Build.props, and Directory.Build.targets override both', async () => {
    const own = csproj.replace(
      '<ItemGroup>',
      '<PropertyGroup><SerilogVersion>3.1.1</SerilogVersion></PropertyGroup>\n  <ItemGroup>',
    );
    const files = { 'src/Api/Api.csproj': own, 'Directory.Build.props': buildProps };
    const serilog = await version(files, 'src/Api/Api.csproj', 'Serilog', '[3.0,)');
    expect(serilog.result, serilog.details).toBe('pass');
    const targets = `<Project><PropertyGroup><EfCoreVersion>7.0.0</EfCoreVersion></PropertyGroup></Project>\n`;
    const withTargets = { ...files, 'src/Directory.Build.targets': targets };
    const ef = await version(withTargets, 'src/Api/Api.csproj', 'Microsoft.EntityFrameworkCore', '[8.0,)');
    expect(ef.result, ef.details).toBe('fail');
    expect(ef.details).toContain('7.0.0');
  });

  it('still fails a property defined nowhere', async () => {
    const r = await version({ 'src/Api/Api.csproj': csproj }, 'src/Api/Api.csproj', 'Serilog', '[2.0,)');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('undefined MSBuild property');
  });
});

describe('manifests saved on Windows (BOM, CRLF)', () => {
  const windows = (s: string) => `\uFEFF${s.replace(/\n/g, '\r\n')}`;
  it('reads package.json and its lockfile with a byte order mark', async () => {
    const files = {
      'package.json': windows(JSON.stringify({ dependencies: { express: '^4.18.2' } }, null, 2)),
      'package-lock.json': windows(
        JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/express': { version: '4.18.1' } } }, null, 2),
      ),
    };
    const r = await version(files, 'package.json', 'express', '>=4.18.2');
    expect(r.result, r.details).toBe('fail');
    expect(r.details).toContain('package-lock.json:4 locks express 4.18.1');
  });

  it('reads composer.json and composer.lock with a byte order mark', async () => {
    const files = {
      'composer.json': windows(JSON.stringify({ require: { 'monolog/monolog': '^3.5' } }, null, 4)),
      'composer.lock': windows(JSON.stringify({ packages: [{ name: 'monolog/monolog', version: '3.5.0' }] }, null, 4)),
    };
    const r = await version(files, 'composer.json', 'monolog/monolog', '>=3.5');
    expect(r.result, r.details).toBe('pass');
  });
});

describe('pnpm catalogs: `catalog:` versions come from pnpm-workspace.yaml', () => {
  const workspace = `packages:
  - 'packages/*'

catalog:
  react: ^18.2.0
  'zod': 3.23.8

catalogs:
  legacy:
    react-dom: ^16.14.0
`;
  const member = JSON.stringify(
    {
      name: '@acme/web',
      dependencies: { react: 'catalog:', zod: 'catalog:default', 'react-dom': 'catalog:legacy', lodash: 'catalog:' },
    },
    null,
    2,
  );
  const files = { 'pnpm-workspace.yaml': workspace, 'packages/web/package.json': member };

  it('resolves the default catalog and named catalogs from the nearest pnpm-workspace.yaml', async () => {
    const react = await version(files, 'packages/web/package.json', 'react', '>=18.2.0');
    expect(react.result, react.details).toBe('pass');
    expect(react.details).toContain('pnpm-workspace.yaml:5');
    const zod = await version(files, 'packages/web/package.json', 'zod', '3.23.8');
    expect(zod.result, zod.details).toBe('pass');
    const old = await version(files, 'packages/web/package.json', 'react-dom', '>=18');
    expect(old.result, old.details).toBe('fail');
    expect(old.details).toContain('^16.14.0');
  });

  it('fails a catalog entry that does not exist, naming the catalog', async () => {
    const r = await version(files, 'packages/web/package.json', 'lodash', '>=4');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('catalog');
    const alone = await version({ 'package.json': member }, 'package.json', 'react', '>=18');
    expect(alone.result).toBe('fail');
  });
});

describe('Gradle version catalogs: bundles and Gradle range notation', () => {
  const catalog = `[versions]
spring = { strictly = "[6.0, 6.2[", prefer = "6.1.5" }
okhttp = "4.12.0"

[libraries]
spring-core = { group = "org.springframework", name = "spring-core", version.ref = "spring" }
okhttp = { module = "com.squareup.okhttp3:okhttp", version.ref = "okhttp" }
okhttp-logging = { module = "com.squareup.okhttp3:logging-interceptor", version = "4.11.0" }

[bundles]
network = ["okhttp", "okhttp-logging"]
`;
  const script = `dependencies {
    implementation(libs.spring.core)
    implementation(libs.bundles.network)
}
`;
  const files = { 'gradle/libs.versions.toml': catalog, 'app/build.gradle.kts': script };

  it('declares every library of a bundle used as libs.bundles.x', async () => {
    const okhttp = await version(files, 'app/build.gradle.kts', 'okhttp', '[4.12,)');
    expect(okhttp.result, okhttp.details).toBe('pass');
    const logging = await version(files, 'app/build.gradle.kts', 'logging-interceptor', '[4.12,)');
    expect(logging.result, logging.details).toBe('fail');
    expect(logging.details).toContain('4.11.0');
  });

  it('reads `[a, b[` as the range from a (inclusive) to b (exclusive)', async () => {
    const inside = await version(files, 'app/build.gradle.kts', 'spring-core', '[6.0,6.2)');
    expect(inside.result, inside.details).toBe('pass');
    const narrower = await version(files, 'app/build.gradle.kts', 'spring-core', '[6.1,)');
    expect(narrower.result, narrower.details).toBe('fail');
  });
});

describe('Poetry 2: [tool.poetry.dependencies] enriches [project] dependencies', () => {
  const pyproject = `[project]
name = "svc"
requires-python = ">=3.10"
dependencies = [
    "httpx (>=0.27.0,<0.28.0)",
    "pydantic (>=2.6)",
]

[tool.poetry.dependencies]
httpx = { source = "private" }
pydantic = "^1.10"
rich = { source = "private" }

[[tool.poetry.source]]
name = "private"
url = "https://pypi.example.com/simple/"
priority = "supplemental"
`;
  it('reads the version from [project] when the Poetry entry only names a source', async () => {
    const r = await version({ 'pyproject.toml': pyproject }, 'pyproject.toml', 'httpx', '>=0.27,<0.28');
    expect(r.result, r.details).toBe('pass');
    expect(r.details).toContain('project.dependencies');
  });

  it('still checks a Poetry entry that states a version, and one with no [project] counterpart', async () => {
    const pydantic = await version({ 'pyproject.toml': pyproject }, 'pyproject.toml', 'pydantic', '>=2');
    expect(pydantic.result).toBe('fail');
    expect(pydantic.details).toContain('^1.10');
    const rich = await version({ 'pyproject.toml': pyproject }, 'pyproject.toml', 'rich', '>=13');
    expect(rich.result).toBe('fail');
    expect(rich.details).toContain('no version');
  });
});

describe('setuptools: dynamic dependencies read from requirements files', () => {
  const pyproject = `[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "svc"
dynamic = ["version", "dependencies", "optional-dependencies"]

[tool.setuptools.dynamic]
version = { attr = "svc.__version__" }
dependencies = { file = ["requirements/base.txt"] }
optional-dependencies.dev = { file = ["requirements/dev.txt"] }
`;
  const files = {
    'pyproject.toml': pyproject,
    'requirements/base.txt': 'Django>=4.2.11,<5\n-r common.txt\n',
    'requirements/common.txt': 'requests==2.31.0\n',
    'requirements/dev.txt': 'pytest>=8\n',
  };

  it('declares what the files (and their -r includes) list, with evidence in the file', async () => {
    const django = await version(files, 'pyproject.toml', 'django', '>=4.2.11');
    expect(django.result, django.details).toBe('pass');
    expect(django.evidence?.file).toBe('requirements/base.txt');
    const requests = await version(files, 'pyproject.toml', 'requests', '>=2.32');
    expect(requests.result).toBe('fail');
    const pytest = await version(files, 'pyproject.toml', 'pytest', '>=8');
    expect(pytest.result, pytest.details).toBe('pass');
  });

  it('does not read the files unless the field is dynamic, and reports a missing file', async () => {
    const notDynamic = { ...files, 'pyproject.toml': pyproject.replace('"dependencies", ', '') };
    const r = await version(notDynamic, 'pyproject.toml', 'django', '>=4.2');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('not declared');
    const missing = await version({ 'pyproject.toml': pyproject }, 'pyproject.toml', 'django', '>=4.2');
    expect(missing.result).toBe('fail');
    expect(missing.details).toContain('requirements/base.txt');
  });
});

describe('RubyGems: a Gemfile `gemspec` directive declares the gem’s own dependencies', () => {
  const gemfile = `source "https://rubygems.org"

gemspec

gem "rake", "~> 13.0"
`;
  const gemspec = `# frozen_string_literal: true

require_relative "lib/acme/version"

Gem::Specification.new do |spec|
  spec.name = "acme"
  spec.version = Acme::VERSION
  spec.add_dependency "activesupport", ">= 6.1", "< 8"
  spec.add_runtime_dependency("nokogiri", [">= 1.15.6", "< 2"])
  spec.add_development_dependency "rspec", "~> 3.12"
end
`;
  const lock = `PATH
  remote: .
  specs:
    acme (0.1.0)
      activesupport (>= 6.1, < 8)

GEM
  remote: https://rubygems.org/
  specs:
    activesupport (7.1.3)
    nokogiri (1.15.5-x86_64-linux)
    rake (13.1.0)
    rspec (3.12.0)

DEPENDENCIES
  acme!
  rake (~> 13.0)
`;
  const files = { Gemfile: gemfile, 'acme.gemspec': gemspec, 'Gemfile.lock': lock };

  it('finds add_dependency declarations through the Gemfile, and checks the lock', async () => {
    const as = await version(files, 'Gemfile', 'activesupport', '>= 6.1');
    expect(as.result, as.details).toBe('pass');
    expect(as.evidence?.file).toBe('acme.gemspec');
    const noko = await version(files, 'Gemfile', 'nokogiri', '>= 1.15.6');
    expect(noko.result).toBe('fail');
    expect(noko.details).toContain('Gemfile.lock');
    const rspec = await version(files, 'Gemfile', 'rspec', '~> 3.12');
    expect(rspec.result, rspec.details).toBe('pass');
  });

  it('reads a .gemspec named as the manifest, and reports a gemspec directive with no gemspec', async () => {
    const direct = await version(files, 'acme.gemspec', 'nokogiri', '>= 1.15.6');
    expect(direct.result, direct.details).toBe('pass');
    const generated = `Gem::Specification.new do |s|
  s.name = "legacy".freeze
  s.add_runtime_dependency(%q<rack>.freeze, [">= 2.2.8", "< 4".freeze])
  # s.add_dependency "commented", ">= 0"
end
`;
    const nested = {
      Gemfile: 'source "https://rubygems.org"\ngemspec path: "gems/legacy"\n',
      'gems/legacy/legacy.gemspec': generated,
    };
    const rack = await version(nested, 'Gemfile', 'rack', '>= 2.2.8');
    expect(rack.result, rack.details).toBe('pass');
    expect(rack.details).toContain('>= 2.2.8, < 4');
    expect((await version(nested, 'Gemfile', 'commented', '>= 0')).details).toContain('not declared');
    const missing = await version({ Gemfile: gemfile }, 'Gemfile', 'activesupport', '>= 6.1');
    expect(missing.result).toBe('fail');
    expect(missing.details).toContain('.gemspec');
  });
});

describe('NuGet: packages.config beside a .NET Framework project', () => {
  const csproj = `<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <ItemGroup>
    <Reference Include="Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed">
      <HintPath>..\\packages\\Newtonsoft.Json.13.0.1\\lib\\net45\\Newtonsoft.Json.dll</HintPath>
    </Reference>
  </ItemGroup>
</Project>
`;
  const config = `<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="Newtonsoft.Json" version="13.0.1" targetFramework="net472" />
  <package id="log4net" version="2.0.15" targetFramework="net472" />
</packages>
`;
  const files = { 'src/Legacy/Legacy.csproj': csproj, 'src/Legacy/packages.config': config };

  it('declares its packages at their exact versions', async () => {
    const json = await version(files, 'src/Legacy/Legacy.csproj', 'newtonsoft.json', '[13.0.1,)');
    expect(json.result, json.details).toBe('pass');
    expect(json.evidence?.file).toBe('src/Legacy/packages.config');
    const tooOld = await version(files, 'src/Legacy/Legacy.csproj', 'Newtonsoft.Json', '[13.0.3,)');
    expect(tooOld.result).toBe('fail');
    const log4net = await version(files, 'src/Legacy/Legacy.csproj', 'log4net', '2.0.15');
    expect(log4net.result, log4net.details).toBe('pass');
  });
});

describe('pip: requirements files named with a prefix', () => {
  it.each(['dev-requirements.txt', 'test-requirements.txt', 'docs_requirements.txt', 'ci/lint-requirements.in'])(
    'reads %s as a requirements file',
    async (file) => {
      const r = await version(
        { [file]: 'pytest>=8.1\n-r base.txt\n', [file.replace(/[^/]*$/, 'base.txt')]: 'flake8==7.0.0\n' },
        file,
        'pytest',
        '>=8',
      );
      expect(r.result, r.details).toBe('pass');
      const included = await version(
        { [file]: '-r base.txt\n', [file.replace(/[^/]*$/, 'base.txt')]: 'flake8==7.0.0\n' },
        file,
        'flake8',
        '>=7',
      );
      expect(included.result, included.details).toBe('pass');
    },
  );
});

describe('Maven: versions managed by a BOM imported with <scope>import</scope>', () => {
  const parent = `<project>
  <groupId>com.acme</groupId>
  <artifactId>parent</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <modules>
    <module>bom</module>
    <module>services/app</module>
  </modules>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.acme</groupId>
        <artifactId>acme-bom</artifactId>
        <version>\${project.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
      <dependency>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-dependencies</artifactId>
        <version>3.2.4</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
`;
  const bom = `<project>
  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>1.0.0</version></parent>
  <artifactId>acme-bom</artifactId>
  <packaging>pom</packaging>
  <properties><log4j.version>2.17.2</log4j.version></properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId>
        <artifactId>log4j-core</artifactId>
        <version>\${log4j.version}</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
`;
  const app = `<project>
  <parent>
    <groupId>com.acme</groupId><artifactId>parent</artifactId><version>1.0.0</version>
    <relativePath>../../pom.xml</relativePath>
  </parent>
  <artifactId>app</artifactId>
  <dependencies>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId></dependency>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
  </dependencies>
</project>
`;
  const files = { 'pom.xml': parent, 'bom/pom.xml': bom, 'services/app/pom.xml': app };

  it('takes the version from a BOM module inside the project, resolved with its own properties', async () => {
    const r = await version(files, 'services/app/pom.xml', 'log4j-core', '[2.17.1,)');
    expect(r.result, r.details).toBe('pass');
    expect(r.details).toContain('2.17.2');
    expect(r.details).toContain('bom/pom.xml');
  });

  it('names the imported BOM when the version can only come from outside the project', async () => {
    const r = await version(files, 'services/app/pom.xml', 'spring-boot-starter-web', '[3.2,)');
    expect(r.result).toBe('fail');
    expect(r.details).toContain('org.springframework.boot:spring-boot-dependencies:3.2.4');
  });
});

describe('PyPI: a package named with its extras', () => {
  it('finds uvicorn[standard] as the package uvicorn', async () => {
    const files = { 'requirements.txt': 'uvicorn[standard]==0.29.0\nfastapi>=0.110\n' };
    const r = await exists(files, 'requirements.txt', 'uvicorn[standard]');
    expect(r.result, r.details).toBe('pass');
    const v = await version(files, 'requirements.txt', 'Uvicorn[Standard]', '>=0.29');
    expect(v.result, v.details).toBe('pass');
    expect((await exists(files, 'requirements.txt', 'starlette[full]')).result).toBe('fail');
  });
});

describe('setuptools: setup.cfg and setup.py', () => {
  const cfg = `[metadata]
name = acme

[options]
packages = find:
install_requires =
    requests>=2.31.0
    cryptography>=42.0.4 ; python_version >= "3.8"
    # a comment
tests_require = pytest>=8

[options.extras_require]
dev =
    black==24.2.0
`;
  const py = `from setuptools import setup, find_packages

setup(
    name="acme",
    install_requires=[
        "requests>=2.31.0",
        'cryptography>=42.0.4',  # CVE-2024-26130
        "PyYAML>=5.4,<7",
    ],
    extras_require={
        "dev": ["black==24.2.0", "pytest>=8"],
        'docs': ['sphinx'],
    },
)
`;
  it.each([
    ['setup.cfg', cfg],
    ['setup.py', py],
  ])('reads the requirements of %s', async (file, text) => {
    const crypto = await version({ [file]: text }, file, 'cryptography', '>=42.0.4');
    expect(crypto.result, crypto.details).toBe('pass');
    const requests = await version({ [file]: text }, file, 'requests', '>=2.32');
    expect(requests.result).toBe('fail');
    const black = await version({ [file]: text }, file, 'black', '==24.2.0');
    expect(black.result, black.details).toBe('pass');
    expect(black.details).toMatch(/extras_require\.dev/);
    expect((await exists({ [file]: text }, file, 'acme')).result).toBe('fail');
  });

  it('does not take dict keys or other keywords for packages', async () => {
    expect((await exists({ 'setup.py': py }, 'setup.py', 'dev')).result).toBe('fail');
    expect((await exists({ 'setup.py': py }, 'setup.py', 'sphinx')).result).toBe('pass');
    expect((await exists({ 'setup.py': py }, 'setup.py', 'setuptools')).result).toBe('fail');
  });
});
