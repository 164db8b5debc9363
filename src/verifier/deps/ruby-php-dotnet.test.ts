import { describe, expect, it } from 'vitest';
import { exists, version } from './test-project.js';

const gemfile = `source "https://rubygems.org"
ruby "3.3.0"

gem "rails", "~> 7.1.2"
gem 'pg', '>= 1.1', '< 2.0'
gem("puma", ">= 5.0")
gem "nokogiri"
# gem "commented", "1.0"
group :development, :test do
  gem "rspec-rails", "~> 6.1"
  gem "mylib", path: "../mylib"
  gem "edge", github: "x/edge"
end
`;

const gemlock = `GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    pg (1.5.4)
    puma (6.4.0)
      nio4r (~> 2.0)
    rails (7.1.2)
    rspec-rails (6.1.0)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  pg (>= 1.1, < 2.0)
`;

describe('Gemfile', () => {
  it('finds gem calls on the Ruby syntax tree (not comments), exact names', async () => {
    const files = { Gemfile: gemfile };
    expect((await exists(files, 'Gemfile', 'rails')).details).toBe('Gemfile:4 declares rails in gem');
    expect((await exists(files, 'Gemfile', 'rspec-rails')).details).toBe(
      'Gemfile:10 declares rspec-rails in group development, test',
    );
    expect((await exists(files, 'Gemfile', 'puma')).result).toBe('pass');
    expect((await exists(files, 'Gemfile', 'commented')).result).toBe('fail');
    expect((await exists(files, 'Gemfile', 'Rails')).result).toBe('fail');
  });

  it('checks ~> and multiple requirements; bare gems, path and git sources fail', async () => {
    const files = { Gemfile: gemfile };
    expect((await version(files, 'Gemfile', 'rails', '>= 7.1.2, < 7.2')).result).toBe('pass');
    expect((await version(files, 'Gemfile', 'rails', '>= 7.1.3')).result).toBe('fail');
    expect((await version(files, 'Gemfile', 'pg', '~> 1.1')).result).toBe('pass');
    expect((await version(files, 'Gemfile', 'puma', '>= 5.0, < 7')).result).toBe('fail');
    expect((await version(files, 'Gemfile', 'nokogiri', '>= 1.16')).details).toContain('with no version (a bare name)');
    expect((await version(files, 'Gemfile', 'mylib', '>= 1')).details).toContain('from a path source');
    expect((await version(files, 'Gemfile', 'edge', '>= 1')).details).toContain('from a git source');
    expect((await version(files, 'Gemfile', 'rails', '~> seven')).result).toBe('error');
  });

  it('checks Gemfile.lock', async () => {
    const files = { Gemfile: gemfile, 'Gemfile.lock': gemlock };
    const pg = await version(files, 'Gemfile', 'pg', '>= 1.1');
    expect(pg.result).toBe('pass');
    expect(pg.details).toContain('Gemfile.lock locks 1.5.4');
    const stale = await version(files, 'Gemfile', 'pg', '>= 1.1, < 2.0');
    expect(stale.result).toBe('pass');
    const old = await version(
      { Gemfile: 'gem "pg", ">= 1.5"\n', 'Gemfile.lock': gemlock.replace('pg (1.5.4)', 'pg (1.4.0)') },
      'Gemfile',
      'pg',
      '>= 1.5',
    );
    expect(old.result).toBe('fail');
    expect(old.details).toContain('Gemfile.lock:6 locks pg 1.4.0');
  });
});

const composer = JSON.stringify(
  {
    name: 'acme/app',
    require: {
      php: '>=8.1',
      'symfony/http-kernel': '^6.4',
      'monolog/monolog': '~2.9',
      'acme/fork': 'dev-main',
      'twig/twig': '*',
    },
    'require-dev': { 'phpunit/phpunit': '^10.5 || ^11.0' },
  },
  null,
  4,
);

describe('composer.json', () => {
  it('finds require and require-dev, case-insensitively', async () => {
    const files = { 'composer.json': composer };
    expect((await exists(files, 'composer.json', 'Symfony/Http-Kernel')).details).toBe(
      'composer.json:5 declares symfony/http-kernel in require',
    );
    expect((await exists(files, 'composer.json', 'phpunit/phpunit')).details).toContain('in require-dev');
    expect((await exists(files, 'composer.json', 'symfony/console')).result).toBe('fail');
  });

  it('checks Composer constraints; branches and * fail', async () => {
    const files = { 'composer.json': composer };
    expect((await version(files, 'composer.json', 'symfony/http-kernel', '>=6.4,<7')).result).toBe('pass');
    expect((await version(files, 'composer.json', 'monolog/monolog', '>=2.9 <3.0')).result).toBe('pass');
    expect((await version(files, 'composer.json', 'monolog/monolog', '~2.9.1')).result).toBe('fail');
    expect((await version(files, 'composer.json', 'phpunit/phpunit', '>=10.5')).result).toBe('pass');
    expect((await version(files, 'composer.json', 'acme/fork', '>=1')).details).toContain('from a branch (dev-main)');
    expect((await version(files, 'composer.json', 'twig/twig', '>=3')).details).toContain('sets no version bound');
  });

  it('checks composer.lock', async () => {
    const lock = JSON.stringify(
      {
        packages: [{ name: 'symfony/http-kernel', version: 'v6.4.1' }],
        'packages-dev': [{ name: 'phpunit/phpunit', version: '10.5.0' }],
      },
      null,
      2,
    );
    const files = { 'composer.json': composer, 'composer.lock': lock };
    const r = await version(files, 'composer.json', 'symfony/http-kernel', '>=6.4');
    expect(r.result).toBe('pass');
    expect(r.details).toContain('composer.lock locks v6.4.1');
    const tight = JSON.stringify({ require: { 'symfony/http-kernel': '>=6.4.2 <7' } });
    const bad = await version(
      { 'composer.json': tight, 'composer.lock': lock },
      'composer.json',
      'symfony/http-kernel',
      '>=6.4.2',
    );
    expect(bad.result).toBe('fail');
    expect(bad.details).toContain('composer.lock:3 locks symfony/http-kernel v6.4.1');
  });
});

describe('*.csproj', () => {
  const csproj = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <SerilogVersion>3.1.1</SerilogVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageReference Include="Serilog" Version="$(SerilogVersion)" />
    <PackageReference Include="Npgsql">
      <Version>[8.0.1]</Version>
    </PackageReference>
    <PackageReference Include="Floating" Version="8.*" />
    <PackageReference Include="Central" />
    <PackageReference Include="Overridden" VersionOverride="2.0.0" />
  </ItemGroup>
</Project>
`;
  const props = `<Project>
  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Central" Version="[6.0.5, 7.0)" />
    <PackageVersion Include="Overridden" Version="1.0.0" />
  </ItemGroup>
</Project>
`;
  const files = { 'src/App/App.csproj': csproj, 'Directory.Packages.props': props };

  it('finds PackageReference by attribute and child, case-insensitively', async () => {
    expect((await exists(files, 'src/App/App.csproj', 'newtonsoft.json')).details).toBe(
      'src/App/App.csproj:7 declares Newtonsoft.Json in PackageReference',
    );
    const npgsql = await exists(files, 'src/App/App.csproj', 'Npgsql');
    expect(npgsql.evidence).toEqual({ file: 'src/App/App.csproj', line: 9, end_line: 11 });
    expect((await exists(files, 'src/App/App.csproj', 'Newtonsoft')).result).toBe('fail');
  });

  it('a bare version is a minimum', async () => {
    expect((await version(files, 'src/App/App.csproj', 'Newtonsoft.Json', '>=13.0.1')).result).toBe('pass');
    const upper = await version(files, 'src/App/App.csproj', 'Newtonsoft.Json', '[13.0.1,14.0)');
    expect(upper.result).toBe('fail');
    expect(upper.details).toContain('admits versions outside [13.0.1,14.0) (>=13.0.3)');
    expect((await version(files, 'src/App/App.csproj', 'Npgsql', '[8.0,9.0)')).result).toBe('pass');
    expect((await version(files, 'src/App/App.csproj', 'Floating', '[8.0,9.0)')).result).toBe('pass');
    expect((await version(files, 'src/App/App.csproj', 'Serilog', '>=3.1')).result).toBe('pass');
  });

  it('takes versions from Directory.Packages.props in the nearest parent (central package management)', async () => {
    const central = await version(files, 'src/App/App.csproj', 'Central', '>=6.0.5');
    expect(central.result).toBe('pass');
    expect(central.details).toContain('version from Directory.Packages.props:4');
    expect((await version(files, 'src/App/App.csproj', 'Central', '>=6.0.6')).result).toBe('fail');
    expect((await version(files, 'src/App/App.csproj', 'Overridden', '>=2.0')).result).toBe('pass');
    const none = await version({ 'App.csproj': csproj }, 'App.csproj', 'Central', '>=1');
    expect(none.details).toContain('no version and no Directory.Packages.props inside the project root');
    const nearer = { ...files, 'src/Directory.Packages.props': props.replace('[6.0.5, 7.0)', '5.0.0') };
    expect((await version(nearer, 'src/App/App.csproj', 'Central', '>=6.0.5')).result).toBe('fail');
    expect((await version(files, 'Directory.Packages.props', 'central', '[6.0.5,7.0)')).result).toBe('pass');
  });
});
